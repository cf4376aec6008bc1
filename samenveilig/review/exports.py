"""PDFs for the case file, made in the background so the consultant sees them progress.

"Voor het dossier" holds what is for the family and for the services; "voor het gezin" only
what is for the family, and exists for meetings only: a proposal to the judge is free text
drawn from professional items too, so it is made for the file alone. Confidential items are
never in a PDF."""

import logging
import threading

from flask import Flask, current_app, render_template
from sqlalchemy import select

from .. import audit
from ..dates import today
from ..extensions import db
from ..meetings import services as meetings
from ..models import (
    Case,
    Export,
    ExportStatus,
    JudgeProposal,
    Meeting,
    PlanSnapshot,
    RoundStatus,
    ScaleRound,
    User,
    Visibility,
    utcnow,
)
from ..plan import services as plan
from ..services import Refused

log = logging.getLogger(__name__)
AUDIENCES = {
    "file": ("voor het dossier", (Visibility.FAMILY, Visibility.PROFESSIONAL)),
    "family": ("voor het gezin", (Visibility.FAMILY,)),
}


def start(actor: User, case: Case, *, audience: str, meeting: Meeting | None = None,
          proposal: JudgeProposal | None = None) -> Export:
    """Queue a PDF and start making it; the returned export shows its progress."""
    if audience not in AUDIENCES:
        raise Refused("Kies voor wie de PDF is.", status=422)
    if proposal is not None and audience != "file":
        # Its free text mixes family and professional items: the family hears of it another way.
        raise Refused("Een voorstel aan de jeugdrechter is voor de rechter en het dossier; er is geen "
                      "versie voor het gezin. Bespreek het voorstel met het gezin.", status=422)
    what = f"overleg-{meeting.held_on.isoformat()}" if meeting else f"voorstel-{proposal.number}"
    export = Export(case_id=case.id, meeting_id=meeting.id if meeting else None,
                    proposal_id=proposal.id if proposal else None, audience=audience, created_by_id=actor.id,
                    filename=f"{case.reference}-{what}-{audience}.pdf")
    db.session.add(export)
    audit.record(actor, case, "pdf_made", export, None, {"audience": AUDIENCES[audience][0], "file": export.filename})
    db.session.commit()
    app = current_app._get_current_object()
    if app.config["EXPORTS_INLINE"]:
        run(app, export.id)
        db.session.refresh(export)
    else:
        threading.Thread(target=run, args=(app, export.id), name=f"export-{export.id}", daemon=True).start()
    return export


def run(app: Flask, export_id: int) -> None:
    """Render the HTML, then the PDF, and keep it with the export."""
    with app.app_context():
        export = db.session.get(Export, export_id)
        try:
            _step(export, ExportStatus.RUNNING, 20)
            template, context = _document(export)
            html = render_template(template, **context)
            _step(export, ExportStatus.RUNNING, 60)
            export.pdf = render_pdf(html)
            export.finished_at = utcnow()
            _step(export, ExportStatus.DONE, 100)
        except Exception:  # shown to the consultant as a failed export; details in the log
            log.exception("export %s failed", export_id)
            db.session.rollback()
            export = db.session.get(Export, export_id)
            export.error = "De PDF kon niet gemaakt worden. Probeer het opnieuw of meld het aan je beheerder."
            _step(export, ExportStatus.FAILED, export.progress)
        finally:
            db.session.remove()


def render_pdf(html: str) -> bytes:
    """The PDF of this HTML; it may embed data: URIs but never reads a file or the network
    (an item's text is escaped anyway; this holds even if markup slipped through)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    only_embedded = URLFetcher(allowed_protocols=("data",), allow_redirects=False)
    return HTML(string=html, url_fetcher=only_embedded).write_pdf()


def _step(export: Export, status: str, progress: int) -> None:
    export.status, export.progress = status, progress
    db.session.commit()


def _document(export: Export) -> tuple[str, dict]:
    label, shown = AUDIENCES[export.audience]
    case = db.session.get(Case, export.case_id)
    context = dict(case=case, audience=label, made_on=today(), shown=shown)
    if export.proposal_id:
        return "review/pdf_proposal.html", context | dict(proposal=db.session.get(JudgeProposal, export.proposal_id))
    meeting = db.session.get(Meeting, export.meeting_id)
    items = [i for i in meetings.items(meeting.id, family_only=False) if i.visibility in shown]
    rounds = db.session.scalars(select(ScaleRound).where(
        ScaleRound.meeting_id == meeting.id, ScaleRound.status == RoundStatus.REVEALED).order_by(ScaleRound.id)).all()
    return "review/pdf_meeting.html", context | dict(
        meeting=meeting, items=items, rounds=rounds, plan=_plan(meeting, shown))


def _plan(meeting: Meeting, shown) -> dict:
    """The plan as agreed at this meeting (its snapshot once closed), for this audience."""
    snapshot = db.session.get(PlanSnapshot, meeting.id)
    if snapshot is not None:
        return {part: [e for e in entries if e["visibility"] in shown] for part, entries in snapshot.content.items()}
    current = plan.plan(meeting.case_id, family_only=False)
    return {
        "actions": [dict(what=a.what, who=a.who, how=a.how, status=a.status, due_on=a.due_on.isoformat() if a.due_on else None,
                         due_text=a.due_text) for a in current["actions"] if a.visibility in shown],
        "rules": [dict(text=r.text) for r in current["rules"] if r.visibility in shown],
        "signs": [dict(sign=s.sign, response=s.response) for s in current["signs"] if s.visibility in shown],
        "contacts": [dict(worry=c.worry, who=plan._contact_name(c), phone=plan._contact_phone(c))
                     for c in current["contacts"] if c.visibility in shown],
    }


def export_or_none(export_id: int) -> Export | None:
    return db.session.get(Export, export_id)
