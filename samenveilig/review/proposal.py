"""The proposal to the juvenile judge as a structured document: the parts drawn from the
case (`assemble`), each in its own section, and the consultant's own proposal beside them
(`JudgeProposal.body`). The parts are plain data (`JudgeProposal.content`), so a final
proposal keeps them as they were; review/_proposal_document.html prints them on the page and
in the PDF. Never anything marked confidential: the file's audience, as every document that
leaves the agency."""

from sqlalchemy import select

from ..audience import Audience, shown_to, visible
from ..dates import age, date_nl, today
from ..extensions import db
from ..meetings import services as meetings
from ..models import (
    CATEGORY_LABELS,
    COLUMNS,
    HOUSE_LABELS,
    Case,
    Category,
    ChildHouseEntry,
    ChildScore,
    Feedback,
    House,
    Meeting,
    NetworkMember,
    PlanAction,
    ReviewAnswers,
)
from ..plan import services as plan
from .progress import charts

AUDIENCE = Audience.FILE
# The columns of the mapping, without the next steps: the plan says what happens next.
SITUATION = [(title, [c for c in categories if c != Category.NEXT_STEP]) for title, categories in COLUMNS]


def latest_meeting(case: Case) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case.id)
                             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def assemble(case: Case) -> dict:
    """Everything the judge reads beside the consultant's proposal, as plain data, in the
    order of the document."""
    meeting = latest_meeting(case)
    items = meetings.items(meeting.id, audience=AUDIENCE) if meeting else []
    return dict(
        made_on=date_nl(today()),
        children=[dict(name=child.first_name, born=date_nl(child.date_of_birth), age=age(child.date_of_birth))
                  for child in case.children],
        meeting=dict(held_on=date_nl(meeting.held_on), kind=meeting.kind_label) if meeting else None,
        situation=_situation(items),
        bottom_lines=_bottom_lines(items),
        children_view=_children_view(case),
        family_view=dict(dangers=_family_view(items), feedback=_feedback(case)),
        network=_network(case),
        scale=_scale(case),
        decision=_decision(meeting),
        can_stop=_can_stop(case),
        plan=[dict(what=a.what, who=a.who or "wie nog af te spreken", status=a.status_label,
                   due=date_nl(a.due_on) if a.due_on else a.due_text)
              for a in plan.entries(case.id, PlanAction, audience=AUDIENCE)],
    )


def _who(item) -> str:
    if item.child_says:
        return item.child_says
    return f"zegt {item.speaker.label}" if item.speaker else "iedereen"


def _situation(items: list) -> list[dict]:
    """The latest mapping by column and category, each item with who said it; a danger
    statement with its term and the safety goals that answer it."""
    columns = []
    for title, categories in SITUATION:
        parts = []
        for category in categories:
            chosen = [item for item in items if item.category == category]
            if chosen:
                parts.append(dict(label=CATEGORY_LABELS[category], items=[_item(item, items) for item in chosen]))
        if parts:
            columns.append(dict(title=title, parts=parts))
    return columns


def _bottom_lines(items: list) -> list[dict]:
    """The bottom lines (niet-onderhandelbare voorwaarden): each with its reason and the danger
    statement it belongs to, where the file may read that danger."""
    lines = []
    for item in (i for i in items if i.category == Category.BOTTOM_LINE):
        bottom_line = item.bottom_line
        danger = bottom_line.danger_item if bottom_line else None
        lines.append(dict(text=item.text, reason=bottom_line.reason if bottom_line else None,
                          danger=danger.text if danger is not None and danger.deleted_at is None
                          and shown_to(danger, AUDIENCE) else None))
    return lines


def _item(item, items: list) -> dict:
    entry = dict(text=item.text, who=_who(item), about=item.child.first_name if item.child else None)
    if item.category == Category.DANGER:
        entry["term"] = item.term_label
        entry["goals"] = [goal.text for goal in items if goal.category == Category.SAFETY_GOAL
                          and goal.goal is not None and goal.goal.danger_item_id == item.id]
    return entry


def _children_view(case: Case) -> list[dict]:
    """Per child: what the child shared with the professionals or everyone, house by house,
    what the child wants (the house of dreams), and the child's own score over time."""
    entries = db.session.scalars(
        select(ChildHouseEntry).where(ChildHouseEntry.case_id == case.id,
                                      visible(ChildHouseEntry.visibility, AUDIENCE))
        .order_by(ChildHouseEntry.talked_on, ChildHouseEntry.id)).all()
    scores = db.session.scalars(select(ChildScore).where(ChildScore.case_id == case.id)
                                .order_by(ChildScore.scored_on)).all()
    result = []
    for child in case.children:
        said = [e for e in entries if e.child_id == child.id]

        def house(kind: House, said=said) -> list[dict]:
            return [dict(text=e.text, on=date_nl(e.talked_on), shared=e.sharing_label)
                    for e in said if e.house == kind]

        own = [dict(on=date_nl(s.scored_on), score=s.score) for s in scores if s.child_id == child.id]
        if not (said or own):
            continue
        result.append(dict(
            name=child.first_name, age=age(child.date_of_birth),
            houses=[dict(label=HOUSE_LABELS[kind], entries=house(kind)) for kind in (House.WORRIES, House.GOOD)
                    if house(kind)],
            wants=house(House.DREAMS), scores=own))
    return result


def _family_view(items: list) -> list[dict]:
    """How the family sees each danger statement, as recorded with it."""
    return [dict(danger=item.text, view=item.danger.family_view if item.danger else None)
            for item in items if item.category == Category.DANGER]


def _feedback(case: Case) -> list[dict]:
    rows = db.session.scalars(select(Feedback).where(Feedback.case_id == case.id)
                              .order_by(Feedback.created_at, Feedback.id)).all()
    return [dict(on=date_nl(row.created_at), rating=row.rating, text=row.text) for row in rows]


def _network(case: Case) -> list[dict]:
    """The safety network: who protects the child, what each promised, whether they know the
    danger statement and when they last said they still do."""
    members = db.session.scalars(select(NetworkMember).where(
        NetworkMember.case_id == case.id, NetworkMember.in_safety_network.is_(True))
        .order_by(NetworkMember.name, NetworkMember.id)).all()
    return [dict(name=m.name, relation=m.relation, commitment=m.commitment, knows_danger=m.knows_danger,
                 confirmed_on=date_nl(m.confirmed_on) if m.confirmed_on else None) for m in members]


def _scale(case: Case) -> list[dict]:
    result = []
    for chart in charts(case):
        result.append(dict(title=chart.title, series=[
            dict(label=series.label, scores=[dict(on=date_nl(m.held_on), score=series.scores[m.id])
                                             for m in chart.meetings if m.id in series.scores])
            for series in chart.series]))
    return result


def _decision(meeting: Meeting | None) -> dict | None:
    decision = meeting.decision if meeting else None
    if decision is None:
        return None
    return dict(answer=decision.answer_label, reasoning=decision.reasoning, urgency=decision.urgency_label,
                arrangement_who=decision.arrangement_who if decision.is_acute else None,
                arrangement_what=decision.arrangement_what if decision.is_acute else None,
                arrangement_until=decision.arrangement_until if decision.is_acute else None,
                clarify_step=decision.clarify_step if decision.is_unclear else None,
                review_on=date_nl(decision.review_on) if decision.review_on else None)


def _can_stop(case: Case) -> dict | None:
    """"Kan onze hulp stoppen?" as the latest meeting that asked it answered it."""
    answers = db.session.scalar(
        select(ReviewAnswers).join(Meeting).where(Meeting.case_id == case.id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))
    if answers is None:
        return None
    return dict(held_on=date_nl(answers.meeting.held_on), answer=answers.can_stop_label, why=answers.can_stop_why,
                going_well=answers.going_well, to_adjust=answers.to_adjust)

