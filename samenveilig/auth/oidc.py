"""Signing in with the agency's OpenID Connect provider (Microsoft Entra ID, Keycloak, the
Flemish government's ACM/IDM).

Authorization code flow with PKCE (S256). Authlib keeps state, nonce and code verifier in the
session and checks them on the way back; the ID token is validated against the provider's
published keys (signature, issuer, audience, expiry, nonce). A user is matched by the
provider's subject; the first sign-in creates the account only when the role claim maps to
one of our roles, and links an existing local account with the same email address."""

import logging
import secrets
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from joserfc.errors import JoseError
from requests import RequestException
from sqlalchemy import select

from .. import audit, live
from ..extensions import db
from ..inputs import one_line
from ..models import Role, User, hash_password
from ..services import Refused
from .services import normalise_email

log = logging.getLogger(__name__)
NAME = "agency"
FAILED = "Aanmelden met je organisatie-account is niet gelukt. Probeer het opnieuw."
NO_ACCESS = "Je organisatie-account geeft geen toegang tot Samenveilig. Vraag je beheerder om toegang."
DEACTIVATED = "Je account in Samenveilig is gedeactiveerd. Vraag je beheerder om het te activeren."
NO_EMAIL = "Je organisatie-account geeft geen e-mailadres door. Vraag je beheerder om hulp."


def init_app(app: Flask) -> None:
    """Register the provider when SAMENVEILIG_OIDC_ISSUER is set; a wrong role name stops the start."""
    if not app.config["OIDC_ISSUER"]:
        return
    for role in app.config["OIDC_ROLES"].values():
        Role(role)  # ValueError: only consultant, teamlead and admin can be given
    oauth = OAuth(app)
    oauth.register(
        NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": app.config["OIDC_SCOPE"], "code_challenge_method": "S256"},
    )
    app.extensions["samenveilig_oidc"] = oauth


def enabled() -> bool:
    return "samenveilig_oidc" in current_app.extensions


def client():
    return current_app.extensions["samenveilig_oidc"].create_client(NAME)


def start(redirect_uri: str):
    """The redirect to the provider's sign-in page, with a fresh state, nonce and PKCE challenge."""
    return client().authorize_redirect(redirect_uri)


def finish() -> User:
    """The user the provider's answer signs in, or Refused with a Dutch message."""
    try:
        token = client().authorize_access_token()
    except (AuthlibBaseError, JoseError, RequestException) as error:
        log.warning("OIDC sign-in refused: %s", type(error).__name__)
        raise Refused(FAILED, status=401) from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        raise Refused(FAILED, status=401)
    return sign_in(dict(claims))


def role_for(claims: dict[str, Any]) -> Role | None:
    """Our role for these claims: the first OIDC_ROLES entry whose value the role claim holds.
    The claim may be nested ("realm_access.roles" in Keycloak), a string or a list."""
    value: Any = claims
    for part in current_app.config["OIDC_ROLE_CLAIM"].split("."):
        value = value.get(part) if isinstance(value, dict) else None
    values = {value} if isinstance(value, str) else set(value) if isinstance(value, list) else set()
    for claim_value, role in current_app.config["OIDC_ROLES"].items():
        if claim_value in values:
            return Role(role)
    return None


def sign_in(claims: dict[str, Any]) -> User:
    """Match by subject; create or link on the first sign-in; follow the provider's role."""
    role = role_for(claims)
    with live.write():
        user = db.session.scalar(select(User).where(User.oidc_subject == claims["sub"])) or _first_time(claims, role)
        if not user.active:
            raise Refused(DEACTIVATED, status=403)
        if role is None:
            raise Refused(NO_ACCESS, status=403)
        if user.role != role:
            before = audit.snapshot(user)
            user.role = role
            audit.record(user, None, "user_role_changed", user, before, audit.snapshot(user))
        user.must_change_password = False
    return user


def _first_time(claims: dict[str, Any], role: Role | None) -> User:
    """A new account (only when the role claim allows it), or the local account with this email."""
    if role is None:
        raise Refused(NO_ACCESS, status=403)
    email = normalise_email(str(claims.get("email") or claims.get("preferred_username") or claims.get("upn") or ""))
    if "@" not in email:
        raise Refused(NO_EMAIL, status=403)
    user = db.session.scalar(select(User).where(User.email == email))
    # Never link through an address the provider itself says it has not verified.
    if user is not None and user.oidc_subject is None and claims.get("email_verified") is not False:
        before = audit.snapshot(user)
        user.oidc_subject = claims["sub"]
        audit.record(user, None, "user_linked", user, before, audit.snapshot(user))
        return user
    if user is not None:
        raise Refused(NO_ACCESS, status=403)
    user = User(email=email, name=one_line(str(claims.get("name") or "")).strip()[:120] or email, role=role, oidc_subject=claims["sub"],
                password_hash=hash_password(secrets.token_urlsafe(32)))  # no usable password
    db.session.add(user)
    audit.record(user, None, "user_created", user, None, audit.snapshot(user))
    return user
