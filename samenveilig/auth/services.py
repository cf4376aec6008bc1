"""Logging in with throttling, and managing staff accounts."""

import secrets
from datetime import datetime
from functools import cache

from flask import current_app
from sqlalchemy import delete, select
from werkzeug.security import generate_password_hash

from .. import audit
from ..extensions import db
from ..models import LoginFailure, Role, User, utcnow
from ..services import Refused

WRONG_CREDENTIALS = "E-mailadres of wachtwoord klopt niet."


def normalise_email(email: str) -> str:
    return email.strip().lower()


@cache
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so the answer takes as long either way."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def authenticate(email: str, password: str, address: str | None) -> User:
    """The active user with these credentials, or Refused with a generic Dutch message."""
    email, address, now = normalise_email(email), address or "onbekend", utcnow()
    _refuse_when_throttled(email, address, now)
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        User(password_hash=_dummy_hash()).check_password(password)
    elif user.check_password(password) and user.active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        db.session.commit()
        return user
    db.session.add(LoginFailure(email=email, address=address, at=now))
    db.session.commit()
    raise Refused(WRONG_CREDENTIALS, status=401)


def _refuse_when_throttled(email: str, address: str, now: datetime) -> None:
    """Refuse while this account or this address has too many recent failures."""
    window = current_app.config["LOGIN_FAILURE_WINDOW"]
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < now - window))
    db.session.commit()
    for column, value in ((LoginFailure.email, email), (LoginFailure.address, address)):
        recent = list(
            db.session.scalars(
                select(LoginFailure.at)
                .where(column == value)
                .order_by(LoginFailure.at.desc())
                .limit(limit)
            )
        )
        if len(recent) >= limit:
            # Refused until the oldest of these failures leaves the window.
            seconds = (recent[-1] + window - now).total_seconds()
            minutes = max(1, -(-int(seconds) // 60))
            raise Refused(
                "Te veel mislukte pogingen om aan te melden. "
                f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw.",
                status=429,
            )


def end_sessions(user: User) -> None:
    """Log out: every session of this user ends, including copies of its cookie."""
    user.end_sessions()
    db.session.commit()


def change_own_password(user: User, current: str, new: str) -> None:
    """Change my password; every other open session of mine ends."""
    if not user.check_password(current):
        raise Refused("Je huidige wachtwoord klopt niet.", status=422)
    before = audit.snapshot(user)
    user.set_password(new)
    user.must_change_password = False
    user.end_sessions()
    audit.record(user, None, "password_changed", user, before, audit.snapshot(user))
    db.session.commit()


def create_user(
    actor: User, *, name: str, email: str, role: str, password: str, work_phone: str | None
) -> User:
    """Add a staff account with a temporary password, to be changed at first login."""
    email = normalise_email(email)
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise Refused("Er bestaat al een gebruiker met dit e-mailadres.", status=422)
    user = User(
        name=name, email=email, role=Role(role), work_phone=work_phone or None,
        must_change_password=True,
    )
    user.set_password(password)
    db.session.add(user)
    audit.record(actor, None, "user_created", user, None, audit.snapshot(user))
    db.session.commit()
    return user


def change_role(actor: User, user: User, role: str) -> None:
    if user.id == actor.id:
        raise Refused("Je kunt je eigen rol niet wijzigen.")
    _update_user(actor, user, "user_role_changed", role=Role(role))


def set_active(actor: User, user: User, active: bool) -> None:
    """(De)activate an account; deactivating ends its open sessions at once."""
    if user.id == actor.id:
        raise Refused("Je kunt je eigen account niet deactiveren.")
    values: dict = {"active": active}
    if not active:
        values["session_version"] = user.session_version + 1
    _update_user(actor, user, "user_activated" if active else "user_deactivated", **values)


def set_temporary_password(actor: User, user: User, password: str) -> None:
    """Give a user a temporary password; their sessions end and they must pick a new one."""
    before = audit.snapshot(user)
    user.set_password(password)
    user.must_change_password = True
    user.end_sessions()
    audit.record(actor, None, "user_password_reset", user, before, audit.snapshot(user))
    db.session.commit()


def _update_user(actor: User, user: User, action: str, **values) -> None:
    before = audit.snapshot(user)
    for key, value in values.items():
        setattr(user, key, value)
    audit.record(actor, None, action, user, before, audit.snapshot(user))
    db.session.commit()


def users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.name)))
