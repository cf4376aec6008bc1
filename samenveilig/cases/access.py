"""Who may see which case: the assigned consultants, and team leads for every case."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, false, select

from .. import audit
from ..extensions import db
from ..models import Case, CaseMember, User


def visible_cases(user: User) -> Select[tuple[Case]]:
    """A query of the cases this user may see."""
    query = select(Case)
    if user.is_teamlead:
        return query
    if not user.works_cases:
        return query.where(false())
    assigned = select(CaseMember.case_id).where(CaseMember.user_id == user.id)
    return query.where(Case.id.in_(assigned))


def case_or_404(case_id: int, *options) -> Case:
    """The case if the current user may see it; otherwise 404, never a hint that it exists.
    What the page then reads goes into the case's trail with its answer (audit.READS).
    `options`: loader options for what the page shows of the case (selectinload ...)."""
    case = db.session.scalar(visible_cases(current_user).where(Case.id == case_id).options(*options))
    if case is None:
        abort(404)
    audit.granted(case.id)
    return case


def entry_or_404(case: Case, model: type, entry_id: int):
    """A child or network member of this case, or 404."""
    entry = db.session.get(model, entry_id)
    if entry is None or entry.case_id != case.id:
        abort(404)
    return entry


def require_teamlead() -> None:
    if not current_user.is_teamlead:
        abort(403)
