"""A database that blinks does not take the app down. PostgreSQL stops for a moment under the
app as `make run` serves it (scripts/serve: gunicorn and the PDF worker): every page answers a
Dutch 503 with Retry-After, made without the database, and /gezond says what is down; a quick
add on the board waits in the queue. When the database is back, the quick add arrives exactly
once, the event stream catches up, /gezond is green again, and the same PDF worker (it never
exited) makes a PDF. A worker that does end is started again by scripts/serve."""

import hashlib
import json
import os
import signal
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.models import Case, CaseMember, Export, FollowLink, MappingItem, Meeting, Participant, User

from ..conftest import PASSWORD, make_config, save, skip_or_fail
from ..helpers import HX
from ..pgcluster import Cluster
from ..servers import served
from ..sse import Browserless, EventStream
from .conftest import login

TOKEN = "o" * 43
TEXT = "Buurman Jan kookt op dinsdag"


@pytest.fixture
def cluster(postgres_cluster: Cluster | None):
    """The session's throw-away cluster, running again after the test whatever happened."""
    if postgres_cluster is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    yield postgres_cluster
    if not postgres_cluster.running():
        postgres_cluster.start_server()


def seeded(url: str):
    """A consultant, her case and an open meeting with a follow link: (app, email, meeting id)."""
    app = create_app(make_config(url))
    with app.app_context():
        db.create_all()
        sarah = User(email="sarah@outage.test", name="Sarah Peeters", role="consultant",
                     password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
        case = Case(reference="OCJ-OUT-1", family_name="Wouters", service="OCJ", members=[CaseMember(user=sarah)])
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today(),
                          participants=[Participant(user=sarah, name=sarah.name)])
        link = FollowLink(meeting=meeting, token_hash=hashlib.sha256(TOKEN.encode()).hexdigest())
        db.session.add_all([sarah, case, meeting, link])
        save()
        return app, sarah.email, meeting.id


def pdf_workers(serve_pid: int) -> list[int]:
    """The PDF worker processes scripts/serve started (its children running `pdf-worker`)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue  # not a process, or it ended meanwhile
        if ppid == serve_pid and b"pdf-worker" in command:
            found.append(int(entry.name))
    return found


def until(check, timeout: float = 20, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)  # polling a server process's state: nothing to wait on in between
    raise AssertionError(f"timed out: {what}")


def caught_up(stream: EventStream, version: int, timeout: float = 10) -> list:
    """The events the stream sends until the one of `version` (or until it ends)."""
    events, deadline = [], time.monotonic() + timeout
    while not any(e.id == str(version) for e in events) and not stream.closed and time.monotonic() < deadline:
        events += stream.read(1, timeout=deadline - time.monotonic())
    return events


def health(client: Browserless) -> tuple[int, dict]:
    status, headers, body = client.request("GET", "/gezond")
    assert "samenveilig_session" not in headers.get("Set-Cookie", "")
    return status, json.loads(body)


def test_a_database_outage_answers_503_and_everything_comes_back(browser, cluster, tmp_path):
    url = cluster.create_database("samenveilig_outage")
    app, email, meeting_id = seeded(url)
    with served(url, tmp_path, access_log="/dev/null", workers=1, pdf_poll_seconds=0.05, pdf_heartbeat_seconds=0.5) \
            as (port, serve):
        desk = Browserless("127.0.0.1", port)
        desk.login(email, PASSWORD)
        monitor = Browserless("127.0.0.1", port)
        until(lambda: health(monitor)[0] == 200, what="/gezond green after the start")
        assert health(monitor)[1] == {"database": "ok", "pdf_worker": "ok"}
        [worker] = until(lambda: pdf_workers(serve.pid), what="the PDF worker")

        laptop = browser.new_context(base_url=f"http://127.0.0.1:{port}", locale="nl-BE",
                                     viewport={"width": 1440, "height": 900})
        board = laptop.new_page()
        login(board, SimpleNamespace(email=email))
        board.goto(f"/overleg/{meeting_id}")
        stream = EventStream("127.0.0.1", port, f"/meekijken/{TOKEN}/events?since=0")
        assert stream.status == 200

        cluster.stop_server()
        status, headers, page = desk.request("GET", "/")
        assert status == 503 and int(headers["Retry-After"]) > 0
        assert "Samenveilig is even niet bereikbaar" in page and "Internal Server Error" not in page
        status, headers, notice = desk.request("GET", f"/overleg/{meeting_id}", headers=HX)
        assert status == 503 and headers["HX-Retarget"] == "#notices" and "even niet bereikbaar" in notice
        assert health(monitor) == (503, {"database": "niet ok", "pdf_worker": "niet ok"})

        board.locator("#quick-text").fill(TEXT)
        board.locator("#quick-text").press("Enter")
        expect(board.locator("#quick-add-queue li", has_text=TEXT)).to_contain_text("Niet verstuurd")
        expect(board.locator("#notices [data-connection]")).to_contain_text("staat onder het tekstveld")
        until(lambda: "database error" in (tmp_path / f"serve-{port}.log").read_text(),
              what="the PDF worker meets the outage")
        cluster.start_server()
        with app.app_context():  # this test's own pooled connections went with the restart
            db.engine.dispose()

        # The queue sends it by itself once the database is back: on the board once, stored once.
        expect(board.locator("#category-worry .item", has_text=TEXT)).to_have_count(1, timeout=20_000)
        expect(board.locator("#quick-add-queue li")).to_have_count(0)
        with app.app_context():
            assert db.session.scalar(select(func.count(MappingItem.id)).where(MappingItem.text == TEXT)) == 1
            version = db.session.get(Meeting, meeting_id).version
            db.session.remove()

        # The follow screen's stream stayed open and caught up, or ended and catches up on reconnect.
        events = caught_up(stream, version)
        if not any(e.id == str(version) for e in events):
            assert stream.wait_closed(timeout=10)
            last = max((int(e.id) for e in events if e.id), default=0)
            stream.close()
            stream = EventStream("127.0.0.1", port, f"/meekijken/{TOKEN}/events",
                                 headers={"Last-Event-ID": str(last)})
            events = caught_up(stream, version)
        assert any(e.id == str(version) for e in events), [e.id for e in events]
        stream.close()

        until(lambda: health(monitor)[0] == 200, what="/gezond green after the outage")
        status, _, page = desk.request("POST", f"/overleg/{meeting_id}/pdf", {"audience": "file"}, HX)
        assert status == 200 and "PDF wordt gemaakt" in page

        def made():
            with app.app_context():
                try:
                    return db.session.scalar(select(Export.status)) == "done"
                finally:
                    db.session.remove()
        until(made, what="a PDF after the outage")
        assert pdf_workers(serve.pid) == [worker]  # the same worker: it never exited

        os.kill(worker, signal.SIGKILL)  # a worker that does end is started again, gunicorn stays
        until(lambda: [p for p in pdf_workers(serve.pid) if p != worker], what="a new PDF worker")
        assert desk.request("GET", "/")[0] == 200
        laptop.close()
        desk.conn.close()
        monitor.conn.close()
    with app.app_context():
        db.engine.dispose()
