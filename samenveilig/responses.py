"""Answers shared by every area: a full page or just its fragment; the headers of the pages
opened with a link; the link pages' HTML compressed."""

import gzip

import brotli
from flask import Response, current_app, g, make_response, render_template, request

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


COMPRESS_AT_LEAST = 600  # bytes: below this gzip saves less than a round trip's worth


def compressed(response: Response) -> Response:
    """The HTML of a link's pages (the family link, the follow link), compressed for a phone on
    a slow line (brotli or gzip). Safe from BREACH, the attack that guesses a secret in a
    compressed page from its length while it makes the browser send guesses that the page
    reflects: on these pages every secret is the link's own token or derived from it (its form
    token), and it is in the URL itself, so only who knows the token can make a request for
    them at all. They never hold the staff session's CSRF token: a response that made one
    (Flask-WTF keeps it on `g`) is never compressed here, whatever blueprint it is. Registered
    per blueprint, for those pages only; the staff pages are not compressed
    (docs/deployment.md)."""
    response.vary.add("Accept-Encoding")
    encoding = next((name for name in ENCODINGS if request.accept_encodings[name] > 0), None)
    if (response.mimetype != "text/html" or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or request.method == "HEAD"
            or encoding is None or carries_csrf_token()):
        return response
    body = response.get_data()
    if len(body) < COMPRESS_AT_LEAST:
        return response
    response.set_data(ENCODINGS[encoding](body))
    response.headers["Content-Encoding"] = encoding
    return response


# Brotli where the browser takes it, else gzip. A link's page is opened once per person and
# meeting, on a phone that may pay per byte: brotli's best level makes a follow page 15 %
# smaller than gzip (6.2 KB against 7.2) for about 30 ms of the server (docs/performance.md).
ENCODINGS = {
    "br": lambda body: brotli.compress(body, quality=11),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}


def carries_csrf_token() -> bool:
    """Whether this request's response may hold the session's CSRF token (it made one)."""
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g
