"""The PDF worker: PDFs are made outside the web process, from the `Export` rows that are the
queue. A PDF queued while no worker runs is made when one starts; a PDF whose worker died is
taken again after its lease; two workers never take the same PDF; `make run` starts the
worker beside gunicorn and Ctrl+C stops both."""

import os
import re
import signal
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from samenveilig.extensions import db
from samenveilig.models import Export, utcnow
from samenveilig.review import exports, worker

from .conftest import save
from .helpers import HX, close_as_agreed, new_review, pdf_text
from .helpers import review_case as case  # noqa: F401 (a fixture)
from .servers import pdf_worker, served
from .sse import Browserless

pytestmark = pytest.mark.db
LEASE = timedelta(seconds=60)


def queue(client, meeting_id: int, audience: str = "file") -> tuple[int, str]:
    """Ask for a PDF as the consultant's page does: (export id, the URL the page polls)."""
    response = client.post(f"/overleg/{meeting_id}/pdf", headers=HX, data={"audience": audience})
    assert response.status_code == 200 and "PDF wordt gemaakt" in response.text
    status_url = re.search(r'hx-get="([^"]+)"', response.text).group(1)
    return int(status_url.rsplit("/", 1)[1]), status_url


def row(app, export_id: int) -> Export:
    with app.app_context():
        export = db.session.get(Export, export_id)
        db.session.expunge(export)
        return export


@pytest.fixture
def meeting_id(client, case):  # noqa: F811 (the fixture imported above)
    meeting_id = new_review(client, case.id, kind="mapping")
    client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
        "quick-text": "Oma haalt Lotte elke dag op", "quick-category": "strength", "quick-visibility": "family"})
    return meeting_id


def test_a_pdf_waits_in_the_queue_until_a_worker_makes_it(app, client, meeting_id):
    export_id, status_url = queue(client, meeting_id)
    assert row(app, export_id).status == "waiting"  # nothing renders in the web process
    assert "PDF wordt gemaakt" in client.get(status_url).text
    assert worker.work_once(app) == export_id
    made = row(app, export_id)
    assert made.status == "done" and made.progress == 100 and made.attempts == 1
    assert "Oma haalt Lotte elke dag op" in pdf_text(made.pdf)
    page = client.get(status_url).text
    assert "Download" in page and "hx-get" not in page
    assert worker.work_once(app) is None


def test_pdfs_are_made_in_the_order_they_were_asked_for(app, client, meeting_id):
    first, _ = queue(client, meeting_id)
    close_as_agreed(app, meeting_id)  # a PDF for the family is made of a closed meeting
    second, _ = queue(client, meeting_id, audience="family")
    assert [worker.work_once(app), worker.work_once(app), worker.work_once(app)] == [first, second, None]


def test_a_pdf_whose_worker_died_is_taken_again_after_its_lease(app, client, meeting_id):
    export_id, status_url = queue(client, meeting_id)
    with app.app_context():
        assert worker.take(export_id, "dode-machine:1:abcd", LEASE)  # claimed, then the worker died
    assert worker.work_once(app) is None, "a PDF under a running lease is left to its worker"
    assert "PDF wordt gemaakt" in client.get(status_url).text
    with app.app_context():  # the lease runs out
        db.session.execute(update(Export).where(Export.id == export_id).values(lease_until=utcnow() - LEASE))
        save()
    assert worker.work_once(app) == export_id
    made = row(app, export_id)
    assert made.status == "done" and made.attempts == 2 and made.claimed_by != "dode-machine:1:abcd"
    assert "Download" in client.get(status_url).text


def test_a_pdf_on_which_workers_keep_dying_fails_with_a_clear_message(app, client, meeting_id):
    export_id, status_url = queue(client, meeting_id)
    with app.app_context():
        db.session.execute(update(Export).where(Export.id == export_id).values(
            status="running", claimed_by="dode-machine:1:abcd", attempts=app.config["PDF_ATTEMPTS"],
            lease_until=utcnow() - LEASE))
        save()
    assert worker.work_once(app) is None
    assert row(app, export_id).status == "failed"
    assert "De PDF kon niet gemaakt worden" in client.get(status_url).text


def test_two_workers_never_take_the_same_pdf(app, client, meeting_id):
    export_id, _ = queue(client, meeting_id)
    with app.app_context():
        assert worker.take(export_id, "eerste:1:aaaa", LEASE)
        assert not worker.take(export_id, "tweede:2:bbbb", LEASE)
        assert db.session.scalar(select(Export.claimed_by).where(Export.id == export_id)) == "eerste:1:aaaa"


def test_workers_claiming_at_once_each_get_other_pdfs(app, client, meeting_id):
    """Eight workers claim twenty PDFs at the same moment, each in its own connection."""
    queued = {queue(client, meeting_id)[0] for _ in range(20)}
    start, claims, errors = threading.Barrier(8), [], []

    def claim_all(n: int) -> None:
        try:
            with app.app_context():
                start.wait()
                while (claimed := worker.claim_next(f"werker-{n}", LEASE, 3)) is not None:
                    claims.append(claimed)
                db.session.remove()
        except Exception as error:  # reported below: an exception in a thread would go unseen
            errors.append(error)

    threads = [threading.Thread(target=claim_all, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(export_id for export_id, _ in claims) == sorted(queued)
    with app.app_context():
        holders = dict(db.session.execute(select(Export.id, Export.claimed_by).where(Export.id.in_(queued))).all())
    assert holders == dict(claims)


def test_a_worker_that_is_stopped_while_rendering_hands_the_pdf_back(app, client, meeting_id, monkeypatch):
    export_id, _ = queue(client, meeting_id)

    def stopped(html):
        raise worker.Stopped

    monkeypatch.setattr(exports, "render_pdf", stopped)
    with pytest.raises(worker.Stopped):
        worker.work_once(app)
    handed_back = row(app, export_id)
    assert (handed_back.status, handed_back.claimed_by, handed_back.attempts) == ("waiting", None, 0)
    monkeypatch.undo()
    assert worker.work_once(app) == export_id and row(app, export_id).status == "done"


def test_a_signal_between_two_database_calls_stops_the_worker_at_its_next_turn(app, monkeypatch):
    """Only rendering is cut off by a stop; a signal that comes while the worker talks to the
    database lets that call finish, and the worker ends cleanly (exit code 0) right after."""
    monkeypatch.setattr(worker._Stop, "asked", False)
    before = {name: signal.getsignal(name) for name in (signal.SIGTERM, signal.SIGINT)}
    asked = []

    def claim_next(*args):
        os.kill(os.getpid(), signal.SIGTERM)  # in the middle of the claim
        asked.append(True)
        return None

    monkeypatch.setattr(worker, "claim_next", claim_next)
    try:
        worker._stop_on_signals()
        worker.loop(app)  # returns: no Stopped from inside the claim
    finally:
        for name, handler in before.items():
            signal.signal(name, handler)
    assert asked == [True]


def test_a_pdf_that_cannot_be_rendered_says_so(app, client, meeting_id, monkeypatch):
    export_id, status_url = queue(client, meeting_id)

    def broken(html):
        raise RuntimeError("pango is weg")

    monkeypatch.setattr(exports, "render_pdf", broken)
    assert worker.work_once(app) == export_id
    assert row(app, export_id).status == "failed"
    assert "De PDF kon niet gemaakt worden" in client.get(status_url).text


def test_the_lease_is_renewed_while_a_long_pdf_renders(app, client, meeting_id, monkeypatch):
    app.config["PDF_LEASE_SECONDS"] = 1.5  # renewed every 0.5 s
    export_id, _ = queue(client, meeting_id)
    seen = {}

    def slow(html):
        with app.app_context():
            first = row(app, export_id).lease_until
            deadline = time.monotonic() + 30
            while (later := row(app, export_id).lease_until) == first and time.monotonic() < deadline:
                time.sleep(0.05)  # wait for the renewal, as long as it takes (bounded)
            seen["renewed"] = later > first
            seen["other worker"] = worker.claim_next("andere:2", LEASE, 3)
        return b"%PDF-1.7 klaar"

    monkeypatch.setattr(exports, "render_pdf", slow)
    assert worker.work_once(app) == export_id
    assert seen == {"renewed": True, "other worker": None}
    assert row(app, export_id).status == "done"


def wait_until_done(app, export_ids, timeout: float = 60) -> list[Export]:
    """Poll the rows as the page does, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = [row(app, export_id) for export_id in export_ids]
        if all(r.status in ("done", "failed") for r in rows):
            return rows
        time.sleep(0.05)
    raise AssertionError(f"not made in {timeout} s: {[(r.id, r.status) for r in rows]}")


def test_the_worker_process_makes_pdfs_queued_before_it_started(app, client, meeting_id, database_uri, tmp_path):
    first = queue(client, meeting_id)[0]
    close_as_agreed(app, meeting_id)
    queued = [first, queue(client, meeting_id, audience="family")[0]]
    with pdf_worker(database_uri, tmp_path) as process:
        made = wait_until_done(app, queued)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0, (tmp_path / "pdf-worker.log").read_text()
    assert [r.status for r in made] == ["done", "done"]
    assert {r.claimed_by.split(":")[1] for r in made} == {str(process.pid)}
    assert "voor het gezin" in pdf_text(made[1].pdf)


def test_a_worker_with_two_processes_makes_the_pdfs_in_its_children(app, client, meeting_id, database_uri,
                                                                    tmp_path):
    queued = [queue(client, meeting_id)[0] for _ in range(3)]
    with pdf_worker(database_uri, tmp_path, concurrency=2) as process:
        made = wait_until_done(app, queued)
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    makers = {int(r.claimed_by.split(":")[1]) for r in made}
    assert [r.status for r in made] == ["done"] * 3 and process.pid not in makers
    for pid in makers:  # the children stopped with their parent
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_make_run_serves_the_app_and_the_pdf_worker_and_ctrl_c_stops_both(app, consultant, meeting_id,
                                                                          database_uri, tmp_path):
    with served(database_uri, tmp_path) as (port, process):
        browser = Browserless("127.0.0.1", port)
        browser.login(consultant.email, "een-goed-wachtwoord")
        status, _, page = browser.request("POST", f"/overleg/{meeting_id}/pdf", {"audience": "file"}, HX)
        assert status == 200 and "PDF wordt gemaakt" in page
        status_url = re.search(r'hx-get="([^"]+)"', page).group(1)
        export_id = int(status_url.rsplit("/", 1)[1])
        assert wait_until_done(app, [export_id])[0].status == "done"
        assert "Download" in browser.request("GET", status_url, headers=HX)[2]
        browser.conn.close()
        os.killpg(process.pid, signal.SIGINT)  # Ctrl+C in the terminal
        process.wait(timeout=20)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)  # gunicorn and the worker are shutting down
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)


def test_a_pdf_that_waits_long_says_the_pdf_worker_may_not_run(app, client, meeting_id):
    export_id, status_url = queue(client, meeting_id)
    assert "langer dan normaal" not in client.get(status_url).text
    with app.app_context():
        db.session.get(Export, export_id).created_at -= timedelta(minutes=2)
        save()
    page = client.get(status_url).text
    assert "Deze PDF wacht langer dan normaal" in page and "PDF-maker" in page
    assert 'hx-trigger="every 3s"' in page  # still polling, more calmly
    worker.work_once(app)
    assert "Download" in client.get(status_url).text
