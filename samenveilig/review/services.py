"""Opvolging en afsluiting: reviewing each action, the review questions, the proposal to the
juvenile judge, and the summary that closed the help (closing it is in lifecycle.py)."""


from sqlalchemy import func, select

from .. import audit, live
from ..extensions import db
from ..models import (
    ActionReview,
    ActionStatus,
    Case,
    ClosingSummary,
    JudgeProposal,
    Meeting,
    PlanAction,
    ProposalStatus,
    ReviewAnswers,
    User,
    Verdict,
    utcnow,
)
from ..services import Refused

STATUS_AFTER = {Verdict.GOING_WELL: ActionStatus.DOING, Verdict.STUCK: ActionStatus.STUCK,
                Verdict.DONE: ActionStatus.DONE, Verdict.ADJUST: ActionStatus.STUCK}


def reviews(meeting: Meeting) -> dict[int, ActionReview]:
    rows = db.session.scalars(select(ActionReview).where(ActionReview.meeting_id == meeting.id))
    return {row.action_id: row for row in rows}


def review_action(actor: User, meeting: Meeting, action: PlanAction, *, verdict: str, comment: str | None) -> None:
    """How an action went: gaat goed, loopt niet, gedaan, bijsturen; its status follows."""
    with live.meeting_write(meeting.id, "plan_actions"):
        if action.case_id != meeting.case_id:
            raise Refused("Deze actie hoort niet bij dit dossier.", status=422)
        row = db.session.scalar(select(ActionReview).where(
            ActionReview.meeting_id == meeting.id, ActionReview.action_id == action.id))
        before = audit.snapshot(row) if row else None
        row = row or ActionReview(meeting_id=meeting.id, action_id=action.id)
        row.verdict, row.comment = Verdict(verdict), comment or None
        row.reviewed_by_id, row.reviewed_at = actor.id, utcnow()
        db.session.add(row)
        action.status = STATUS_AFTER[Verdict(verdict)]
        action.version += 1
        action.updated_by_id, action.updated_at = actor.id, utcnow()
        audit.record(actor, meeting.case, "action_reviewed", row, before, audit.snapshot(row) | {"action": action.what})


def answer_review(actor: User, meeting: Meeting, *, going_well: str | None, to_adjust: str | None,
                  can_stop: str | None, can_stop_why: str | None) -> ReviewAnswers:
    """Lopen de veranderingen goed? Wat moet er bijgestuurd worden? Kan onze hulp hier stoppen?"""
    with live.meeting_write(meeting.id, "review") as write:
        answers = meeting.review_answers
        before = audit.snapshot(answers) if answers else None
        answers = answers or ReviewAnswers(meeting_id=meeting.id)
        answers.going_well, answers.to_adjust = going_well or None, to_adjust or None
        answers.can_stop, answers.can_stop_why = can_stop or None, can_stop_why or None
        if before is not None and not audit.changes(before, audit.snapshot(answers)):
            write.discard()  # saved again without a change
            return meeting.review_answers
        answers.updated_by_id, answers.updated_at = actor.id, utcnow()
        db.session.add(answers)
        audit.record(actor, meeting.case, "review_answered", answers, before, audit.snapshot(answers))
    return answers


# Closing the help ---------------------------------------------------------------------

def closing_summary(case: Case) -> ClosingSummary | None:
    """The summary of the meeting that closed the help, if the case was closed that way."""
    return db.session.scalar(
        select(ClosingSummary).join(Meeting).where(Meeting.case_id == case.id)
        .order_by(ClosingSummary.written_at.desc()).limit(1))


# The proposal to the juvenile judge ----------------------------------------------------

def proposals(case: Case) -> list[JudgeProposal]:
    return list(db.session.scalars(
        select(JudgeProposal).where(JudgeProposal.case_id == case.id).order_by(JudgeProposal.number.desc())))


def draft(case: Case) -> JudgeProposal | None:
    return db.session.scalar(select(JudgeProposal).where(
        JudgeProposal.case_id == case.id, JudgeProposal.status == ProposalStatus.DRAFT))


def start_proposal(actor: User, case: Case, content: dict) -> JudgeProposal:
    """A new draft: the parts drawn from the case (see proposal.assemble), and the
    consultant's own proposal still to write."""
    with live.write(case):
        if case.service != "SDJ":
            raise Refused("Een voorstel aan de jeugdrechter hoort bij een SDJ-dossier.")
        if draft(case):
            raise Refused("Er is al een ontwerp. Werk dat verder af.")
        number = (db.session.scalar(select(func.max(JudgeProposal.number)).where(
            JudgeProposal.case_id == case.id)) or 0) + 1
        proposal = JudgeProposal(case_id=case.id, number=number, body="", content=content, created_by_id=actor.id)
        db.session.add(proposal)
        audit.record(actor, case, "proposal_drafted", proposal, None, {"number": number})
    return proposal


def save_proposal(actor: User, proposal: JudgeProposal, *, body: str, version: int,
                  content: dict | None = None) -> None:
    """Save the consultant's proposal; the parts drawn from the case are drawn again
    (`content`), so the draft shows the case as it is now. A proposal written before the
    parts existed (no content) stays one text."""
    case = proposal.case
    with live.write(case) as write:
        if proposal.is_final:
            raise Refused("Een definitief voorstel verandert niet meer. Maak een nieuw ontwerp.")
        if proposal.version != version:
            raise Refused("Iemand anders heeft dit ontwerp intussen gewijzigd. Laad de pagina opnieuw.")
        content = content if proposal.content is not None else None
        if body == proposal.body and content == proposal.content:
            write.discard()  # saved without a change: no new version
            return
        proposal.body, proposal.content = body, content
        proposal.version, proposal.updated_at = proposal.version + 1, utcnow()
        audit.record(actor, case, "proposal_saved", proposal, None, {"number": proposal.number})


def finalise_proposal(actor: User, proposal: JudgeProposal) -> None:
    """The draft becomes final and is kept as it is."""
    case = proposal.case
    with live.write(case):
        if proposal.is_final:
            raise Refused("Dit voorstel is al definitief.")
        if not proposal.body.strip():
            raise Refused("Schrijf eerst ons voorstel aan de jeugdrechter en bewaar het ontwerp.")
        proposal.status, proposal.finalised_by_id, proposal.finalised_at = ProposalStatus.FINAL, actor.id, utcnow()
        audit.record(actor, case, "proposal_finalised", proposal, None, {"number": proposal.number,
                                                                        "body": proposal.body})

