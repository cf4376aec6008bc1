"""A meeting from start to end: opening it (a review starts from the previous meeting's
mapping), closing it (the plan as agreed that day is kept with it), and closing the help
(the meeting and the case). The one place that calls meetings, plan and review together,
so that those areas never need to import each other upward."""

from datetime import date

from . import audit, live
from .audience import Audience
from .cases.services import ensure_open
from .extensions import db
from .models import (
    Case,
    CaseStatus,
    ClosingSummary,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    PlanContact,
    User,
    utcnow,
)
from .plan import services as plan
from .review.carry import carry_over
from .services import Refused, transactional


@transactional
def create_meeting(
    actor: User, case: Case, *, kind: str, held_on: date, present: list[str], others: list[str]
) -> Meeting:
    """Plan a meeting with who is present: network members, consultants, typed names."""
    ensure_open(case)
    meeting = Meeting(case=case, kind=kind, held_on=held_on, created_by_id=actor.id)
    network = {f"n:{m.id}": m for m in case.network}
    staff = {f"u:{u.id}": u for u in case.consultants}
    if actor.works_cases and f"u:{actor.id}" not in present:
        present = [f"u:{actor.id}", *present]
    for key in present:
        if key in network:
            member = network[key]
            meeting.participants.append(Participant(
                network_member_id=member.id, name=member.name, relation=member.relation))
        elif key in staff:
            meeting.participants.append(Participant(user_id=staff[key].id, name=staff[key].name))
    for name in others:
        meeting.participants.append(Participant(name=name))
    db.session.add(meeting)
    if kind in (MeetingKind.REVIEW, MeetingKind.CLOSURE):
        carry_over(meeting, actor.id)  # a review starts from the previous meeting's mapping
    audit.record(actor, case, "meeting_created", meeting, None, audit.snapshot(meeting))
    db.session.commit()
    return meeting


@transactional
def close_meeting(actor: User, meeting: Meeting) -> None:
    """Close the meeting: its mapping and plan are kept as they are now and can no longer change."""
    with live.meeting_write(meeting.id, "meeting"):
        _close(actor, meeting)


def _close(actor: User, meeting: Meeting) -> None:
    if meeting.decision is None:
        raise Refused("Beantwoord eerst de vraag ‘Is het kind nu veilig?’ en sluit dan het overleg af.")
    before = audit.snapshot(meeting)
    plan.take_snapshot(meeting)  # the plan as agreed today stays with this meeting
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = utcnow()
    audit.record(actor, meeting.case, "meeting_closed", meeting, before, audit.snapshot(meeting))


@transactional
def close_help(actor: User, meeting: Meeting, *, summary: str) -> None:
    """Afsluiting: keep the summary and the contact card, close the meeting and the case."""
    if meeting.kind != MeetingKind.CLOSURE:
        raise Refused("Alleen een afsluitend overleg sluit de hulp af.")
    with live.meeting_write(meeting.id, "meeting"):
        contacts = plan.entries(meeting.case_id, PlanContact, audience=Audience.FAMILY)
        if not any(contact.network_member for contact in contacts):
            raise Refused("Vul eerst de contactkaart in: per zorg wie het gezin kan bellen (in het plan, "
                          "zichtbaar voor het gezin).", status=422)
        db.session.add(ClosingSummary(meeting_id=meeting.id, summary=summary, written_by_id=actor.id))
        audit.record(actor, meeting.case, "closing_summary_written", meeting, None, {"summary": summary})
        _close(actor, meeting)
        case = meeting.case
        before = audit.snapshot(case)
        case.status, case.closed_on, case.acute_review_on = CaseStatus.CLOSED, date.today(), None
        audit.record(actor, case, "case_closed", case, before, audit.snapshot(case))
