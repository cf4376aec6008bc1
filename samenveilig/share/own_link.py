"""Een eigen link voor het kind: the young person's own page, on her own phone, without an
account. Like the family's page: no script, no cookie, the same answer for every link that
does not work, requests per address limited, the language picked with `?taal=` (Dutch until
she picks; the case's language leads the picker). It speaks to her in "jij"."""

from urllib.parse import urlencode

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for

from .. import i18n
from ..dates import today
from ..extensions import csrf
from ..linktokens import LinkGone, form_token, valid_form_token
from ..models import ChildLink
from ..ratelimit import RateLimiter
from ..responses import compressed, private
from ..services import Refused
from ..stories import services as stories
from . import child_links, services
from .family import TooFast, family_picture, link_pages, picture_response, picture_size
from .forms import OwnLinkScoreForm

bp = Blueprint("child_link", __name__, url_prefix="/kind")
PURPOSE = "child-link-score"
THANKS = i18n.N_("Bedankt! Je score is bewaard. Je consulent neemt hem mee naar het overleg.")


link_pages(bp)


@bp.before_request
def limit_rate():
    """Requests per client address are limited as on the family link (limits of their own);
    her score as the family's feedback."""
    limiters = current_app.extensions["child_link_limiters"]
    if not limiters["pages"].allow(request.remote_addr):
        raise TooFast()
    if request.method == "POST" and not limiters["score"].allow(request.remote_addr):
        raise TooFast()


@bp.context_processor
def language_picker():
    def language_url(code: str) -> str:
        """This page in that language, as a query on the same address (so a link that works no
        more looks the same for every link), keeping only its own known values: a compressed
        page reflects no input (responses.compressed). From her score's answer: her page."""
        if request.endpoint == "child_link.score":
            return url_for("child_link.page", token=request.view_args["token"], taal=code)
        thanks = {"bedankt": "1"} if request.args.get("bedankt") == "1" else {}
        return "?" + urlencode(thanks | {"taal": code})
    return dict(language_url=language_url, case_language=g.get("case_language"), chosen_language=i18n.picked())


bp.after_request(private)
bp.after_request(compressed)  # the link's token is in every URL here: docs/deployment.md


def link_for(token: str):
    link = services.valid_link(token, ChildLink)
    if link is None:
        raise LinkGone()
    g.case_language = link.case.family_language
    return link


def render(link, token: str, form: OwnLinkScoreForm | None = None, thanks: str | None = None, status: int = 200):
    context = child_links.child_view(link, today())
    if form is None:
        mine = context["my_score"]
        form = OwnLinkScoreForm(formdata=None, young=context["young"],
                                data=dict(score=mine.score, shared_with=mine.visibility) if mine else None)
    context |= dict(form=form, token=token, form_token=form_token(PURPOSE, token), thanks=thanks,
                    picture_url=family_picture(token, "child_link.story_picture"), picture_size=picture_size,
                    safety_picture=safety_picture(token))
    return render_template("share/child_page.html", **context), status


def safety_picture(token: str):
    """Her safety plan's picture on her link: a figure, or her drawing through this link."""
    def url(plan):
        if plan.drawing is not None:
            return url_for("child_link.drawing", token=token, entry_id=plan.drawing.entry_id,
                           v=plan.drawing.thumb_digest)
        return url_for("static", filename=f"figures/{plan.figure}.svg") if plan.figure else None
    return url


@bp.get("/<token>")
def page(token: str):
    """Her own page; after her score, with the thanks beside the form."""
    link = link_for(token)
    thanks = THANKS if request.args.get("bedankt") == "1" else None
    if thanks is None:
        services.record_opening(link)
    return render(link, token, thanks=thanks)


@bp.get("/<token>/tekening/<int:entry_id>")
def drawing(token: str, entry_id: int):
    """The drawing with one of her own entries."""
    link = link_for(token)
    return picture_response(child_links.own_drawing(link.child, entry_id))


@bp.get("/<token>/uitleg/beeld/<int:panel_id>")
def story_picture(token: str, panel_id: int):
    """A picture of her shared explanation; nothing of another child or another version."""
    link = link_for(token)
    found = stories.family_picture(link.case_id, panel_id)
    version = stories.shared_version(link.case_id, link.child_id)
    if found is None or version is None or panel_id not in {panel.id for panel in version.panels}:
        raise LinkGone()
    return picture_response(found)


@bp.post("/<token>/score")
@csrf.exempt  # no session here: the form carries a token tied to this link instead
def score(token: str):
    """"Hoe veilig voel jij je thuis?" before the meeting; a redirect, so a reload sends nothing twice."""
    link = link_for(token)
    if not valid_form_token(PURPOSE, token, request.form.get("form_token")):
        raise LinkGone()
    form = OwnLinkScoreForm(young=child_links.is_young(link.child, today()))
    if not form.validate():
        return render(link, token, form, status=422)
    try:
        child_links.give_score(link, score=form.score.data, as_face=form.young, shared_with=form.shared_with.data,
                               today=today())
    except Refused as refusal:
        form.score.errors = [refusal.message]
        return render(link, token, form, status=refusal.status)
    return redirect(url_for("child_link.page", token=token, bedankt="1", taal=i18n.picked(), _anchor="my-score"), 303)


def init_app(app) -> None:
    pages, window = app.config["FAMILY_LINK_RATE"]
    scores, score_window = app.config["FEEDBACK_RATE"]
    app.extensions["child_link_limiters"] = {"pages": RateLimiter(pages, window),
                                             "score": RateLimiter(scores, score_window)}
