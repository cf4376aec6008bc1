"""The child's own words on the board: a house entry the child agreed to share comes onto the
meeting's board in one action, as the child's ("zegt Yasmine (14)").

The item keeps the words as they were brought into the meeting: a later change to the entry
(its text, its sharing) or its deletion does not rewrite what was on the board. Its drawing is
another matter: it is shown with the item only while the entry still exists and its sharing
allows the audience to see it (`audience.child_drawing_shown`), so narrowing the sharing or deleting the
entry stops the thumbnail everywhere it is no longer allowed."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, live
from ..audience import Audience, child_drawing_shown, shown_to, visible
from ..cases.access import owned
from ..extensions import db
from ..models import Category, Child, ChildHouseEntry, Drawing, House, MappingItem, Meeting, User
from ..services import Refused
from .services import _changed, _remember, new_item, regions

# Which column of the mapping a house's words go to: a dream is the start of a goal.
CATEGORY_OF_HOUSE = {
    House.WORRIES: Category.WORRY,
    House.GOOD: Category.STRENGTH,
    House.DREAMS: Category.SAFETY_GOAL,
}

# What the child shares with the professionals (or with everyone) may come onto the board, as an
# item with that visibility; what the child shares with no one ("met niemand") never does.
BOARD = Audience.PROFESSIONALS


def board_entries(meeting: Meeting) -> list[tuple[ChildHouseEntry, int | None]]:
    """The house entries of the meeting's children that may be shared in the meeting, each with
    the id of the item it already is on this board (None when it is not there yet): one query."""
    if not meeting.case.children:
        return []
    on_board = (
        select(MappingItem.id).where(MappingItem.meeting_id == meeting.id, MappingItem.deleted_at.is_(None),
                                     MappingItem.house_entry_id == ChildHouseEntry.id)
        .correlate(ChildHouseEntry).scalar_subquery())
    rows = db.session.execute(
        select(ChildHouseEntry, on_board).join(Child)
        .where(ChildHouseEntry.case_id == meeting.case_id, visible(ChildHouseEntry.visibility, BOARD))
        .order_by(Child.date_of_birth, Child.id, ChildHouseEntry.talked_on.desc(), ChildHouseEntry.id)).all()
    return [(entry, item_id) for entry, item_id in rows]


def bring_to_board(actor: User, meeting: Meeting, entry: ChildHouseEntry) -> MappingItem:
    """Put the child's words on the board as the child's; an entry that is already on this board
    gives that item (a deleted one comes back), never a second one."""
    if entry.case_id != meeting.case_id:
        raise Refused("Deze woorden horen niet bij dit dossier.", status=404)
    if not shown_to(entry, BOARD):
        raise Refused(f"{entry.child.first_name} deelt dit met niemand: het blijft in het dossier.", status=422)
    found = _brought(meeting.id, entry.id)
    if found is not None and found.deleted_at is None:
        return found  # a second "Op het bord": it is there already, nothing changes
    category = found.category if found is not None else CATEGORY_OF_HOUSE[House(entry.house)]
    try:
        with live.meeting_write(meeting.id, *regions(category)):
            if found is None:
                return new_item(actor, meeting, text=entry.text, category=category, speaker="",
                                visibility=entry.visibility, child=entry.child_id,
                                house_entry=entry)
            return _bring_back(actor, meeting, found)
    except IntegrityError:  # the same entry, brought by a request that ran alongside
        found = _brought(meeting.id, entry.id)
        if found is None:
            raise
        return found


def _brought(meeting_id: int, entry_id: int) -> MappingItem | None:
    return db.session.scalar(select(MappingItem).where(
        MappingItem.meeting_id == meeting_id, MappingItem.house_entry_id == entry_id))


def _bring_back(actor: User, meeting: Meeting, item: MappingItem) -> MappingItem:
    """The child's words were deleted from this board: they come back where they were."""
    db.session.refresh(item)  # as committed, now that we hold the meeting
    before = audit.snapshot(item)
    item.deleted_at = None
    _changed(actor, item)
    _remember(actor, item, "add", None)  # undo takes them off the board again
    audit.record(actor, meeting.case, "child_words_back", item, before, audit.snapshot(item))
    return item


def item_drawing(meeting: Meeting, item_id: int, audience: Audience) -> Drawing | None:
    """The drawing of a child's item on this meeting's board, if this audience sees it."""
    item = owned(MappingItem, item_id, meeting)
    return item.house_entry.drawing if item is not None and child_drawing_shown(item, audience) else None
