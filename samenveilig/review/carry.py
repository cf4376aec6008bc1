"""A review meeting starts from the previous meeting: its mapping is carried over, marked as
carried, and "Wat is er veranderd sinds vorige keer?" compares the two."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..audience import Audience
from ..extensions import db
from ..models import (
    CATEGORY_LABELS,
    VISIBILITY_LABELS,
    BottomLine,
    DangerStatement,
    MappingItem,
    Meeting,
    PlanAction,
    PlanSnapshot,
    SafetyGoal,
)
from ..plan import services as plan

COMPARED = ("text", "category", "visibility", "term", "urgency")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same case just before this one."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.case_id == meeting.case_id, Meeting.id != meeting.id,
               (Meeting.held_on < meeting.held_on) | ((Meeting.held_on == meeting.held_on) & (Meeting.id < meeting.id)))
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
        .limit(1))


def _person(participant) -> str | None:
    if participant is None:
        return None
    if participant.network_member_id:
        return f"n:{participant.network_member_id}"
    return f"u:{participant.user_id}" if participant.user_id else f"name:{participant.name}"


def carry_over(meeting: Meeting, actor_id: int) -> int:
    """Copy the previous meeting's mapping into this one (the caller commits). Returns the
    number of items carried."""
    db.session.flush()  # the new meeting and its participants need their ids
    previous = previous_meeting(meeting)
    if previous is None:
        return 0
    here = {_person(p): p.id for p in meeting.participants}
    old_items = db.session.scalars(
        select(MappingItem)
        .where(MappingItem.meeting_id == previous.id, MappingItem.deleted_at.is_(None))
        .order_by(MappingItem.category, MappingItem.position, MappingItem.id)).all()
    copies: dict[int, MappingItem] = {}
    for old in old_items:
        copies[old.id] = MappingItem(
            meeting_id=meeting.id, category=old.category, text=old.text, visibility=old.visibility,
            term=old.term, urgency=old.urgency, position=old.position, carried_from_id=old.id, child_id=old.child_id,
            house_entry_id=old.house_entry_id, child_words=old.child_words, translations=old.translations,
            speaker_id=here.get(_person(old.speaker)), owner_id=here.get(_person(old.owner)),
            created_by_id=actor_id, updated_by_id=actor_id)
    db.session.add_all(copies.values())
    db.session.flush()
    for old in old_items:
        copy = copies[old.id]
        if old.goal_id in copies:
            copy.goal_id = copies[old.goal_id].id
        if old.danger is not None:
            d = old.danger
            db.session.add(DangerStatement(item_id=copy.id, worried=d.worried, behaviour=d.behaviour,
                                           outcome=d.outcome, family_view=d.family_view))
        if old.goal is not None:
            g = old.goal
            danger = copies.get(g.danger_item_id)
            db.session.add(SafetyGoal(item_id=copy.id, danger_item_id=danger.id if danger else None,
                                      behaviour=g.behaviour, duration=g.duration))
        if old.bottom_line is not None:
            b = old.bottom_line
            danger = copies.get(b.danger_item_id)
            db.session.add(BottomLine(item_id=copy.id, reason=b.reason, danger_item_id=danger.id if danger else None))
    return len(copies)


@dataclass
class Changes:
    previous: Meeting | None
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # (now, before, what changed)
    removed: list = field(default_factory=list)
    plan_added: list = field(default_factory=list)
    plan_changed: list = field(default_factory=list)
    plan_removed: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any([self.added, self.changed, self.removed, self.plan_added, self.plan_changed,
                        self.plan_removed])


def _difference(now: MappingItem, before: MappingItem) -> list[str]:
    notes = []
    if now.text != before.text:
        notes.append("tekst")
    if now.category != before.category:
        notes.append(f"verplaatst van {CATEGORY_LABELS[before.category]} naar {CATEGORY_LABELS[now.category]}")
    if now.visibility != before.visibility:
        notes.append(f"zichtbaar voor: {VISIBILITY_LABELS[now.visibility].lower()}")
    if now.term != before.term or now.urgency != before.urgency:
        notes.append("termijn of dringendheid")
    return notes


def changes(meeting: Meeting) -> Changes:
    """What was added, changed and removed in the mapping and the plan since the previous meeting."""
    previous = previous_meeting(meeting)
    result = Changes(previous)
    if previous is None:
        return result
    current = db.session.scalars(select(MappingItem).where(
        MappingItem.meeting_id == meeting.id, MappingItem.deleted_at.is_(None))).all()
    before = db.session.scalars(select(MappingItem).where(
        MappingItem.meeting_id == previous.id, MappingItem.deleted_at.is_(None))).all()
    carried = {item.carried_from_id for item in current if item.carried_from_id}
    result.added = [item for item in current if item.carried_from_id is None]
    for item in current:
        if item.carried_from is not None:
            notes = _difference(item, item.carried_from)
            if notes:
                result.changed.append((item, item.carried_from, notes))
    result.removed = [item for item in before if item.id not in carried]
    _plan_changes(previous, meeting, result)
    return result


def _plan_changes(previous: Meeting, meeting: Meeting, result: Changes) -> None:
    snapshot = db.session.get(PlanSnapshot, previous.id)
    if snapshot is None:
        return
    then = {entry["id"]: entry for entry in snapshot.content.get("actions", []) if "id" in entry}
    now = {action.id: action for action in plan.entries(meeting.case_id, PlanAction, audience=Audience.CONSULTANT)}
    result.plan_added = [now[i] for i in now if i not in then]
    result.plan_removed = [then[i] for i in then if i not in now]
    for action_id in set(now) & set(then):
        action, old = now[action_id], then[action_id]
        notes = [label for key, label in (("what", "wat"), ("who", "wie"), ("status", "stand"), ("how", "hoe"))
                 if (getattr(action, key) or None) != (old.get(key) or None)]
        due = action.due_on.isoformat() if action.due_on else None
        if due != old.get("due_on") or (action.due_text or None) != (old.get("due_text") or None):
            notes.append("tegen wanneer")
        if notes:
            result.plan_changed.append((action, old, notes))
