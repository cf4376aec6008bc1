"""Network meetings: who is there and the live mapping board. Opening and closing a meeting is
the lifecycle's (samenveilig/lifecycle.py); its follow links are samenveilig/follow/services.py.

Every write to a meeting goes through live.meeting_write(): the meeting's version goes up
first in the same transaction (a closed meeting is refused), then one commit, then publish.
"""

from contextlib import contextmanager

from flask import g
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import audit, live
from ..audience import Audience, shown_to, visible
from ..extensions import db
from ..models import (
    FAMILY_LANGUAGE_LABELS,
    Case,
    Category,
    ChildHouseEntry,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    UndoStep,
    User,
    Visibility,
    merged_translations,
    utcnow,
)
from ..services import Conflict, Refused

RESTORED_FIELDS = ("category", "text", "speaker_id", "visibility", "term", "urgency", "owner_id",
                   "goal_id", "child_id", "position", "deleted_at", "translations")
PAIRED = (Category.DANGER, Category.SAFETY_GOAL)


def regions(*categories: str) -> tuple[str, ...]:
    """The live regions a change to items of these categories touches."""
    extra = ("pairs",) if any(c in PAIRED for c in categories) else ()
    return (*categories, *extra)


@contextmanager
def editing(item: MappingItem, *categories: str):
    """The start of every change to a board item: hold its meeting (the write sequence over the
    regions of its category and any other `categories`), read the item as last committed and
    refuse one removed meanwhile. Yields the write and the item's state and audit snapshot
    before the change."""
    with live.meeting_write(item.meeting_id, *regions(item.category, *(c for c in categories if c))) as write:
        db.session.refresh(item)  # the latest committed state, now that we hold the meeting
        if item.deleted_at is not None:
            raise Conflict(item)
        yield write, _state(item), audit.snapshot(item)


# Meetings -------------------------------------------------------------------------------

def meetings_of(case: Case) -> list[Meeting]:
    stmt = select(Meeting).where(Meeting.case_id == case.id).options(selectinload(Meeting.participants))
    return list(db.session.scalars(stmt.order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def add_participant(actor: User, meeting: Meeting, *, who: str, name: str, interpreter: str = "") -> Participant:
    """Someone joins: a network member or consultant of the case, or a name typed on the spot
    (an interpreter: a typed name with the language they interpret into)."""
    with live.meeting_write(meeting.id, "participants"):
        if interpreter and (who or interpreter not in FAMILY_LANGUAGE_LABELS):
            raise Refused("Typ de naam van de tolk en kies een taal.", status=422)
        participant = Participant(meeting=meeting, name=name, interpreter_language=interpreter or None)
        kind, _, raw_id = who.partition(":")
        if kind == "n":
            member = db.session.get(NetworkMember, int(raw_id))
            if member is None or member.case_id != meeting.case_id:
                raise Refused("Deze persoon hoort niet bij dit dossier.", status=422)
            participant.network_member_id, participant.name, participant.relation = (
                member.id, member.name, member.relation)
        elif kind == "u":
            user = db.session.get(User, int(raw_id))
            if user is None or user not in meeting.case.consultants:
                raise Refused("Deze consulent hoort niet bij dit dossier.", status=422)
            participant.user_id, participant.name = user.id, user.name
        db.session.add(participant)
        audit.record(actor, meeting.case, "participant_added", participant, None, audit.snapshot(participant))
    return participant


def remove_participant(actor: User, participant: Participant) -> None:
    meeting = participant.meeting
    with live.meeting_write(meeting.id, "participants"):
        spoken = db.session.scalar(select(func.count(MappingItem.id)).where(
            MappingItem.speaker_id == participant.id, MappingItem.deleted_at.is_(None)))
        if spoken:
            raise Refused(f"{participant.name} heeft al iets gezegd in dit overleg en blijft op de lijst.")
        audit.record(actor, meeting.case, "participant_removed", participant, audit.snapshot(participant), None)
        db.session.delete(participant)


# The mapping board ----------------------------------------------------------------------

def _items_query(meeting_id: int, category: str | None, *, audience: Audience):
    stmt = (
        select(MappingItem)
        .where(MappingItem.meeting_id == meeting_id, MappingItem.deleted_at.is_(None))
        .options(selectinload(MappingItem.speaker))
        .order_by(MappingItem.position, MappingItem.id)
    )
    if category:
        stmt = stmt.where(MappingItem.category == category)
    # A danger statement's and a safety goal's own row (one to one), joined to their items.
    if category in (None, Category.DANGER):
        stmt = stmt.options(joinedload(MappingItem.danger))
    if category in (None, Category.SAFETY_GOAL):
        stmt = stmt.options(joinedload(MappingItem.goal))
    if category in (None, Category.BOTTOM_LINE):
        stmt = stmt.options(joinedload(MappingItem.bottom_line))
    return stmt.where(visible(MappingItem.visibility, audience))


def items(meeting_id: int, category: str | None = None, *, audience: Audience) -> list[MappingItem]:
    """The board's items in order, as far as this audience may see them. Taken from the board
    this request loaded already (see preload_items), else from the database."""
    loaded = g.get("loaded_board")
    if loaded is not None and loaded[0] == meeting_id:
        return [item for item in loaded[1] if (not category or item.category == category)
                and shown_to(item, audience)]
    return list(db.session.scalars(_items_query(meeting_id, category, audience=audience)))


def board(meeting: Meeting, *, audience: Audience) -> dict[str, list[MappingItem]]:
    grouped: dict[str, list[MappingItem]] = {c: [] for c in Category}
    for item in items(meeting.id, audience=audience):
        grouped[item.category].append(item)
    return grouped


def preload_items(meeting: Meeting) -> dict[int, int]:
    """Load every item of the board, with the plan action made from it, in one query: the
    rest of this request (the board, the analysis regions, the forms) takes its items from
    this load. Returns the items that are in the plan, as planned() does."""
    action = (select(func.max(PlanAction.id))
              .where(PlanAction.source_item_id == MappingItem.id, PlanAction.deleted_at.is_(None))
              .correlate(MappingItem).scalar_subquery())
    rows = db.session.execute(_items_query(meeting.id, None, audience=Audience.CONSULTANT).add_columns(action)).all()
    g.loaded_board = (meeting.id, [item for item, _ in rows])
    return {item.id: action_id for item, action_id in rows if action_id}


def planned(meeting_id: int) -> dict[int, int]:
    """The board's items that are in the plan ("Zet in het plan"), with their plan action."""
    rows = db.session.execute(
        select(PlanAction.source_item_id, PlanAction.id)
        .join(MappingItem, MappingItem.id == PlanAction.source_item_id)
        .where(MappingItem.meeting_id == meeting_id, PlanAction.deleted_at.is_(None)))
    return {item_id: action_id for item_id, action_id in rows}


def _speaker_id(meeting: Meeting, speaker: str) -> int | None:
    if not speaker:
        return None
    if not speaker.isdigit() or int(speaker) not in {p.id for p in meeting.participants}:
        raise Refused("Kies wie het zegt uit de aanwezigen van dit overleg.", status=422)
    return int(speaker)


def _goal_id(meeting: Meeting, value: str | None) -> int | None:
    """A safety goal of this meeting that a next step serves."""
    if not value:
        return None
    goal = db.session.get(MappingItem, int(value)) if value.isdigit() else None
    if goal is None or goal.meeting_id != meeting.id or goal.category != Category.SAFETY_GOAL:
        raise Refused("Kies een veiligheidsdoel van dit overleg.", status=422)
    return goal.id


def _last_position(meeting_id: int, category: str) -> int:
    return db.session.scalar(select(func.coalesce(func.max(MappingItem.position), 0)).where(
        MappingItem.meeting_id == meeting_id, MappingItem.category == category)) or 0


def _state(item: MappingItem) -> dict:
    state = {field: getattr(item, field) for field in RESTORED_FIELDS}
    state["deleted_at"] = item.deleted_at.isoformat() if item.deleted_at else None
    return state


def _remember(actor: User, item: MappingItem, action: str, before: dict | None) -> None:
    db.session.add(UndoStep(meeting_id=item.meeting_id, user_id=actor.id, item_id=item.id,
                            action=action, before=before, item_version=item.version))


def _changed(actor: User, item: MappingItem) -> None:
    item.version += 1
    item.updated_by_id = actor.id
    item.updated_at = utcnow()


def new_item(actor: User, meeting: Meeting, *, text: str, category: str, speaker: str,
             visibility: str, term: str | None = None, urgency: str | None = None,
             submission: str | None = None, child: str | int | None = None,
             house_entry: ChildHouseEntry | None = None) -> MappingItem:
    """Put an item at the end of its category, inside the caller's
    `live.meeting_write(meeting.id, *regions(category))`; with `house_entry`, the child's own
    words from that entry (see voice.py)."""
    item = MappingItem(
        meeting_id=meeting.id, category=Category(category), text=text,
        speaker_id=_speaker_id(meeting, speaker), visibility=Visibility(visibility),
        term=(term or None) if category == Category.DANGER else None,
        urgency=(urgency or None) if category == Category.NEXT_STEP else None,
        child_id=child_of(meeting, child), position=_last_position(meeting.id, category) + 1,
        created_by_id=actor.id, updated_by_id=actor.id, submission=submission,
        house_entry_id=house_entry.id if house_entry else None, child_words=house_entry is not None,
    )
    db.session.add(item)
    db.session.flush()
    _remember(actor, item, "add", None)
    audit.record(actor, meeting.case, "item_added", item, None, audit.snapshot(item))
    return item


def child_of(meeting: Meeting, child: str | int | None) -> int | None:
    """A child of the meeting's case (None: all children)."""
    if not child:
        return None
    if not any(c.id == int(child) for c in meeting.case.children):
        raise Refused("Kies een kind uit dit dossier, of alle kinderen.", status=422)
    return int(child)


def add_item(actor: User, meeting: Meeting, *, submission: str | None = None, **values) -> MappingItem:
    """Add what someone said to the board, at the end of its category. A submission that
    was already made (a resend after a lost answer) gives the item it made, adding nothing."""
    done = _submitted(meeting.id, submission)
    if done is not None:
        return done
    try:
        with live.meeting_write(meeting.id, *regions(values["category"])):
            return new_item(actor, meeting, submission=submission, **values)
    except IntegrityError:  # the same submission, committed by a request that ran alongside
        done = _submitted(meeting.id, submission)
        if done is None:
            raise
        return done


def _submitted(meeting_id: int, submission: str | None) -> MappingItem | None:
    if not submission:
        return None
    return db.session.scalar(select(MappingItem).where(
        MappingItem.meeting_id == meeting_id, MappingItem.submission == submission))


def update_item(actor: User, item: MappingItem, *, version: int, text: str, speaker: str,
                visibility: str, term: str | None = None, urgency: str | None = None,
                owner: str | None = None, serves: str | None = None, child: str | None = None,
                translations: dict[str, str] | None = None) -> None:
    """Save an edit; refused with Conflict if the item changed since `version` was read.
    `child` is only changed when given (the form asks it when the case has more children),
    and so are `translations`, {language: line} ("" clears one; the lines of languages not
    given stay; asked for each of the family's languages but Dutch)."""
    meeting = item.meeting
    with editing(item) as (write, before, snapshot):
        item.text = text
        if not item.child_words:  # a child's own words stay the child's
            item.speaker_id = _speaker_id(meeting, speaker)
        item.visibility = Visibility(visibility)
        item.term = (term or None) if item.category == Category.DANGER else item.term
        if item.category == Category.NEXT_STEP:
            item.urgency = urgency or None
            item.owner_id = _speaker_id(meeting, owner or "")
            item.goal_id = _goal_id(meeting, serves)
        if child is not None and item.category in PAIRED:
            item.child_id = child_of(meeting, child)
        if translations is not None:
            item.translations = merged_translations(item.translations, translations)
        if _state(item) == before:
            # Nothing changed: no new version, nothing to announce. Also when the version is
            # older: a resend of a save whose answer was lost is no conflict.
            write.discard()
            return
        if item.version != version:
            write.discard()  # their version, not the one this save changed in memory
            raise Conflict(item)
        _changed(actor, item)
        _remember(actor, item, "edit", before)
        audit.record(actor, meeting.case, "item_updated", item, snapshot, audit.snapshot(item))


def move_item(actor: User, item: MappingItem, *, direction: str = "", category: str = "") -> None:
    """Move an item up or down within its category, or to the end of another category."""
    meeting = item.meeting
    with editing(item, category) as (write, before, snapshot):
        if category and category != item.category and Category.BOTTOM_LINE in (category, item.category):
            # A bottom line has its reason and danger: it is written as one, not moved in or out.
            raise Refused("Een niet-onderhandelbare voorwaarde verplaats je niet naar een andere categorie.",
                          status=422)
        if category and category != item.category:
            item.category = Category(category)
            item.position = _last_position(meeting.id, category) + 1
        elif direction in ("up", "down"):
            neighbour = _neighbour(item, direction)
            if neighbour is None:
                raise Refused("Dit staat al " + ("bovenaan." if direction == "up" else "onderaan."))
            before["positions"] = {str(item.id): item.position, str(neighbour.id): neighbour.position}
            item.position, neighbour.position = neighbour.position, item.position
        else:
            write.discard()
            return
        _changed(actor, item)
        _remember(actor, item, "move", before)
        audit.record(actor, meeting.case, "item_moved", item, snapshot, audit.snapshot(item))


def _neighbour(item: MappingItem, direction: str) -> MappingItem | None:
    same = [i for i in items(item.meeting_id, item.category, audience=Audience.CONSULTANT)]
    index = next(n for n, i in enumerate(same) if i.id == item.id)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(same):
        return None
    if same[other].position == item.position:  # equal positions: renumber before swapping
        for n, i in enumerate(same, start=1):
            i.position = n
    return same[other]


VISIBILITY_CYCLE = list(Visibility)


def cycle_visibility(actor: User, item: MappingItem) -> None:
    """The next visibility for an item: family, professional, confidential, family again."""
    meeting = item.meeting
    with editing(item) as (_, before, snapshot):
        at = VISIBILITY_CYCLE.index(Visibility(item.visibility))
        item.visibility = VISIBILITY_CYCLE[(at + 1) % len(VISIBILITY_CYCLE)]
        _changed(actor, item)
        _remember(actor, item, "edit", before)
        audit.record(actor, meeting.case, "item_updated", item, snapshot, audit.snapshot(item))


def delete_item(actor: User, item: MappingItem) -> None:
    meeting = item.meeting
    with editing(item) as (_, before, snapshot):
        item.deleted_at = utcnow()
        _changed(actor, item)
        _remember(actor, item, "delete", before)
        audit.record(actor, meeting.case, "item_removed", item, snapshot, None)


def undo_last(actor: User, meeting: Meeting, item_id: int | None = None) -> tuple[str, ...]:
    """Undo my last change on this board, unless someone changed that item since; with
    `item_id` only if that change was to this item. Returns the regions that changed."""
    step = db.session.scalar(
        select(UndoStep)
        .where(UndoStep.meeting_id == meeting.id, UndoStep.user_id == actor.id, UndoStep.done.is_(False))
        .order_by(UndoStep.id.desc())
        .limit(1)
    )
    if step is None:
        raise Refused("Er is niets meer om ongedaan te maken.")
    if item_id is not None and step.item_id != item_id:
        raise Refused("Je hebt intussen iets anders gewijzigd. Met ‘Ongedaan maken’ bovenaan gaat dat eerst terug.")
    item = db.session.get(MappingItem, step.item_id)
    old_category = (step.before or {}).get("category", item.category)
    with live.meeting_write(meeting.id, *regions(item.category, old_category)) as write:
        db.session.refresh(item)
        if item.version != step.item_version:
            write.discard()  # the undo is refused; the step goes, in a write of its own
            with live.write():
                step.done = True  # this step can never be undone any more; the next one may
            raise Conflict(item)
        snapshot = audit.snapshot(item)
        if step.action == "add":
            item.deleted_at = utcnow()
        else:
            _restore(item, step.before)
        _changed(actor, item)
        step.done = True
        _expect_version(step, item.version)
        audit.record(actor, meeting.case, "item_undone", item, snapshot, audit.snapshot(item))
    return write.change.regions


def _expect_version(undone: UndoStep, version: int) -> None:
    """My earlier change to the same item is next in line: undoing it is fine from here."""
    earlier = db.session.scalar(
        select(UndoStep)
        .where(UndoStep.meeting_id == undone.meeting_id, UndoStep.user_id == undone.user_id,
               UndoStep.item_id == undone.item_id, UndoStep.done.is_(False), UndoStep.id < undone.id)
        .order_by(UndoStep.id.desc())
        .limit(1)
    )
    if earlier is not None:
        earlier.item_version = version


def _restore(item: MappingItem, before: dict) -> None:
    for field in RESTORED_FIELDS:
        if field == "deleted_at":
            item.deleted_at = None if before["deleted_at"] is None else item.deleted_at
        elif field in before:  # a step remembered before translations existed has none
            setattr(item, field, before[field])
    for item_id, position in before.get("positions", {}).items():
        other = db.session.get(MappingItem, int(item_id))
        if other is not None and other.meeting_id == item.meeting_id:
            other.position = position
