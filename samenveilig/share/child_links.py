"""Een eigen link voor het kind: the young person's own read-only link, made per child by a
consultant of the case. It mirrors the family link (shown once, only its hash kept, expiring,
revocable, every opening counted, never who or from where) and is kept apart from it: its own
random token in its own table, so neither link can be made from the other.

What the child's page shows is `child_view`: her shared explanation, all she said in her
three houses with who may hear each entry, the next meeting, whom she can call and (from
CHILD_RIGHTS_AGE) her rights. Nothing else of the family's page, and nothing of another child.
Before a meeting she gives her own score there (`give_score`): it is her ChildScore for that
meeting, which the meeting's scale round shows as "Yasmine (14) zelf"."""

import secrets
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit, live
from ..audience import Audience, own_words
from ..children import safety
from ..dates import age
from ..extensions import db
from ..i18n import N_
from ..linktokens import token_hash
from ..models import (
    FACE_LABELS,
    Case,
    Child,
    ChildHouseEntry,
    ChildLink,
    ChildScore,
    User,
    Visibility,
)
from ..review.card import help_lines
from ..services import Refused
from ..stories.services import shared_version
from .services import MAX_DAYS, end_of, meeting_under_way, next_meeting

DEFAULT_DAYS = 90
TOO_YOUNG = ("{name} is jonger dan {age} jaar. Een eigen link voor een jonger kind kan, als je daarvoor "
             "kiest: vink het vakje aan.")
# With whom the child may share her score (never "niemand": it is meant for the meeting).
SCORE_SHARING = (Visibility.PROFESSIONAL, Visibility.FAMILY)


def link_age() -> int:
    return int(current_app.config["CHILD_LINK_AGE"])


def is_young(child: Child, today: date) -> bool:
    """A young child scores with five faces (YOUNG_CHILD_AGE, see docs/deployment.md)."""
    return age(child.date_of_birth, today) < int(current_app.config["YOUNG_CHILD_AGE"])


def create_link(actor: User, case: Case, child: Child, *, expires_on: date, younger_chosen: bool,
                today: date) -> tuple[ChildLink, str]:
    """A new link for this child; its token is returned this once and only its hash is kept."""
    with live.write(case):
        if child.case_id != case.id:
            raise Refused("Dit kind hoort niet bij dit dossier.", status=404)
        if not today < expires_on <= today + timedelta(days=MAX_DAYS):
            raise Refused(f"Kies een einddatum na vandaag en binnen {MAX_DAYS} dagen.", status=422)
        if age(child.date_of_birth, today) < link_age() and not younger_chosen:
            raise Refused(TOO_YOUNG.format(name=child.first_name, age=link_age()), status=422)
        token = secrets.token_urlsafe(32)
        link = ChildLink(case_id=case.id, child_id=child.id, token_hash=token_hash(token), created_by_id=actor.id,
                         expires_at=end_of(expires_on))
        db.session.add(link)
        audit.record(actor, case, "child_link_created", link, None,
                     audit.snapshot(link) | {"child": child.first_name, "younger_chosen": younger_chosen})
    return link, token


def links(child: Child) -> list[ChildLink]:
    stmt = select(ChildLink).where(ChildLink.child_id == child.id)
    return list(db.session.scalars(stmt.order_by(ChildLink.created_at.desc(), ChildLink.id.desc())))


def own_entries(child: Child) -> list[ChildHouseEntry]:
    """All she said in her three houses, whoever may hear it (each entry says so on her page)."""
    return list(db.session.scalars(
        select(ChildHouseEntry)
        .where(ChildHouseEntry.child_id == child.id, own_words(ChildHouseEntry.visibility))
        .order_by(ChildHouseEntry.house, ChildHouseEntry.talked_on, ChildHouseEntry.id)))


def own_drawing(child: Child, entry_id: int):
    """The drawing with one of her own entries, or None."""
    entry = db.session.scalar(select(ChildHouseEntry).where(
        ChildHouseEntry.id == entry_id, ChildHouseEntry.child_id == child.id, own_words(ChildHouseEntry.visibility)))
    return entry.drawing if entry is not None else None


def scoring_meeting(case_id: int, today: date):
    """The meeting her score is for: the one under way, else the next one planned; None without."""
    return meeting_under_way(case_id, today) or next_meeting(case_id, today)


def score_for(child: Child, meeting) -> ChildScore | None:
    if meeting is None:
        return None
    return db.session.scalar(select(ChildScore).where(ChildScore.child_id == child.id,
                                                      ChildScore.meeting_id == meeting.id))


def child_view(link: ChildLink, today: date) -> dict:
    """Everything the child's page shows, and nothing else."""
    child = link.child
    years = age(child.date_of_birth, today)
    meeting = scoring_meeting(link.case_id, today)
    return dict(
        child=child,
        years=years,
        young=is_young(child, today),
        story=shared_version(link.case_id, child.id),
        entries=own_entries(child),
        next_meeting=next_meeting(link.case_id, today),
        under_way=meeting_under_way(link.case_id, today),
        scoring_meeting=meeting,
        my_score=score_for(child, meeting),
        safety_plan=safety.safety_plan_for(child, Audience.CHILD),
        safety_house=safety.safety_house_for(child, Audience.CHILD),
        lines=help_lines(),
        rights=(current_app.config.get("CHILD_RIGHTS") or []) if years >= int(current_app.config["CHILD_RIGHTS_AGE"])
        else [],
    )


def give_score(link: ChildLink, *, score: int, as_face: bool, shared_with: str, today: date) -> ChildScore:
    """Her own answer to "Hoe veilig voel jij je thuis?" for the meeting under way or the next one:
    a second answer for the same meeting replaces the first. The meeting's scale round shows it."""
    meeting = scoring_meeting(link.case_id, today)
    if meeting is None:
        raise Refused(N_("Er is nog geen overleg gepland. Je kan je score geven als er een overleg gepland is."), status=409)
    if not 0 <= score <= 10 or (as_face and score not in FACE_LABELS) or shared_with not in SCORE_SHARING:
        raise Refused(N_("Kies een antwoord."), status=422)
    with live.meeting_write(meeting.id, "scale"):
        found = score_for(link.child, meeting)
        same_day = db.session.scalar(select(ChildScore).where(ChildScore.child_id == link.child_id,
                                                              ChildScore.scored_on == today))
        if found is not None and same_day is not None and same_day.id != found.id:
            # One score a day: today's answer takes the place of her earlier one for this meeting.
            audit.record(None, link.case, "child_score_removed", found, audit.snapshot(found), None)
            db.session.delete(found)
            db.session.flush()
        found = same_day or found
        values = dict(score=score, as_face=as_face, visibility=shared_with, meeting_id=meeting.id, scored_on=today,
                      recorded_by_id=None)
        if found is None:
            found = ChildScore(case_id=link.case_id, child_id=link.child_id, **values)
            db.session.add(found)
            audit.record(None, link.case, "child_score_given_on_link", found, None, audit.snapshot(found))
        else:
            before = audit.snapshot(found)
            for key, value in values.items():
                setattr(found, key, value)
            db.session.flush()
            audit.record(None, link.case, "child_score_given_on_link", found, before, audit.snapshot(found))
    return found
