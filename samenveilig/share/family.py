"""The family's page: their plan, in plain language, on their own phone, without an account.
Unknown, revoked and expired links all get the same page; no cookie is ever set here.

It speaks the case's language (`Case.family_language`); a family member may pick another on
the page itself. The choice is `?taal=<code>` in the URL, carried by every link and form here
and by the redirect after feedback: remembered without a cookie."""

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from .. import i18n, images
from ..audience import Audience
from ..children import pages as children_pages
from ..children.services import shared_drawing
from ..dates import today
from ..extensions import csrf
from ..linktokens import LinkGone, form_token, valid_form_token
from ..ratelimit import RateLimiter
from ..responses import compressed, private
from ..stories import services as stories
from . import services
from .forms import FeedbackForm

bp = Blueprint("family", __name__, url_prefix="/gezin")
PURPOSE = "family-feedback"


class TooFast(Exception):
    """Too many requests for this link, or from this address."""


def gone(_error):
    return render_template("share/gone.html"), 404


def too_fast(_error):
    return render_template("share/slow_down.html"), 429


def family_language():
    """Everything here speaks to the family: in the language picked with `?taal=`, and
    until the link tells whose case it is, Dutch otherwise (an unknown link has no case)."""
    i18n.speak_to_family(request.args.get("taal"))


def link_pages(blueprint: Blueprint) -> None:
    """What every link's pages share (this one's and the child's own): a link that does not
    work, one asked too often, and the family's language."""
    blueprint.register_error_handler(LinkGone, gone)
    blueprint.register_error_handler(TooFast, too_fast)
    blueprint.before_request(family_language)


link_pages(bp)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error):
    return render_template("share/too_large.html"), 413


@bp.context_processor
def language_picker():
    """Where each language's link in the picker goes: this same page in that language (as a
    query on the same address, so a page that works no more looks the same for every link),
    and from a form's answer back to the plan. The case's language comes first."""
    def language_url(code: str) -> str:
        if request.endpoint == "family.feedback":
            return url_for("family.page", token=request.view_args["token"], taal=code)
        return "?" + urlencode(carried_args() | {"taal": code})
    # What a family member picked is carried on by every link here; nothing picked, nothing carried.
    return dict(language_url=language_url, case_language=g.get("case_language"), chosen_language=i18n.picked())


def carried_args() -> dict:
    """What of the query a link here carries on: only the page's own known values, never
    anything else that came with the request (a compressed page reflects no input: see
    responses.compressed)."""
    thanks = request.args.get("bedankt")
    return {"bedankt": thanks} if thanks in THANKS else {}


# A page's own pictures: not counted against its link (a page with six drawings is one visit).
PICTURES = {"family.drawing", "family.story_picture"}


@bp.before_request
def limit_rate():
    """Requests are limited per link, and much more loosely per client address (several
    families may share one address); feedback per link even more. A page's own pictures count
    only towards the address's ceiling; its stylesheet is a static file, never counted."""
    limiters = current_app.extensions["family_limiters"]
    if not limiters["address"].allow(request.remote_addr):
        raise TooFast()
    link = (request.view_args or {}).get("token")
    if request.endpoint in PICTURES or link is None:
        return
    if not limiters["link"].allow(link):
        raise TooFast()
    if request.method == "POST" and not limiters["feedback"].allow(link):
        raise TooFast()


bp.after_request(private)
bp.after_request(compressed)


def link_for(token: str):
    link = services.valid_link(token)
    if link is None:
        raise LinkGone()
    g.case_language = link.case.family_language  # the picker lists it first
    i18n.speak_to_family_of(link.case)
    return link


THANKS = {"1": i18n.N_("Bedankt! Je consulent leest wat je schreef."),
          "al": i18n.N_("Dit had je al gestuurd. We bewaren het één keer. Bedankt!")}
# Once the help has ended, no consultant of the family's is named any more: the service reads it.
THANKS_AFTER_HELP = {THANKS["1"]: i18n.N_("Bedankt! Onze dienst leest wat je schreef.")}


def render(link, token: str, form: FeedbackForm, thanks: str | None = None, status: int = 200):
    context = services.family_view(link, today())
    if context.get("card"):  # the help has ended
        thanks = THANKS_AFTER_HELP.get(thanks, thanks)
    context |= dict(form=form, token=token, form_token=form_token(PURPOSE, token), thanks=thanks,
                    safety_picture=safety_picture(token), **children_pages.children_safety(link.case, Audience.FAMILY))
    return render_template("share/family.html", **context), status


def safety_picture(token: str):
    """A child's safety plan's picture on the family link: a figure, or her drawing through the
    link's drawing route (which serves only drawings she shares with everyone)."""
    def picture_url(plan):
        if plan.drawing is not None:
            return url_for("family.drawing", token=token, entry_id=plan.drawing.entry_id, v=plan.drawing.thumb_digest)
        return url_for("static", filename=f"figures/{plan.figure}.svg") if plan.figure else None
    return picture_url


@bp.get("/<token>")
def page(token: str):
    """The family's plan; after feedback, with the thanks next to where the form was."""
    link = link_for(token)
    thanks = THANKS.get(request.args.get("bedankt", ""))
    if thanks is None:
        services.record_opening(link)
    return render(link, token, FeedbackForm(formdata=None), thanks=thanks)


def picture_response(picture):
    """A stored picture's thumbnail. Under its versioned URL (`?v=<digest>`, as the pages link
    it) kept privately for a year, with 304 to a browser that has it; without a version not
    kept; with another version (an older picture) a 404, so nothing outdated is kept."""
    if picture is None:
        raise LinkGone()
    version = request.args.get("v")
    if version is None:
        return images.image_response(picture.thumbnail, picture.mimetype)
    if version != picture.thumb_digest:
        raise LinkGone()
    return images.cached_image_response(picture.thumb_digest, lambda: picture.thumbnail, picture.mimetype)


@bp.get("/<token>/tekening/<int:entry_id>")
def drawing(token: str, entry_id: int):
    """A child's drawing, only when the child agreed to share its words with everyone."""
    link = link_for(token)
    return picture_response(shared_drawing(link.case_id, entry_id))


@bp.get("/<token>/uitleg/<int:child_id>")
def story(token: str, child_id: int):
    """Uitleg voor <naam>: the child's explanation, once the consultant shared it."""
    link = link_for(token)
    version = stories.shared_version(link.case_id, child_id)
    if version is None:
        raise LinkGone()
    return render_template("share/story.html", version=version, child=version.child, token=token,
                           picture_url=family_picture(token), picture_size=picture_size)


FIGURE_SIZE = (200, 160)  # every figure of static/figures/ is drawn at this size


def family_picture(token: str, endpoint: str = "family.story_picture"):
    """Where a story panel's picture comes from on a link's page (this link's, or the child's
    own with its endpoint): the stored picture under its versioned URL, else its figure."""
    def picture_url(panel):
        stored = stories.shown_picture(panel)
        if stored is not None:
            return url_for(endpoint, token=token, panel_id=panel.id, v=stored.thumb_digest)
        return url_for("static", filename=f"figures/{panel.figure}.svg") if panel.figure else None
    return picture_url


def picture_size(panel) -> tuple[int, int] | None:
    """The width and height of a panel's picture as the family's page shows it."""
    stored = stories.shown_picture(panel)
    if stored is not None:
        return stored.thumb_width, stored.thumb_height
    return FIGURE_SIZE if panel.figure else None


@bp.get("/<token>/uitleg/beeld/<int:panel_id>")
def story_picture(token: str, panel_id: int):
    """A picture of the shared explanation; nothing of another case or another version."""
    link = link_for(token)
    return picture_response(stories.family_picture(link.case_id, panel_id))


@bp.post("/<token>/feedback")
@csrf.exempt  # no session here: the form carries a token tied to this link instead
def feedback(token: str):
    """Feedback over de samenwerking; answered with a redirect, so a reload sends nothing twice."""
    link = link_for(token)
    form = FeedbackForm()
    if not valid_form_token(PURPOSE, token, request.form.get("form_token")):
        raise LinkGone()
    if services.feedback_count_today(link) >= current_app.config["FEEDBACK_PER_LINK_PER_DAY"]:
        raise TooFast()
    if not form.validate():
        return render(link, token, form, status=422)
    try:
        services.leave_feedback(link, rating=form.rating.data, text=form.text.data)
    except services.AlreadyReceived:
        return thanked(token, "al")
    return thanked(token, "1")


def thanked(token: str, thanks: str):
    """Back to the plan with the thanks, in the language the feedback was written in."""
    return redirect(url_for("family.page", token=token, bedankt=thanks, taal=i18n.picked(),
                            _anchor="feedback"), 303)


def init_app(app) -> None:
    app.extensions["family_limiters"] = {
        "link": RateLimiter(*app.config["FAMILY_LINK_RATE"]),
        "address": RateLimiter(*app.config["FAMILY_ADDRESS_RATE"]),
        "feedback": RateLimiter(*app.config["FEEDBACK_RATE"]),
    }
