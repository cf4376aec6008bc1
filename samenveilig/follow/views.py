"""The follow link (meekijklink): participants follow the open meeting on their own phone.
No login; read-only; only what the family may see; it stops when the meeting closes or the
consultant revokes it."""

from flask import Blueprint, Response, render_template, url_for

from ..extensions import db
from ..live import stream
from ..meetings import services
from ..meetings.access import category_or_404

bp = Blueprint("follow", __name__, url_prefix="/meekijken")


class LinkGone(Exception):
    """Unknown, revoked or closed: all answered with the same page."""


@bp.errorhandler(LinkGone)
def link_gone(_error):
    return render_template("follow/gone.html"), 404


@bp.after_request
def private(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def meeting_for(token: str):
    meeting = services.follow_meeting(token)
    if meeting is None:
        raise LinkGone()
    return meeting


@bp.get("/<token>")
def page(token: str):
    """The meeting's mapping on a phone, live."""
    meeting = meeting_for(token)
    return render_template(
        "follow/page.html",
        meeting=meeting,
        board=services.board(meeting, family_only=True),
        region_url=lambda category: url_for("follow.category", token=token, category=category),
        events_url=url_for("follow.events", token=token, since=meeting.version),
    )


@bp.get("/<token>/categorie/<category>")
def category(token: str, category: str):
    """One category, family-visible items only (re-fetched on every change)."""
    meeting, category = meeting_for(token), category_or_404(category)
    items = services.items(meeting.id, category, family_only=True)
    region_url = lambda c: url_for("follow.category", token=token, category=c)  # noqa: E731
    return render_template("meetings/_shared_category_items.html", meeting=meeting, category=category,
                           items=items, region_url=region_url)


@bp.get("/<token>/events")
def events(token: str):
    """The live event stream; it ends when the link stops working."""
    meeting = meeting_for(token)
    return stream.response(meeting.id, still_allowed=services.follow_link_checker(db.engine, token))
