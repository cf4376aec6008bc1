"""De gezinslink: links for the family to read their plan, what they open, what they say."""

import secrets
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from .. import audit
from ..audience import Audience
from ..cases.services import ensure_open
from ..children.services import shared_entries
from ..children.stories import shared_stories
from ..dates import BRUSSELS
from ..extensions import db
from ..linktokens import token_hash
from ..models import (
    Case,
    FamilyLink,
    FamilyLinkView,
    Feedback,
    Meeting,
    MeetingStatus,
    User,
    utcnow,
)
from ..plan import services as plan
from ..review.services import closing_summary
from ..services import Refused, transactional

DEFAULT_DAYS, MAX_DAYS = 90, 365


def end_of(day: date) -> datetime:
    """A link works until the end of its last day, Brussels time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=BRUSSELS)


@transactional
def create_link(actor: User, case: Case, *, recipient: str | None, expires_on: date,
                show_phone: bool, show_email: bool, today: date) -> tuple[FamilyLink, str]:
    """A new link; its token is returned this once and only its hash is kept."""
    ensure_open(case)
    if not today < expires_on <= today + timedelta(days=MAX_DAYS):
        raise Refused(f"Kies een einddatum na vandaag en binnen {MAX_DAYS} dagen.", status=422)
    token = secrets.token_urlsafe(32)
    link = FamilyLink(case_id=case.id, token_hash=token_hash(token), recipient=recipient or None,
                      show_phone=show_phone, show_email=show_email, created_by_id=actor.id,
                      expires_at=end_of(expires_on))
    db.session.add(link)
    audit.record(actor, case, "family_link_created", link, None, audit.snapshot(link))
    db.session.commit()
    return link, token


@transactional
def revoke(actor: User, link: FamilyLink) -> None:
    ensure_open(link.case)
    if link.revoked_at is not None:
        raise Refused("Deze link is al ingetrokken.")
    before = audit.snapshot(link)
    link.revoked_at = utcnow()
    audit.record(actor, link.case, "family_link_revoked", link, before, audit.snapshot(link))
    db.session.commit()


def links(case: Case) -> list[FamilyLink]:
    stmt = select(FamilyLink).where(FamilyLink.case_id == case.id)
    return list(db.session.scalars(stmt.order_by(FamilyLink.created_at.desc(), FamilyLink.id.desc())))


def valid_link(token: str) -> FamilyLink | None:
    """The link for this token while it works: not revoked, not expired."""
    return db.session.scalar(select(FamilyLink).where(
        FamilyLink.token_hash == token_hash(token), FamilyLink.revoked_at.is_(None),
        FamilyLink.expires_at > utcnow()))


def record_opening(link: FamilyLink) -> None:
    """Count an opening (when and which link; never who or from where)."""
    now = utcnow()
    db.session.execute(update(FamilyLink).where(FamilyLink.id == link.id).values(
        open_count=FamilyLink.open_count + 1, last_opened_at=now))
    db.session.add(FamilyLinkView(link_id=link.id, at=now))
    db.session.commit()


def next_meeting(case_id: int, today: date) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.OPEN, Meeting.held_on >= today)
        .order_by(Meeting.held_on).limit(1))


def family_view(link: FamilyLink, today: date) -> dict:
    """Everything the family page shows, and nothing else: family-visible items of this case."""
    consultant = link.created_by if (link.show_phone or link.show_email) else None
    return dict(
        arrangement=plan.arrangement(link.case),
        shared_plan=plan.plan(link.case_id, audience=Audience.FAMILY),
        shared_goals=plan.current_goals(link.case_id, audience=Audience.FAMILY),
        next_meeting=next_meeting(link.case_id, today),
        consultant=consultant,
        show_phone=link.show_phone and bool(consultant and consultant.work_phone),
        show_email=link.show_email,
        recipient=link.recipient,
        closing=closing_summary(link.case) if not link.case.is_open else None,
        children_words=shared_entries(link.case_id),
        stories=shared_stories(link.case_id),
    )


class AlreadyReceived(Refused):
    """The same feedback again from the same link (a resent form, a double tap)."""


@transactional
def leave_feedback(link: FamilyLink, *, rating: int, text: str | None) -> Feedback:
    if not 1 <= rating <= 5:
        raise Refused("Kies een cijfer van 1 tot 5.", status=422)
    same_text = Feedback.text.is_(None) if not text else Feedback.text == text
    if db.session.scalar(_todays_feedback(link).where(Feedback.rating == rating, same_text).limit(1)):
        raise AlreadyReceived("Dit had je al gestuurd.")
    feedback = Feedback(case_id=link.case_id, link_id=link.id, rating=rating, text=text or None)
    db.session.add(feedback)
    audit.record(None, link.case, "feedback_received", feedback, None, audit.snapshot(feedback))
    db.session.commit()
    return feedback


def _todays_feedback(link: FamilyLink):
    """The feedback of this link in the last 24 hours."""
    return select(Feedback.id).where(Feedback.link_id == link.id,
                                     Feedback.created_at >= utcnow() - timedelta(days=1))


def feedback_count_today(link: FamilyLink) -> int:
    return len(db.session.scalars(_todays_feedback(link)).all())


def feedback_of(case: Case) -> list[Feedback]:
    return list(db.session.scalars(
        select(Feedback).where(Feedback.case_id == case.id).order_by(Feedback.created_at.desc())))
