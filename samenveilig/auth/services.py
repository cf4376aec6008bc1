"""Logging in with throttling, and managing staff accounts."""

import secrets
from functools import cache
from time import sleep

from flask import current_app
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .. import audit, live
from ..extensions import db
from ..inputs import one_line
from ..models import AccountChange, AccountChangeKind, LoginThrottle, Role, User, hash_password, utcnow
from ..ratelimit import InFlight
from ..services import Refused
from . import changes

WRONG_CREDENTIALS = "E-mailadres of wachtwoord klopt niet."


def normalise_email(email: str) -> str:
    return one_line(email).strip().lower()


@cache
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so the answer takes as long either way."""
    return hash_password(secrets.token_hex(16))


def authenticate(email: str, password: str, address: str | None) -> User:
    """The active user with these credentials, or Refused with a generic Dutch message.

    Only a few attempts per account and per address are handled at once (in this process);
    one more is refused at once with 429, before anything is checked. Every attempt that is
    handled is counted first, in one statement, so parallel guesses each get their own number.
    The right password gets in without waiting; a wrong one is answered only after the wait
    its count earns (1 s, doubling, at most 10 s), holding its place all that time. So guesses
    are checked a few at a time, a few per wait, while the owner and the colleagues behind the
    same address who type their own password are not slowed by someone else's guessing."""
    email = normalise_email(email)
    keys = {"account": f"account:{email}", "address": f"address:{address or 'onbekend'}"}
    config = current_app.config
    limits = {keys["account"]: config["LOGIN_IN_FLIGHT_PER_ACCOUNT"],
              keys["address"]: config["LOGIN_IN_FLIGHT_PER_ADDRESS"]}
    with _in_flight().places(limits) as placed:
        if not placed:
            raise Refused(TOO_MANY_AT_ONCE, status=429)
        delay = login_delay(**{kind: _count_attempt(key) - 1 for kind, key in keys.items()})
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            User(password_hash=_dummy_hash()).check_password(password)
        elif user.check_password(password) and user.active:
            _forget_attempt(keys["account"], keys["address"])
            return user
        db.session.rollback()  # no connection is held while waiting
        sleep(delay)
    raise Refused(WRONG_CREDENTIALS, status=401)


TOO_MANY_AT_ONCE = ("Er lopen al aanmeldpogingen voor dit account of vanaf deze plaats. Wacht een paar "
                    "seconden en probeer het dan opnieuw.")


def _in_flight() -> InFlight:
    """The login attempts being handled in this process, per account and per address."""
    return current_app.extensions.setdefault("login_in_flight", InFlight())


def login_delay(account: int, address: int) -> float:
    """Seconds to wait, given the failures counted before this attempt."""
    config = current_app.config
    over = max(account - config["LOGIN_FREE_FAILURES"], address - config["LOGIN_FREE_FAILURES_PER_ADDRESS"])
    if over < 0:
        return 0.0
    return min(config["LOGIN_DELAY_BASE"] * 2**min(over, 32), config["LOGIN_DELAY_MAX"])


def _count_attempt(key: str) -> int:
    """Add this attempt to the key's count and return the new count (one atomic upsert)."""
    now = utcnow()
    cutoff = now - current_app.config["LOGIN_FAILURE_WINDOW"]
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(LoginThrottle).values(key=key, failures=1, last_at=now)
    statement = statement.on_conflict_do_update(index_elements=[LoginThrottle.key], set_={
        "failures": case((LoginThrottle.last_at < cutoff, 1), else_=LoginThrottle.failures + 1),
        "last_at": now,
    }).returning(LoginThrottle.failures)
    with live.write():
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.last_at < cutoff, LoginThrottle.key != key))
        count = db.session.execute(statement).scalar_one()
    return count


def _forget_attempt(account_key: str, address_key: str) -> None:
    """A login that succeeds clears its account's failures and takes itself off the address."""
    with live.write():
        db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == account_key))
        db.session.execute(update(LoginThrottle).where(LoginThrottle.key == address_key, LoginThrottle.failures > 0)
                           .values(failures=LoginThrottle.failures - 1))


def end_sessions(user: User) -> None:
    """Log out: every session of this user ends, including copies of its cookie."""
    with live.write():
        user.end_sessions()


def change_own_password(user: User, current: str, new: str) -> None:
    """Change my password; every other open session of mine ends."""
    if not user.check_password(current):
        raise Refused("Je huidige wachtwoord klopt niet.", status=422)
    with live.write():
        before = audit.snapshot(user)
        user.set_password(new)
        user.must_change_password = False
        user.end_sessions()
        audit.record(user, None, "password_changed", user, before, audit.snapshot(user))


def change_own_work_phone(user: User, work_phone: str | None) -> bool:
    """Set, change or clear my own work number (my own contact data, no power over anything).
    True when it changed; only a change is written to the audit."""
    work_phone = work_phone or None
    if work_phone == user.work_phone:
        return False
    _update_user(user, user, "work_phone_changed", work_phone=work_phone)
    return True


def set_own_shortcuts_off(user: User, off: bool) -> None:
    """Turn the board's single-key shortcuts off (or on again) for myself: a preference of how
    I work, no data about anyone, so not in the audit trail."""
    if user.shortcuts_off == off:
        return
    with live.write():
        user.shortcuts_off = off


def create_user(
    actor: User, *, name: str, email: str, role: str, password: str, work_phone: str | None
) -> User:
    """Add a staff account with a temporary password, to be changed at first login. A team
    lead or an administrator starts as a consultant (who sees no case) until a second person
    confirms the role."""
    email, role = normalise_email(email), Role(role)
    with live.write():
        if db.session.scalar(select(User.id).where(User.email == email)):
            raise Refused("Er bestaat al een gebruiker met dit e-mailadres.", status=422)
        user = User(
            name=name, email=email, role=Role.CONSULTANT, work_phone=work_phone or None, must_change_password=True,
        )
        user.set_password(password)
        db.session.add(user)
        audit.record(actor, None, "user_created", user, None, audit.snapshot(user))
        if role in ROLE_CHANGES:
            changes.propose(actor, user, ROLE_CHANGES[role])
    return user


# The roles that give power: they wait for a second person.
ROLE_CHANGES = {Role.TEAMLEAD: AccountChangeKind.TEAMLEAD, Role.ADMIN: AccountChangeKind.ADMIN}


def change_role(actor: User, user: User, role: str) -> bool:
    """Another role; the team-lead and administrator roles wait for a second person. True when
    the change waits."""
    if user.id == actor.id:
        raise Refused("Je kunt je eigen rol niet wijzigen.")
    role = Role(role)
    if role == user.role:
        return False
    if role in ROLE_CHANGES:
        with live.write():
            change = changes.propose(actor, user, ROLE_CHANGES[role])
        return change.is_pending
    _update_user(actor, user, "user_role_changed", role=role)
    return False


def set_active(actor: User, user: User, active: bool) -> AccountChange | None:
    """(De)activate an account; deactivating ends its open sessions at once. A team lead's or
    administrator's account activated again gives its power back: that waits for a second
    person (the change is returned)."""
    if user.id == actor.id:
        raise Refused("Je kunt je eigen account niet deactiveren.")
    if active and user.role in (Role.TEAMLEAD, Role.ADMIN):
        with live.write():
            return changes.propose(actor, user, AccountChangeKind.ACTIVE)
    values: dict = {"active": active}
    if not active:
        values["session_version"] = user.session_version + 1
    _update_user(actor, user, "user_activated" if active else "user_deactivated", **values)


def set_temporary_password(actor: User, user: User, password: str) -> AccountChange:
    """Give a user a temporary password; once a second person confirms, their sessions end and
    they must pick a new one. Whoever sets a password can use the account: for anyone, it waits."""
    password_hash = hash_password(password)
    with live.write():
        change = changes.propose(actor, user, AccountChangeKind.PASSWORD, password_hash)
    return change


def _update_user(actor: User, user: User, action: str, **values) -> None:
    with live.write():
        before = audit.snapshot(user)
        for key, value in values.items():
            setattr(user, key, value)
        audit.record(actor, None, action, user, before, audit.snapshot(user))


def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.name)))
