"""Who may see which case (the assigned consultants, and team leads for every case), and the one
rule for reaching a row through the case, meeting or child that holds it."""

from typing import TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, false, select

from .. import audit
from ..extensions import db
from ..models import Case, CaseMember, Child, Meeting, User

T = TypeVar("T")


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


# The column by which a row belongs to its owner: its case, one of the case's meetings or children.
OWNER_COLUMNS = {Case: "case_id", Meeting: "meeting_id", Child: "child_id"}


def owned(model: type[T], row_id: int, *owners: Case | Meeting | Child) -> T | None:
    """The row of `model` with this id if it belongs to each of `owners` (its case, its meeting,
    its child) and was not deleted (an item or a plan entry taken away keeps its row for undo
    and history); None otherwise. The one rule for reaching a row through what holds it."""
    row = db.session.get(model, row_id)
    if row is None or getattr(row, "deleted_at", None) is not None:
        return None
    if any(getattr(row, OWNER_COLUMNS[type(owner)]) != owner.id for owner in owners):
        return None
    return row


def owned_or_404(model: type[T], row_id: int, *owners: Case | Meeting | Child) -> T:
    """`owned`, for a view: a row of another case or meeting, or a deleted one, is a 404 like a
    row that does not exist."""
    row = owned(model, row_id, *owners)
    if row is None:
        abort(404)
    return row


def child_or_404(case_id: int, child_id: int) -> tuple[Case, Child]:
    """A child's pages: the case, if the current user may see it, and its child; else 404."""
    case = case_or_404(case_id)
    return case, owned_or_404(Child, child_id, case)


def child_row_or_404(case_id: int, child_id: int, model: type[T], row_id: int) -> tuple[Case, Child, T]:
    """`child_or_404` and a row of that child (a house entry, a version of the story, a panel)."""
    case, child = child_or_404(case_id, child_id)
    return case, child, owned_or_404(model, row_id, case, child)


def require_teamlead() -> None:
    if not current_user.is_teamlead:
        abort(403)
