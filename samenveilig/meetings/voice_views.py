"""The child's own words on the board: the panel's "Op het bord", and the drawing of a child's
item on the projector (see voice.py)."""

from flask import abort, render_template
from flask_htmx import make_response
from flask_login import current_user

from .. import images
from ..audience import Audience
from ..cases.access import entry_or_404
from ..models import ChildHouseEntry
from . import voice
from .access import meeting_or_404
from .blueprint import bp


@bp.post("/overleg/<int:meeting_id>/kinderwoorden/<int:entry_id>")
def bring_child_words(meeting_id: int, entry_id: int):
    """"Op het bord": the child's words become an item, as the child's; twice is still once."""
    meeting = meeting_or_404(meeting_id)
    entry = entry_or_404(meeting.case, ChildHouseEntry, entry_id)
    item = voice.bring_to_board(current_user, meeting, entry)
    panel = render_template("meetings/_child_words.html", meeting=meeting, child_words=voice.board_entries(meeting),
                            panel_open=True)
    return make_response(panel, trigger={f"{item.category}-changed": None, "item-added": {"id": item.id}})


@bp.get("/overleg/<int:meeting_id>/projectie/tekening/<int:item_id>")
def presenter_drawing(meeting_id: int, item_id: int):
    """The drawing's thumbnail with a child's item on the projector: only while the family may see it."""
    meeting = meeting_or_404(meeting_id)
    drawing = voice.shown_drawing(meeting, item_id, Audience.FAMILY)
    if drawing is None:
        abort(404)
    return images.image_response(drawing.thumbnail, drawing.mimetype)
