"""Signing in with the organisation account, and local passwords switched off when asked."""

from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_login import login_user

from ..services import Refused
from . import oidc
from .views import safe_next

bp = Blueprint("oidc", __name__)
PASSWORDS_OFF = "Aanmelden met een wachtwoord is uitgeschakeld: meld je aan met je organisatie-account."


@bp.app_context_processor
def sign_in_options() -> dict:
    return dict(oidc_enabled=oidc.enabled(), local_passwords=current_app.config["LOCAL_PASSWORDS"])


@bp.before_app_request
def refuse_local_passwords():
    """With local passwords off, a posted password is never checked and none can be changed."""
    if current_app.config["LOCAL_PASSWORDS"]:
        return None
    if request.endpoint == "auth.change_password":
        abort(404)  # there is no password to change
    if request.endpoint == "auth.login" and request.method == "POST":
        flash(PASSWORDS_OFF, "error")
        return redirect(url_for("auth.login"))


@bp.get("/aanmelden/organisatie")
def start():
    """Off to the agency's provider; we come back at `finish`."""
    if not oidc.enabled():
        abort(404)
    session["oidc_next"] = safe_next(request.args.get("next"))
    return oidc.start(url_for("oidc.finish", _external=True))


@bp.get("/aanmelden/organisatie/terug")
def finish():
    """The provider's answer: signed in, or back to the login page with the reason."""
    if not oidc.enabled():
        abort(404)
    try:
        user = oidc.finish()
    except Refused as refused:
        flash(refused.message, "error")
        return redirect(url_for("auth.login"))
    login_user(user)
    session.permanent = True
    return redirect(session.pop("oidc_next", None) or url_for("cases.home"))
