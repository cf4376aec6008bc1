"""Answers shared by every area: a full page or just its fragment."""

from flask import Response, make_response, render_template

from .extensions import htmx


def page_or_fragment(page: str, fragment: str, **context) -> Response:
    """A bookmarkable URL: the fragment for htmx, the whole page otherwise (history, reload)."""
    partial = htmx and not htmx.history_restore_request and not htmx.boosted
    response = make_response(render_template(fragment if partial else page, **context))
    response.vary.add("HX-Request")
    return response


def private(response: Response) -> Response:
    """For pages opened with a link instead of a login: not kept, not indexed, no referrer."""
    response.headers.setdefault("Cache-Control", "no-store")  # an image says "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
