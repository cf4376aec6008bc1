"""A request holds one database connection at a time.

Each page of a case records its read (audit.py); when that write took a second connection
while the page's session held its first, a gevent worker on PostgreSQL stood still once its
pool (5 + 10) was taken by requests that each waited for a second one, and answered 500 after
the pool's 30-s timeout. Here: many more case pages at once than the pool holds, on the
README's set-up, and every one answered within seconds."""

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from werkzeug.security import generate_password_hash

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.models import AuditEvent, Case, CaseMember, Child, Meeting, User

from .conftest import make_config, save, skip_or_fail
from .servers import gunicorn
from .sse import Browserless

PASSWORD = "een-goed-wachtwoord"
AT_ONCE = 40  # the pool holds 5 + 10 connections


@pytest.fixture
def pg_case(request):
    cluster = request.getfixturevalue("postgres_cluster")
    if cluster is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    url = cluster.create_database("samenveilig_pool")
    app = create_app(make_config(url))
    with app.app_context():
        db.create_all()
        user = User(email="sarah@test.be", name="Sarah", role="consultant",
                    password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
        case = Case(reference="OCJ-POOL-1", family_name="Maes", service="OCJ", members=[CaseMember(user=user)])
        child = Child(case=case, first_name="Lotte", date_of_birth=date(2017, 3, 1))
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today())
        db.session.add_all([user, case, child, meeting])
        save()
        ids = case.id, child.id, meeting.id
        db.session.remove()
    yield url.replace("postgresql+psycopg://", "postgresql://"), app, ids
    app.extensions["live"].close(wait=False)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_more_case_pages_at_once_than_the_pool_holds_all_answer_within_seconds(pg_case, tmp_path):
    url, app, (case_id, child_id, meeting_id) = pg_case
    pages = [f"/dossiers/{case_id}", f"/overleg/{meeting_id}", f"/dossiers/{case_id}/plan",
             f"/dossiers/{case_id}/kinderen/{child_id}/huizen"]
    with gunicorn(url, tmp_path, workers=1) as port:  # one gevent worker: every request in one pool
        sarah = Browserless("127.0.0.1", port)
        sarah.login("sarah@test.be", PASSWORD)
        sarah.conn.close()

        def open_page(n: int) -> tuple[int, float]:
            browser = Browserless("127.0.0.1", port)
            browser.cookies, browser.conn.timeout = dict(sarah.cookies), 15
            start = time.monotonic()
            try:
                status, _, _ = browser.request("GET", pages[n % len(pages)])
            except TimeoutError:
                status = None
            finally:
                browser.conn.close()
            return status, time.monotonic() - start

        with ThreadPoolExecutor(AT_ONCE) as pool:
            answers = list(pool.map(open_page, range(AT_ONCE)))
    assert [status for status, _ in answers] == [200] * AT_ONCE
    assert max(seconds for _, seconds in answers) < 10, sorted(seconds for _, seconds in answers)
    with app.app_context():  # and each page's read is in the trail
        actions = db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.case_id == case_id)).all()
    assert len(set(actions)) == len(pages)


def test_a_postgresql_worker_keeps_its_connections_open_for_the_requests_it_serves_at_once():
    """A gevent worker serves many requests at once; with SQLAlchemy's 5 kept open, the others
    were opened and closed again for every busy moment (bench/agency_day.py)."""
    app = create_app(make_config("postgresql://samenveilig@127.0.0.1:1/nowhere", LIVE_BROKER="local"))
    with app.app_context():
        pool = db.engine.pool
        assert pool.size() == app.config["DATABASE_POOL_SIZE"] == 20
        db.engine.dispose()
