"""CSRF, security headers, error pages and the htmx configuration."""

import hashlib
import json
import re
from datetime import timedelta

import pytest

from samenveilig.extensions import db
from samenveilig.models import FamilyLink, utcnow

from .conftest import save


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True, "PROPAGATE_EXCEPTIONS": False}


def test_every_post_without_a_csrf_token_is_refused(app, client, auth, make_user):
    adapter = app.url_map.bind("localhost")
    values = {"case_id": 1, "user_id": 1, "collection": "kinderen", "entry_id": 1, "meeting_id": 1,
              "item_id": 1, "participant_id": 1, "category": "worry", "token": "x", "name": "scale", "kind_name": "acties",
              "link_id": 1, "action_id": 1, "proposal_id": 1, "export_id": 1, "change_id": 1, "member_id": 1,
              "child_id": 1, "score_id": 1, "version_id": 1, "panel_id": 1}
    posts = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert posts
    own_token = {"follow.claim", "follow.score", "family.feedback", "child_link.score"}  # no session: a link-bound token
    for rule in posts:
        url = adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments})
        response = client.post(url, data={"family_name": "x"})
        if rule.endpoint in own_token:
            assert response.status_code in (403, 404), url
            continue
        assert response.status_code == 400, url
        assert "Formulier verlopen" in response.text


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_a_post_with_the_token_from_the_page_works(client, make_user):
    user = make_user()
    token = csrf_token(client.get("/aanmelden").text)
    response = client.post("/aanmelden", data={"email": user.email, "password": "een-goed-wachtwoord",
                                               "csrf_token": token})
    assert response.status_code == 302
    page = client.get("/").text
    headers = json.loads(re.search(r"hx-headers='([^']+)'", page).group(1))
    response = client.post("/dossiers/nieuw", data={"family_name": "Maes", "service": "OCJ"},
                           headers={"X-CSRFToken": headers["X-CSRFToken"]})
    assert response.status_code == 302


def test_security_headers(client):
    response = client.get("/aanmelden")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_carry_no_inline_script_or_style(app, client, auth, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    auth.login(make_user())
    for url in ("/aanmelden", "/", "/dossiers/nieuw"):
        html = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " style=" not in html and "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url


def test_the_demo_pages_carry_no_inline_script_or_style(app, client, runner):
    """Every page of the demo, at the desk, in the meeting and on the projector."""
    app.config["WTF_CSRF_ENABLED"] = False
    runner.invoke(args=["seed-demo"])
    client.post("/aanmelden", data={"email": "sarah.peeters@demo.samenveilig.be", "password": "samen-veilig-demo"})
    pages = ["/", "/dossiers/1", "/dossiers/1/overleggen", "/dossiers/1/plan", "/dossiers/1/voortgang",
             "/dossiers/1/veiligheidsnetwerk", "/dossiers/1/gezinslinks", "/dossiers/1/geschiedenis", "/overleg/1", "/overleg/1/plan",
             "/overleg/1/projectie", "/overleg/1/projectie/analyse", "/overleg/1/projectie/plan",
             "/overleg/1/projectie/netwerk"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), url
        assert " style=" not in response.text and "<style" not in response.text, url
        assert not re.search(r"\son[a-z]+=", response.text), url


def test_htmx_is_configured_for_a_strict_policy(client):
    html = client.get("/aanmelden").text
    config = json.loads(re.search(r'name="htmx-config" content=\'([^\']+)\'', html).group(1))
    assert config["allowEval"] is False and config["allowScriptTags"] is False
    assert config["historyCacheSize"] == 0 and config["selfRequestsOnly"] is True
    assert {"code": "422", "swap": True} in config["responseHandling"]


def test_error_pages_are_dutch(app, client, auth, make_user):
    @app.get("/kapot")
    def broken():
        raise RuntimeError("stuk")

    assert "Niet gevonden" in client.get("/bestaat-niet").text
    app.config["WTF_CSRF_ENABLED"] = False
    auth.login(make_user())
    response = client.get("/kapot")
    assert response.status_code == 500 and "Er ging iets mis" in response.text
    assert "stuk" not in response.text
    response = client.get("/beheer/gebruikers")
    assert response.status_code == 403 and "Geen toegang" in response.text
    notice = client.get("/bestaat-niet", headers={"HX-Request": "true"})
    assert notice.headers["HX-Retarget"] == "#notices"
    assert notice.text.startswith('<p class="notice notice--error" role="alert">')


def test_anonymous_pages_set_no_cookie(client):
    assert "Set-Cookie" not in client.get("/bestaat-niet").headers


def test_a_family_page_sets_no_cookie_even_with_a_staff_session(app, client, auth, make_user, make_case):
    """The family link sets no cookie: a staff member's session cookie that the browser sends
    along is not sent back (refreshed), nor deleted, on any of its pages."""
    user = make_user()
    case = make_case(user)
    token = "gezin-met-sessie"
    with app.app_context():
        db.session.add(FamilyLink(case_id=case.id, token_hash=hashlib.sha256(token.encode()).hexdigest(),
                                  expires_at=utcnow() + timedelta(days=30)))
        save()
    app.config["WTF_CSRF_ENABLED"] = False
    auth.login(user)
    assert client.get_cookie("samenveilig_session") is not None
    assert "Set-Cookie" in client.get("/").headers  # a staff page refreshes its session
    for url in (f"/gezin/{token}", f"/gezin/{token}?taal=fr", "/gezin/onbekend", f"/gezin/{token}/tekening/999"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "Set-Cookie" not in response.headers, url
    assert client.get(f"/gezin/{token}").status_code == 200  # the link works
    response = client.post(f"/gezin/{token}/feedback", data={"message": "Dank u"})
    assert "Set-Cookie" not in response.headers
    assert client.get("/").status_code == 200  # the staff session itself carries on
