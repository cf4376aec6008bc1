"""De gezinslink: links for the family to read their plan, what they open, what they say."""

import secrets
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from .. import audit, dates, live
from ..audience import Audience, shown_to, visible
from ..children.services import shared_entries
from ..dates import BRUSSELS
from ..extensions import db
from ..i18n import N_
from ..linktokens import token_hash
from ..models import (
    FAMILY_ACTION_STATUS_LABELS,
    ActionStatus,
    Answer,
    Case,
    Category,
    ChildLink,
    ChildLinkView,
    FamilyLink,
    FamilyLinkView,
    Feedback,
    MappingItem,
    Meeting,
    MeetingStatus,
    PlanAction,
    PlanContact,
    PlanRule,
    PlanSnapshot,
    User,
    WarningSign,
    utcnow,
)
from ..review import why
from ..review.card import closing_card
from ..services import Refused
from ..stories.services import shared_stories

DEFAULT_DAYS, MAX_DAYS = 90, 365
NO_WORK_PHONE = ("Je hebt nog geen werknummer in je account, dus het gezin zou alleen je naam zien. Vul je "
                 "werknummer in bij Mijn account, of vink dit uit.")


def end_of(day: date) -> datetime:
    """A link works until the end of its last day, Brussels time."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=BRUSSELS)


def create_link(actor: User, case: Case, *, recipient: str | None, expires_on: date,
                show_phone: bool, show_email: bool, today: date) -> tuple[FamilyLink, str]:
    """A new link; its token is returned this once and only its hash is kept."""
    with live.write(case):
        if not today < expires_on <= today + timedelta(days=MAX_DAYS):
            raise Refused(f"Kies een einddatum na vandaag en binnen {MAX_DAYS} dagen.", status=422)
        if show_phone and not actor.work_phone:
            raise Refused(NO_WORK_PHONE, status=422)
        token = secrets.token_urlsafe(32)
        link = FamilyLink(case_id=case.id, token_hash=token_hash(token), recipient=recipient or None,
                          show_phone=show_phone, show_email=show_email, created_by_id=actor.id,
                          expires_at=end_of(expires_on))
        db.session.add(link)
        audit.record(actor, case, "family_link_created", link, None, audit.snapshot(link))
    return link, token


# What the family link and the child's own link share: revoking, looking up a token, counting
# an opening. They are two tables on purpose (one token never opens the other's pages).
Link = FamilyLink | ChildLink
VIEWS = {FamilyLink: FamilyLinkView, ChildLink: ChildLinkView}


def revoke(actor: User, link: Link) -> None:
    with live.write(link.case):
        if link.revoked_at is not None:
            raise Refused("Deze link is al ingetrokken.")
        before = audit.snapshot(link)
        link.revoked_at = utcnow()
        audit.record(actor, link.case, "child_link_revoked" if isinstance(link, ChildLink) else "family_link_revoked",
                     link, before, audit.snapshot(link))


def links(case: Case) -> list[FamilyLink]:
    stmt = select(FamilyLink).where(FamilyLink.case_id == case.id)
    return list(db.session.scalars(stmt.order_by(FamilyLink.created_at.desc(), FamilyLink.id.desc())))


def valid_link(token: str, kind: type[Link] = FamilyLink) -> Link | None:
    """The link of this kind for this token while it works: not revoked, not expired."""
    return db.session.scalar(select(kind).where(
        kind.token_hash == token_hash(token), kind.revoked_at.is_(None), kind.expires_at > utcnow()))


def record_opening(link: Link) -> None:
    """Count an opening (when and which link; never who or from where)."""
    kind, now = type(link), utcnow()
    with live.write():
        db.session.execute(update(kind).where(kind.id == link.id).values(
            open_count=kind.open_count + 1, last_opened_at=now))
        db.session.add(VIEWS[kind](link_id=link.id, at=now))


def next_meeting(case_id: int, today: date) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.OPEN, Meeting.held_on >= today)
        .order_by(Meeting.held_on).limit(1))


def meeting_under_way(case_id: int, today: date) -> Meeting | None:
    """A meeting of the case that is open and was to be held today or before: what it adds is
    still being discussed."""
    return db.session.scalar(
        select(Meeting)
        .where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.OPEN, Meeting.held_on <= today)
        .order_by(Meeting.held_on).limit(1))


def family_view(link: FamilyLink, today: date) -> dict:
    """Everything the family page shows, and nothing else: family-visible items of this case,
    the plan as agreed when its last meeting closed (`agreed`)."""
    case = link.case
    # After the help ended the card names the agency's general line, not the consultant who left.
    consultant = link.created_by if (link.show_phone or link.show_email) and case.is_open else None
    return agreed(case) | dict(
        next_meeting=next_meeting(link.case_id, today),
        under_way=meeting_under_way(link.case_id, today),
        consultant=consultant,
        show_phone=link.show_phone and bool(consultant and consultant.work_phone),
        show_email=link.show_email,
        recipient=link.recipient,
        children_words=shared_entries(link.case_id),
        stories=shared_stories(link.case_id),
    )


# The plan as agreed ---------------------------------------------------------------------------
# The family link, its printed plan and the family's PDF show what was agreed: the plan kept
# when the case's last meeting closed (`PlanSnapshot`), that meeting's safety goals and its
# safety arrangement. What an open meeting adds or changes reaches them when it closes; the
# projector and the phones in the meeting show it live. See docs/architecture.md.

# After the help ended nobody steers an action any more: one that was not done says so.
NOT_DONE_AT_CLOSURE = N_("nog niet klaar toen de hulp stopte")
AGREED_PARTS = {"actions": PlanAction, "rules": PlanRule, "signs": WarningSign, "contacts": PlanContact}


def last_closed_meeting(case_id: int) -> Meeting | None:
    return db.session.scalar(
        select(Meeting).where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.CLOSED)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def agreed(case: Case) -> dict:
    """The family's plan as agreed when the case's last meeting closed: `shared_plan` and
    `shared_goals` as the family's plan template reads them, the safety arrangement of that
    meeting while the help goes on, the closing contact card once it has ended, `one_child`
    ("het kind" or "de kinderen"), and `agreed_in` (that meeting, or None before the first one
    closed). An entry is left out as soon as it is no longer visible to the family (a
    narrowed visibility takes effect at once; the text stays as agreed)."""
    meeting = last_closed_meeting(case.id)
    if meeting is None:
        return dict(agreed_in=None, arrangement=None, shared_goals=[], card=closing_card(case), why=None,
                    shared_plan={part: [] for part in AGREED_PARTS}, one_child=len(case.children) == 1)
    snapshot = db.session.get(PlanSnapshot, meeting.id)
    content = snapshot.content if snapshot is not None else {}
    decision = meeting.decision
    reasons = why.for_family(meeting, dates.today(), helping=case.is_open)
    beside_a_danger = {goal.id for _, goals in reasons.pairs for goal in goals}
    return dict(
        card=closing_card(case),  # once the help has ended: whom the family calls now
        agreed_in=meeting,
        arrangement=decision if case.is_open and decision is not None and decision.answer == Answer.NO else None,
        # The goals beside a danger statement show there (share/_why.html); the others here.
        shared_goals=[goal for goal in _agreed_goals(meeting) if goal.id not in beside_a_danger],
        why=reasons,
        shared_plan={part: _agreed_entries(case, model, content.get(part, []))
                     for part, model in AGREED_PARTS.items()},
        one_child=len(case.children) == 1,  # "het kind" or "de kinderen" in what the family reads
    )


def _agreed_goals(meeting: Meeting) -> list[MappingItem]:
    """The safety goals of a closed meeting (its items no longer change), for the family."""
    return list(db.session.scalars(
        select(MappingItem)
        .where(MappingItem.meeting_id == meeting.id, MappingItem.category == Category.SAFETY_GOAL,
               MappingItem.deleted_at.is_(None), visible(MappingItem.visibility, Audience.FAMILY))
        .order_by(MappingItem.position, MappingItem.id)))


def _agreed_entries(case: Case, model, stored: list[dict]) -> list[SimpleNamespace]:
    """The snapshot's entries of one part of the plan that the family may see, read like the
    plan's own rows (`_shared_plan.html`)."""
    stored = [entry for entry in stored if shown_to(entry, Audience.FAMILY)]
    if not stored:
        return []
    stmt = select(model).where(model.case_id == case.id, model.id.in_([entry["id"] for entry in stored]))
    if model is PlanContact:
        stmt = stmt.options(selectinload(PlanContact.network_member))
    live = {row.id: row for row in db.session.scalars(stmt)}
    result = []
    for entry in stored:
        row = live.get(entry["id"])
        if row is None or not shown_to(row, Audience.FAMILY):
            continue
        agreed_entry = SimpleNamespace(**entry)
        if model is PlanAction:
            agreed_entry.due_on = date.fromisoformat(entry["due_on"]) if entry.get("due_on") else None
            agreed_entry.family_status_label = _status_label(entry.get("status"), helping=case.is_open)
        if model is PlanContact:
            agreed_entry.network_member = row.network_member  # whom to call, with today's number
        result.append(agreed_entry)
    return result


def _status_label(status: str | None, *, helping: bool) -> str:
    status = ActionStatus(status or ActionStatus.TODO)
    if not helping and status != ActionStatus.DONE:
        return NOT_DONE_AT_CLOSURE
    return FAMILY_ACTION_STATUS_LABELS[status]


class AlreadyReceived(Refused):
    """The same feedback again from the same link (a resent form, a double tap)."""


def leave_feedback(link: FamilyLink, *, rating: int, text: str | None) -> Feedback:
    if not 1 <= rating <= 5:
        raise Refused("Kies een cijfer van 1 tot 5.", status=422)
    same_text = Feedback.text.is_(None) if not text else Feedback.text == text
    with live.write():
        if db.session.scalar(_todays_feedback(link).where(Feedback.rating == rating, same_text).limit(1)):
            raise AlreadyReceived("Dit had je al gestuurd.")
        feedback = Feedback(case_id=link.case_id, link_id=link.id, rating=rating, text=text or None)
        db.session.add(feedback)
        audit.record(None, link.case, "feedback_received", feedback, None, audit.snapshot(feedback))
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
