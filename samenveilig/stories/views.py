"""Woorden en beelden at the desk: a child's explanation in panels, its versions, the review
with the parents, sharing with the family, the A4 print and the PDF."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import i18n, images
from ..audience import Audience, child_drawing_shown
from ..cases.access import child_or_404, child_row_or_404
from ..children import prompts
from ..dates import age, today
from ..models import StoryPanel, StoryVersion
from ..review import exports
from ..review.forms import ExportForm
from ..services import Refused
from . import services as stories
from .forms import OWN_IMAGE, StoryDiscussedForm, StoryPanelForm, picture_value

bp = Blueprint("stories", __name__, url_prefix="/dossiers/<int:case_id>/kinderen/<int:child_id>/uitleg")


@bp.before_request
@login_required
def require_login():
    """Staff only; each view checks access to its case."""


def panel_form(child, panel=None, **kwargs) -> StoryPanelForm:
    return StoryPanelForm(drawings=stories.child_drawings(child), has_image=bool(panel and panel.image), **kwargs)


def desk_picture(case, child, audience: Audience = Audience.CONSULTANT):
    """The URL of a panel's picture from the desk: every picture on the consultant's screen (with
    its sharing shown); on paper for the family, a drawing only where the child shares it."""
    def picture_url(panel):
        if panel.image is not None:
            return url_for("stories.panel_image", case_id=case.id, child_id=child.id, panel_id=panel.id)
        if child_drawing_shown(panel, audience):
            return url_for("children.drawing", case_id=case.id, child_id=child.id, entry_id=panel.drawing.entry_id)
        return url_for("static", filename=f"figures/{panel.figure}.svg") if panel.figure else None
    return picture_url


def render_story(case, child, version=None, form=None, discussed_form=None, status: int = 200):
    """The story page: the given version (the newest when none), editable while a concept."""
    version = version or (child.story_versions[-1] if child.story_versions else None)
    form = form or panel_form(child, formdata=None, picture="geen")
    return render_template(
        "stories/story.html", case=case, child=child, version=version, form=form,
        discussed_form=discussed_form or StoryDiscussedForm(formdata=None),
        newest=version is not None and version is child.story_versions[-1],
        picture_url=desk_picture(case, child), prompts=prompts.for_age(age(child.date_of_birth)),
        suggested=stories.suggested(case, child)), status


@bp.get("")
def story(case_id: int, child_id: int):
    """The child's explanation: the newest version, with its earlier versions listed."""
    case, child = child_or_404(case_id, child_id)
    return render_story(case, child)


@bp.post("")
def create_story(case_id: int, child_id: int):
    """Start the child's explanation with the suggested first panels."""
    case, child = child_or_404(case_id, child_id)
    stories.create_story(current_user, case, child)
    flash("De uitleg is begonnen met voorbeelddelen. Pas ze aan in de woorden van het kind.", "success")
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id))


@bp.get("/versie/<int:version_id>")
def show_version(case_id: int, child_id: int, version_id: int):
    """One version; an earlier one is read-only."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    return render_story(case, child, version)


@bp.post("/versie/<int:version_id>/nieuw")
def new_version(case_id: int, child_id: int, version_id: int):
    """A new version from this one, for the next meeting."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    copy = stories.new_version(current_user, case, version)
    flash(f"Versie {copy.version_number} is gemaakt: een concept om bij te werken.", "success")
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id))


def picture_of(form: StoryPanelForm, panel=None) -> stories.Picture | None:
    """The picture the form asks for; None (with an error on the form) when it cannot be."""
    image, ok = images.upload_of(form.upload)
    if not ok:
        return None
    if image is not None or form.picture.data == OWN_IMAGE:
        if image is None and (panel is None or panel.image is None):
            form.upload.errors = ["Kies een afbeelding om op te laden, of kies een ander beeld."]
            return None
        return stories.Picture(image=image, keep_image=True)
    figure, drawing_id = form.chosen()
    return stories.Picture(figure=figure, drawing_id=drawing_id)


@bp.post("/versie/<int:version_id>/panelen")
def add_panel(case_id: int, child_id: int, version_id: int):
    """A new panel at the end."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    form = panel_form(child)
    valid = form.validate_on_submit()
    picture = picture_of(form)
    if not valid or picture is None:
        return render_story(case, child, version, form=form, status=422)
    panel = stories.add_panel(current_user, case, version, form.heading.data, form.text.data, picture)
    flash("Het deel is toegevoegd.", "success")
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id, _anchor=f"panel-{panel.id}"))


@bp.get("/panelen/<int:panel_id>")
def edit_panel(case_id: int, child_id: int, panel_id: int):
    """One panel as a form."""
    case, child, panel = child_row_or_404(case_id, child_id, StoryPanel, panel_id)
    form = panel_form(child, panel, obj=panel, picture=picture_value(panel))
    return render_template("stories/story_panel.html", case=case, child=child, panel=panel, form=form,
                           picture_url=desk_picture(case, child))


@bp.post("/panelen/<int:panel_id>")
def update_panel(case_id: int, child_id: int, panel_id: int):
    """Save a panel's words and picture; a replaced upload is deleted."""
    case, child, panel = child_row_or_404(case_id, child_id, StoryPanel, panel_id)
    form = panel_form(child, panel)
    valid = form.validate_on_submit()
    picture = picture_of(form, panel)
    if not valid or picture is None:
        return render_template("stories/story_panel.html", case=case, child=child, panel=panel, form=form,
                               picture_url=desk_picture(case, child)), 422
    stories.update_panel(current_user, case, panel, form.heading.data, form.text.data, picture)
    flash("Het deel is bewaard.", "success")
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id, _anchor=f"panel-{panel.id}"))


@bp.post("/panelen/<int:panel_id>/omhoog")
def move_up(case_id: int, child_id: int, panel_id: int):
    """One place earlier in the story."""
    return _move(case_id, child_id, panel_id, up=True)


@bp.post("/panelen/<int:panel_id>/omlaag")
def move_down(case_id: int, child_id: int, panel_id: int):
    """One place later in the story."""
    return _move(case_id, child_id, panel_id, up=False)


def _move(case_id: int, child_id: int, panel_id: int, up: bool):
    case, child, panel = child_row_or_404(case_id, child_id, StoryPanel, panel_id)
    stories.move_panel(current_user, case, panel, up=up)
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id, _anchor=f"panel-{panel.id}"))


@bp.post("/panelen/<int:panel_id>/verwijderen")
def remove_panel(case_id: int, child_id: int, panel_id: int):
    """Delete a panel with its uploaded image."""
    case, child, panel = child_row_or_404(case_id, child_id, StoryPanel, panel_id)
    stories.remove_panel(current_user, case, panel)
    flash("Het deel is verwijderd.", "success")
    return redirect(url_for("stories.story", case_id=case.id, child_id=child.id))


@bp.get("/panelen/<int:panel_id>/beeld")
def panel_image(case_id: int, child_id: int, panel_id: int):
    """A panel's uploaded image, only for those who may see the case."""
    _case, _child, panel = child_row_or_404(case_id, child_id, StoryPanel, panel_id)
    if panel.image is None:
        abort(404)
    return images.image_response(panel.image.image, panel.image.mimetype)


@bp.post("/versie/<int:version_id>/besproken")
def mark_discussed(case_id: int, child_id: int, version_id: int):
    """Reviewed with the parents, on a date, with whom."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    form = StoryDiscussedForm()
    if not form.validate_on_submit():
        return render_story(case, child, version, discussed_form=form, status=422)
    stories.mark_discussed(current_user, case, version, form.discussed_on.data, form.discussed_with.data)
    flash("Genoteerd: besproken met de ouders.", "success")
    return redirect(url_for("stories.show_version", case_id=case.id, child_id=child.id, version_id=version.id))


@bp.post("/versie/<int:version_id>/delen")
def share(case_id: int, child_id: int, version_id: int):
    """On the family link from now on."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    stories.share(current_user, case, version, today())
    flash(f"Gedeeld met het gezin: de gezinslink toont nu deze uitleg voor {child.first_name}.", "success")
    return redirect(url_for("stories.show_version", case_id=case.id, child_id=child.id, version_id=version.id))


@bp.post("/versie/<int:version_id>/niet-meer-delen")
def stop_sharing(case_id: int, child_id: int, version_id: int):
    """Off the family link."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    stories.stop_sharing(current_user, case, version)
    flash("Deze versie staat niet meer op de gezinslink.", "success")
    return redirect(url_for("stories.show_version", case_id=case.id, child_id=child.id, version_id=version.id))


@bp.get("/versie/<int:version_id>/afdrukken")
def print_version(case_id: int, child_id: int, version_id: int):
    """The version on A4: the picture above the words in large type, one or two panels a page."""
    case, child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    i18n.speak_to_family_of(case)  # printed for the family: in their language
    per_page = 2 if request.args.get("per_pagina") == "2" else 1
    return render_template("stories/story_print.html", case=case, child=child, version=version,
                           per_page=per_page, picture_url=desk_picture(case, child, Audience.FAMILY))


@bp.post("/versie/<int:version_id>/pdf")
def export(case_id: int, child_id: int, version_id: int):
    """Start a PDF of this version, for the file or (once shared) for the family."""
    case, _child, version = child_row_or_404(case_id, child_id, StoryVersion, version_id)
    form = ExportForm()
    if not form.validate_on_submit():
        raise Refused("Kies voor wie de PDF is: voor het dossier of voor het gezin.", status=422)
    made = exports.start(current_user, case, audience=form.audience.data, story=version)
    return render_template("review/_export.html", export=made)
