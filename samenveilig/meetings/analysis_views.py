"""The analysis of a meeting on the consultant's laptop: danger statements and safety goals,
the blind safety scale, and "is het kind nu veilig?" (the projector shows it: projector.py)."""

from flask import render_template, request
from flask_htmx import make_response
from flask_login import current_user

from ..audience import Audience
from ..cases.access import owned_or_404
from ..forms import form_values
from ..models import Participant
from ..services import Refused
from . import analysis, regions
from .access import board_item_or_404, meeting_or_404
from .blueprint import bp
from .forms import (
    DangerForm,
    DecisionForm,
    GoalForm,
    PairForm,
    RoundForm,
    child_choices,
    danger_choices,
)


@bp.post("/overleg/<int:meeting_id>/gevaar")
def add_danger(meeting_id: int):
    """A danger statement, written with guidance."""
    meeting = meeting_or_404(meeting_id)
    form = DangerForm().for_meeting(meeting)
    if not form.validate_on_submit():
        return render_template("meetings/_danger_form.html", meeting=meeting, danger_form=form), 422
    analysis.add_danger(current_user, meeting, text=form.text(), worried=form.who_worries(), **form_values(
        form, "behaviour", "outcome", "term", "family_view", "speaker", "visibility", "child"))
    blank = DangerForm(formdata=None).for_meeting(meeting)
    return _changed("danger, pairs", "meetings/_danger_form.html", meeting=meeting, danger_form=blank)


@bp.post("/overleg/<int:meeting_id>/doelen")
def add_goal(meeting_id: int):
    """A safety goal, written with guidance and tied to its danger statement."""
    meeting = meeting_or_404(meeting_id)
    form = regions.goal_form(meeting)
    if not form.validate_on_submit():
        return render_template("meetings/_goal_form.html", meeting=meeting, goal_form=form), 422
    values = form_values(form, "behaviour", "duration", "speaker", "visibility", "child")
    analysis.add_goal(current_user, meeting, danger_id=_int(form.danger.data), text=form.text(), **values)
    blank = regions.goal_form(meeting, formdata=None)
    return _changed("safety_goal, pairs", "meetings/_goal_form.html", meeting=meeting, goal_form=blank)


@bp.post("/overleg/<int:meeting_id>/voorwaarden")
def add_bottom_line(meeting_id: int):
    """A bottom line (niet-onderhandelbare voorwaarde), with its reason and its danger."""
    meeting = meeting_or_404(meeting_id)
    form = regions.bottom_line_form(meeting)
    if not form.validate_on_submit():
        return render_template("meetings/_bottom_line_form.html", meeting=meeting, bottom_line_form=form), 422
    analysis.add_bottom_line(current_user, meeting, danger_id=_int(form.danger.data),
                             **form_values(form, "text", "reason", "visibility"))
    blank = regions.bottom_line_form(meeting, formdata=None)
    return _changed("bottom_line", "meetings/_bottom_line_form.html", meeting=meeting, bottom_line_form=blank)


@bp.get("/overleg/<int:meeting_id>/voorwaarden/gevaar-keuze")
def bottom_line_danger_field(meeting_id: int):
    """The bottom line form's choice of danger statement, re-fetched when the dangers change;
    the choice made so far stays."""
    meeting = meeting_or_404(meeting_id)
    form = regions.bottom_line_form(meeting, formdata=request.args)
    return render_template("meetings/_bottom_line_danger_choice.html", bottom_line_form=form)


@bp.get("/overleg/<int:meeting_id>/<any(gevaar, doelen):kind>/zin")
def sentence(meeting_id: int, kind: str):
    """The sentence a danger statement or safety goal will read as, while its parts are typed."""
    meeting = meeting_or_404(meeting_id)
    form = (DangerForm if kind == "gevaar" else GoalForm)(formdata=request.args, meta={"csrf": False})
    form.for_meeting(meeting)
    form.refresh_sentence()
    return render_template("meetings/_sentence.html", meeting=meeting, kind=kind, form=form)


@bp.get("/overleg/<int:meeting_id>/doelen/gevaar-keuze")
def goal_danger_field(meeting_id: int):
    """The goal form's choice of danger statement, re-fetched when the dangers change; the
    choice made so far stays."""
    meeting = meeting_or_404(meeting_id)
    form = regions.goal_form(meeting, formdata=request.args)
    return render_template("meetings/_goal_danger_choice.html", goal_form=form)


@bp.post("/overleg/<int:meeting_id>/doelen/<int:item_id>/koppelen")
def pair_goal(meeting_id: int, item_id: int):
    """Tie a safety goal to a danger statement."""
    meeting, goal = board_item_or_404(meeting_id, item_id)
    form = PairForm()
    form.danger.choices = danger_choices(analysis.dangers(meeting.id, audience=Audience.CONSULTANT))
    if goal.category != "safety_goal" or not form.validate_on_submit():
        raise Refused("Kies een gevaarsinschatting van dit overleg.", status=422)
    analysis.pair_goal(current_user, goal, _int(form.danger.data))
    return make_response("", 204, trigger="pairs-changed")


@bp.post("/overleg/<int:meeting_id>/schaal")
def start_round(meeting_id: int):
    """Open a scaling round, overall or for one danger statement."""
    meeting = meeting_or_404(meeting_id)
    form = RoundForm()
    form.about.choices = danger_choices(analysis.dangers(meeting.id, audience=Audience.CONSULTANT))
    form.child.choices = child_choices(meeting.case)
    if not form.validate_on_submit():
        raise Refused("Kies waarover er gescoord wordt: algemeen of een gevaarsinschatting, en over welk kind.",
                      status=422)
    analysis.start_round(current_user, meeting, _int(form.about.data), form.child.data)
    return make_response("", 204, trigger="scale-changed")


@bp.post("/overleg/<int:meeting_id>/schaal/scores")
def enter_score(meeting_id: int):
    """The consultant types a participant's score; screens only show that they scored."""
    meeting = meeting_or_404(meeting_id)
    form = regions.score_form(meeting)
    scale_round = analysis.open_round(meeting.id)
    if not form.validate_on_submit() or scale_round is None:
        if scale_round is None:
            form.form_errors.append("Start eerst een schaalronde.")
        return render_template("meetings/_score_form.html", meeting=meeting, score_form=form), 422
    participant = owned_or_404(Participant, int(form.participant.data), meeting)
    analysis.enter_score(current_user, scale_round, participant,
                         **form_values(form, "score", "why_high", "one_higher"))
    blank = regions.score_form(meeting, formdata=None)
    return _changed("scale", "meetings/_score_form.html", meeting=meeting, score_form=blank)


@bp.post("/overleg/<int:meeting_id>/schaal/onthullen")
def reveal(meeting_id: int):
    """Show every score at once."""
    meeting = meeting_or_404(meeting_id)
    scale_round = analysis.open_round(meeting.id)
    if scale_round is None:
        raise Refused("Er loopt geen schaalronde. Start er eerst een.")
    analysis.reveal(current_user, scale_round)
    return make_response("", 204, trigger="scale-changed")


@bp.post("/overleg/<int:meeting_id>/aanwezigen/<int:participant_id>/gsm-vrijgeven")
def release_phone(meeting_id: int, participant_id: int):
    """Free a name that the wrong phone chose."""
    meeting = meeting_or_404(meeting_id)
    analysis.release(current_user, owned_or_404(Participant, participant_id, meeting))
    return make_response("", 204, trigger="scale-changed")


@bp.post("/overleg/<int:meeting_id>/veiligheid")
def decide(meeting_id: int):
    """Is het kind nu veilig? Yes, no (acute: an arrangement, a step today or within 24 hours)
    or unclear (a step to clarify it), with how fast the next step must be."""
    meeting = meeting_or_404(meeting_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_template("meetings/_decision_form.html", meeting=meeting, decision_form=form), 422
    analysis.decide(current_user, meeting, **form_values(
        form, "answer", "reasoning", "urgency", "arrangement_who", "arrangement_what",
        "arrangement_until", "clarify_step", "review_on"))
    saved = DecisionForm(formdata=None, obj=meeting.decision)
    return _changed("decision", "meetings/_decision_form.html", meeting=meeting, decision_form=saved)


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _changed(regions_changed: str, template: str, **context):
    events = ", ".join(f"{r.strip()}-changed" for r in regions_changed.split(","))
    return make_response(render_template(template, **context), trigger=events)
