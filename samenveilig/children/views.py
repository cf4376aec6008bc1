"""De drie huizen of one child: the child's own words per house, drawings, the child's score."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import dates, i18n, images
from ..audience import Audience
from ..cases.access import child_or_404, child_row_or_404
from ..models import ChildHouseEntry, ChildScore, SafetyHouse, SafetyPlan
from ..stories.forms import drawing_labels
from . import prompts, safety, services
from .forms import ChildScoreForm, HouseEntryForm, SafetyHouseForm, SafetyPlanForm

bp = Blueprint("children", __name__, url_prefix="/dossiers/<int:case_id>/kinderen/<int:child_id>/huizen")


@bp.before_request
@login_required
def require_login():
    """Staff only; each view checks access to its case."""


def entry_form(case, **kwargs) -> HouseEntryForm:
    return HouseEntryForm(consultants=case.consultants, **kwargs)


def render_houses(case, child, entry_form_=None, score_form=None, status: int = 200):
    if entry_form_ is None:
        entry_form_ = entry_form(case, formdata=None, talker=str(current_user.id))
    return render_template("children/houses.html", case=case, child=child, form=entry_form_,
                           score_form=score_form or ChildScoreForm(formdata=None),
                           prompts=prompts.for_age(dates.age(child.date_of_birth))), status


def uploaded(form: HouseEntryForm):
    """The form's drawing, checked and re-encoded; an error on the field when it is refused."""
    return images.upload_of(form.drawing)


@bp.get("")
def houses(case_id: int, child_id: int):
    """The child's three houses and own scores, with the forms to add to them."""
    case, child = child_or_404(case_id, child_id)
    return render_houses(case, child)


@bp.post("")
def add_entry(case_id: int, child_id: int):
    """Write down what the child said about a house, with the drawing if there is one."""
    case, child = child_or_404(case_id, child_id)
    form = entry_form(case)
    valid = form.validate_on_submit()
    image, image_ok = uploaded(form)
    if not (valid and image_ok):
        return render_houses(case, child, entry_form_=form, status=422)
    entry = services.add_house_entry(current_user, case, child, form.values(), image)
    flash(f"Bewaard in het {entry.house_label.lower()}.", "success")
    return redirect(url_for("children.houses", case_id=case.id, child_id=child.id, _anchor=f"entry-{entry.id}"))


@bp.get("/<int:entry_id>")
def edit_entry(case_id: int, child_id: int, entry_id: int):
    """One entry as a form."""
    case, child, entry = child_row_or_404(case_id, child_id, ChildHouseEntry, entry_id)
    form = entry_form(case, obj=entry, talker=str(entry.talked_by_id or ""))
    return render_template("children/entry.html", case=case, child=child, entry=entry, form=form)


@bp.post("/<int:entry_id>")
def update_entry(case_id: int, child_id: int, entry_id: int):
    """Save an edited entry; a new drawing replaces the old one."""
    case, child, entry = child_row_or_404(case_id, child_id, ChildHouseEntry, entry_id)
    form = entry_form(case)
    valid = form.validate_on_submit()
    image, image_ok = uploaded(form)
    if not (valid and image_ok):
        return render_template("children/entry.html", case=case, child=child, entry=entry, form=form), 422
    services.update_house_entry(current_user, case, entry, form.values(), image, form.remove_drawing.data)
    flash("De wijziging is bewaard.", "success")
    return redirect(url_for("children.houses", case_id=case.id, child_id=child.id, _anchor=f"entry-{entry.id}"))


@bp.post("/<int:entry_id>/verwijderen")
def remove_entry(case_id: int, child_id: int, entry_id: int):
    """Delete an entry with its drawing."""
    case, child, entry = child_row_or_404(case_id, child_id, ChildHouseEntry, entry_id)
    services.remove_house_entry(current_user, case, entry)
    flash("Verwijderd, met de tekening erbij.", "success")
    return redirect(url_for("children.houses", case_id=case.id, child_id=child.id))


@bp.get("/<int:entry_id>/tekening")
def drawing(case_id: int, child_id: int, entry_id: int):
    """The drawing of an entry, only for those who may see the case."""
    return _drawing(case_id, child_id, entry_id, "image")


@bp.get("/<int:entry_id>/tekening/klein")
def drawing_thumbnail(case_id: int, child_id: int, entry_id: int):
    """The drawing's thumbnail."""
    return _drawing(case_id, child_id, entry_id, "thumbnail")


def _drawing(case_id: int, child_id: int, entry_id: int, size: str):
    _case, _child, entry = child_row_or_404(case_id, child_id, ChildHouseEntry, entry_id)
    if entry.drawing is None:
        abort(404)
    return images.image_response(getattr(entry.drawing, size), entry.drawing.mimetype)


@bp.post("/score")
def record_score(case_id: int, child_id: int):
    """The child's own answer to "hoe veilig voel jij je thuis?"."""
    case, child = child_or_404(case_id, child_id)
    form = ChildScoreForm()
    if not form.validate_on_submit():
        return render_houses(case, child, score_form=form, status=422)
    services.record_score(current_user, case, child, form.scored_on.data, form.score.data)
    flash(f"De score van {child.first_name} is bewaard.", "success")
    return redirect(url_for("children.houses", case_id=case.id, child_id=child.id, _anchor="child-scores"))


@bp.post("/score/<int:score_id>/verwijderen")
def remove_score(case_id: int, child_id: int, score_id: int):
    """Delete one of the child's scores."""
    case, child, score = child_row_or_404(case_id, child_id, ChildScore, score_id)
    services.remove_score(current_user, case, score)
    flash("De score is verwijderd.", "success")
    return redirect(url_for("children.houses", case_id=case.id, child_id=child.id, _anchor="child-scores"))


# --- The child's own safety: "Als het weer gebeurt" and the Safety House -------------------

safety_bp = Blueprint("safety", __name__, url_prefix="/dossiers/<int:case_id>/kinderen/<int:child_id>")


@safety_bp.before_request
@login_required
def require_login_safety():
    """Staff only; each view checks access to its case."""


def plan_form(case, child, **kwargs) -> SafetyPlanForm:
    drawings = [entry for entry in child.house_entries if entry.drawing is not None]
    return SafetyPlanForm(network=safety.network_with_phone(case), drawings=drawings,
                          drawing_labels=drawing_labels(drawings), **kwargs)


def filled_plan_form(case, child) -> SafetyPlanForm:
    """The form with the newest version in it, or empty."""
    plan = child.safety_plans[-1] if child.safety_plans else None
    if plan is None:
        return plan_form(case, child, formdata=None)
    picture = f"figuur:{plan.figure}" if plan.figure else (f"tekening:{plan.drawing_id}" if plan.drawing_id else "geen")
    return plan_form(case, child, formdata=None, obj=plan, picture=picture,
                     members=[c["member_id"] for c in plan.calls if c.get("member_id")])


def render_safety(template: str, case, child, versions, version, form, status: int = 200):
    """A desk page of the plan or the house: the version shown (the newest when none), the form
    that saves for the case's latest meeting, the versions before it."""
    meeting = safety.latest_meeting(case.id)
    shown = version or (versions[-1] if versions else None)
    return render_template(
        template, case=case, child=child, versions=versions, version=shown, form=form,
        plan=safety.safety_plan_for(child, Audience.CONSULTANT, shown) if template.endswith("plan.html") else None,
        house=safety.safety_house_for(child, Audience.CONSULTANT, shown) if template.endswith("house.html") else None,
        meeting=meeting, new_version=safety.starts_new_version(versions, meeting),
        prompts=prompts.for_age(dates.age(child.date_of_birth)), safety_picture=desk_picture(case, child),
        network_names=", ".join(m.name for m in case.network if m.in_safety_network)), status


def desk_picture(case, child):
    """The URL of the plan's picture at the desk (and on the print, where the plan only comes
    with a drawing the child shares with everyone)."""
    def picture_url(plan):
        if plan.drawing is not None:
            return url_for("children.drawing", case_id=case.id, child_id=child.id, entry_id=plan.drawing.entry_id)
        return url_for("static", filename=f"figures/{plan.figure}.svg") if plan.figure else None
    return picture_url


@safety_bp.get("/veiligheidsplan")
def plan(case_id: int, child_id: int):
    """The child's own safety plan, with the form to make it with her."""
    case, child = child_or_404(case_id, child_id)
    return render_safety("children/safety_plan.html", case, child, child.safety_plans, None,
                         filled_plan_form(case, child))


@safety_bp.get("/veiligheidsplan/versie/<int:safety_plan_id>")
def plan_version(case_id: int, child_id: int, safety_plan_id: int):
    """An earlier version of the plan, as it was at its meeting."""
    case, child, version = child_row_or_404(case_id, child_id, SafetyPlan, safety_plan_id)
    return render_safety("children/safety_plan.html", case, child, child.safety_plans, version,
                         filled_plan_form(case, child))


@safety_bp.post("/veiligheidsplan")
def save_plan(case_id: int, child_id: int):
    """Save the plan for the case's latest meeting."""
    case, child = child_or_404(case_id, child_id)
    form = plan_form(case, child)
    if not form.validate_on_submit():
        return render_safety("children/safety_plan.html", case, child, child.safety_plans, None, form, status=422)
    saved = safety.save_plan(current_user, case, child, form.values())
    flash(f"Het veiligheidsplan van {child.first_name} is bewaard (versie {saved.version_number}).", "success")
    return redirect(url_for("safety.plan", case_id=case.id, child_id=child.id))


@safety_bp.get("/veiligheidsplan/afdrukken")
def print_plan(case_id: int, child_id: int):
    """The plan on A4 for the child's room: only what she shares with everyone, in the family's language."""
    case, child = child_or_404(case_id, child_id)
    i18n.speak_to_family_of(case)
    return render_template("children/safety_print.html", case=case, child=child, kind="plan",
                           plan=safety.safety_plan_for(child, Audience.FAMILY), house=None,
                           safety_picture=desk_picture(case, child))


@safety_bp.get("/veiligheidshuis")
def house(case_id: int, child_id: int):
    """The child's Safety House, drawn and as a list, with the form to make it with her."""
    case, child = child_or_404(case_id, child_id)
    newest = child.safety_houses[-1] if child.safety_houses else None
    form = SafetyHouseForm.of(newest) if newest else SafetyHouseForm(formdata=None)
    return render_safety("children/safety_house.html", case, child, child.safety_houses, None, form)


@safety_bp.get("/veiligheidshuis/versie/<int:safety_house_id>")
def house_version(case_id: int, child_id: int, safety_house_id: int):
    """An earlier version of the Safety House."""
    case, child, version = child_row_or_404(case_id, child_id, SafetyHouse, safety_house_id)
    newest = child.safety_houses[-1]
    return render_safety("children/safety_house.html", case, child, child.safety_houses, version,
                         SafetyHouseForm.of(newest))


@safety_bp.post("/veiligheidshuis")
def save_house(case_id: int, child_id: int):
    """Save the Safety House for the case's latest meeting."""
    case, child = child_or_404(case_id, child_id)
    form = SafetyHouseForm()
    if not form.validate_on_submit():
        return render_safety("children/safety_house.html", case, child, child.safety_houses, None, form, status=422)
    saved = safety.save_house(current_user, case, child, form.values())
    flash(f"Het veiligheidshuis van {child.first_name} is bewaard (versie {saved.version_number}).", "success")
    return redirect(url_for("safety.house", case_id=case.id, child_id=child.id))


@safety_bp.get("/veiligheidshuis/afdrukken")
def print_house(case_id: int, child_id: int):
    """The Safety House on A4: only what the child shares with everyone, in the family's language."""
    case, child = child_or_404(case_id, child_id)
    i18n.speak_to_family_of(case)
    return render_template("children/safety_print.html", case=case, child=child, kind="house", plan=None,
                           house=safety.safety_house_for(child, Audience.FAMILY))
