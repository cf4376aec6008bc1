"""PDFs for the case file. `start` queues one as an `Export` row; the PDF worker
(`worker.py`, a process of its own) makes it, and the consultant's page polls its progress.

"Voor het dossier" holds what is for the family and for the services; "voor het gezin" only
what is for the family, and exists for closed meetings only (what was agreed; an open
meeting's items are still being discussed); the family's PDF of the meeting that ended the
help carries the closing contact card. A proposal to the judge is drawn from professional
items too, so it is made for the file alone. Confidential items are never in a PDF."""

import base64

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from .. import audit, i18n, live
from ..audience import Audience, shown_to
from ..children import safety
from ..children.services import shared_entries
from ..dates import today
from ..extensions import db
from ..meetings import services as meetings
from ..models import (
    Case,
    Category,
    ChildHouseEntry,
    Drawing,
    Export,
    JudgeProposal,
    Meeting,
    PlanSnapshot,
    RoundStatus,
    ScaleRound,
    StoryVersion,
    User,
)
from ..plan import services as plan
from ..services import Refused
from ..stories import services as stories
from . import why
from .card import ContactCard, closing_card

# The family's PDF holds what was agreed: a meeting's items and plan once it closed.
OPEN_MEETING = ("Een PDF voor het gezin kan pas als het overleg is afgesloten: dan staat erin wat samen is "
                "afgesproken. Maak intussen een PDF voor het dossier.")
AUDIENCES = {Audience.FILE: i18n.N_("voor het dossier"), Audience.FAMILY: i18n.N_("voor het gezin")}


def start(actor: User, case: Case, *, audience: str, meeting: Meeting | None = None,
          proposal: JudgeProposal | None = None, story: StoryVersion | None = None) -> Export:
    """Queue a PDF for the PDF worker; the returned export shows its progress."""
    if audience not in AUDIENCES:
        raise Refused("Kies voor wie de PDF is.", status=422)
    if story is not None and audience == Audience.FAMILY and not story.is_shared:
        raise Refused("Een PDF voor het gezin kan pas als deze versie gedeeld is met het gezin. "
                      "Maak intussen een PDF voor het dossier, of druk de uitleg af.", status=422)
    if meeting is not None and audience == Audience.FAMILY and meeting.is_open:
        raise Refused(OPEN_MEETING, status=422)
    if proposal is not None and audience != "file":
        # It mixes family and professional items: the family hears of it another way.
        raise Refused("Een voorstel aan de jeugdrechter is voor de rechter en het dossier; er is geen "
                      "versie voor het gezin. Bespreek het voorstel met het gezin.", status=422)
    if story is not None:
        what = f"uitleg-kind-{story.child_id}-versie-{story.version_number}"
    else:
        what = f"overleg-{meeting.held_on.isoformat()}" if meeting else f"voorstel-{proposal.number}"
    with live.write():  # also of a closed case: its file keeps its PDFs
        export = Export(case_id=case.id, meeting_id=meeting.id if meeting else None,
                        proposal_id=proposal.id if proposal else None,
                        story_version_id=story.id if story else None, audience=audience,
                        created_by_id=actor.id, filename=f"{case.reference}-{what}-{audience}.pdf")
        db.session.add(export)
        audit.record(actor, case, "pdf_made", export, None,
                     {"audience": AUDIENCES[audience], "file": export.filename})
    return export


def document_html(export: Export) -> str:
    """The document of this export as HTML, for its audience: the family's in the case's
    language, the file's (and the judge's proposal) in Dutch."""
    template, context = _document(export)
    family = export.audience == Audience.FAMILY
    with i18n.speaking(context["case"].family_language if family else i18n.SOURCE):
        return render_template(template, **context)


def css_content(text: str) -> Markup:
    """A text as the value of a CSS `content:` in the page margins, `{page}` and `{pages}`
    standing for the page counters."""
    text = text.unescape() if isinstance(text, Markup) else text  # a style sheet reads no entities
    quoted = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    counters = quoted.replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
    return Markup(f'"{counters}"')


def render_pdf(html: str) -> bytes:
    """The PDF of this HTML; it may embed data: URIs but never reads a file or the network
    (an item's text is escaped anyway; this holds even if markup slipped through)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    only_embedded = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    return HTML(string=html, url_fetcher=only_embedded).write_pdf()


def _document(export: Export) -> tuple[str, dict]:
    audience = Audience(export.audience)
    case = db.session.get(Case, export.case_id)
    context = dict(case=case, audience=AUDIENCES[audience], made_on=today(), reader=audience,
                   css_content=css_content)
    if export.proposal_id:
        return "review/pdf_proposal.html", context | dict(proposal=db.session.get(JudgeProposal, export.proposal_id))
    if export.story_version_id:
        return _story(db.session.get(StoryVersion, export.story_version_id), audience, context)
    meeting = db.session.get(Meeting, export.meeting_id)
    if audience == Audience.FAMILY and meeting.is_open:
        raise Refused(OPEN_MEETING)  # asked for before this rule: not made
    items = meetings.items(meeting.id, audience=audience)
    rounds = db.session.scalars(select(ScaleRound).where(
        ScaleRound.meeting_id == meeting.id, ScaleRound.status == RoundStatus.REVEALED).order_by(ScaleRound.id)).all()
    family = audience == Audience.FAMILY
    return "review/pdf_meeting.html", context | dict(
        meeting=meeting, items=[item for item in items if item.category != Category.BOTTOM_LINE], rounds=rounds,
        plan=_plan(meeting, audience), children_words=_children_words(case.id, audience),
        bottom_lines=[item for item in items if item.category == Category.BOTTOM_LINE],
        why=why.for_family(meeting, today(), helping=case.is_open) if family else None,
        card=_card(case, meeting, audience), children_safety=safety.for_children(case, audience, meeting),
        safety_picture=_safety_picture, safety_css=_safety_css())


def _safety_picture(shown: safety.PlanShown) -> str | None:
    """A child's safety plan's picture inside the PDF: her drawing (only where she shares it with
    the PDF's audience: `safety_plan_for` left it out otherwise) or the figure, as a data: URI."""
    if shown.drawing is not None:
        return f"data:{shown.drawing.mimetype};base64,{base64.b64encode(shown.drawing.thumbnail).decode()}"
    if shown.figure:
        return f"data:image/svg+xml;base64,{base64.b64encode(stories.static_file(f'figures/{shown.figure}.svg')).decode()}"
    return None


def _safety_css() -> str:
    """The lines of the Safety House's drawing and the plan, as on the A4 print."""
    return ".safety-house__svg { width: 100%; height: auto; max-height: 190mm; } " \
           ".safety-plan__picture { max-width: 50mm; max-height: 40mm; } " \
           ".safety-plan, .safety-house { break-inside: avoid; page-break-inside: avoid; }"


def _card(case: Case, meeting: Meeting, audience: Audience) -> ContactCard | None:
    """The family's PDF of the meeting that ended the help carries the closing contact card."""
    if audience != Audience.FAMILY or meeting.closing_summary is None:
        return None
    return closing_card(case)


def _children_words(case_id: int, audience: Audience) -> list[tuple[ChildHouseEntry, str | None]]:
    """For the family's PDF: what each child agreed to share with everyone, as on the family
    link, each with its drawing embedded (the PDF reads no URL). The file has the child's page."""
    if audience != Audience.FAMILY:
        return []
    return [(entry, _data_uri(entry.drawing) if entry.drawing else None) for entry in shared_entries(case_id)]


def _data_uri(drawing: Drawing) -> str:
    return f"data:{drawing.mimetype};base64,{base64.b64encode(drawing.thumbnail).decode()}"


def _story(version: StoryVersion, audience: Audience, context: dict) -> tuple[str, dict]:
    """A child's explanation on A4: for the family only the version shared with them (also
    when it was unshared after the PDF was asked for), and a child's drawing only where the
    child agreed to share it with this audience."""
    if audience == Audience.FAMILY and not version.is_shared:
        raise Refused("Deze versie is niet (meer) gedeeld met het gezin.")
    return "stories/story_pdf.html", context | dict(
        version=version, child=version.child, story_css=stories.print_css(),
        picture_url=lambda panel: stories.embedded_picture(panel, audience))


def _plan(meeting: Meeting, audience: Audience) -> dict:
    """The plan as agreed at this meeting (its snapshot once closed), for this audience."""
    snapshot = db.session.get(PlanSnapshot, meeting.id)
    if snapshot is not None:
        return {part: [e for e in entries if shown_to(e, audience)] for part, entries in snapshot.content.items()}
    return plan.content(meeting.case_id, audience=audience)
