"""The child's own words on the board: the panel's "Op het bord" (see voice.py). The drawing
of a child's item on the projector is served by projector.py."""

from flask import render_template
from flask_htmx import make_response
from flask_login import current_user

from ..cases.access import owned_or_404
from ..models import ChildHouseEntry
from . import voice
from .access import meeting_or_404
from .blueprint import bp


@bp.post("/overleg/<int:meeting_id>/kinderwoorden/<int:entry_id>")
def bring_child_words(meeting_id: int, entry_id: int):
    """"Op het bord": the child's words become an item, as the child's; twice is still once."""
    meeting = meeting_or_404(meeting_id)
    entry = owned_or_404(ChildHouseEntry, entry_id, meeting.case)
    item = voice.bring_to_board(current_user, meeting, entry)
    panel = render_template("meetings/_child_words.html", meeting=meeting, child_words=voice.board_entries(meeting),
                            brought=entry.id)
    return make_response(panel, trigger={f"{item.category}-changed": None, "item-added": {"id": item.id}})
