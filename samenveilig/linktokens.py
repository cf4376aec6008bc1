"""What the public links share: the stored form of a secret (only its SHA-256 is kept, for
follow links, family links and phone keys), the one answer for a link that does not work,
and form tokens for pages without a session: a keyed hash of the link, so a form only works
on the page of that link."""

import base64
import hashlib
import hmac

from flask import current_app


def token_hash(token: str) -> str:
    """What is stored of a link token or a phone's key: never the secret itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def seeded_token(purpose: str, seed: str) -> str:
    """A link token the server can make again, and only the server: a keyed hash (the app's
    secret key) of a random seed kept beside the token's hash. The database alone does not give
    the token; whoever has the secret key could sign in as anyone already."""
    digest = hmac.new(current_app.secret_key.encode(), f"{purpose}:{seed}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class LinkGone(Exception):
    """A link that does not work (unknown, revoked, expired): every case gets the same answer."""


def form_token(purpose: str, link_key: str) -> str:
    key = current_app.secret_key.encode()
    return hmac.new(key, f"{purpose}:{link_key}".encode(), hashlib.sha256).hexdigest()


def valid_form_token(purpose: str, link_key: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(form_token(purpose, link_key), given)
