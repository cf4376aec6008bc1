"""Signing in with the agency's organisation account: the real OpenID Connect flow against a
real provider (oidc-provider-mock, started here on a local port), including a tampered
state, a wrong nonce and an expired ID token."""

import base64
import hashlib
import json
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from sqlalchemy import func, select

from samenveilig import create_app
from samenveilig.auth import oidc, services
from samenveilig.extensions import db
from samenveilig.models import Role, User
from samenveilig.services import Refused

from .conftest import PASSWORD, make_config
from .pgcluster import free_port

pytestmark = pytest.mark.db
ROLES = {"samenveilig-teamlead": "teamlead", "samenveilig-consulent": "consultant", "samenveilig-beheer": "admin"}
PEOPLE = [
    {"sub": "sub-els", "email": "Els@OCJ.example", "name": "Els Vermeulen", "roles": ["andere-app", "samenveilig-teamlead"]},
    {"sub": "sub-sarah", "email": "sarah@ocj.example", "name": "Sarah Peeters", "roles": "samenveilig-consulent"},
    {"sub": "sub-zonder", "email": "zonder@ocj.example", "name": "Zonder Rol", "roles": ["andere-app"]},
    {"sub": "sub-lokaal", "email": "lokaal@ocj.example", "name": "Lokaal Account", "roles": ["samenveilig-consulent"]},
]


def run_provider(token_max_age: int):
    """A real OpenID Connect provider in its own process: discovery, keys, authorize, token."""
    port = free_port()
    people = [arg for person in PEOPLE for arg in ("--user-claims", json.dumps(person))]
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--require-nonce", "true",
         f"--token-max-age={token_max_age}", *people],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(issuer + "/.well-known/openid-configuration", timeout=1):
                return process, issuer
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the OIDC provider did not start") from None
            time.sleep(0.05)  # the provider is starting; poll its port again


@pytest.fixture(scope="session")
def provider():
    process, issuer = run_provider(3600)
    yield issuer
    process.terminate()
    process.wait()


@pytest.fixture(scope="session")
def expired_provider():
    """A provider whose ID tokens expired five minutes before they were issued."""
    process, issuer = run_provider(-300)
    yield issuer
    process.terminate()
    process.wait()


def oidc_config(issuer: str, **extra) -> dict:
    return {"OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "samenveilig", "OIDC_CLIENT_SECRET": "geheim",
            "OIDC_ROLE_CLAIM": "roles", "OIDC_ROLES": ROLES, **extra}


@pytest.fixture
def app_config(provider):
    return oidc_config(provider)


@pytest.fixture
def refusals(caplog, monkeypatch):
    """The log of refused sign-ins (an Alembic run earlier in the session may disable loggers)."""
    monkeypatch.setattr(oidc.log, "disabled", False)
    return caplog


def to_provider(client, next_url: str = "") -> str:
    """Click "Aanmelden met je organisatie-account": the provider's sign-in URL."""
    response = client.get("/aanmelden/organisatie" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    return response.headers["Location"]


def provider_answer(authorize_url: str, sub: str) -> str:
    """The person signs in at the provider; it sends the browser back with a code and the state."""
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def back_to_app(client, callback_url: str):
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, sub: str, next_url: str = ""):
    return back_to_app(client, provider_answer(to_provider(client, next_url), sub))


def with_param(url: str, **values) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | values
    return urlunsplit(parts._replace(query=urlencode(query)))


def refused_with(client, response, message: str) -> None:
    assert response.status_code == 302 and response.headers["Location"] == "/aanmelden"
    assert message in client.get("/aanmelden").text
    assert client.get("/").status_code == 302  # not signed in


def test_the_login_page_offers_the_organisation_account(client):
    page = client.get("/aanmelden").text
    assert "Aanmelden met je organisatie-account" in page and 'name="password"' in page


def test_without_configuration_there_is_no_organisation_login(database_uri):
    plain = create_app(make_config(database_uri))
    client = plain.test_client()
    assert "organisatie-account" not in client.get("/aanmelden").text
    assert client.get("/aanmelden/organisatie").status_code == 404
    assert client.get("/aanmelden/organisatie/terug?code=x&state=y").status_code == 404
    with plain.app_context():
        db.engine.dispose()


def test_first_sign_in_creates_the_user_with_the_mapped_role(app, client):
    authorize = to_provider(client, "/dossiers/nieuw")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    with client.session_transaction() as session:  # the verifier stays here, for the token request
        verifier = session[f"_state_agency_{query['state'][0]}"]["data"]["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert query["code_challenge"] == [challenge]
    response = back_to_app(client, provider_answer(authorize, "sub-els"))
    assert response.status_code == 302 and response.headers["Location"] == "/dossiers/nieuw"
    assert "Els Vermeulen" in client.get("/").text
    with app.app_context():
        user = db.session.scalar(select(User).where(User.oidc_subject == "sub-els"))
        assert (user.email, user.name, user.role) == ("els@ocj.example", "Els Vermeulen", Role.TEAMLEAD)
        assert not user.check_password("")
    # The next time the same person is matched by the subject, not created again.
    again = app.test_client()
    assert sign_in(again, "sub-els").headers["Location"] == "/"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_nobody_is_let_in_or_created_without_a_role_that_maps(app, client):
    refused_with(client, sign_in(client, "sub-zonder"), oidc.NO_ACCESS)
    refused_with(client, sign_in(client, "onbekend@ocj.example"), oidc.NO_ACCESS)  # no role claim at all
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_existing_local_account_is_linked_by_its_email(app, client, make_user):
    local = make_user(email="lokaal@ocj.example", role="teamlead")
    assert sign_in(client, "sub-lokaal").status_code == 302
    assert client.get("/").status_code == 200
    with app.app_context():
        user = db.session.get(User, local.id)
        assert user.oidc_subject == "sub-lokaal" and user.role == Role.CONSULTANT  # the provider's role


def test_an_address_the_provider_did_not_verify_links_nothing(app, make_user):
    local = make_user(email="lokaal@ocj.example", role="teamlead")
    claims = {"sub": "sub-vreemd", "email": "lokaal@ocj.example", "email_verified": False,
              "roles": ["samenveilig-consulent"]}
    with app.test_request_context(), pytest.raises(Refused):
        oidc.sign_in(claims)
    with app.app_context():
        assert db.session.get(User, local.id).oidc_subject is None


def test_a_name_from_the_provider_loses_its_bidi_controls(app):
    """A new account's name comes from the provider, not from a form: it is cleaned the same way."""
    claims = {"sub": "sub-omgekeerd", "email": "\u202eomgekeerd@ocj.example", "roles": ["samenveilig-consulent"],
              "name": "\u2067Omar\u202e El\u200f Amrani\u2069"}
    with app.test_request_context():
        user = oidc.sign_in(claims)
        assert (user.name, user.email) == ("Omar El Amrani", "omgekeerd@ocj.example")


def test_a_tampered_state_is_refused(app, client, refusals):
    callback = provider_answer(to_provider(client), "sub-sarah")
    refused_with(client, back_to_app(client, with_param(callback, state="nagemaakt")), oidc.FAILED)
    assert "MismatchingStateError" in refusals.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_a_wrong_nonce_is_refused(app, client, refusals):
    authorize = with_param(to_provider(client), nonce="een-andere-nonce")
    refused_with(client, back_to_app(client, provider_answer(authorize, "sub-sarah")), oidc.FAILED)
    assert "InvalidClaimError" in refusals.text  # the ID token carries the nonce the provider was given
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_an_expired_id_token_is_refused(database_uri, expired_provider, refusals):
    app = create_app(make_config(database_uri, **oidc_config(expired_provider)))
    client = app.test_client()
    refused_with(client, sign_in(client, "sub-sarah"), oidc.FAILED)
    assert "ExpiredTokenError" in refusals.text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
        db.session.remove()
        db.engine.dispose()


def test_a_user_deactivated_here_is_signed_out_and_cannot_sign_in(app, client, make_user):
    admin = make_user(role="admin")
    assert sign_in(client, "sub-sarah").status_code == 302
    assert client.get("/").status_code == 200
    with app.app_context():
        sarah = db.session.scalar(select(User).where(User.oidc_subject == "sub-sarah"))
        services.set_active(db.session.get(User, admin.id), sarah, False)
    ended = client.get("/")
    assert ended.status_code == 302 and ended.headers["Location"].startswith("/aanmelden")
    refused_with(client, sign_in(client, "sub-sarah"), oidc.DEACTIVATED)


def test_local_passwords_can_be_switched_off(app, client, make_user):
    app.config["LOCAL_PASSWORDS"] = False
    sarah = make_user(email="wachtwoord@ocj.example")
    page = client.get("/aanmelden").text
    assert "Aanmelden met je organisatie-account" in page and 'name="password"' not in page
    response = client.post("/aanmelden", data={"email": sarah.email, "password": PASSWORD})
    assert response.status_code == 302 and "uitgeschakeld" in client.get("/aanmelden").text
    assert client.get("/").status_code == 302


def test_with_local_passwords_off_there_is_no_password_to_change(app, client, make_user):
    sarah = make_user(email="organisatie@ocj.example")
    client.post("/aanmelden", data={"email": sarah.email, "password": PASSWORD})  # signed in earlier
    assert 'href="/wachtwoord"' in client.get("/").text
    app.config["LOCAL_PASSWORDS"] = False
    home = client.get("/")
    assert home.status_code == 200 and 'href="/wachtwoord"' not in home.text
    assert client.get("/wachtwoord").status_code == 404
    assert client.post("/wachtwoord", data={}).status_code == 404


def test_the_settings_come_from_samenveilig_oidc_variables(monkeypatch, tmp_path, provider):
    from .helpers import fresh_app

    env = dict(SAMENVEILIG_OIDC_ISSUER=provider, SAMENVEILIG_OIDC_CLIENT_ID="samenveilig",
               SAMENVEILIG_OIDC_CLIENT_SECRET="geheim", SAMENVEILIG_OIDC_ROLE_CLAIM="realm_access.roles",
               SAMENVEILIG_OIDC_ROLES='{"sv-team": "teamlead", "sv-consulent": "consultant"}',
               SAMENVEILIG_LOCAL_PASSWORDS="false")
    app = fresh_app(monkeypatch, tmp_path, **env)
    assert app.config["OIDC_ROLES"] == {"sv-team": "teamlead", "sv-consulent": "consultant"}
    assert app.config["LOCAL_PASSWORDS"] is False
    with app.test_request_context():
        assert oidc.enabled()
        nested = {"realm_access": {"roles": ["sv-consulent", "sv-team"]}}
        assert oidc.role_for(nested) == Role.TEAMLEAD  # the first entry that matches wins
        assert oidc.role_for({"realm_access": {"roles": "sv-consulent"}}) == Role.CONSULTANT
        assert oidc.role_for({"roles": ["sv-team"]}) is None
    with pytest.raises(ValueError):
        fresh_app(monkeypatch, tmp_path, **env | {"SAMENVEILIG_OIDC_ROLES": '{"sv-team": "baas"}'})


def test_someone_whose_role_was_taken_away_at_the_provider_is_refused(app, client, make_user):
    make_user(email="zonder@ocj.example", oidc_subject="sub-zonder")  # signed in before, with a role then
    refused_with(client, sign_in(client, "sub-zonder"), oidc.NO_ACCESS)
