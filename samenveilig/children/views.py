"""De drie huizen of one child: the child's own words per house, drawings, the child's score."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import images
from ..cases.access import child_or_404, child_row_or_404
from ..models import ChildHouseEntry, ChildScore
from . import services
from .forms import ChildScoreForm, HouseEntryForm

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
                           score_form=score_form or ChildScoreForm(formdata=None)), status


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
