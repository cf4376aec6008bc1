"""Live sync: the broker, the version bump in the write's transaction, and the event stream
read over a real socket."""

import hashlib
import threading
from datetime import date

import pytest
from sqlalchemy import event, select

from samenveilig import dates, live
from samenveilig.audience import Audience
from samenveilig.extensions import db
from samenveilig.live.broker import RESYNC, Change, Hub
from samenveilig.models import Child, FollowLink, LiveChange, Meeting, User

from .conftest import save
from .helpers import HX, current_version, read_until, serving, session_cookie
from .helpers import quick_pings as app_config  # noqa: F401 (a fixture)
from .sse import EventStream, words

# The hub ---------------------------------------------------------------------------------

def test_the_hub_loses_no_wake_up():
    """Many streams waiting while changes are published as fast as possible: each stream
    sees every version, in order, without a hole."""
    hub, versions, waiters = Hub(keep=5000), 2000, 12
    seen: list[list[int]] = [[] for _ in range(waiters)]
    started = threading.Barrier(waiters + 1)

    def follow(n: int) -> None:
        known = 0
        started.wait()
        while known < versions:
            changes = hub.wait(7, known, hub.epoch, timeout=5)
            assert changes not in ([], RESYNC), f"waiter {n} stalled at {known}"
            seen[n].extend(c.version for c in changes)
            known = changes[-1].version

    threads = [threading.Thread(target=follow, args=(n,)) for n in range(waiters)]
    for thread in threads:
        thread.start()
    started.wait()
    for version in range(1, versions + 1):
        hub.put(Change(7, version, ("worry",)))
    for thread in threads:
        thread.join(timeout=30)
    assert all(s == list(range(1, versions + 1)) for s in seen)


def test_the_hub_reports_a_hole_and_a_lost_source():
    hub = Hub()
    hub.put(Change(1, 5, ("worry",)))
    assert hub.wait(1, 3, hub.epoch, timeout=0) == RESYNC  # version 4 passed us by
    assert [c.version for c in hub.wait(1, 4, hub.epoch, timeout=0)] == [5]
    assert hub.wait(1, 5, hub.epoch, timeout=0) == []
    epoch = hub.epoch
    hub.resync_all()
    assert hub.wait(1, 5, epoch, timeout=0) == RESYNC


def test_changes_published_out_of_order_are_kept_in_order():
    hub = Hub()
    hub.put(Change(1, 2, ("harm",)))
    hub.put(Change(1, 1, ("worry",)))
    assert [c.version for c in hub.wait(1, 0, hub.epoch, timeout=0)] == [1, 2]


# The version bump belongs to the write --------------------------------------------------

@pytest.fixture
def meeting(app, make_user, make_case):
    consultant = make_user(name="Sarah Peeters")
    case = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        save()
        return dict(id=meeting.id, case_id=case.id, consultant=consultant)


@pytest.mark.db
def test_the_version_bump_is_in_the_write_transaction(app, meeting, monkeypatch):
    from samenveilig import audit
    from samenveilig.meetings import services

    with app.app_context():
        actor = db.session.get(User, meeting["consultant"].id)
        m = db.session.get(Meeting, meeting["id"])
        services.add_item(actor, m, text="Zorg", category="worry", speaker="", visibility="family", term=None)
        assert db.session.get(Meeting, meeting["id"]).version == 1

        def broken(*args, **kwargs):
            raise RuntimeError("audit store down")

        monkeypatch.setattr(audit, "record", broken)
        published = []
        monkeypatch.setattr(live, "publish", published.append)
        with pytest.raises(RuntimeError):
            services.add_item(actor, db.session.get(Meeting, meeting["id"]), text="Nog een zorg",
                              category="worry", speaker="", visibility="family", term=None)
        db.session.expire_all()
        assert db.session.get(Meeting, meeting["id"]).version == 1
        assert db.session.scalars(select(LiveChange.version)).all() == [1]
        assert published == []


# The stream over a real socket ------------------------------------------------------------

@pytest.fixture
def consultant_client(app, client, meeting):
    client.post("/aanmelden", data={"email": meeting["consultant"].email, "password": "een-goed-wachtwoord"})
    return client


def add(client, meeting_id, text, category="worry"):
    response = client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
        "quick-text": text, "quick-category": category, "quick-visibility": "family", "quick-term": "short"})
    assert response.status_code == 204


def test_a_stream_receives_one_event_per_commit(app, meeting, consultant_client):
    with serving(app) as port:
        stream = EventStream("127.0.0.1", port, f"/overleg/{meeting['id']}/events?since=0",
                             session_cookie(consultant_client))
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-cache"
        assert stream.headers["x-accel-buffering"] == "no"
        for n in range(5):
            add(consultant_client, meeting["id"], f"zorg {n}")
        events = read_until(stream, "5")
        # Commits that arrive together are sent once, with the HTML as it is now.
        assert {e.event for e in events} == {"worry-changed"}
        assert [int(e.id) for e in events] == sorted({int(e.id) for e in events})
        assert all(f"zorg {n}" in events[-1].data for n in range(5))
        add(consultant_client, meeting["id"], "sterk", "strength")
        [event] = stream.read(1)
        assert (event.id, event.event) == ("6", "strength-changed")  # nothing doubled in between
        assert "sterk" in event.data and "zorg" not in event.data
        stream.read(1, timeout=0.8)
        assert "ping" in stream.comments
        stream.close()


def test_a_reconnect_is_told_what_it_missed(app, meeting, consultant_client):
    with serving(app) as port:
        path = f"/overleg/{meeting['id']}/events"
        first = EventStream("127.0.0.1", port, path, session_cookie(consultant_client))
        add(consultant_client, meeting["id"], "een")
        [event] = first.read(1)
        first.close()
        add(consultant_client, meeting["id"], "twee", "harm")
        add(consultant_client, meeting["id"], "drie", "harm")
        add(consultant_client, meeting["id"], "vier", "worry")
        again = EventStream("127.0.0.1", port, path, session_cookie(consultant_client) | {"Last-Event-ID": event.id})
        missed = again.read(2, timeout=10)
        assert [(e.id, e.event) for e in missed] == [("3", "harm-changed"), ("4", "worry-changed")]
        assert "twee" in missed[0].data and "drie" in missed[0].data  # the region as it is now
        assert "een" in missed[1].data and "vier" in missed[1].data
        again.close()
        fresh = EventStream("127.0.0.1", port, path + "?since=3", session_cookie(consultant_client))
        assert [(e.id, e.event) for e in fresh.read(1, timeout=10)] == [("4", "worry-changed")]
        fresh.close()


def test_a_follow_stream_ends_when_the_link_is_revoked(app, meeting, consultant_client):
    with app.app_context():
        db.session.add(FollowLink(meeting_id=meeting["id"], token_hash=hashlib.sha256(b"t" * 43).hexdigest()))
        save()
    with serving(app) as port:
        stream = EventStream("127.0.0.1", port, f"/meekijken/{'t' * 43}/events")
        assert stream.status == 200
        add(consultant_client, meeting["id"], "een")
        assert stream.read(1)[0].event == "worry-changed"
        consultant_client.post(f"/overleg/{meeting['id']}/meekijklink/intrekken", headers=HX)
        events = stream.read(2, timeout=10)
        assert events[-1].event == "meeting-changed"
        assert stream.wait_closed()
        stream.close()
        gone = EventStream("127.0.0.1", port, f"/meekijken/{'t' * 43}/events")
        assert gone.status == 404
        gone.close()


def test_a_deactivated_consultant_s_open_stream_ends(app, meeting, consultant_client):
    from samenveilig.models import User

    with serving(app) as port:
        stream = EventStream("127.0.0.1", port, f"/overleg/{meeting['id']}/events", session_cookie(consultant_client))
        stream.read(1, timeout=0.8)
        assert "ping" in stream.comments and not stream.closed
        with app.app_context():
            user = db.session.get(User, meeting["consultant"].id)
            user.active = False
            save()
        assert stream.wait_closed(timeout=3)  # at the next ping
        stream.close()


# Pushed HTML: once per audience, and a family stream never carries what is not theirs -------

FOLLOW_TOKEN = "f" * 43


@pytest.fixture
def follow_link(app, meeting):
    with app.app_context():
        db.session.add(FollowLink(meeting_id=meeting["id"], token_hash=hashlib.sha256(FOLLOW_TOKEN.encode()).hexdigest()))
        save()
    return FOLLOW_TOKEN


def test_a_family_stream_never_carries_professional_html(app, meeting, consultant_client, follow_link):
    m = meeting["id"]
    with serving(app) as port:
        streams = {
            "consultant": EventStream("127.0.0.1", port, f"/overleg/{m}/events", session_cookie(consultant_client)),
            "projector": EventStream("127.0.0.1", port, f"/overleg/{m}/projectie/events",
                                     session_cookie(consultant_client)),
            "phone": EventStream("127.0.0.1", port, f"/meekijken/{follow_link}/events"),
        }
        for visibility in ("family", "professional", "confidential"):
            response = consultant_client.post(f"/overleg/{m}/items", headers=HX, data={
                "quick-text": f"{visibility.upper()}-WORRY", "quick-category": "worry", "quick-visibility": visibility})
            assert response.status_code == 204
            response = consultant_client.post(f"/overleg/{m}/items", headers=HX, data={
                "quick-text": f"{visibility.upper()}-DANGER", "quick-category": "danger",
                "quick-visibility": visibility, "quick-term": "short"})
            assert response.status_code == 204
            response = consultant_client.post(f"/overleg/{m}/plan/acties", headers=HX, data={
                "new-action-what": f"{visibility.upper()}-ACTION", "new-action-visibility": visibility})
            assert response.status_code == 204
        with app.app_context():
            from samenveilig.models import MappingItem

            danger = db.session.scalar(select(MappingItem.id).where(MappingItem.text == "PROFESSIONAL-DANGER"))
        assert consultant_client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": danger}).status_code == 204
        last = current_version(app, m)
        data = {name: "\n".join(e.data for e in read_until(stream, last)) for name, stream in streams.items()}
        for stream in streams.values():
            stream.close()
    for marker in ("WORRY", "DANGER", "ACTION"):
        assert f"FAMILY-{marker}" in data["consultant"]
        assert f"PROFESSIONAL-{marker}" in data["consultant"] and f"CONFIDENTIAL-{marker}" in data["consultant"]
        for family in ("projector", "phone"):
            assert f"FAMILY-{marker}" in data[family]
            assert "PROFESSIONAL-" not in data[family] and "CONFIDENTIAL-" not in data[family]
    assert "waar we bang voor zijn" in data["phone"]  # the scale says what it is about, not its text


def test_the_pushed_html_is_what_the_region_answers(app, meeting, consultant_client, follow_link):
    m = meeting["id"]
    phone = app.test_client()
    with serving(app) as port:
        board = EventStream("127.0.0.1", port, f"/overleg/{m}/events", session_cookie(consultant_client))
        follow = EventStream("127.0.0.1", port, f"/meekijken/{follow_link}/events")
        add(consultant_client, m, "Mama is\nsoms\r\nmoe")
        [pushed_board], [pushed_follow] = board.read(1), follow.read(1)
        board.close()
        follow.close()
    assert pushed_board.data.count("\n") > 3  # many lines, each its own data: line
    assert pushed_board.data == consultant_client.get(f"/overleg/{m}/regio/worry").text
    assert pushed_follow.data == phone.get(f"/meekijken/{follow_link}/regio/worry").text
    assert "board-keys-hint" in pushed_board.data and "board-keys-hint" not in pushed_follow.data  # the board's own items


def test_each_region_is_rendered_once_per_audience(app, meeting, consultant_client, follow_link, monkeypatch):
    renderer = app.extensions["live_render"]
    rendered = []
    real = renderer._render

    def counting(meeting_id, name, audience, base_url, language):
        rendered.append((name, str(audience)))
        return real(meeting_id, name, audience, base_url, language)

    monkeypatch.setattr(renderer, "_render", counting)
    m = meeting["id"]
    with serving(app) as port:
        streams = [EventStream("127.0.0.1", port, f"/overleg/{m}/events", session_cookie(consultant_client))
                   for _ in range(3)]
        streams += [EventStream("127.0.0.1", port, f"/meekijken/{follow_link}/events") for _ in range(3)]
        add(consultant_client, m, "een zorg")
        events = [stream.read(1)[0] for stream in streams]
        for stream in streams:
            stream.close()
    assert {e.data for e in events[:3]} != {e.data for e in events[3:]}
    assert len({e.data for e in events[:3]}) == 1 and len({e.data for e in events[3:]}) == 1
    assert sorted(rendered) == [("worry", "consultant"), ("worry", "family")]


def test_a_screen_far_behind_reloads(app, meeting, consultant_client, monkeypatch):
    from samenveilig.live import stream as live_stream

    monkeypatch.setattr(live_stream, "CATCH_UP_LIMIT", 2)
    for n in range(4):
        add(consultant_client, meeting["id"], f"zorg {n}")
    with serving(app) as port:
        near = EventStream("127.0.0.1", port, f"/overleg/{meeting['id']}/events?since=2", session_cookie(consultant_client))
        [event] = near.read(1)
        assert (event.id, event.event) == ("4", "worry-changed") and "zorg 3" in event.data
        far = EventStream("127.0.0.1", port, f"/overleg/{meeting['id']}/events?since=1", session_cookie(consultant_client))
        [event] = far.read(1)
        assert (event.id, event.event, event.data) == ("4", "meeting-changed", "4")
        near.close()
        far.close()


def test_a_network_member_added_at_the_desk_reaches_the_open_meeting(app, meeting, consultant_client):
    """The board's "who is there" offers the case's network: a member added on the case page
    while the meeting is open is offered on the board at once, without a reload."""
    with serving(app) as port:
        stream = EventStream("127.0.0.1", port, f"/overleg/{meeting['id']}/events?since=0",
                             session_cookie(consultant_client))
        response = consultant_client.post(f"/dossiers/{meeting['case_id']}/netwerk", headers=HX, data={
            "new-network_member-name": "Rik Peeters", "new-network_member-relation": "nonkel",
            "new-network_member-role": "network", "new-network_member-closeness": "close"})
        assert response.status_code == 200
        events = stream.read(2)  # the board's participants and the plan's contacts, at version 1
        assert {(e.id, e.event) for e in events} == {("1", "participants-changed"), ("1", "plan_contacts-changed")}
        pushed = next(e.data for e in events if e.event == "participants-changed")
        assert "Rik Peeters (nonkel)" in words(pushed)
        stream.close()


# The way to the screens, in round trips ---------------------------------------------------
# On PostgreSQL each statement is a round trip during which the gevent worker serves others:
# a change reaches the screens sooner when its write and its render ask the database less.

def statements_of(app, action, *, until_commit: bool = False) -> list[tuple[str, bool | None]]:
    """The statements `action` sends (up to the first commit), each with whether its connection
    was in autocommit (PostgreSQL: no BEGIN, no ROLLBACK; None on SQLite)."""
    with app.app_context():
        engine = db.engine
    statements: list[tuple[str, bool | None]] = []
    committed: list[bool] = []

    def statement(conn, _cursor, sql, *_args):
        if not committed:
            statements.append((sql, getattr(conn.connection.dbapi_connection, "autocommit", None)))

    def commit(_conn):
        committed.append(until_commit)

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    return statements


# The user; the closed-case check; the meeting with its case and participants (the form's "who
# says it"); the submission key; the version bump (on PostgreSQL with the NOTIFY); the change;
# the position; the item; its undo step; the audit line.
QUICK_ADD_BEFORE_COMMIT = 10


@pytest.mark.db
def test_a_quick_add_asks_the_database_10_times_before_its_commit(app, meeting, consultant_client):
    def quick_add():
        response = consultant_client.post(f"/overleg/{meeting['id']}/items", headers=HX, data={
            "quick-text": "Mama is moe", "quick-category": "worry", "quick-visibility": "family",
            "quick-submission": "een-sleutel-1"})
        assert response.status_code == 204

    statements = [sql for sql, _ in statements_of(app, quick_add, until_commit=True)]
    assert len(statements) <= QUICK_ADD_BEFORE_COMMIT, "\n".join(statements)


@pytest.mark.db
def test_a_pushed_region_reads_its_meeting_case_and_children_at_once(app, meeting, backend):
    """The family's headings name the children ("Wat doet dit met Lotte en Ward?"): they come
    with the meeting and its case in one statement, the items in a second. On PostgreSQL both run outside a transaction (no BEGIN,
    no ROLLBACK), and the connection goes back to the pool as it came."""
    with app.app_context():
        db.session.add_all([Child(case_id=meeting["case_id"], first_name="Lotte", date_of_birth=date(2017, 3, 1)),
                            Child(case_id=meeting["case_id"], first_name="Ward", date_of_birth=date(2019, 5, 2))])
        db.session.add(Meeting(case_id=meeting["case_id"], kind="mapping", held_on=dates.today()))
        save()
    renderer = app.extensions["live_render"]
    html = []
    statements = statements_of(app, lambda: html.append(
        renderer._render(meeting["id"], "impact", Audience.FAMILY, "http://x/", "nl")))
    assert "Lotte" in html[0] and "Ward" in html[0]
    assert len(statements) == 2, "\n".join(sql for sql, _ in statements)
    if backend == "postgresql":
        assert all(autocommit for _, autocommit in statements)
        with app.app_context():  # the pool hands the same connection out next (last in, first out)
            assert db.session.connection().connection.dbapi_connection.autocommit is False


@pytest.mark.db
def test_the_hub_hears_a_commit_with_its_version_and_regions(app, meeting):
    """Local: put in the hub after the commit; PostgreSQL: the NOTIFY that the version bump sent,
    heard by this process's listener at the commit, with the version the database gave."""
    from samenveilig.meetings import services

    broker = app.extensions["live"]
    broker.ready()
    epoch = broker.hub.epoch
    with app.app_context():
        actor = db.session.get(User, meeting["consultant"].id)
        for text in ("Zorg", "Nog een zorg"):
            services.add_item(actor, db.session.get(Meeting, meeting["id"]), text=text, category="worry",
                              speaker="", visibility="family", term=None)
        stored = db.session.execute(select(LiveChange.version, LiveChange.regions)
                                    .where(LiveChange.meeting_id == meeting["id"]).order_by(LiveChange.version)).all()
    heard = broker.hub.wait(meeting["id"], 0, epoch, timeout=5)
    if len(heard) < 2:
        heard += broker.hub.wait(meeting["id"], heard[-1].version, epoch, timeout=5)
    assert heard == [Change(meeting["id"], version, tuple(regions.split(","))) for version, regions in stored]
    assert [c.version for c in heard] == [1, 2]
    assert Change.from_payload(heard[1].payload()) == heard[1]
