"""Login sessions, the unauthorized answer and the security headers of every response."""

from flask import Flask, Response, g, redirect, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_htmx import make_response
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import db, htmx, login_manager
from .models import User

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The family link (/gezin/...) sets, refreshes and deletes no cookie, also for a browser that
# sends the session cookie of a staff login (share/family.py).
COOKIELESS_PREFIXES = ("/gezin/",)


class SessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session, except on the pages that set no cookie: there a staff
    session that comes along is read as usual but never sent back."""

    def save_session(self, app: Flask, session, response: Response) -> None:
        if request.path.startswith(COOKIELESS_PREFIXES):
            return
        super().save_session(app, session, response)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Meld je aan om verder te gaan."
    login_manager.login_message_category = "info"
    login_manager.needs_refresh_message = "Meld je opnieuw aan om verder te gaan."
    login_manager.needs_refresh_message_category = "info"
    login_manager.refresh_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.after_request(set_security_headers)
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def load_user(user_id: str) -> User | None:
    """Resolve "<id>:<session_version>"; a changed version or a deactivated user ends it."""
    uid, _, version = user_id.partition(":")
    if not (uid.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(uid))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def unauthorized() -> Response:
    """Anonymous visitors go to the login page; htmx requests are redirected as a whole page."""
    login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
    if htmx:
        return make_response("", 401, redirect=login_url)
    return redirect(login_url)


def content_security_policy() -> str:
    """The policy; a page that carries a stylesheet or script inside itself (assets.inline_asset)
    allows exactly those texts, by their hashes."""
    inline = g.get("inline_hashes")
    if not inline:
        return CONTENT_SECURITY_POLICY
    directives = []
    for directive in CONTENT_SECURITY_POLICY.split("; "):
        name = directive.split(" ", 1)[0]
        hashes = sorted(digest for kind, digest in inline if kind == name)
        directives.append(" ".join([directive, *hashes]))
    return "; ".join(directives)


def set_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if response.mimetype == "text/html":
        # Pages about children are not kept in shared caches or the back-forward cache.
        response.headers.setdefault("Cache-Control", "no-store")
    return response
