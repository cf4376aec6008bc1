"""The projector: the meeting on the wall, big and read-only, only what the family may see.
Its five tabs (mapping, analysis, plan, network, the children's own safety), its live regions, its event stream and the
drawing with a child's words."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import login_required

from . import i18n, images
from .audience import Audience
from .cases import network
from .children import pages as children_pages
from .live import registry
from .meetings import regions, services, voice
from .meetings.access import meeting_or_404, staff_stream
from .meetings.pages import follow_panel, item_url
from .models import Meeting
from .plan.pages import shared_context
from .review import progress

bp = Blueprint("projector", __name__)


@bp.before_request
@login_required
def require_login():
    """The projector runs on the consultant's laptop; each view checks access to its meeting."""


def room_language(meeting: Meeting) -> str:
    """The wall speaks `?taal=` (see i18n.parse): by default Dutch with the family's language
    beside it, so the interpreter and everyone else read the same screen."""
    language = i18n.parse(request.args.get("taal"), i18n.room_default(meeting.case.family_language))
    i18n.speak(language)
    return language


def room_choices(meeting: Meeting) -> list[tuple[str, list[tuple[str, str]]]]:
    """"Taal op het scherm": Dutch, then for each of the family's other languages Dutch with it
    and it alone; as (code, [(language, its name in that language)]). Empty for a family that
    reads only Dutch."""
    languages = [code for code in meeting.case.translated_languages if code in i18n.FAMILY_LANGUAGES]
    if not languages:
        return []
    dutch = (i18n.SOURCE, i18n.ENDONYMS[i18n.SOURCE])
    choices = [(i18n.SOURCE, [dutch])]
    for family in languages:
        theirs = (family, i18n.ENDONYMS[family])
        choices += [(f"{i18n.SOURCE}+{family}", [dutch, theirs]), (family, [theirs])]
    return choices


def presenter_context(meeting: Meeting) -> dict:
    language = room_language(meeting)
    return dict(
        meeting=meeting,
        room_choices=room_choices(meeting),
        case=meeting.case,
        board=services.board(meeting, audience=Audience.FAMILY),
        events_url=url_for("projector.events", meeting_id=meeting.id, since=meeting.version, taal=language),
        drawing_url=item_url("projector.drawing", meeting_id=meeting.id),
        **registry.Screen(Audience.FAMILY, "projector.region", dict(meeting_id=meeting.id, taal=language)).context(),
        **follow_panel(meeting),
    )


@bp.get("/overleg/<int:meeting_id>/projectie")
def present(meeting_id: int):
    """The projector: big, read-only, only what the family may see."""
    meeting = meeting_or_404(meeting_id)
    return render_template("meetings/present.html", **presenter_context(meeting))


@bp.get("/overleg/<int:meeting_id>/projectie/analyse")
def present_analysis(meeting_id: int):
    """The projector's second tab: danger and goals, the scale, the decision."""
    meeting = meeting_or_404(meeting_id)
    context = presenter_context(meeting) | regions.all_regions(meeting, audience=Audience.FAMILY)
    return render_template("meetings/present_analysis.html", charts=progress.charts(meeting.case), **context)


@bp.get("/overleg/<int:meeting_id>/projectie/plan")
def present_plan(meeting_id: int):
    """The projector's plan tab: the family's plan, big."""
    meeting = meeting_or_404(meeting_id)
    context = presenter_context(meeting) | shared_context(meeting.case_id)
    return render_template("plan/present.html", **context)


@bp.get("/overleg/<int:meeting_id>/projectie/netwerk")
def present_network(meeting_id: int):
    """The network on the projector, so it sees itself: names, closeness, promises to the family."""
    meeting = meeting_or_404(meeting_id)
    return render_template("meetings/present_network.html", **presenter_context(meeting),
                           network_map=network.network_map(meeting.case, audience=Audience.FAMILY))


@bp.get("/overleg/<int:meeting_id>/projectie/kinderen")
def present_children(meeting_id: int):
    """The children's own safety plans and Safety Houses on the wall, where they share them with everyone."""
    meeting = meeting_or_404(meeting_id)
    return render_template("children/present_safety.html", **presenter_context(meeting),
                           **children_pages.children_safety(meeting.case, Audience.FAMILY))


@bp.get("/overleg/<int:meeting_id>/projectie/events")
def events(meeting_id: int):
    """The projector's event stream: only what the family may see."""
    meeting = meeting_or_404(meeting_id)
    return staff_stream(meeting, Audience.FAMILY, language=room_language(meeting))


@bp.get("/overleg/<int:meeting_id>/projectie/regio/<name>")
def region(meeting_id: int, name: str):
    """One live region as the projector shows it: family-visible only."""
    meeting = meeting_or_404(meeting_id)
    room_language(meeting)
    return registry.region_or_404(name, Audience.FAMILY).render(meeting, Audience.FAMILY)


@bp.get("/overleg/<int:meeting_id>/projectie/tekening/<int:item_id>")
def drawing(meeting_id: int, item_id: int):
    """The drawing's thumbnail with a child's item on the projector: only while the family may see it."""
    meeting = meeting_or_404(meeting_id)
    shown = voice.item_drawing(meeting, item_id, Audience.FAMILY)
    if shown is None:
        abort(404)
    return images.image_response(shown.thumbnail, shown.mimetype)
