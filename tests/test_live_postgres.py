"""Several gunicorn workers on PostgreSQL: every screen hears every commit, whichever worker
serves the screen and whichever worker made the change."""

import hashlib

import pytest
from werkzeug.security import generate_password_hash

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.models import Case, CaseMember, FollowLink, Meeting, User

from .conftest import make_config, save, skip_or_fail
from .servers import gunicorn
from .sse import Browserless, EventStream

TOKEN = "w" * 43


@pytest.fixture
def pg_database(request, tmp_path):
    cluster = request.getfixturevalue("postgres_cluster")
    if cluster is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    url = cluster.create_database("samenveilig_workers")
    app = create_app(make_config(url))
    with app.app_context():
        db.create_all()
        user = User(email="sarah@test.be", name="Sarah", role="consultant",
                    password_hash=generate_password_hash("een-goed-wachtwoord", method="pbkdf2:sha256:1"))
        case = Case(reference="OCJ-PG-1", family_name="Maes", service="OCJ", members=[CaseMember(user=user)])
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today())
        link = FollowLink(meeting=meeting, token_hash=hashlib.sha256(TOKEN.encode()).hexdigest())
        db.session.add_all([user, case, meeting, link])
        save()
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    return url.replace("postgresql+psycopg://", "postgresql://"), meeting_id


def test_every_client_receives_every_event_across_workers(pg_database, tmp_path):
    url, meeting_id = pg_database
    with gunicorn(url, tmp_path, workers=2) as two_workers, \
            gunicorn(url, tmp_path, workers=1) as other_server:
        streams = [EventStream("127.0.0.1", port, f"/meekijken/{TOKEN}/events?since=0")
                   for port in [two_workers] * 8 + [other_server] * 4]
        assert all(s.status == 200 for s in streams)
        writers = [Browserless("127.0.0.1", port) for port in (two_workers, other_server)]
        for writer in writers:
            writer.login("sarah@test.be", "een-goed-wachtwoord")
        commits = 10
        for n in range(commits):
            status, _, _ = writers[n % 2].request("POST", f"/overleg/{meeting_id}/items", {
                "quick-text": f"zorg {n}", "quick-category": "worry", "quick-visibility": "family"},
                {"HX-Request": "true"})
            assert status == 204
        status, _, _ = writers[0].request("POST", f"/overleg/{meeting_id}/items", {
            "quick-text": "PROF-MARKER", "quick-category": "worry", "quick-visibility": "professional"},
            {"HX-Request": "true"})
        assert status == 204
        for stream in streams:
            events = []
            while not events or events[-1].id != str(commits + 1):
                more = stream.read(1, timeout=10)
                assert more, [e.id for e in events]
                events += more
            # Each process renders the family's HTML itself: it holds every commit, never the
            # professional item; commits that arrive together may come as one event.
            assert [int(e.id) for e in events] == sorted({int(e.id) for e in events})
            assert all(f"zorg {n}" in events[-1].data for n in range(commits))
            assert not any("PROF-MARKER" in e.data for e in events)
            stream.close()
        for writer in writers:
            writer.conn.close()
