"""Opvolging en afsluiting: what changed since last time, reviewing the plan, the review
questions, closing the help, progress over time, the proposal to the judge, PDFs."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_htmx import make_response
from flask_login import current_user, login_required

from .. import audit, lifecycle
from ..cases.access import case_or_404, owned_or_404
from ..extensions import htmx
from ..live import registry
from ..meetings.access import meeting_or_404
from ..meetings.pages import close_refused
from ..models import Export, JudgeProposal, PlanAction
from ..plan.pages import row_context
from ..services import Refused
from . import carry, exports, progress, proposal, services
from .forms import ActionReviewForm, ChildFilterForm, ClosureForm, ExportForm, ProposalForm, ReviewForm

bp = Blueprint("review", __name__)

# The answers to the review questions, live on the other consultants' screens of the meeting.
registry.register("review", lambda meeting, audience: {}, consultant="review/_review_answers.html")


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in staff; each view checks access to its case."""


@bp.get("/overleg/<int:meeting_id>/veranderd")
def changes(meeting_id: int):
    """Wat is er veranderd sinds vorige keer?"""
    meeting = meeting_or_404(meeting_id)
    return render_template("review/changes.html", meeting=meeting, case=meeting.case,
                           changes=carry.changes(meeting))


@bp.post("/overleg/<int:meeting_id>/plan/acties/<int:action_id>/beoordeling")
def review_action(meeting_id: int, action_id: int):
    """How an action went, looked at together in the review."""
    meeting = meeting_or_404(meeting_id)
    action = owned_or_404(PlanAction, action_id, meeting.case)
    form = ActionReviewForm(prefix=f"review-{action.id}")
    if not form.validate_on_submit():
        raise Refused("Kies hoe het ging: gaat goed, loopt niet, gedaan of bijsturen.", status=422)
    services.review_action(current_user, meeting, action, verdict=form.verdict.data, comment=form.comment.data)
    return render_template("plan/_action.html", entry=action, kind_name="acties", **row_context(meeting))


@bp.post("/overleg/<int:meeting_id>/opvolging")
def answer_review(meeting_id: int):
    """The review questions of the brochure, answered in the meeting."""
    meeting = meeting_or_404(meeting_id)
    form = ReviewForm()
    if form.validate_on_submit():
        services.answer_review(current_user, meeting, going_well=form.going_well.data,
                               to_adjust=form.to_adjust.data, can_stop=form.can_stop.data,
                               can_stop_why=form.can_stop_why.data)
        return make_response(render_template("review/_review_form.html", meeting=meeting, review_form=form,
                                             saved=True), trigger="review-changed")
    return render_template("review/_review_form.html", meeting=meeting, review_form=form), 422


@bp.post("/overleg/<int:meeting_id>/afsluiting")
def close_help(meeting_id: int):
    """Afsluiting: the summary and the contact card are kept, the meeting and the case close."""
    meeting = meeting_or_404(meeting_id)
    form = ClosureForm()
    if not form.validate_on_submit():
        return render_template("review/_closure.html", meeting=meeting, closure_form=form), 422
    try:
        lifecycle.close_help(current_user, meeting, summary=form.summary.data)
    except lifecycle.NotReady as refused:
        return close_refused(meeting, refused, closing_help=True)
    flash("De hulp is afgesloten. Het gezin houdt het plan en de contactkaart via de gezinslink.", "success")
    target = url_for("cases.show", case_id=meeting.case_id)
    return make_response("", 204, redirect=target) if htmx else redirect(target)


@bp.get("/dossiers/<int:case_id>/voortgang")
def case_progress(case_id: int):
    """Voortgang: the safety scale over the meetings, as charts and tables."""
    case = case_or_404(case_id)
    form = ChildFilterForm(request.args).for_case(case)
    return render_template("review/progress.html", case=case, form=form,
                           charts=progress.charts(case, form.child_id, child_scores=True))


@bp.get("/dossiers/<int:case_id>/voorstel")
def proposals(case_id: int):
    """Voorstel aan de jeugdrechter: the draft and the final versions (SDJ)."""
    case = case_or_404(case_id)
    draft = services.draft(case)
    form = ProposalForm(formdata=None, obj=draft) if draft else None
    return render_template("review/proposal.html", case=case, draft=draft, form=form,
                           proposals=services.proposals(case))


@bp.post("/dossiers/<int:case_id>/voorstel")
def start_proposal(case_id: int):
    """A new draft: the parts drawn from the case, and the proposal still to write."""
    case = case_or_404(case_id)
    services.start_proposal(current_user, case, proposal.assemble(case))
    return redirect(url_for("review.proposals", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/voorstel/<int:proposal_id>")
def save_proposal(case_id: int, proposal_id: int):
    """Save the edited draft."""
    case = case_or_404(case_id)
    draft, form = owned_or_404(JudgeProposal, proposal_id, case), ProposalForm()
    if not form.validate_on_submit():
        context = dict(case=case, draft=draft, form=form, proposals=services.proposals(case))
        return render_template("review/proposal.html", **context), 422
    services.save_proposal(current_user, draft, body=form.body.data, version=form.version.data,
                           content=proposal.assemble(case))
    flash("Het ontwerp is bewaard.", "success")
    return redirect(url_for("review.proposals", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/voorstel/<int:proposal_id>/definitief")
def finalise_proposal(case_id: int, proposal_id: int):
    """The draft becomes final; it is kept as it is."""
    case = case_or_404(case_id)
    services.finalise_proposal(current_user, owned_or_404(JudgeProposal, proposal_id, case))
    flash("Het voorstel is definitief.", "success")
    return redirect(url_for("review.proposals", case_id=case.id))


@bp.post("/overleg/<int:meeting_id>/pdf")
def export_meeting(meeting_id: int):
    """Start a PDF of this meeting for the case file or for the family."""
    meeting = meeting_or_404(meeting_id)
    form = ExportForm()
    if not form.validate_on_submit():
        raise Refused("Kies voor wie de PDF is: voor het dossier of voor het gezin.", status=422)
    export = exports.start(current_user, meeting.case, audience=form.audience.data, meeting=meeting)
    return render_template("review/_export.html", export=export)


@bp.post("/dossiers/<int:case_id>/voorstel/<int:proposal_id>/pdf")
def export_proposal(case_id: int, proposal_id: int):
    """Start a PDF of a proposal to the judge."""
    case = case_or_404(case_id)
    found, form = owned_or_404(JudgeProposal, proposal_id, case), ExportForm()
    if not form.validate_on_submit():
        raise Refused("Kies voor wie de PDF is: voor het dossier of voor het gezin.", status=422)
    export = exports.start(current_user, case, audience=form.audience.data, proposal=found)
    return render_template("review/_export.html", export=export)


@bp.get("/dossiers/<int:case_id>/pdf/<int:export_id>")
def export_status(case_id: int, export_id: int):
    """How far the PDF is (polled while it is being made)."""
    export = owned_or_404(Export, export_id, case_or_404(case_id))
    return render_template("review/_export.html", export=export)


@bp.get("/dossiers/<int:case_id>/pdf/<int:export_id>/download")
def download(case_id: int, export_id: int):
    """The finished PDF."""
    export = owned_or_404(Export, export_id, case_or_404(case_id))
    if export.pdf is None:
        abort(404)
    audit.record_view(current_user, case_id, "pdf_downloaded", export, {"file": export.filename})
    headers = {"Content-Disposition": f'attachment; filename="{export.filename}"', "Cache-Control": "no-store"}
    return Response(export.pdf, mimetype="application/pdf", headers=headers)
