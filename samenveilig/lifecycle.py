"""A meeting from start to end: opening it (a review starts from the previous meeting's
mapping), closing it (the plan as agreed that day is kept with it), and closing the help
(the meeting and the case). The one place that calls meetings, plan and review together,
so that those areas never need to import each other upward."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from . import audit, dates, live
from .audience import Audience
from .extensions import db
from .models import (
    Case,
    CaseStatus,
    Category,
    ClosingSummary,
    MappingItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    PlanAction,
    PlanContact,
    User,
    utcnow,
)
from .plan import services as plan
from .review.carry import carry_over
from .services import Refused


def create_meeting(
    actor: User, case: Case, *, kind: str, held_on: date, present: list[str], others: list[str]
) -> Meeting:
    """Plan a meeting with who is present: network members, consultants, typed names."""
    with live.write(case):
        return _create_meeting(actor, case, kind, held_on, present, others)


def _create_meeting(actor: User, case: Case, kind: str, held_on: date, present: list[str],
                    others: list[str]) -> Meeting:
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
    return meeting


@dataclass
class ClosingCheck:
    """What is still missing before a meeting (or the help) closes, all of it at once.
    `no_decision` and `no_contact_card` stop the closing; `unplanned` (next steps of this
    meeting that are not in the plan, as (item id, text)) is a warning that can be accepted."""

    no_decision: bool = False
    no_contact_card: bool = False
    unplanned: list[tuple[int, str]] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.no_decision or self.no_contact_card


class NotReady(Refused):
    """Closing was refused: `check` says everything that is still missing."""

    def __init__(self, check: ClosingCheck, message: str):
        super().__init__(message)
        self.check = check


def unplanned_steps(meeting: Meeting) -> list[tuple[int, str]]:
    """The meeting's next steps that are in no plan action: not put in the plan here, nor
    (for a step carried over from an earlier meeting) there."""
    steps = db.session.execute(
        select(MappingItem.id, MappingItem.text, MappingItem.carried_from_id)
        .where(MappingItem.meeting_id == meeting.id, MappingItem.category == Category.NEXT_STEP,
               MappingItem.deleted_at.is_(None))
        .order_by(MappingItem.position, MappingItem.id)).all()
    if not steps:
        return []
    earlier = dict(db.session.execute(
        select(MappingItem.id, MappingItem.carried_from_id).join(Meeting)
        .where(Meeting.case_id == meeting.case_id, MappingItem.carried_from_id.is_not(None))).all())
    planned = set(db.session.scalars(select(PlanAction.source_item_id).where(
        PlanAction.case_id == meeting.case_id, PlanAction.source_item_id.is_not(None),
        PlanAction.deleted_at.is_(None))))
    result = []
    for item_id, text, carried_from in steps:
        chain, source = {item_id}, carried_from
        while source is not None and source not in chain:
            chain.add(source)
            source = earlier.get(source)
        if not chain & planned:
            result.append((item_id, text))
    return result


def closing_check(meeting: Meeting, *, closing_help: bool = False) -> ClosingCheck:
    """Everything a meeting still lacks to close; closing the help also needs the contact card
    (and no warning about the plan: the help ends)."""
    if closing_help:
        contacts = plan.entries(meeting.case_id, PlanContact, audience=Audience.FAMILY)
        return ClosingCheck(no_decision=meeting.decision is None,
                            no_contact_card=not any(contact.network_member for contact in contacts))
    return ClosingCheck(no_decision=meeting.decision is None, unplanned=unplanned_steps(meeting))


def close_meeting(actor: User, meeting: Meeting, *, without_plan: bool = False) -> None:
    """Close the meeting: its mapping and plan are kept as they are now and can no longer change.
    Refused with everything still missing; next steps not in the plan only until the
    consultant closes anyway (`without_plan`)."""
    check = closing_check(meeting)
    if check.blocking or (check.unplanned and not without_plan):
        raise NotReady(check, "Het overleg kan nog niet afsluiten.")
    with live.meeting_write(meeting.id, "meeting"):
        _close(actor, meeting)


def _close(actor: User, meeting: Meeting) -> None:
    if meeting.decision is None:
        raise NotReady(ClosingCheck(no_decision=True), "Het overleg kan nog niet afsluiten.")
    before = audit.snapshot(meeting)
    plan.agree(meeting)  # the plan as agreed today (proposals included) stays with this meeting
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = utcnow()
    audit.record(actor, meeting.case, "meeting_closed", meeting, before, audit.snapshot(meeting))


def help_closable(meeting: Meeting) -> bool:
    """The help can be closed from this meeting: a closing meeting of an open case, still open
    or closed as the case's latest meeting (so closing the meeting first is no dead end)."""
    if meeting.kind != MeetingKind.CLOSURE or not meeting.case.is_open:
        return False
    if meeting.is_open:
        return True
    return plan.latest_meeting(meeting.case_id) == meeting and meeting.closing_summary is None


def close_help(actor: User, meeting: Meeting, *, summary: str) -> None:
    """Afsluiting: keep the summary and the contact card, close the meeting (if it is still
    open) and the case. Refused with everything still missing at once."""
    if meeting.kind != MeetingKind.CLOSURE:
        raise Refused("Alleen een afsluitend overleg sluit de hulp af.")
    if not help_closable(meeting):
        raise Refused("Sluit de hulp af vanuit het laatste overleg van het dossier.")
    check = closing_check(meeting, closing_help=True)
    if check.blocking:
        raise NotReady(check, "De hulp kan nog niet afsluiten.")
    write = live.meeting_write(meeting.id, "meeting") if meeting.is_open else live.case_write(meeting.case, "meeting")
    with write:
        _close_help(actor, meeting, summary)


def _close_help(actor: User, meeting: Meeting, summary: str) -> None:
    db.session.add(ClosingSummary(meeting_id=meeting.id, summary=summary, written_by_id=actor.id))
    audit.record(actor, meeting.case, "closing_summary_written", meeting, None, {"summary": summary})
    if meeting.is_open:
        _close(actor, meeting)
    else:  # closed before: what the consultant proposed since is what the family keeps
        plan.agree(meeting)
    case = meeting.case
    before = audit.snapshot(case)
    case.status, case.closed_on, case.acute_review_on = CaseStatus.CLOSED, dates.today(), None
    audit.record(actor, case, "case_closed", case, before, audit.snapshot(case))
