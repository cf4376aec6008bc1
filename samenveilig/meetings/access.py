"""A meeting, and through it a participant or an item, is reached only through a case the user may see."""

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager

from .. import audit
from ..cases.access import owned_or_404, visible_cases
from ..extensions import db
from ..live import stream
from ..models import Case, CaseMember, MappingItem, Meeting, Role, User


def meeting_or_404(meeting_id: int, load: tuple | None = None) -> Meeting:
    """The meeting if the current user may see its case, else 404 (what the page then reads goes
    into the case's trail with its answer, audit.READS); `load` the loader options for what the
    page needs along with it. Without them the meeting comes with its case (joined for the
    check anyway), so a write's audit line asks no more."""
    meeting = db.session.scalars(
        db.select(Meeting)
        .join(Case)
        .where(Meeting.id == meeting_id, Case.id.in_(visible_cases(current_user).with_only_columns(Case.id)))
        .options(*(load if load is not None else (contains_eager(Meeting.case),)))
    ).unique().first()
    if meeting is None:
        abort(404)
    audit.granted(meeting.case_id)
    return meeting


def board_item_or_404(meeting_id: int, item_id: int) -> tuple[Meeting, MappingItem]:
    """An item on the board of a meeting the current user may see, with that meeting; else 404
    (also for an item that was deleted)."""
    meeting = meeting_or_404(meeting_id)
    return meeting, owned_or_404(MappingItem, item_id, meeting)


def stream_checker(engine, user_id: int, session_version: int, meeting_id: int):
    """For a consultant's event stream: still an active user with this session, still allowed
    to see the meeting's case. Asked on pings, straight on the engine (no request then)."""
    query = (
        select(Meeting.id).join(Case).join(User, User.id == user_id)
        .where(Meeting.id == meeting_id, User.active, User.session_version == session_version,
               or_(User.role == Role.TEAMLEAD,
                   and_(User.role != Role.ADMIN, Case.members.any(CaseMember.user_id == user_id))))
    )

    def still_allowed() -> bool:
        with engine.connect() as conn:
            return conn.execute(query).first() is not None

    return still_allowed


def staff_stream(meeting: Meeting, audience, language: str = "nl"):
    """The meeting's event stream for one audience on a consultant's screen (the board and plan
    tab, the projector); it ends when their session or their access to the case does."""
    checker = stream_checker(db.engine, current_user.id, current_user.session_version, meeting.id)
    return stream.response(meeting.id, audience, still_allowed=checker, language=language)
