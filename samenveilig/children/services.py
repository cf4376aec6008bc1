"""The three houses and the child's own score: every change audited in its own transaction."""

from datetime import date

from sqlalchemy import select

from .. import audit, live
from ..audience import Audience, visible
from ..extensions import db
from ..images import Processed
from ..models import Case, Child, ChildHouseEntry, ChildScore, Drawing, User
from ..services import Refused


def _snapshot(entry: ChildHouseEntry) -> dict:
    return audit.snapshot(entry) | {"drawing": entry.drawing is not None}


def _talker_of(case: Case, values: dict) -> None:
    if values["talked_by_id"] is not None and values["talked_by_id"] not in {m.user_id for m in case.members}:
        raise Refused("Kies een consulent van dit dossier, of vul een naam in.", status=422)


def _drawing(image: Processed) -> Drawing:
    return Drawing(mimetype=image.mimetype, width=image.width, height=image.height,
                   image=image.image, thumbnail=image.thumbnail)


def add_house_entry(actor: User, case: Case, child: Child, values: dict,
                    image: Processed | None = None) -> ChildHouseEntry:
    """What the child said about one house, with the drawing if there is one."""
    with live.write(case):
        _talker_of(case, values)
        entry = ChildHouseEntry(case_id=case.id, child=child, **values)
        if image:
            entry.drawing = _drawing(image)
        db.session.add(entry)
        audit.record(actor, case, "house_entry_added", entry, None, _snapshot(entry))
    return entry


def update_house_entry(actor: User, case: Case, entry: ChildHouseEntry, values: dict,
                       image: Processed | None = None, remove_drawing: bool = False) -> None:
    """Change an entry; a new drawing replaces the old one, which is deleted."""
    with live.write(case):
        _talker_of(case, values)
        before = _snapshot(entry)
        for key, value in values.items():
            setattr(entry, key, value)
        if (image or remove_drawing) and entry.drawing is not None:
            entry.drawing = None
            db.session.flush()  # the old drawing goes before a new one takes its place
        if image:
            entry.drawing = _drawing(image)
        db.session.flush()
        after = _snapshot(entry)
        if audit.changes(before, after) or image:
            audit.record(actor, case, "house_entry_updated", entry, before, after)


def remove_house_entry(actor: User, case: Case, entry: ChildHouseEntry) -> None:
    """Delete an entry and its drawing."""
    with live.write(case):
        audit.record(actor, case, "house_entry_removed", entry, _snapshot(entry), None)
        db.session.delete(entry)


def record_score(actor: User, case: Case, child: Child, scored_on: date, score: int) -> ChildScore:
    """The child's own score on that day; a second score the same day replaces the first."""
    with live.write(case):
        if not 0 <= score <= 10:
            raise Refused("Kies een score van 0 tot 10.", status=422)
        found = db.session.scalar(select(ChildScore).where(ChildScore.child_id == child.id,
                                                           ChildScore.scored_on == scored_on))
        if found is None:
            found = ChildScore(case_id=case.id, child=child, scored_on=scored_on, score=score,
                               recorded_by_id=actor.id)
            db.session.add(found)
            audit.record(actor, case, "child_score_recorded", found, None, audit.snapshot(found))
        elif found.score != score:
            before = audit.snapshot(found)
            found.score, found.recorded_by_id = score, actor.id
            audit.record(actor, case, "child_score_updated", found, before, audit.snapshot(found))
    return found


def remove_score(actor: User, case: Case, score: ChildScore) -> None:
    with live.write(case):
        audit.record(actor, case, "child_score_removed", score, audit.snapshot(score), None)
        db.session.delete(score)


def shared_entries(case_id: int) -> list[ChildHouseEntry]:
    """What the children agreed to share with everyone: the family's screens show only these."""
    return list(db.session.scalars(
        select(ChildHouseEntry).join(Child)
        .where(ChildHouseEntry.case_id == case_id, visible(ChildHouseEntry.visibility, Audience.FAMILY))
        .order_by(Child.date_of_birth, Child.id, ChildHouseEntry.house, ChildHouseEntry.talked_on)))


def shared_drawing(case_id: int, entry_id: int) -> Drawing | None:
    """A drawing the family may see: of this case, on an entry shared with everyone."""
    return db.session.scalar(
        select(Drawing).join(ChildHouseEntry)
        .where(ChildHouseEntry.id == entry_id, ChildHouseEntry.case_id == case_id,
               visible(ChildHouseEntry.visibility, Audience.FAMILY)))
