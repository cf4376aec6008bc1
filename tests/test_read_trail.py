"""Every read of a case's content leaves a line in its trail, and a request holds one database
connection at a time.

The walk opens every GET route under a case or a meeting (app.url_map) as the assigned
consultant: each must say in audit.READS what it reads, and leave that line, unless READS says
it shows nothing of the case (a short list with a reason each). Along the way, every GET
route of the app is checked for a second connection taken while the request holds one (the
pool deadlock under gevent, tests/test_connections_per_request.py)."""

from contextlib import contextmanager

import pytest
from flask_login.utils import _create_identifier
from sqlalchemy import event, func, select, text

from samenveilig import audit
from samenveilig.extensions import db
from samenveilig.models import AuditEvent, Case, User

from .helpers import World, build_world, url_variants
from .helpers import role_user as _user


def about_a_case(rule) -> bool:
    return "GET" in rule.methods and bool({"case_id", "meeting_id"} & set(rule.arguments))


@contextmanager
def connections(app):
    """held["most"]: the most connections checked out at once since it was last reset."""
    held = {"now": 0, "most": 0}

    def checkout(*_args):
        held["now"] += 1
        held["most"] = max(held["most"], held["now"])

    def checkin(*_args):
        held["now"] -= 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", checkin)
    try:
        yield held
    finally:
        event.remove(engine, "checkout", checkout)
        event.remove(engine, "checkin", checkin)


def last_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.max(AuditEvent.id), 0)))


def lines_since(app, since: int) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(AuditEvent.action, AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.case_id)
            .where(AuditEvent.id > since).order_by(AuditEvent.id))]


def walk(app, monkeypatch, only=lambda rule: True) -> int:
    """Open every GET route (or those `only` picks); returns how many about a case were checked."""
    monkeypatch.setattr(audit, "VIEW_WINDOW", audit.VIEW_WINDOW * 0)  # no folding: every read writes
    # The case's team lead: every page of a case is theirs to read, the access log's export too.
    world = build_world(app, {"assigned": _user(app, "teamlead")})
    client = app.test_client()
    with app.app_context():
        version = db.session.get(User, world.users["assigned"]).session_version
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.update(_user_id=f"{world.users['assigned']}:{version}", _fresh=True, _id=identifier)
    adapter = app.url_map.bind("localhost")
    checked = 0
    with connections(app) as held:
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout") or not only(rule):
                continue
            for values in url_variants(rule, world):
                url = adapter.build(rule.endpoint, values)
                since, held["most"] = last_id(app), 0
                response = client.get(url)
                response.close()  # an event stream is opened, not read
                assert held["most"] <= 1, f"GET {url} held {held['most']} database connections at once"
                if about_a_case(rule):
                    check_read(app, rule.endpoint, url, values, response, lines_since(app, since), world)
                    checked += 1
    return checked


def check_read(app, endpoint: str, url: str, values: dict, response, lines: list[tuple], world: World):
    assert endpoint in audit.READS, f"{endpoint}: say in samenveilig/audit.py READS what it reads"
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    read = audit.READS[endpoint]
    reads = [line for line in lines if line[0] in audit.VIEW_LABELS]
    if read is None:
        assert reads == [], f"GET {url} is listed as showing nothing, but recorded {reads}"
        return
    assert read.action in audit.VIEW_LABELS, f"{endpoint}: {read.action} needs a Dutch label in VIEW_LABELS"
    entity_id = values.get(read.arg, world.case_id)
    assert reads == [(read.action, read.entity, entity_id, world.case_id)], f"GET {url} left {lines}"
    with app.app_context():  # the object the line names is the one the route shows
        assert read.entity in {m.class_.__name__ for m in db.Model.registry.mappers}
        if read.entity == "Case":
            assert db.session.get(Case, entity_id) is not None


def test_every_read_of_a_case_leaves_a_line_on_one_connection(app, monkeypatch):
    """On SQLite: the connections a request holds are the app's doing, not the database's;
    tests/test_connections_per_request.py and tests/test_history.py cover PostgreSQL."""
    assert walk(app, monkeypatch) > 40


def test_the_walk_catches_a_page_that_does_not_say_what_it_reads(app, monkeypatch):
    from samenveilig.cases.access import case_or_404

    @app.get("/dossiers/<int:case_id>/stil")
    def unlisted(case_id):
        return case_or_404(case_id).family_name

    with pytest.raises(AssertionError, match="unlisted: say in"):
        walk(app, monkeypatch, only=lambda rule: rule.endpoint == "unlisted")


def test_the_walk_catches_a_page_that_leaves_no_line(app, monkeypatch):
    @app.get("/dossiers/<int:case_id>/ongezien")
    def unseen(case_id):  # past the access check (case_or_404) the read would be written
        return db.session.get(Case, case_id).family_name

    monkeypatch.setitem(audit.READS, "unseen", audit.Read("case_viewed"))
    with pytest.raises(AssertionError, match="ongezien left"):
        walk(app, monkeypatch, only=lambda rule: rule.endpoint == "unseen")


def test_the_walk_catches_a_request_that_takes_a_second_connection(app, monkeypatch):
    from samenveilig.cases.access import case_or_404

    @app.get("/dossiers/<int:case_id>/tweede-verbinding")
    def second(case_id):
        case = case_or_404(case_id)
        with db.engine.begin() as conn:  # what record_view did before
            conn.execute(select(1))
        return case.family_name

    monkeypatch.setitem(audit.READS, "second", audit.Read("case_viewed"))
    with pytest.raises(AssertionError, match="tweede-verbinding held 2 database connections"):
        walk(app, monkeypatch, only=lambda rule: rule.endpoint == "second")


@pytest.fixture
def reader(app, client, auth, consultant, make_case):
    case = make_case(consultant, family_name="Maes")
    auth.login(consultant)
    return case


@pytest.mark.db
def test_a_read_that_cannot_be_written_is_not_shown(app, client, reader, monkeypatch):
    monkeypatch.setattr(audit, "_read_insert", lambda line: text("INSERT INTO no_such_table VALUES (1)"))
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(f"/dossiers/{reader.id}", headers=headers)
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert "kon niet noteren dat je dit bekijkt" in response.text and "Maes" not in response.text
    monkeypatch.undo()
    assert client.get(f"/dossiers/{reader.id}").status_code == 200  # the next request is served
    assert [line[0] for line in lines_since(app, 0)] == ["case_viewed"]


def test_the_read_commits_nothing_the_page_changed(app, client, request, monkeypatch):
    from samenveilig.cases.access import case_or_404

    @app.get("/dossiers/<int:case_id>/proef")
    def careless(case_id):  # a page that changes what it shows, for itself alone
        case = case_or_404(case_id)
        case.family_name = "Anders"
        db.session.flush()
        return case.family_name

    monkeypatch.setitem(audit.READS, "careless", audit.Read("case_viewed"))
    reader = request.getfixturevalue("reader")  # logs in: the app's first request
    assert client.get(f"/dossiers/{reader.id}/proef").text == "Anders"
    with app.app_context():
        assert db.session.get(Case, reader.id).family_name == "Maes"
    assert [line[0] for line in lines_since(app, 0)] == ["case_viewed"]
