"""Vendored files are the pinned ones, and nothing reaches outside the intranet."""

import gzip
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import brotli
import pytest
from flask import url_for

from samenveilig import dates
from samenveilig.assets import VERSIONED, build
from samenveilig.extensions import db
from samenveilig.models import NetworkMember, PlanAction, PlanContact, PlanRule, WarningSign

from .conftest import save
from .helpers import agreed_meeting

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"
VENDOR = PACKAGE / "static" / "vendor"


def test_vendored_files_match_their_recorded_hashes():
    table = (VENDOR / "README.md").read_text()
    rows = re.findall(r"^\| (\S+) \| (\S+) \| (\S+) \| .+? \| ([0-9a-f]{64}) \|$", table, re.M)
    assert {row[0] for row in rows} == {"htmx/htmx.min.js", "htmx-ext-sse/sse.min.js"}
    for path, _package, _version, sha256 in rows:
        content = (VENDOR / path).read_bytes()
        assert hashlib.sha256(content).hexdigest() == sha256, path
        assert (VENDOR / path).parent.joinpath("LICENSE").exists()
    assert b'version:"2.0.11"' in (VENDOR / "htmx/htmx.min.js").read_bytes()


def test_no_template_or_asset_loads_anything_from_outside():
    external = re.compile(r"""(src|href|action|url)\s*[=(]\s*["']?(https?:)?//""", re.I)
    for path in list((PACKAGE / "templates").rglob("*.html")) + list((PACKAGE / "static").rglob("*.css")):
        text = path.read_text()
        assert not external.search(text), path
        assert "@import" not in text, path


def family_link_url(app, client, auth, consultant, make_case) -> str:
    """The family link of a case with a realistic plan: 10 actions, 5 agreements, 5 warning
    signs and 4 people to call, all for the family."""
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        people = [NetworkMember(case_id=case.id, name=name, relation=relation, role="network", phone=phone)
                  for name, relation, phone in [("Rita Claes", "oma", "0473 11 22 33"),
                                                ("Jan Maes", "nonkel", "0474 22 33 44"),
                                                ("An Peeters", "buurvrouw", "0475 33 44 55"),
                                                ("Wim De Smet", "voetbaltrainer", "0476 44 55 66")]]
        db.session.add_all(people)
        db.session.flush()
        db.session.add_all(
            PlanAction(case_id=case.id, what=f"Actie {n}: oma haalt Noah op school op woensdag en vrijdag",
                       how="Ze belt mama als ze er niet geraakt, en spreekt dan af wie het wel doet.",
                       due_text="elke week", visibility="family") for n in range(10))
        db.session.add_all(PlanRule(case_id=case.id, text=f"Afspraak {n}: papa drinkt geen alcohol als hij "
                                    "alleen voor de kinderen zorgt.", visibility="family") for n in range(5))
        db.session.add_all(WarningSign(case_id=case.id, sign=f"Signaal {n}: papa praat luid en wankelt",
                                       response="mama belt oma, die de kinderen komt halen",
                                       visibility="family") for n in range(5))
        db.session.add_all(PlanContact(case_id=case.id, worry="als papa gedronken heeft", network_member_id=p.id,
                                       visibility="family") for p in people)
        save()
    agreed_meeting(app, case.id)  # the family sees the plan as agreed when a meeting closed
    auth.login(consultant)
    form = {"recipient": "voor mama", "expires_on": (dates.today() + timedelta(days=90)).isoformat()}
    page = client.post(f"/dossiers/{case.id}/gezinslinks", data=form)
    auth.logout()
    return "/gezin/" + re.search(r'value="http://localhost/gezin/([^"]+)"', page.text).group(1)


def fetch(client, url, **kwargs):
    """GET a static file and close it: WhiteNoise answers with an open file."""
    with client.get(url, **kwargs) as response:
        response.get_data()
    return response


STATIC_URL = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")


def test_a_versioned_url_is_cached_for_a_year_and_sent_compressed(client):
    with client.application.test_request_context():
        url = url_for("static", filename="css/samenveilig.css")
    assert url != "/static/css/samenveilig.css"
    original = (PACKAGE / "static/css/samenveilig.css").read_bytes()
    for accept, encoding, unpack in (("gzip, deflate, br, zstd", "br", brotli.decompress),
                                     ("gzip, deflate", "gzip", gzip.decompress)):
        response = fetch(client, url, headers={"Accept-Encoding": accept})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert unpack(response.data) == original
    plain = fetch(client, url)
    assert "Content-Encoding" not in plain.headers
    assert plain.data == (PACKAGE / "static/css/samenveilig.css").read_bytes()


def test_an_unversioned_or_unknown_version_is_never_cached_forever(client):
    plain = fetch(client, "/static/css/samenveilig.css")
    assert plain.status_code == 200
    assert "immutable" not in plain.headers["Cache-Control"]
    assert plain.headers["Cache-Control"] == "max-age=60, public"
    outdated = client.get("/static/css/samenveilig.000000000000.css")
    assert outdated.status_code == 404
    assert "immutable" not in outdated.headers.get("Cache-Control", "")


@pytest.mark.parametrize("page", ["/aanmelden", "desk", "family"])
def test_every_static_url_of_a_page_carries_its_version(app, client, auth, consultant, make_case, page):
    if page == "desk":
        auth.login(consultant)
        page = "/dossiers"
    else:
        page = family_link_url(app, client, auth, consultant, make_case) if page == "family" else page
    html = client.get(page).get_data(as_text=True)
    urls = STATIC_URL.findall(html)
    assert urls, page
    for url in urls:
        assert VERSIONED.search(url), url
        response = fetch(client, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable", url


def test_a_changed_file_gets_a_new_url_and_the_old_one_keeps_its_content(tmp_path):
    source, target = tmp_path / "static", tmp_path / "build"
    (source / "css").mkdir(parents=True)
    (source / "css/site.css").write_text("body { color: black; }\n" * 50)
    first = build(source, target)["css/site.css"]
    assert build(source, target)["css/site.css"] == first  # the same file, the same URL
    (source / "css/site.css").write_text("body { color: navy; }\n" * 50)
    second = build(source, target)["css/site.css"]
    assert second != first and VERSIONED.search(second) and VERSIONED.search(first)
    assert (target / second).read_text().startswith("body { color: navy; }")
    assert (target / first).read_text().startswith("body { color: black; }")
    assert (target / "css/site.css").read_text() == (target / second).read_text()
    assert gzip.decompress((target / f"{second}.gz").read_bytes()) == (target / second).read_bytes()
    assert brotli.decompress((target / f"{second}.br").read_bytes()) == (target / second).read_bytes()
    (target / f"{second}.br").unlink()  # a build from before brotli: the copy is made at the next start
    assert build(source, target)["css/site.css"] == second
    assert brotli.decompress((target / f"{second}.br").read_bytes()) == (target / second).read_bytes()


SUBRESOURCE = re.compile(r"""<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)\"""")


def transferred(response) -> int:
    """Bytes on the wire for one answer: status line, headers and the (compressed) body."""
    head = f"HTTP/1.1 {response.status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in response.headers.items())
    return len(head.encode()) + 2 + len(response.get_data())


def test_the_family_page_weighs_at_most_30_kb_on_a_cold_load_and_has_no_script(app, client, auth, consultant,
                                                                              make_case):
    url = family_link_url(app, client, auth, consultant, make_case)
    browser = app.test_client()  # a phone that has never been here: nothing cached, no cookie
    accept = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    page = browser.get(url, headers=accept)
    assert page.headers["Content-Encoding"] == "br"  # the page too, not only the static files
    html = brotli.decompress(page.get_data()).decode()
    assert page.status_code == 200 and html.count('class="shared-item"') >= 20
    assert "<script" not in html
    resources = SUBRESOURCE.findall(html)
    assert html.count("<style>") == 1 and not any(r.endswith(".css") for r in resources)  # its own, inside
    total = html_bytes = transferred(page)
    for resource in resources:
        answer = fetch(browser, resource, headers=accept)
        assert answer.status_code == 200, resource
        total += transferred(answer)
    print(f"family page cold load: {total} bytes ({html_bytes} the page), {len(resources)} subresources")
    assert total <= 30 * 1024
