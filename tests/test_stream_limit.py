"""A thousand screens on one process: open event streams do not take the pool that serves
pages, past LIVE_MAX_STREAMS a new stream is answered 503 with Retry-After, and the stream of
a screen that went away gives its place back at its next ping. Against a real gunicorn with
the worker of gunicorn.conf.py (gevent), on SQLite and PostgreSQL."""

import hashlib
import os
import resource
import socket
import time
from types import SimpleNamespace

import pytest
from werkzeug.security import generate_password_hash

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.live.slots import Slots, while_connected
from samenveilig.models import Case, CaseMember, FollowLink, Meeting, User

from .conftest import PASSWORD, save
from .servers import gunicorn
from .sse import Browserless, EventStream

TOKEN = "s" * 43
PATH = f"/meekijken/{TOKEN}/events?since=0"
# More than the 256 threads of the gthread worker that served streams before: at the 257th
# open stream every request hung.
MANY = 300


@pytest.fixture
def meeting_id(app):
    """A consultant, a case and its open meeting with a follow link, in the server's database."""
    with app.app_context():
        user = User(email="sarah@test.be", name="Sarah", role="consultant",
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
        case = Case(reference="OCJ-LIMIT-1", family_name="Maes", service="OCJ", members=[CaseMember(user=user)])
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today())
        db.session.add_all([user, case, meeting, FollowLink(
            meeting=meeting, token_hash=hashlib.sha256(TOKEN.encode()).hexdigest())])
        save()
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    return meeting_id


def open_stream(port: int) -> EventStream:
    return EventStream("127.0.0.1", port, PATH, timeout=30)


@pytest.mark.db
def test_past_the_limit_a_stream_is_refused_while_pages_and_events_go_on(app, meeting_id, database_uri, tmp_path):
    with gunicorn(database_uri, tmp_path, live_max_streams=MANY) as port:
        streams = [open_stream(port) for _ in range(MANY)]
        try:
            assert [s.status for s in streams] == [200] * MANY
            refused = open_stream(port)
            assert refused.status == 503
            assert refused.headers["retry-after"].isdigit()
            assert "Opnieuw verbinden" in refused.read_body()
            refused.close()

            writer = Browserless("127.0.0.1", port)
            writer.login("sarah@test.be", PASSWORD)  # pages and logins answer while the limit is reached
            status, _, page = writer.request("GET", f"/overleg/{meeting_id}")
            assert status == 200 and "Maes" in page
            status, _, _ = writer.request("POST", f"/overleg/{meeting_id}/items", {
                "quick-text": "Mama brengt de kinderen", "quick-category": "worry",
                "quick-visibility": "family"}, {"HX-Request": "true"})
            assert status == 204
            for stream in (streams[0], streams[-1]):  # the broker still reaches every stream
                assert "1" in [e.id for e in stream.read(1, timeout=30)]
            writer.conn.close()
        finally:
            for stream in streams:
                stream.close()


def test_the_stream_of_a_closed_socket_gives_its_place_back(app, meeting_id, database_uri, tmp_path):
    with gunicorn(database_uri, tmp_path, live_max_streams=2, live_ping_seconds=0.2) as port:
        first, second = open_stream(port), open_stream(port)
        assert (first.status, second.status) == (200, 200)
        full = open_stream(port)
        assert full.status == 503
        full.close()
        first.close()
        deadline = time.monotonic() + 20  # bound of the poll, not the promise: that is the test below
        statuses = []
        while time.monotonic() < deadline and 200 not in statuses:
            again = open_stream(port)
            statuses.append(again.status)
            if again.status != 200:
                again.close()
        assert statuses[-1] == 200
        again.close()
        second.close()


def test_a_stream_ends_at_its_first_chunk_after_the_client_hung_up():
    """The body sends a ping at least every ping interval, and the first chunk after the
    client hung up ends the stream: so its place is back within one ping interval."""
    slots = Slots(1)
    slot = slots.take()
    assert slots.take() is None
    closed = []

    def body():
        try:
            while True:
                yield ": ping\n\n"
        finally:
            closed.append(True)

    server, client = high_numbered(*socket.socketpair())
    stream = while_connected(body(), server)
    assert next(stream) == ": ping\n\n"
    assert next(stream) == ": ping\n\n"  # a client that stays is kept
    client.close()
    assert list(stream) == []  # the next ping finds it gone
    assert closed == [True]
    slot.release()
    slot.release()  # once only
    assert slots.held == 0 and slots.take() is not None
    server.close()


def high_numbered(server: socket.socket, client: socket.socket) -> tuple[socket.socket, socket.socket]:
    """The pair with the server's end at a file number past 1024, as at a thousand streams
    (where select() no longer works)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2048:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(2048, hard), hard))
    number = os.dup2(server.fileno(), 1500)
    server.close()
    return socket.socket(fileno=number), client


def test_a_closed_tab_ends_at_its_ping_before_any_access_check(app, meeting_id):
    """At a ping the stream first sends, so the stream of a closed tab ends there; only a
    screen that is still there has its access checked. A thousand closed tabs found at once
    cost no thousand queries."""
    from samenveilig.audience import Audience
    from samenveilig.live import stream as live_stream

    server, client = high_numbered(*socket.socketpair())
    waits, checks = [], []

    class QuietBroker:
        class hub:
            epoch = 0

            @staticmethod
            def wait(meeting_id, known, epoch, timeout):
                waits.append(timeout)
                if len(waits) == 3:
                    client.close()  # the tab is closed while the stream waits
                return []  # nothing changed: a ping

        def ready(self):
            pass

    def still_allowed():
        checks.append(len(waits))
        return True

    with app.app_context():
        body = live_stream.events(meeting_id, None, engine=db.engine, broker=QuietBroker(), ping=15,
                                  audience=Audience.FAMILY, render=None, still_allowed=still_allowed)
        chunks = list(while_connected(body, server))
    assert chunks == ["retry: 2000\n\n", live_stream.PING, live_stream.PING]
    assert checks == [1, 2]  # asked after each ping that reached the screen, not after the third
    assert 7.5 <= waits[0] <= 15 and waits[1:] == [15, 15]  # the first ping comes at a random moment
    server.close()


def test_a_screen_that_went_away_steps_aside_at_a_change_for_those_still_watching(app, meeting_id, monkeypatch):
    """A change wakes every stream of the meeting, also those of tabs closed since the last
    ping. Those end without rendering, sending or asking the database, after a pause, so the
    screens still watching are served first."""
    from samenveilig.audience import Audience
    from samenveilig.live import registry
    from samenveilig.live import stream as live_stream
    from samenveilig.live.broker import Change

    paused, rendered, asked = [], [], []
    monkeypatch.setattr(live_stream.time, "sleep", paused.append)
    class OneChange:
        def __init__(self, region: str):
            self.hub = SimpleNamespace(epoch=0, wait=lambda meeting_id, known, epoch, timeout: [
                Change(meeting_id, known + 1, (region,))])

        def ready(self):
            pass

    for touched in ("worry", sorted(registry.CONTROL)[0]):  # an item, and a change of who may watch
        with app.app_context():
            body = live_stream.events(meeting_id, None, engine=db.engine, broker=OneChange(touched), ping=15,
                                      audience=Audience.FAMILY, render=lambda *args: rendered.append(args) or b"",
                                      still_allowed=lambda: asked.append(True) or True, gone=lambda: True)
            assert list(body) == ["retry: 2000\n\n"]
    assert rendered == [] and asked == [] and len(paused) == 2 and all(0.2 <= p <= 2.0 for p in paused)
