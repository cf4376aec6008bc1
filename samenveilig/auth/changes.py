"""The two-person rule: giving an account the team-lead role, or a temporary password to
someone who sees cases, opens cases to whoever knows that password. Such a change is recorded,
shown to every team lead, and takes effect only once another team lead or administrator
confirms it (unless TWO_PERSON_RULE is off, for a one-person agency)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..models import AccountChange, AccountChangeKind, AccountChangeStatus, Role, User, utcnow
from ..services import Refused

SHOWN_FOR = timedelta(days=30)


def propose(actor: User, user: User, kind: AccountChangeKind, password_hash: str | None = None) -> AccountChange:
    """Record the change (the caller commits); without the two-person rule it applies at once."""
    pending = db.session.scalar(select(AccountChange.id).where(
        AccountChange.user_id == user.id, AccountChange.kind == kind,
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
    """A second team lead or administrator confirms: the change takes effect now."""
    if actor.id in (change.requested_by_id, change.user_id):
        raise Refused("Een andere teamverantwoordelijke of beheerder moet deze wijziging bevestigen.", status=403)
    _decide(actor, change, AccountChangeStatus.CONFIRMED)
    _apply(actor, change)
    audit.record(actor, None, "account_change_confirmed", change, None, {"user": change.user.email})
    db.session.commit()


def refuse(actor: User, change: AccountChange) -> None:
    """Refuse (or, for the one who asked, withdraw) the change: it never takes effect."""
    _decide(actor, change, AccountChangeStatus.REFUSED)
    change.password_hash = None
    audit.record(actor, None, "account_change_refused", change, None, {"user": change.user.email})
    db.session.commit()


def _decide(actor: User, change: AccountChange, status: AccountChangeStatus) -> None:
    if not change.is_pending:
        raise Refused("Over deze wijziging is al beslist.", status=409)
    change.status, change.decided_by, change.decided_at = status, actor, utcnow()


def _apply(actor: User, change: AccountChange) -> None:
    user = change.user
    before = audit.snapshot(user)
    role_change = change.kind == AccountChangeKind.TEAMLEAD
    if role_change:
        user.role = Role.TEAMLEAD
    else:
        user.password_hash, user.must_change_password = change.password_hash, True
        user.end_sessions()
    change.password_hash = None
    audit.record(actor, None, "user_role_changed" if role_change else "user_password_reset",
                 user, before, audit.snapshot(user))


def recent() -> list[AccountChange]:
    """Every waiting change, and those of the last 30 days, newest first."""
    return list(db.session.scalars(
        select(AccountChange)
        .where(or_(AccountChange.status == AccountChangeStatus.PENDING,
                   AccountChange.requested_at >= utcnow() - SHOWN_FOR))
        .order_by(AccountChange.requested_at.desc(), AccountChange.id.desc())
        .options(selectinload(AccountChange.user), selectinload(AccountChange.requested_by),
                 selectinload(AccountChange.decided_by))))


def change_or_404(change_id: int) -> AccountChange:
    return db.get_or_404(AccountChange, change_id)
