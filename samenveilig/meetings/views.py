"""The network meeting: planning one, the consultant's mapping board, its live event stream
and the follow link panel (the projector is in projector.py)."""

from flask import redirect, render_template, request, url_for
from flask_htmx import make_response
from flask_login import current_user

from .. import lifecycle
from ..audience import Audience
from ..cases.access import case_or_404, owned_or_404
from ..extensions import htmx
from ..follow import services as follow_links
from ..forms import form_values
from ..live import registry
from ..models import Category, Participant
from ..services import Conflict, Refused
from . import services
from .access import board_item_or_404, meeting_or_404, staff_stream
from .blueprint import bp
from .forms import ItemEditForm, MeetingForm, MoveForm, QuickAddForm
from .pages import (
    BOARD_LOAD,
    QUICK_ADD_LOAD,
    board_context,
    close_refused,
    follow_panel,
    meeting_choices,
    participant_form,
    quick_add_form,
)


@bp.get("/dossiers/<int:case_id>/overleggen")
def index(case_id: int):
    """Overleggen: the case's meetings, and a form to plan the next one."""
    case = case_or_404(case_id)
    form = MeetingForm(formdata=None)
    form.present.choices = meeting_choices(case)
    form.present.data = [c.value for c in form.present.choices]
    return render_template("meetings/index.html", case=case, form=form,
                           meetings=services.meetings_of(case))


@bp.post("/dossiers/<int:case_id>/overleggen")
def create(case_id: int):
    """Plan a meeting and open its board."""
    case = case_or_404(case_id)
    form = MeetingForm()
    form.present.choices = meeting_choices(case)
    if not form.validate_on_submit():
        context = dict(case=case, form=form, meetings=services.meetings_of(case))
        return render_template("meetings/index.html", **context), 422
    meeting = lifecycle.create_meeting(
        current_user, case, kind=form.kind.data, held_on=form.held_on.data,
        present=form.present.data or [], others=form.other_names())
    return redirect(url_for("meetings.board", meeting_id=meeting.id))


@bp.get("/overleg/<int:meeting_id>")
def board(meeting_id: int):
    """The consultant's mapping board: quick add, every item with its visibility, undo."""
    meeting = meeting_or_404(meeting_id, load=BOARD_LOAD)
    return render_template("meetings/board.html", **board_context(meeting))


@bp.get("/overleg/<int:meeting_id>/events")
def events(meeting_id: int):
    """The live event stream of this meeting, as the consultant sees it."""
    meeting = meeting_or_404(meeting_id)
    return staff_stream(meeting, Audience.CONSULTANT)


@bp.get("/overleg/<int:meeting_id>/regio/<name>")
def region(meeting_id: int, name: str):
    """One live region as the consultant sees it (first load, reload, refresh)."""
    meeting = meeting_or_404(meeting_id)
    return registry.region_or_404(name, Audience.CONSULTANT).render(meeting, Audience.CONSULTANT)


@bp.post("/overleg/<int:meeting_id>/aanwezigen")
def add_participant(meeting_id: int):
    """Someone joins the meeting."""
    meeting = meeting_or_404(meeting_id)
    form = participant_form(meeting, formdata=request.form)
    if not form.validate():
        return render_template("meetings/_participants_list.html", meeting=meeting, form=form), 422
    services.add_participant(current_user, meeting, who=form.who.data, name=form.name.data,
                             interpreter=form.interpreter.data)
    return _changed("participants", "meetings/_participants_list.html", meeting=meeting,
                    form=participant_form(meeting))


@bp.post("/overleg/<int:meeting_id>/aanwezigen/<int:participant_id>/verwijderen")
def remove_participant(meeting_id: int, participant_id: int):
    """Someone was added by mistake (only while they have not said anything)."""
    meeting = meeting_or_404(meeting_id)
    services.remove_participant(current_user, owned_or_404(Participant, participant_id, meeting))
    return _changed("participants", "meetings/_participants_list.html", meeting=meeting,
                    form=participant_form(meeting))


@bp.post("/overleg/<int:meeting_id>/items")
def add_item(meeting_id: int):
    """Quick add: Enter adds the item; the form stays, so the next one can be typed at once.
    A resend of the same submission answers the same, without a second item."""
    meeting = meeting_or_404(meeting_id, load=QUICK_ADD_LOAD)
    form = QuickAddForm().for_meeting(meeting)
    if not form.validate_on_submit():
        return render_template("meetings/_quick_add.html", meeting=meeting, form=form), 422
    item = services.add_item(current_user, meeting, **form_values(
        form, "text", "category", "speaker", "visibility", "term", "urgency", "submission"))
    return make_response("", 204, trigger={f"{item.category}-changed": None, "item-added": {"id": item.id}})


@bp.get("/overleg/<int:meeting_id>/sprekers")
def speaker_field(meeting_id: int):
    """The quick add's "who says it" choice, re-fetched when someone joins or leaves."""
    meeting = meeting_or_404(meeting_id)
    form = quick_add_form(meeting, speaker=request.args.get("quick-speaker", ""),
                          pin_speaker=bool(request.args.get("quick-pin_speaker")))
    return render_template("meetings/_speaker_choice.html", meeting=meeting, form=form)


@bp.get("/overleg/<int:meeting_id>/items/<int:item_id>")
def item(meeting_id: int, item_id: int):
    """One item as shown on the board (to cancel an edit)."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    return render_template("meetings/_item.html", meeting=meeting, item=item,
                           planned=services.planned(meeting.id))


def edit_form(meeting, item, **data) -> ItemEditForm:
    """An item's inline edit form, with the meeting's safety goals to choose from."""
    goals = services.items(meeting.id, Category.SAFETY_GOAL, audience=Audience.CONSULTANT)
    return ItemEditForm(item.id, **data).for_meeting(meeting, goals, item.translations or {})


@bp.get("/overleg/<int:meeting_id>/items/<int:item_id>/bewerken")
def edit_item(meeting_id: int, item_id: int):
    """One item as an inline edit form."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    # No obj=item: WTForms would take item.speaker, .owner and .serves (the related rows)
    # over the ids given here, and the form would open on "iedereen".
    form = edit_form(meeting, item, formdata=None, text=item.text, version=item.version,
                     visibility=item.visibility, speaker=str(item.speaker_id or ""),
                     term=item.term or "", urgency=item.urgency or "",
                     owner=str(item.owner_id or ""), serves=str(item.goal_id or ""),
                     child=str(item.child_id or ""))
    return render_template("meetings/_item_form.html", meeting=meeting, item=item, form=form)


@bp.post("/overleg/<int:meeting_id>/items/<int:item_id>")
def update_item(meeting_id: int, item_id: int):
    """Save an inline edit; a save based on an older version is refused with 409."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    form = edit_form(meeting, item)
    if not (form.validate_on_submit() & form.check_category(item.category)):
        return render_template("meetings/_item_form.html", meeting=meeting, item=item, form=form), 422
    try:
        services.update_item(current_user, item, child=form.child_given(), translations=form.translations_given(), **form_values(
            form, "version", "text", "speaker", "visibility", "term", "urgency", "owner", "serves"))
    except Conflict as conflict:
        form.version.raw_data, form.version.data = None, conflict.item.version  # save again: knowingly
        context = dict(meeting=meeting, item=conflict.item, form=form, conflict=conflict)
        return render_template("meetings/_item_form.html", **context), 409
    return render_template("meetings/_item.html", meeting=meeting, item=item, planned=services.planned(meeting.id))


@bp.post("/overleg/<int:meeting_id>/items/<int:item_id>/verplaatsen")
def move_item(meeting_id: int, item_id: int):
    """Move an item up, down or to another category, without dragging."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    old_category, form = item.category, MoveForm()
    if not form.validate_on_submit():
        raise Refused("Kies een categorie van de mapping, of omhoog of omlaag.", status=422)
    services.move_item(current_user, item, direction=form.direction.data, category=form.category.data)
    return make_response("", 204, trigger=_events(old_category, item.category))


@bp.post("/overleg/<int:meeting_id>/items/<int:item_id>/verwijderen")
def delete_item(meeting_id: int, item_id: int):
    """Delete an item (undo brings it back)."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    services.delete_item(current_user, item)
    notice = render_template("meetings/_deleted_notice.html", meeting=meeting, item=item)
    return make_response(notice, 200, trigger=_events(item.category), retarget="#notices", reswap="innerHTML")


@bp.post("/overleg/<int:meeting_id>/items/<int:item_id>/zichtbaarheid")
def toggle_visibility(meeting_id: int, item_id: int):
    """The next visibility for an item (family, professional, confidential), in one key."""
    meeting, item = board_item_or_404(meeting_id, item_id)
    services.cycle_visibility(current_user, item)
    return render_template("meetings/_item.html", meeting=meeting, item=item, planned=services.planned(meeting.id))


@bp.post("/overleg/<int:meeting_id>/ongedaan-maken")
def undo(meeting_id: int):
    """Undo my last change on this board."""
    meeting = meeting_or_404(meeting_id)
    regions = services.undo_last(current_user, meeting, item_id=request.form.get("item", type=int))
    return make_response("", 204, trigger=_events(*regions))


@bp.post("/overleg/<int:meeting_id>/afsluiten")
def close(meeting_id: int):
    """Close the meeting; its mapping is kept as it is."""
    meeting = meeting_or_404(meeting_id)
    try:
        lifecycle.close_meeting(current_user, meeting, without_plan=request.form.get("zonder_plan") == "1")
    except lifecycle.NotReady as refused:
        return close_refused(meeting, refused)
    if htmx:
        return make_response("", 204, refresh=True)
    return redirect(url_for("meetings.board", meeting_id=meeting.id))


@bp.post("/overleg/<int:meeting_id>/meekijklink")
def create_follow_link(meeting_id: int):
    """A new follow link for the participants' phones, shown with its QR code."""
    meeting = meeting_or_404(meeting_id)
    follow_links.create_follow_link(current_user, meeting)
    return render_template("meetings/_follow_panel.html", meeting=meeting, **follow_panel(meeting))


@bp.post("/overleg/<int:meeting_id>/meekijklink/intrekken")
def revoke_follow_links(meeting_id: int):
    """Every follow link of this meeting stops working at once."""
    meeting = meeting_or_404(meeting_id)
    follow_links.revoke_follow_links(current_user, meeting)
    return render_template("meetings/_follow_panel.html", meeting=meeting, **follow_panel(meeting))


def _events(*regions: str) -> str:
    return ", ".join(f"{region}-changed" for region in dict.fromkeys(regions))


def _changed(region: str, template: str, **context):
    """A write's answer: its fragment, and an event so this screen's region updates at once."""
    return make_response(render_template(template, **context), trigger=_events(region))
