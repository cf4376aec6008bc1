"""What the meeting pages and fragments need to render, gathered in one place."""

from flask import render_template, url_for
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from .. import lifecycle
from ..audience import Audience
from ..extensions import htmx
from ..follow import services as follow_links
from ..forms import choices
from ..live import registry
from ..models import Case, CaseMember, ChildScore, Meeting
from ..review.forms import ClosureForm, ReviewForm
from . import regions, services, voice
from .forms import EVERYONE, ParticipantForm, QuickAddForm


def meeting_choices(case: Case) -> list[SelectChoice]:
    """Everyone who can be present: the case's consultants and its network."""
    people = [(f"u:{u.id}", f"{u.name} (consulent)") for u in case.consultants]
    people += [(f"n:{m.id}", f"{m.name} ({m.relation})") for m in case.network]
    return choices(people)


def participant_form(meeting: Meeting, formdata=None) -> ParticipantForm:
    """Who can still join: the consultants and network members not yet present."""
    taken = {f"n:{p.network_member_id}" for p in meeting.participants if p.network_member_id}
    taken |= {f"u:{p.user_id}" for p in meeting.participants if p.user_id}
    form = ParticipantForm(formdata=formdata)
    form.who.choices = choices([("", "—")]) + [
        c for c in meeting_choices(meeting.case) if c.value not in taken]
    return form


def participants_context(meeting: Meeting, audience: Audience) -> dict:
    return dict(form=participant_form(meeting))


registry.register("participants", participants_context, consultant="meetings/_participants_list.html")
# The projector's "Aanwezig: …" line, an interpreter with the language they interpret into.
registry.register("attendance", lambda meeting, audience: {}, family="meetings/_shared_attendance.html",
                  follows=("participants",))


def consultant_screen(meeting: Meeting) -> registry.Screen:
    return registry.Screen(Audience.CONSULTANT, "meetings.region", dict(meeting_id=meeting.id))


def quick_add_form(meeting: Meeting, **data) -> QuickAddForm:
    form = QuickAddForm(formdata=None, data={"speaker": EVERYONE, **data})
    return form.for_meeting(meeting)


def follow_panel(meeting: Meeting) -> dict:
    """The follow link's QR code and URL for every consultant of the case while it works."""
    token = follow_links.follow_token(meeting)
    url = url_for("follow.page", token=token, _external=True) if token else None
    return dict(follow_url=url, follow_active=bool(token) or follow_links.has_follow_link(meeting))


# The consultant's board loads its meeting with all of this at once (see meeting_or_404).
BOARD_LOAD = (
    joinedload(Meeting.case).joinedload(Case.members).joinedload(CaseMember.user),
    joinedload(Meeting.case).joinedload(Case.network), joinedload(Meeting.case).joinedload(Case.children),
    joinedload(Meeting.decision), joinedload(Meeting.review_answers),
    joinedload(Meeting.scale_rounds), joinedload(Meeting.open_follow_links),
    joinedload(Meeting.child_scores).joinedload(ChildScore.child),
    selectinload(Meeting.participants),
)

# A quick add loads its meeting with the case (joined for the access check in meeting_or_404)
# and the participants its "who says it" choice checks against, in one statement.
QUICK_ADD_LOAD = (contains_eager(Meeting.case), joinedload(Meeting.participants))


ITEM_TOOLS = {"edit": "meetings.edit_item", "move": "meetings.move_item", "visibility": "meetings.toggle_visibility",
              "delete": "meetings.delete_item", "plan": "plan.from_item"}


def item_tool_urls(meeting: Meeting) -> dict[str, str]:
    """The item tools' URLs with `{item}` where the item's id goes: the board renders its
    tools once, and the page fills in the item they are shown on."""
    return {name: url_for(endpoint, meeting_id=meeting.id, item_id=0).replace("/0/", "/{item}/")
            for name, endpoint in ITEM_TOOLS.items()}


def item_url(endpoint: str, **args) -> str:
    """A route's URL with `{item}` where a board item's id goes (filled in by the page)."""
    return url_for(endpoint, item_id=0, **args).removesuffix("/0") + "/{item}"


def board_context(meeting: Meeting) -> dict:
    planned = services.preload_items(meeting)
    return dict(
        meeting=meeting,
        item_tool_urls=item_tool_urls(meeting),
        case=meeting.case,
        board=services.board(meeting, audience=Audience.CONSULTANT),
        planned=planned,
        form=quick_add_form(meeting),
        participant_form=participant_form(meeting),
        **follow_panel(meeting),
        **regions.all_regions(meeting, audience=Audience.CONSULTANT),
        **consultant_screen(meeting).context(),
        **regions.forms(meeting),
        review_form=ReviewForm(formdata=None, obj=meeting.review_answers),
        closure_form=ClosureForm(formdata=None),
        help_closable=lifecycle.help_closable(meeting),
        child_words=voice.board_entries(meeting) if meeting.is_open else [],
    )


def close_refused(meeting: Meeting, refused: lifecycle.NotReady, *, closing_help: bool = False):
    """Closing was refused: everything still missing in one list, each with a link to where it
    is done; in the notices for htmx, else as a page."""
    context = dict(meeting=meeting, case=meeting.case, check=refused.check, title=refused.message,
                   closing_help=closing_help)
    if htmx:
        return (render_template("meetings/_close_check.html", **context), refused.status,
                {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"})
    return render_template("meetings/close_check.html", **context), refused.status
