"""The first draft of a proposal to the juvenile judge, put together from the case: the
latest mapping, the trend of the scale, the latest decision and the plan. Never anything
marked confidential; the consultant edits it before it becomes final."""

from sqlalchemy import select

from ..audience import Audience, shown
from ..dates import date_nl, today
from ..extensions import db
from ..meetings import services as meetings
from ..models import CATEGORY_LABELS, Case, Category, Meeting, PlanAction
from ..plan import services as plan
from .progress import charts

SECTIONS = [Category.DANGER, Category.WORRY, Category.HARM, Category.STRENGTH, Category.EXISTING_SAFETY,
            Category.SAFETY_GOAL]


def latest_meeting(case: Case) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case.id)
                             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def bottom_line_lines(items: list) -> list[str]:
    """The bottom lines (niet-onderhandelbare voorwaarden) among a meeting's items for the
    file, each with its reason and the danger statement it belongs to."""
    allowed = shown(Audience.FILE)
    lines = []
    for item in (i for i in items if i.category == Category.BOTTOM_LINE):
        bottom_line = item.bottom_line
        danger = bottom_line.danger_item if bottom_line else None
        lines.append(f"- {item.text}")
        if bottom_line:
            lines.append(f"  Waarom: {bottom_line.reason}")
        if danger is not None and danger.deleted_at is None and danger.visibility in allowed:
            lines.append(f"  Bij het gevaar: {danger.text}")
    return ["Niet-onderhandelbare voorwaarden:", *lines] if lines else []


def assemble(case: Case) -> str:
    lines = ["Voorstel aan de jeugdrechter", f"Gezin {case.family_name} ({case.reference})",
             f"Datum: {date_nl(today())}", ""]
    meeting = latest_meeting(case)
    if meeting:
        lines += [f"1. De situatie, volgens het laatste netwerkoverleg ({date_nl(meeting.held_on)})"]
        items = meetings.items(meeting.id, audience=Audience.FILE)
        for category in SECTIONS:
            chosen = [i for i in items if i.category == category]
            if chosen:
                lines.append(f"{CATEGORY_LABELS[category]}:")
                lines += [f"- {item.text}" for item in chosen]
        lines += bottom_line_lines(items)
        lines.append("")
    lines.append("2. Verloop van de veiligheidsschaal")
    found = charts(case)
    for chart in found:
        lines.append(f"{chart.title}:")
        for series in chart.series:
            scores = ", ".join(f"{date_nl(m.held_on)}: {series.scores[m.id]}" for m in chart.meetings if m.id in series.scores)
            lines.append(f"- {series.label}: {scores}")
    if not found:
        lines.append("- Nog geen scores.")
    lines.append("")
    decision = meeting.decision if meeting else None
    lines.append("3. Is het kind nu veilig?")
    if decision:
        step = f" Volgende stap: {decision.urgency_label}." if decision.urgency else ""
        lines.append(f"{decision.answer_label}. {decision.reasoning}{step}")
        if decision.is_acute:
            lines.append(f"Veiligheidsafspraak: {decision.arrangement_who}. {decision.arrangement_what}")
    else:
        lines.append("Nog niet beslist.")
    lines += ["", "4. Het plan"]
    actions = plan.entries(case.id, PlanAction, audience=Audience.FILE)
    lines += [f"- {a.what} ({a.who or 'wie nog af te spreken'}; {a.status_label})" for a in actions] or ["- Nog geen acties."]
    lines += ["", "5. Ons voorstel", "(Vul hier het voorstel aan de jeugdrechter in.)"]
    return "\n".join(lines)
