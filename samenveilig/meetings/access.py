"""A meeting, a participant or an item is reached only through a case the user may see."""

from flask import abort
from flask_login import current_user

from ..cases.access import visible_cases
from ..extensions import db
from ..models import Case, Category, MappingItem, Meeting, Participant


def meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.scalar(
        db.select(Meeting)
        .join(Case)
        .where(Meeting.id == meeting_id, Case.id.in_(visible_cases(current_user).with_only_columns(Case.id)))
    )
    if meeting is None:
        abort(404)
    return meeting


def item_or_404(meeting: Meeting, item_id: int) -> MappingItem:
    item = db.session.get(MappingItem, item_id)
    if item is None or item.meeting_id != meeting.id or item.deleted_at is not None:
        abort(404)
    return item


def participant_or_404(meeting: Meeting, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.meeting_id != meeting.id:
        abort(404)
    return participant


def category_or_404(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        abort(404)
