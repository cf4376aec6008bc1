"""How the family link and the follow link reach a phone on a slow line: their HTML compressed,
brotli or gzip (never a page that holds the staff session's CSRF token, and nothing a request
brings is reflected on them), their stylesheet inside the page and allowed by its hash alone, their pictures under a versioned URL kept for a year with 304, every
picture with its size, and a page's own pictures not counted against its link's limit."""

import base64
import gzip
import hashlib
import re
from datetime import timedelta

import brotli
import pytest
from flask import Response
from flask_wtf.csrf import generate_csrf

from samenveilig import dates, images
from samenveilig.extensions import db
from samenveilig.models import (
    Child,
    ChildHouseEntry,
    Drawing,
    FamilyLink,
    Meeting,
    StoryImage,
    StoryPanel,
    StoryVersion,
)
from samenveilig.ratelimit import RateLimiter
from samenveilig.responses import compressed

from .conftest import save
from .helpers import make_family_link, make_follow_link, png

GZIP = {"Accept-Encoding": "gzip, deflate"}
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium asks for
IMG = re.compile(r"<img\b[^>]*>")


@pytest.fixture
def world(app, consultant, make_case, logged_in):
    """A case whose child shares a drawing with everyone and has a shared explanation (a panel
    with an uploaded picture, one with a figure), with a family link and an open meeting's
    follow link."""
    case = make_case(consultant, family_name="Maes")
    drawing, picture = images.process(png((400, 300))), images.process(png((300, 500)))
    with app.app_context():
        child = Child(case_id=case.id, first_name="Yasmine", date_of_birth=dates.today() - timedelta(days=14 * 366))
        entry = ChildHouseEntry(case_id=case.id, child=child, house="worries", text="Ik ben bang.",
                                talked_on=dates.today(), visibility="family",
                                drawing=Drawing(mimetype=drawing.mimetype, width=drawing.width, height=drawing.height,
                                                image=drawing.image, thumbnail=drawing.thumbnail))
        story = StoryVersion(case_id=case.id, child=child, version_number=1, status="shared", panels=[
            StoryPanel(position=1, text="Wie helpt er?", image=StoryImage(
                mimetype=picture.mimetype, width=picture.width, height=picture.height, image=picture.image,
                thumbnail=picture.thumbnail)),
            StoryPanel(position=2, text="Een huis.", figure="huis")])
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([child, entry, story, meeting])
        save()
        ids = dict(case=case.id, child=child.id, entry=entry.id, panel=story.panels[0].id, meeting=meeting.id)
    token = make_family_link(logged_in, case.id)
    made = logged_in.post(f"/dossiers/{case.id}/kinderen/{ids['child']}/eigen-link",
                          data={"expires_on": (dates.today() + timedelta(days=30)).isoformat()})
    own = re.search(r'value="http://localhost/kind/([^"]+)"', made.text).group(1)
    return ids | dict(token=token, own=own, follow=make_follow_link(logged_in, ids["meeting"]),
                      drawing=images.digest(drawing.thumbnail), picture=images.digest(picture.thumbnail))


def test_the_link_pages_are_sent_compressed_and_read_as_the_same_html(app, world):
    phone = app.test_client()
    for url in (f"/gezin/{world['token']}", f"/gezin/{world['token']}/uitleg/{world['child']}",
                f"/meekijken/{world['follow']}", f"/kind/{world['own']}"):
        plain, gzipped, brotlied = phone.get(url), phone.get(url, headers=GZIP), phone.get(url, headers=BROWSER)
        assert plain.status_code == gzipped.status_code == brotlied.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url
        assert gzipped.headers["Content-Encoding"] == "gzip" and brotlied.headers["Content-Encoding"] == "br", url
        assert "Accept-Encoding" in gzipped.headers["Vary"] and "Accept-Encoding" in brotlied.headers["Vary"], url
        assert gzip.decompress(gzipped.data) == brotli.decompress(brotlied.data) == plain.data, url
        assert len(brotlied.data) < len(gzipped.data) < len(plain.data) / 2, url


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_link_pages_carry_their_stylesheet_allowed_by_its_hash_alone(app, logged_in, world):
    """A phone on 3G shows the page without asking for its stylesheet; the page's policy allows
    exactly that text inline (and the follow page's stream script), nothing else."""
    phone = app.test_client()
    for url, style_from, script_from in (
            (f"/gezin/{world['token']}", "css/family.css", None),
            (f"/kind/{world['own']}", "css/family.css", None),
            (f"/meekijken/{world['follow']}", "bundles/phone.css", "early/stream.js")):
        answer = phone.get(url)
        html, policy = answer.get_data(as_text=True), answer.headers["Content-Security-Policy"]
        assert 'rel="stylesheet"' not in html, url
        styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
        scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
        built = app.extensions["inline_assets"]
        assert styles == [built[style_from].text] and scripts == ([built[script_from].text] if script_from else []), url
        style_src = re.search(r"style-src ([^;]+)", policy).group(1).split()
        script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
        assert style_src == ["'self'", csp_hash(styles[0])], url
        assert script_src == ["'self'", *map(csp_hash, scripts)], url
        assert "unsafe-inline" not in policy, url
    desk = logged_in.get(f"/dossiers/{world['case']}").headers["Content-Security-Policy"]
    assert "sha256" not in desk  # a page that carries nothing inline allows nothing inline


def test_a_page_with_the_csrf_token_that_reflects_what_was_asked_is_never_compressed(app, logged_in, world):
    """BREACH: a page that holds the session's CSRF token and also shows what the request
    brought (here the search) would let its length give the token away; it is sent as it is."""
    searched = logged_in.get("/?q=BREACH-PROBE-csrf_token", headers=GZIP)
    assert searched.status_code == 200 and "Content-Encoding" not in searched.headers
    html = searched.get_data(as_text=True)
    assert "BREACH-PROBE" in html and "X-CSRFToken" in html
    # The rule itself, on a link page's route: the same HTML is compressed until a CSRF token
    # is made while answering it.
    html_page = "<!doctype html><p>" + "Jullie plan. " * 100 + "</p>"
    url = f"/gezin/{world['token']}"
    with app.test_request_context(url, headers=GZIP):
        assert compressed(Response(html_page, mimetype="text/html")).headers.get("Content-Encoding") == "gzip"
    with app.test_request_context(url, headers=GZIP):
        generate_csrf()
        assert "Content-Encoding" not in compressed(Response(html_page, mimetype="text/html")).headers


def test_the_link_pages_reflect_nothing_a_request_brings(app, world):
    """What a link page carries on from its address is only its own known values."""
    phone = app.test_client()
    page = phone.get(f"/gezin/{world['token']}?taal=fr&bedankt=1&zoek=BREACH-PROBE", headers=GZIP)
    html = gzip.decompress(page.data).decode()
    assert page.status_code == 200 and "BREACH-PROBE" not in html and "zoek" not in html
    assert "?bedankt=1&amp;taal=nl" in html  # the language picker keeps the thanks, nothing else
    for url in (f"/gezin/{world['token']}/uitleg/{world['child']}?x=BREACH-PROBE",
                f"/meekijken/{world['follow']}?taal=BREACH-PROBE&x=BREACH-PROBE",
                f"/kind/{world['own']}?taal=fr&bedankt=1&x=BREACH-PROBE"):
        assert "BREACH-PROBE" not in gzip.decompress(phone.get(url, headers=GZIP).data).decode(), url


def test_pictures_are_versioned_kept_for_a_year_and_answered_304(app, logged_in, world):
    phone = app.test_client()
    token = world["token"]
    page = phone.get(f"/gezin/{token}").get_data(as_text=True)
    story = phone.get(f"/gezin/{token}/uitleg/{world['child']}").get_data(as_text=True)
    drawing_url = f"/gezin/{token}/tekening/{world['entry']}?v={world['drawing']}"
    picture_url = f"/gezin/{token}/uitleg/beeld/{world['panel']}?v={world['picture']}"
    assert f'src="{drawing_url}" width="320" height="240"' in page
    assert f'src="{picture_url}" width="192" height="320"' in story
    assert re.search(r'src="/static/figures/huis\.[0-9a-f]{12}\.svg" width="200" height="160"', story)
    own = phone.get(f"/kind/{world['own']}").get_data(as_text=True)  # her own page: her drawing and story
    assert len(IMG.findall(own)) >= 3
    for html in (page, story, own):
        for tag in IMG.findall(html):
            assert " width=" in tag and " height=" in tag, tag
    # Her own link's pictures are versioned and kept the same way.
    own_drawing = f"/kind/{world['own']}/tekening/{world['entry']}?v={world['drawing']}"
    own_picture = f"/kind/{world['own']}/uitleg/beeld/{world['panel']}?v={world['picture']}"
    assert f'src="{own_drawing}"' in own and f'src="{own_picture}"' in own
    for url, digest in ((drawing_url, world["drawing"]), (picture_url, world["picture"]),
                        (own_drawing, world["drawing"]), (own_picture, world["picture"])):
        first = phone.get(url)
        assert first.status_code == 200 and first.mimetype == "image/png" and first.data
        assert first.headers["Cache-Control"] == "private, max-age=31536000, immutable"
        assert first.headers["ETag"] == f'"{digest}"' and first.headers["X-Content-Type-Options"] == "nosniff"
        again = phone.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == f'"{digest}"'
        assert phone.get(url.replace(digest, "0" * 16)).status_code == 404  # another version: not kept
    # A revoked link shows no picture, also not to a browser that asks whether its copy still holds.
    with app.app_context():
        link = db.session.query(FamilyLink).one()
        link.revoked_at = link.created_at
        save()
    for url, digest in ((drawing_url, world["drawing"]), (picture_url, world["picture"])):
        assert phone.get(url).status_code == 404
        assert phone.get(url, headers={"If-None-Match": f'"{digest}"'}).status_code == 404


def test_a_pages_own_pictures_do_not_count_against_its_link(app, world):
    app.extensions["family_limiters"]["link"] = RateLimiter(3, 300)
    phone, token = app.test_client(), world["token"]
    pictures = [f"/gezin/{token}/tekening/{world['entry']}?v={world['drawing']}",
                f"/gezin/{token}/uitleg/beeld/{world['panel']}?v={world['picture']}"]
    for _visit in range(3):
        assert phone.get(f"/gezin/{token}").status_code == 200
        assert [phone.get(url).status_code for url in pictures * 5] == [200] * 10
    assert phone.get(f"/gezin/{token}").status_code == 429  # the fourth visit of the link
