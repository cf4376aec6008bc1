"""The parts of riding out a database outage that need no outage (tests/browser/test_database_outage.py
stops a real PostgreSQL): the 503 made without the database, a page whose connection is cut
after its queries, /gezond, and a PDF worker that waits instead of exiting."""

import threading

import psycopg
import pytest
from sqlalchemy import exc as sa_exc

from samenveilig import database
from samenveilig.database import unreachable
from samenveilig.extensions import db, login_manager
from samenveilig.review import heartbeat, worker


def cut(statement: str = "SELECT 1") -> sa_exc.OperationalError:
    """What SQLAlchemy raises when the server closed the connection."""
    return sa_exc.OperationalError(statement, {}, Exception("server closed the connection unexpectedly"),
                                   connection_invalidated=True)


def test_which_errors_mean_the_database_is_away():
    assert unreachable(cut())
    assert unreachable(sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"))
    assert unreachable(sa_exc.OperationalError("UPDATE x", {}, Exception("database is locked")))
    assert not unreachable(sa_exc.OperationalError("SELECT x", {}, Exception("no such table: x")))
    assert not unreachable(sa_exc.IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))
    assert not unreachable(None)


def test_while_the_database_is_away_pages_answer_a_dutch_503_made_without_it(logged_in, monkeypatch):
    def load_user(_user_id):
        raise cut()

    monkeypatch.setattr(login_manager, "_user_callback", load_user)
    page = logged_in.get("/")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "Samenveilig is even niet bereikbaar" in page.text and "Afmelden" not in page.text
    assert '<meta http-equiv="refresh" content="5">' in page.text  # a GET tries again by itself

    notice = logged_in.post("/dossiers/1/bewerken", headers={"HX-Request": "true"})
    assert notice.status_code == 503 and notice.headers["HX-Retarget"] == "#notices"
    assert "even niet bereikbaar" in notice.text and "refresh" not in notice.text


def test_a_mistake_in_a_query_is_still_a_500(logged_in, monkeypatch):
    def load_user(_user_id):
        raise sa_exc.OperationalError("SELECT x", {}, Exception("no such column: x"))

    monkeypatch.setattr(login_manager, "_user_callback", load_user)
    with pytest.raises(sa_exc.OperationalError):  # TESTING propagates what the 500 page would hide
        logged_in.get("/")


def test_a_page_whose_connection_is_cut_after_its_queries_is_still_served(app, client, monkeypatch):
    remove, calls = db.session.remove, []

    def rollback_on_a_cut_connection():
        calls.append(1)
        if len(calls) == 1:
            raise cut("ROLLBACK")
        remove()

    monkeypatch.setattr(db.session, "remove", rollback_on_a_cut_connection)
    assert client.get("/aanmelden").status_code == 200
    assert calls


def test_gezond_says_ok_or_not_for_the_database_and_the_pdf_worker(app, client):
    answer = client.get("/gezond")
    assert answer.status_code == 503 and answer.json == {"database": "ok", "pdf_worker": "niet ok"}
    assert "Set-Cookie" not in answer.headers and answer.headers["Cache-Control"] == "no-store"
    with app.app_context():
        heartbeat.beat(db.engine)
    answer = client.get("/gezond")
    assert answer.status_code == 200 and answer.json == {"database": "ok", "pdf_worker": "ok"}


def test_the_pdf_worker_waits_out_database_errors_and_carries_on(app, monkeypatch):
    app.config.update(PDF_POLL_SECONDS=0.01)
    stopping, turns = threading.Event(), []

    def work_once(_app, _worker):
        turns.append(1)
        if len(turns) <= 2:
            raise cut()
        stopping.set()  # the third turn: the database answers again

    waits = []
    monkeypatch.setattr(worker, "work_once", work_once)
    monkeypatch.setattr(stopping, "wait", lambda seconds: waits.append(seconds))
    worker.loop(app, stopping)  # returns when stopped; an error would have ended it
    assert len(turns) == 3 and waits[:2] == [0.5, 1.0]  # backing off: 0.5 s, then 1 s


def test_the_family_link_says_so_in_the_language_picked(client, monkeypatch):
    from samenveilig.share import family

    def link_for(_token):
        raise cut()

    monkeypatch.setattr(family, "link_for", link_for)
    page = client.get("/gezin/" + "t" * 43 + "?taal=fr")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert '<html lang="fr"' in page.text and "Samenveilig is even niet bereikbaar" not in page.text


@pytest.mark.db
def test_a_pooled_connection_is_pinged_only_after_sitting_idle_and_replaced_when_it_died(app, logged_in, monkeypatch):
    """A connection back from a request moments ago goes out without a ping (a round trip per
    request on PostgreSQL); one idle for longer is pinged, and replaced when it died."""
    with app.app_context():
        dialect = db.engine.dialect
    pings, ping, now = [], dialect.do_ping, [database.monotonic()]
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(1) or ping(connection))
    monkeypatch.setattr(database, "monotonic", lambda: now[0])
    for _ in range(3):
        assert logged_in.get("/").status_code == 200
    assert pings == []
    now[0] += app.config["DATABASE_PING_AFTER_IDLE_SECONDS"] + 1
    assert logged_in.get("/").status_code == 200
    assert pings == [1]
    if dialect.name != "postgresql":
        return

    def kill_the_pooled_connection():
        with app.app_context():
            pid = db.session.connection().connection.dbapi_connection.info.backend_pid
            url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            db.session.remove()
        with psycopg.connect(url, autocommit=True) as other:
            other.execute("SELECT pg_terminate_backend(%s)", (pid,))

    kill_the_pooled_connection()  # as a database restart during a quiet night would
    now[0] += app.config["DATABASE_PING_AFTER_IDLE_SECONDS"] + 1
    assert logged_in.get("/").status_code == 200 and pings == [1, 1]
    kill_the_pooled_connection()  # moments after its last use: that request answers 503, the next heals
    assert logged_in.get("/").status_code == 503
    assert logged_in.get("/").status_code == 200
