"""The follow link (meekijklink): participants follow the open meeting on their own phone.
No login; read-only but for their own score; only what the family may see; it stops when
the meeting closes or the consultant revokes it."""

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import i18n, images
from ..audience import Audience
from ..errors import render_error
from ..extensions import csrf, db, htmx
from ..forms import form_values
from ..linktokens import LinkGone, form_token, valid_form_token
from ..live import registry, stream
from ..meetings import analysis, regions, services, voice
from ..meetings.forms import ClaimForm, OwnScoreForm
from ..meetings.pages import item_url
from ..models import PlanContact
from ..plan import services as plan_services
from ..responses import compressed, private
from ..services import Refused
from .services import ended_meeting, follow_link_checker, follow_meeting

bp = Blueprint("follow", __name__, url_prefix="/meekijken")
DEVICE_COOKIE = "sv_device"  # the phone's key: who it said it is
LANGUAGE_COOKIE = "sv_device_taal"  # the language this phone chose on this link
PHONE_HOURS = 12


class MeetingEnded(Exception):
    """The meeting of this link has just closed: thank the phone and say whom to contact."""

    def __init__(self, meeting):
        super().__init__(meeting.id)
        self.meeting = meeting


def phone_language() -> str:
    """The language this phone just chose (`?taal=`), else the one it chose before on this
    link (its cookie), else Dutch. One language per phone: never two side by side."""
    for chosen in (request.args.get("taal"), request.cookies.get(LANGUAGE_COOKIE)):
        if chosen in i18n.FAMILY_LANGUAGES:
            return chosen
    return i18n.SOURCE


@bp.before_request
def speak_phone_language():
    i18n.speak_to_family(phone_language())


def remember(response, token: str, name: str, value: str):
    """A cookie for this phone on this link only: Strict, HttpOnly, for the meeting's day."""
    response.set_cookie(name, value, max_age=PHONE_HOURS * 3600, path=f"/meekijken/{token}", httponly=True,
                        samesite="Strict", secure=request.is_secure)
    return response


@bp.errorhandler(LinkGone)
def link_gone(_error):
    return render_template("follow/gone.html"), 404


@bp.errorhandler(MeetingEnded)
def meeting_ended(error):
    meeting = error.meeting
    consultants = [user.name for user in meeting.case.consultants]
    contacts = plan_services.entries(meeting.case_id, PlanContact, audience=Audience.FAMILY)
    return render_template("follow/ended.html", consultants=consultants, contacts=contacts), 410


@bp.errorhandler(Refused)
def refused(error):
    return render_error(error.status, (_("Niet mogelijk"), error.message))


bp.after_request(private)
bp.after_request(compressed)  # the link's token is in every URL here: docs/deployment.md


def meeting_for(token: str):
    meeting = follow_meeting(token)
    if meeting is None:
        ended = ended_meeting(token)
        raise MeetingEnded(ended) if ended else LinkGone()
    return meeting


def screen(token: str) -> registry.Screen:
    return registry.Screen(Audience.FAMILY, "follow.region", dict(token=token, taal=i18n.screen_language()))


@bp.get("/<token>")
def page(token: str):
    """The meeting on a phone, live: the mapping, the scale and my own score."""
    return _page(meeting_for(token), token)


def _page(meeting, token: str, status: int = 200, **forms):
    """The whole follow page; with a form that came back with errors (a phone whose script had
    not loaded yet sent it as a plain form)."""
    services.preload_items(meeting)  # one query for the board and the analysis regions
    context = dict(meeting=meeting, board=services.board(meeting, audience=Audience.FAMILY),
                   events_url=url_for("follow.events", token=token, since=meeting.version,
                                      taal=i18n.screen_language()),
                   token=token, drawing_url=item_url("follow.drawing", token=token),
                   stream_events=" ".join(registry.event_names(Audience.FAMILY)))
    context |= screen(token).context() | regions.all_regions(meeting, audience=Audience.FAMILY)
    context |= my_score_context(meeting, token, **forms)  # the plan comes when its fold is opened
    response = make_response(render_template("follow/page.html", **context), status)
    if request.args.get("taal") in i18n.FAMILY_LANGUAGES:  # the phone chose: a reload of the bare link keeps it
        remember(response, token, LANGUAGE_COOKIE, i18n.screen_language())
    return response


@bp.get("/<token>/regio/<name>")
def region(token: str, name: str):
    """One live region as the family sees it (first load, reload, refresh)."""
    meeting = meeting_for(token)
    return registry.region_or_404(name, Audience.FAMILY).render(meeting, Audience.FAMILY)


@bp.get("/<token>/tekening/<int:item_id>")
def drawing(token: str, item_id: int):
    """The drawing with a child's item, while the link works and the family may see it."""
    drawing = voice.item_drawing(meeting_for(token), item_id, Audience.FAMILY)
    if drawing is None:
        raise LinkGone()
    return images.image_response(drawing.thumbnail, drawing.mimetype)


@bp.get("/<token>/events")
def events(token: str):
    """The live event stream; it ends when the link stops working."""
    meeting = meeting_for(token)
    return stream.response(meeting.id, Audience.FAMILY, still_allowed=follow_link_checker(db.engine, token),
                           language=i18n.screen_language())


def my_score_context(meeting, token: str, **forms) -> dict:
    """What this phone sees of its own score: say who you are, or score (never a number)."""
    me = analysis.participant_for_device(meeting, request.cookies.get(DEVICE_COOKIE))
    current = analysis.open_round_of(meeting)
    claim = forms.get("claim_form") or ClaimForm(formdata=None, meta={"csrf": False})
    claim.for_people(analysis.claimable(meeting))
    return dict(me=me, open_round=current, token=token, form_token=form_token("follow", token),
                claim_form=claim,
                score_form=forms.get("score_form") or OwnScoreForm(formdata=None, meta={"csrf": False}),
                my_score_done=bool(current and me and any(s.participant_id == me.id for s in current.scores)))


@bp.get("/<token>/mijn-score")
def my_score(token: str):
    """My own score on this phone (re-fetched when the scale changes)."""
    meeting = meeting_for(token)
    return render_template("follow/_my_score.html", **my_score_context(meeting, token))


@bp.post("/<token>/ik-ben")
@csrf.exempt  # no session here: the form carries a token tied to this link instead
def claim(token: str):
    """"This is me": the phone picks its name once; it can score only for that person."""
    meeting = meeting_for(token)
    form = ClaimForm(meta={"csrf": False}).for_people(analysis.claimable(meeting))
    if not valid_form_token("follow", token, request.form.get("form_token")):
        raise LinkGone()
    if not form.validate():
        return _my_score(meeting, token, 422, claim_form=form)
    key = analysis.claim(meeting, int(form.participant.data))
    if not htmx:
        return remember(back_to_my_score(token), token, DEVICE_COOKIE, key)
    response = make_response(render_template("follow/_my_score.html", **my_score_context(meeting, token)
                                             | {"me": analysis.participant_for_device(meeting, key)}))
    return remember(response, token, DEVICE_COOKIE, key)


@bp.post("/<token>/mijn-score")
@csrf.exempt  # as above: the link's form token and a Strict cookie instead of a session
def score(token: str):
    """A participant enters their own score; who they are comes from this phone."""
    meeting = meeting_for(token)
    me = analysis.participant_for_device(meeting, request.cookies.get(DEVICE_COOKIE))
    if me is None or not valid_form_token("follow", token, request.form.get("form_token")):
        raise Refused(_("Kies eerst wie je bent."), status=403)
    form = OwnScoreForm(meta={"csrf": False})
    if not form.validate():
        return _my_score(meeting, token, 422, score_form=form)
    analysis.enter_own_score(me, **form_values(form, "score", "why_high", "one_higher"))
    return _my_score(meeting, token, 200) if htmx else back_to_my_score(token)


def _my_score(meeting, token: str, status: int, **forms):
    """The score region for htmx; the whole page for a plain form (sent before the page's
    script had loaded, or without script): a slow phone can score either way."""
    if not htmx:
        return _page(meeting, token, status, **forms)
    return render_template("follow/_my_score.html", **my_score_context(meeting, token, **forms)), status


def back_to_my_score(token: str):
    """After a plain form: the follow page again, at the score (a reload does not post twice)."""
    return redirect(url_for("follow.page", token=token, taal=i18n.screen_language(), _anchor="my-score"), 303)
