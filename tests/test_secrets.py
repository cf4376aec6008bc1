"""No secrets in logs or PDFs: link tokens and phone keys never reach a log line, and a PDF
never reads a file or the network, whatever an item's text says."""

import logging
import re
import urllib.request
from urllib.request import OpenerDirector

import pytest

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.logmask import mask
from samenveilig.models import MappingItem, Meeting
from samenveilig.review import exports

from .conftest import save
from .helpers import exported_pdf_text as pdf_text
from .helpers import make_family_link, make_follow_link, new_review
from .helpers import review_case as case  # noqa: F401 (a fixture)
from .servers import gunicorn


def links(app, client, auth, make_user, make_case) -> tuple[str, str]:
    """A working family link and follow link of one case: their tokens."""
    consultant = make_user()
    own = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=own.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        db.session.flush()
        db.session.add(MappingItem(meeting_id=meeting.id, category="strength", text="Oma helpt", visibility="family"))
        save()
        meeting_id = meeting.id
    auth.login(consultant)
    return make_family_link(client, own.id), make_follow_link(client, meeting_id)


def test_the_access_log_of_the_real_server_masks_link_tokens(app, client, auth, make_user, make_case, tmp_path):
    family, follow = links(app, client, auth, make_user, make_case)
    with app.app_context():
        db.engine.dispose()
    opened = []
    with gunicorn(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, access_log="-") as port:
        for path in (f"/gezin/{family}", f"/meekijken/{follow}", f"/meekijken/{follow}/regio/strength",
                     f"/meekijken/{follow}/regio/plan"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                opened.append((response.status, response.read().decode()))
    assert [status for status, _ in opened] == [200, 200, 200, 200]
    assert "Oma helpt" in opened[2][1]  # the server really served the follow link's pages
    log = (tmp_path / f"gunicorn-{port}.log").read_text()
    assert '"GET /gezin/*** HTTP/1.1" 200' in log
    assert '"GET /meekijken/***/regio/strength HTTP/1.1" 200' in log
    assert family not in log and follow not in log


def test_an_error_on_a_family_link_is_logged_without_its_token(app, client, auth, make_user, make_case,
                                                             monkeypatch, caplog):
    family, follow = links(app, client, auth, make_user, make_case)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(app.logger, "disabled", False)  # an earlier Alembic run may disable loggers

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("samenveilig.share.services.family_view", broken)
    monkeypatch.setattr("samenveilig.meetings.services.board", broken)
    with caplog.at_level(logging.ERROR):
        assert app.test_client().get(f"/gezin/{family}").status_code == 500
        assert app.test_client().get(f"/meekijken/{follow}").status_code == 500
    messages = "\n".join(record.getMessage() for record in caplog.records)
    assert "Exception on /gezin/*** [GET]" in messages and "Exception on /meekijken/*** [GET]" in messages
    assert family not in caplog.text and follow not in caplog.text


def test_mask_hides_tokens_phone_keys_and_login_codes():
    line = ('GET /meekijken/abc_DEF-123/regio/worry?since=4 "Cookie: sv_device=k3y; x=1" '
            "/auth/oidc/callback?code=c0de&state=st4te /gezin/t0ken/feedback")
    assert mask(line) == ('GET /meekijken/***/regio/worry?since=4 "Cookie: sv_device=***; x=1" '
                          "/auth/oidc/callback?code=***&state=*** /gezin/***/feedback")


@pytest.fixture
def fetched(monkeypatch) -> list[str]:
    """Every URL opened through urllib (WeasyPrint's way to fetch), but data: URIs."""
    urls, original = [], OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        full = getattr(url, "full_url", url)
        if not full.startswith("data:"):
            urls.append(full)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(OpenerDirector, "open", spy)
    return urls


def test_a_pdf_fetches_no_file_and_no_network(fetched):
    pdf = exports.render_pdf('<p>tekst</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
                             '<div style="background: url(file:///etc/hostname)"></div>'
                             '<img src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E">')
    assert pdf.startswith(b"%PDF") and fetched == []


def test_an_item_text_with_html_is_printed_as_text(app, client, case, fetched):  # noqa: F811
    meeting_id = new_review(client, case.id, kind="mapping")
    client.post(f"/overleg/{meeting_id}/items", headers={"HX-Request": "true"}, data={
        "quick-text": '<img src="file:///etc/passwd">', "quick-category": "worry", "quick-visibility": "family"})
    text = pdf_text(client, case.id, f"/overleg/{meeting_id}/pdf", "file")
    assert '<img src="file:///etc/passwd">' in re.sub(r"\s+", " ", text)
    assert "root:" not in text and fetched == []
