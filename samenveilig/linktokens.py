"""Form tokens for pages without a session (follow links, family links): a keyed hash of the
link, so a form only works on the page of that link."""

import hashlib
import hmac

from flask import current_app


def form_token(purpose: str, link_key: str) -> str:
    key = current_app.secret_key.encode()
    return hmac.new(key, f"{purpose}:{link_key}".encode(), hashlib.sha256).hexdigest()


def valid_form_token(purpose: str, link_key: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(form_token(purpose, link_key), given)
