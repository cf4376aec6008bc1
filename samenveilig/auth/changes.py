"""The two-person rule: every grant of power over accounts or cases waits for a second person.
Making someone an administrator or a team lead (when the account is created or by a role
change), activating such an account again, and a temporary password for any account, is recorded, shown to every team lead and
administrator, and takes effect only once another team lead or administrator confirms it
(unless TWO_PERSON_RULE is off, for a one-person agency).

The second person must be independent of the one who asked: not that person, not the account
it is about, an account that already existed when the change was asked for, and neither of
the two may have created the other's account, asked for its role or given it a temporary
password (whoever did that may know its password). So one administrator cannot confirm their
own request through an account they made or reset. `flask create-user` on the server is the
way to make the first administrators and team leads (docs/deployment.md)."""

from datetime import timedelta
from typing import NamedTuple

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .. import audit, live
from ..extensions import db
from ..models import (
    AccountChange,
    AccountChangeKind,
    AccountChangeStatus,
    AuditEvent,
    Role,
    User,
    utcnow,
)
from ..services import Refused

SHOWN_FOR = timedelta(days=30)
# The role each role change gives.
ROLE_OF = {AccountChangeKind.TEAMLEAD: Role.TEAMLEAD, AccountChangeKind.ADMIN: Role.ADMIN}
# Changes to an account that may leave someone else knowing its password or holding its power.
_GRANTS = ("user_created", "user_role_changed", "user_password_reset")

NOT_YOURSELF = "Een andere teamverantwoordelijke of beheerder moet deze wijziging bevestigen."


class ShownChange(NamedTuple):
    change: AccountChange
    # Why the viewer may not confirm it (Dutch), or None when they may.
    why_not: str | None


def propose(actor: User, user: User, kind: AccountChangeKind, password_hash: str | None = None) -> AccountChange:
    """Record the change (the caller commits); without the two-person rule it applies at once."""
    kinds = list(ROLE_OF) if kind in ROLE_OF else [kind]
    pending = db.session.scalar(select(AccountChange.id).where(
        AccountChange.user_id == user.id, AccountChange.kind.in_(kinds),
        AccountChange.status == AccountChangeStatus.PENDING))
    if pending:
        raise Refused(f"Voor {user.name} wacht al zo'n wijziging op bevestiging.", status=409)
    change = AccountChange(user=user, kind=kind, password_hash=password_hash, requested_by=actor)
    db.session.add(change)
    audit.record(actor, None, "account_change_requested", change, None, {"user": user.email, "account_change": kind})
    if not current_app.config["TWO_PERSON_RULE"]:
        change.status = AccountChangeStatus.APPLIED
        _apply(actor, change)
    return change


def confirm(actor: User, change: AccountChange) -> None:
    """A second, independent team lead or administrator confirms: the change takes effect now."""
    with live.write():
        if not change.is_pending:
            raise Refused("Over deze wijziging is al beslist.", status=409)
        why_not = refusal(actor, change)
        if why_not:
            raise Refused(why_not, status=403)
        _decide(actor, change, AccountChangeStatus.CONFIRMED)
        _apply(actor, change)
        audit.record(actor, None, "account_change_confirmed", change, None, {"user": change.user.email})


def refuse(actor: User, change: AccountChange) -> None:
    """Refuse (or, for the one who asked, withdraw) the change: it never takes effect."""
    with live.write():
        _decide(actor, change, AccountChangeStatus.REFUSED)
        change.password_hash = None
        audit.record(actor, None, "account_change_refused", change, None, {"user": change.user.email})


def refusal(actor: User, change: AccountChange) -> str | None:
    """Why this person may not confirm the change (in Dutch), or None when they may."""
    requester = change.requested_by
    if actor.id in (change.requested_by_id, change.user_id):
        return NOT_YOURSELF
    if actor.created_at >= change.requested_at:
        return ("Je account bestond nog niet toen deze wijziging gevraagd werd. Een collega die er al "
                "was, moet ze bevestigen.")
    if requester.id in granted_by(actor):
        return (f"{requester.name} heeft jouw account aangemaakt, je rol gevraagd of je een tijdelijk "
                "wachtwoord gegeven. Een andere teamverantwoordelijke of beheerder moet deze wijziging bevestigen.")
    if actor.id in granted_by(requester):
        return (f"Jij hebt het account van {requester.name} aangemaakt, de rol gevraagd of een tijdelijk "
                "wachtwoord gegeven. Een andere teamverantwoordelijke of beheerder moet deze wijziging bevestigen.")
    return None


def granted_by(user: User) -> set[int]:
    """Everyone who created this account, asked for a role or a temporary password for it (even
    one still waiting), or changed its role or password directly (before the two-person rule
    covered it, or with the rule off). Who only confirmed such a change is not among them: a
    confirmation lets nobody know the password."""
    asked = set(db.session.scalars(select(AccountChange.requested_by_id).where(
        AccountChange.user_id == user.id, AccountChange.status != AccountChangeStatus.REFUSED)))
    confirmers = set(db.session.scalars(select(AccountChange.decided_by_id).where(
        AccountChange.user_id == user.id, AccountChange.status == AccountChangeStatus.CONFIRMED)))
    direct = db.session.execute(select(AuditEvent.actor_id, AuditEvent.action).where(
        AuditEvent.entity_type == "User", AuditEvent.entity_id == user.id, AuditEvent.action.in_(_GRANTS),
        AuditEvent.actor_id.is_not(None))).all()
    # A confirmed change is written down as a role change or password reset by its confirmer.
    done = {actor for actor, action in direct if action == "user_created" or actor not in confirmers}
    return (asked | done) - {None}


def _decide(actor: User, change: AccountChange, status: AccountChangeStatus) -> None:
    if not change.is_pending:
        raise Refused("Over deze wijziging is al beslist.", status=409)
    change.status, change.decided_by, change.decided_at = status, actor, utcnow()


def _apply(actor: User, change: AccountChange) -> None:
    user = change.user
    before = audit.snapshot(user)
    kind = AccountChangeKind(change.kind)
    role = ROLE_OF.get(kind)
    activated = kind == AccountChangeKind.ACTIVE
    if role:
        user.role = role
    elif activated:
        user.active = True
    else:
        user.password_hash, user.must_change_password = change.password_hash, True
        user.end_sessions()
    change.password_hash = None
    audit.record(actor, None, "user_role_changed" if role else ("user_activated" if activated else "user_password_reset"),
                 user, before, audit.snapshot(user))


def recent(viewer: User) -> list[ShownChange]:
    """Every waiting change, and those of the last 30 days, newest first; for each waiting one
    whether the viewer may confirm it."""
    shown = db.session.scalars(
        select(AccountChange)
        .where(or_(AccountChange.status == AccountChangeStatus.PENDING,
                   AccountChange.requested_at >= utcnow() - SHOWN_FOR))
        .order_by(AccountChange.requested_at.desc(), AccountChange.id.desc())
        .options(selectinload(AccountChange.user), selectinload(AccountChange.requested_by),
                 selectinload(AccountChange.decided_by)))
    return [ShownChange(change, refusal(viewer, change) if change.is_pending else None) for change in shown]


def change_or_404(change_id: int) -> AccountChange:
    return db.get_or_404(AccountChange, change_id)
