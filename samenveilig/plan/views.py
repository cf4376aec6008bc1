"""The plan: built live in the meeting (the plan tab, keyboard first like the board), kept on
the case, printed for the fridge (the projector shows it: projector.py)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_htmx import make_response
from flask_login import current_user, login_required

from .. import i18n
from ..audience import Audience
from ..cases.access import case_or_404, owned_or_404
from ..meetings.access import board_item_or_404, meeting_or_404
from ..meetings.pages import consultant_screen
from ..models import FAMILY_LANGUAGE_LABELS, PlanAction, PlanContact
from ..services import Conflict
from ..share.services import agreed
from . import services
from .forms import StatusForm
from .pages import KINDS, Kind, at_the_desk, row_context

bp = Blueprint("plan", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in staff; each view checks access to its case."""


def kind_or_404(name: str) -> Kind:
    if name not in KINDS:
        abort(404)
    return KINDS[name]


def plan_entry_or_404(meeting_id: int, kind_name: str, entry_id: int):
    """An entry of the plan from a meeting the current user may see: (meeting, kind, entry), else 404."""
    meeting, kind = meeting_or_404(meeting_id), kind_or_404(kind_name)
    return meeting, kind, owned_or_404(kind.model, entry_id, meeting.case)


def form_for(kind: Kind, case, prefix: str, goal: int | None = None, **kwargs):
    """`goal`: the safety goal the action being edited serves, offered even when it was let go."""
    form = kind.form(prefix=prefix, **kwargs)
    goals = services.goal_choices(case.id, keep=goal) if kind.model is PlanAction else []
    lines = kwargs["obj"].translations or {} if kwargs.get("obj") is not None else None
    return form.for_case(services.people(case), goals, case.network).in_languages(case.translated_languages, lines)


def plan_context(meeting) -> dict:
    forms = {k.row: form_for(k, meeting.case, f"new-{k.row}", formdata=None) for k in KINDS.values()}
    return dict(case=meeting.case, kinds=KINDS, add_forms=forms,
                plan=services.plan(meeting.case_id, audience=Audience.CONSULTANT), **row_context(meeting),
                **consultant_screen(meeting).context())


@bp.get("/overleg/<int:meeting_id>/plan")
def page(meeting_id: int):
    """The plan tab of the meeting: who does what, agreements, warning signs, whom to call."""
    meeting = meeting_or_404(meeting_id)
    return render_template("plan/page.html", **plan_context(meeting))


@bp.post("/overleg/<int:meeting_id>/plan/<kind_name>")
def add(meeting_id: int, kind_name: str):
    """Add to a list of the plan; the form stays for the next one."""
    meeting, kind = meeting_or_404(meeting_id), kind_or_404(kind_name)
    form = form_for(kind, meeting.case, f"new-{kind.row}")
    if not form.validate_on_submit():
        context = dict(meeting=meeting, kind=kind, kind_name=kind_name, form=form)
        return render_template(f"plan/_{kind.row}_add.html", **context), 422
    people = form.who.data if kind.model is PlanAction else None
    services.add_entry(current_user, meeting.case, meeting, kind.model, form.values(), people)
    return make_response("", 204, trigger=f"{kind.region}-changed")


@bp.get("/overleg/<int:meeting_id>/plan/<kind_name>/<int:entry_id>")
def entry(meeting_id: int, kind_name: str, entry_id: int):
    """One entry as shown in its list (to cancel an edit)."""
    meeting, kind, entry = plan_entry_or_404(meeting_id, kind_name, entry_id)
    return render_template(f"plan/_{kind.row}.html", kind_name=kind_name, entry=entry, **row_context(meeting))


@bp.get("/overleg/<int:meeting_id>/plan/<kind_name>/<int:entry_id>/bewerken")
def edit(meeting_id: int, kind_name: str, entry_id: int):
    """One entry as an inline edit form."""
    meeting, kind, entry = plan_entry_or_404(meeting_id, kind_name, entry_id)
    form, goal = edit_form(meeting, kind, entry, formdata=None, obj=entry)
    prefill(form, entry, goal)
    return render_template(f"plan/_{kind.row}_form.html", meeting=meeting, kind_name=kind_name, entry=entry, form=form)


def edit_form(meeting, kind: Kind, entry, **kwargs):
    """An entry's inline edit form, and the goal an action serves as the latest meeting has it."""
    goal = services.latest_goal(getattr(entry, "goal_item_id", None))
    return form_for(kind, meeting.case, f"{kind.row}-{entry.id}", goal=goal, **kwargs), goal


def prefill(form, entry, goal: int | None) -> None:
    """The choices that are not plain columns: people, goal (as the latest meeting has it),
    contact person."""
    if isinstance(entry, PlanAction):
        form.who.data = [p.key for p in entry.people]
        form.goal.data = str(goal or "")
    if isinstance(entry, PlanContact):
        form.member.data = str(entry.network_member_id or "")


@bp.post("/overleg/<int:meeting_id>/plan/<kind_name>/<int:entry_id>")
def update(meeting_id: int, kind_name: str, entry_id: int):
    """Save an edit; based on an older version it is refused with 409 and says who changed it."""
    meeting, kind, entry = plan_entry_or_404(meeting_id, kind_name, entry_id)
    form, _goal = edit_form(meeting, kind, entry)
    context = dict(meeting=meeting, kind_name=kind_name, entry=entry, form=form)
    if not form.validate_on_submit():
        return render_template(f"plan/_{kind.row}_form.html", **context), 422
    try:
        services.update_entry(current_user, entry, version=form.version.data or 0, values=form.entry_values(),
                              people_keys=form.who.data if kind.model is PlanAction else None)
    except Conflict as conflict:
        form.version.raw_data, form.version.data = None, conflict.item.version
        return render_template(f"plan/_{kind.row}_form.html", **context, conflict=conflict), 409
    return render_template(f"plan/_{kind.row}.html", kind_name=kind_name, entry=entry, **row_context(meeting))


@bp.post("/overleg/<int:meeting_id>/plan/<kind_name>/<int:entry_id>/verwijderen")
def remove(meeting_id: int, kind_name: str, entry_id: int):
    """Take an entry out of the plan."""
    meeting, kind, entry = plan_entry_or_404(meeting_id, kind_name, entry_id)
    services.remove_entry(current_user, entry)
    return make_response("", 204, trigger=f"{kind.region}-changed")


@bp.post("/overleg/<int:meeting_id>/items/<int:item_id>/in-het-plan")
def from_item(meeting_id: int, item_id: int):
    """Zet in het plan: a next step or safety goal becomes a plan action."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    action = services.action_from_item(current_user, meeting, item)
    notice = render_template("plan/_added_notice.html", meeting=meeting, action=action)
    return make_response(notice, 200, trigger=f"plan_actions-changed, {item.category}-changed",
                         retarget="#notices", reswap="innerHTML")


@bp.get("/dossiers/<int:case_id>/plan")
def case_plan(case_id: int):
    """The case's Plan tab: the current plan and the plan of each earlier meeting."""
    case = case_or_404(case_id)
    latest = services.latest_meeting(case.id)
    return render_template("plan/case.html", case=case, plan=services.plan(case.id, audience=Audience.CONSULTANT),
                           desk_meeting=latest if latest and at_the_desk(latest) else None,
                           snapshots=services.snapshots(case.id), status_form=StatusForm(formdata=None),
                           print_languages=FAMILY_LANGUAGE_LABELS)


@bp.post("/dossiers/<int:case_id>/plan/acties/<int:entry_id>/status")
def set_status(case_id: int, entry_id: int):
    """How an action is going, changed at the desk."""
    case = case_or_404(case_id)
    action, form = owned_or_404(PlanAction, entry_id, case), StatusForm()
    if form.validate_on_submit():
        services.set_status(current_user, action, form.status.data)
        flash("De stand van de actie is bewaard.", "success")
    return redirect(url_for("plan.case_plan", case_id=case.id, _anchor=f"action-{action.id}"))


@bp.get("/dossiers/<int:case_id>/plan/afdrukken")
def print_plan(case_id: int):
    """The family's plan on A4, for the fridge: as agreed when the last meeting closed, only
    what is marked for the family, in the case's language or the one the consultant picked (`?taal=`),
    with the work number of whoever prints it when they chose so (`?werknummer=1`) and have one,
    while the help goes on (after it, the closing card names whom to call)."""
    case = case_or_404(case_id)
    i18n.speak_to_family_of(case)
    reachable = request.args.get("werknummer") == "1" and case.is_open and bool(current_user.work_phone)
    return render_template("plan/print.html", case=case, consultant=current_user if reachable else None,
                           **agreed(case))  # as the last meeting agreed it
