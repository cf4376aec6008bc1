"""The PDF worker: a process of its own that makes the PDFs queued as `Export` rows, so
rendering never takes CPU or threads from the web process that serves live meetings.

`flask --app app pdf-worker` runs it (`make run` starts it beside gunicorn). It makes at most
PDF_CONCURRENCY PDFs at once, one process each. The `Export` row is the queue: a PDF queued
while no worker ran is made when one starts. A worker claims a row with one conditional
UPDATE, so two workers never make the same PDF, and holds a lease on it that it renews while
it renders; when a worker dies, the row is claimed again once its lease ran out.

A database that cannot be reached never ends the worker: it waits (0.5 s, 1 s, ... at most
MAX_BACKOFF_SECONDS) and tries again; a PDF it was making goes back to the queue. It writes a
heartbeat (heartbeat.py) that /gezond reads."""

import logging
import multiprocessing
import os
import secrets
import signal
import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

from flask import Flask
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..database import unreachable
from ..extensions import db
from ..models import Export, ExportStatus, utcnow
from . import exports, heartbeat

log = logging.getLogger(__name__)
FAILED = "De PDF kon niet gemaakt worden. Probeer het opnieuw of meld het aan je beheerder."
MAX_BACKOFF_SECONDS = 10.0


class Stopped(BaseException):
    """SIGTERM or SIGINT while a PDF is rendered: stop at once and hand it back to the queue."""


class _Stop:
    """A stop asked for by a signal. While a PDF renders (which can take a while) the signal
    interrupts it; anywhere else, between two database calls or while the worker waits, the
    worker stops at its next turn, so no database call is cut in half."""

    asked = False  # a plain flag: a signal handler must take no lock
    interruptible = False


@contextmanager
def _interruptible():
    if _Stop.asked:
        raise Stopped
    _Stop.interruptible = True
    try:
        yield
    finally:
        _Stop.interruptible = False


class LeaseLost(Exception):
    """Another worker took this PDF over (our lease had run out): leave it to them."""


def _claimable(now):
    lapsed = or_(Export.lease_until.is_(None), Export.lease_until < now)
    return or_(Export.status == ExportStatus.WAITING, and_(Export.status == ExportStatus.RUNNING, lapsed))


def take(export_id: int, claim: str, lease: timedelta) -> bool:
    """Claim this export unless someone holds it. One conditional UPDATE: of two workers that
    try at once, the second finds the row taken (PostgreSQL re-checks the row after the first
    commits; SQLite lets one writer in at a time) and changes nothing."""
    now = utcnow()
    taken = db.session.execute(
        update(Export).where(Export.id == export_id, _claimable(now))
        .values(status=ExportStatus.RUNNING, claimed_by=claim, lease_until=now + lease, attempts=Export.attempts + 1)
    ).rowcount
    db.session.commit()
    return taken == 1


def claim_next(worker: str, lease: timedelta, attempts: int) -> tuple[int, str] | None:
    """Claim the oldest export that waits, or whose worker's lease ran out: (id, claim).
    With nothing to do this is one read, so an idle worker never waits for a write lock."""
    while True:
        found = db.session.execute(select(Export.id, Export.attempts).where(_claimable(utcnow()))
                                   .order_by(Export.id).limit(1)).first()
        db.session.commit()  # the claim below is a transaction of its own
        if found is None:
            return None
        if found.attempts >= attempts:
            _give_up(found.id, attempts)
            continue
        claim = f"{worker}:{secrets.token_hex(4)}"
        if take(found.id, claim, lease):
            return found.id, claim


def _give_up(export_id: int, attempts: int) -> None:
    """A PDF on which `attempts` workers died (a document that kills its worker) fails."""
    exhausted = and_(Export.id == export_id, _claimable(utcnow()), Export.attempts >= attempts)
    if db.session.execute(update(Export).where(exhausted).values(
            status=ExportStatus.FAILED, error=FAILED, lease_until=None)).rowcount:
        log.error("export %s: gave up after %d attempts", export_id, attempts)
    db.session.commit()


def make(export_id: int, claim: str, lease: timedelta) -> None:
    """Make the PDF of a claimed export and keep it with the export; the progress shows on
    the consultant's page. Every write checks that the claim is still ours."""
    try:
        with _lease_kept(export_id, claim, lease):
            _write(export_id, claim, progress=20)
            with _interruptible():
                html = exports.document_html(db.session.get(Export, export_id))
            _write(export_id, claim, progress=60)
            with _interruptible():
                pdf = exports.render_pdf(html)
            _write(export_id, claim, status=ExportStatus.DONE, progress=100, pdf=pdf, finished_at=utcnow(),
                   lease_until=None)
    except LeaseLost:
        log.warning("export %s was taken over by another worker", export_id)
    except SQLAlchemyError as error:
        if not unreachable(error):
            log.exception("export %s failed", export_id)
            _settle(export_id, claim, status=ExportStatus.FAILED, error=FAILED, lease_until=None)
            return
        # The database went away mid-way: not the document's fault. Hand it back to the queue
        # (when the database takes that write; else its lease runs out) and let loop() wait.
        _settle(export_id, claim, status=ExportStatus.WAITING, progress=0, claimed_by=None, lease_until=None,
                attempts=Export.attempts - 1)
        raise
    except Stopped:
        _settle(export_id, claim, status=ExportStatus.WAITING, progress=0, claimed_by=None, lease_until=None,
                attempts=Export.attempts - 1)
        raise
    except Exception:  # shown to the consultant as a failed PDF; the details go to the log
        log.exception("export %s failed", export_id)
        _settle(export_id, claim, status=ExportStatus.FAILED, error=FAILED, lease_until=None)
    finally:
        db.session.remove()


def _settle(export_id: int, claim: str, **values) -> None:
    """After a failure or a stop: write the outcome, unless another worker holds the PDF now."""
    try:
        db.session.rollback()
    except Exception:  # a connection interrupted in the middle of a query: take a fresh one
        db.session.invalidate()
    try:
        _write(export_id, claim, **values)
    except LeaseLost:
        log.warning("export %s was taken over by another worker", export_id)


def _write(export_id: int, claim: str, **values) -> None:
    held = and_(Export.id == export_id, Export.claimed_by == claim, Export.status == ExportStatus.RUNNING)
    written = db.session.execute(update(Export).where(held).values(**values)).rowcount
    db.session.commit()
    if not written:
        raise LeaseLost(export_id)


@contextmanager
def _lease_kept(export_id: int, claim: str, lease: timedelta):
    """Renew the lease every third of its length while the block runs (rendering holds the
    main thread for as long as it takes)."""
    engine, done = db.engine, threading.Event()
    held = and_(Export.id == export_id, Export.claimed_by == claim, Export.status == ExportStatus.RUNNING)

    def renew():
        while not done.wait(lease.total_seconds() / 3):
            try:
                with engine.begin() as connection:
                    connection.execute(update(Export).where(held).values(lease_until=utcnow() + lease))
                heartbeat.beat(engine)  # rendering takes a while: the worker still runs
            except Exception:  # the next renewal tries again; the lease outlasts two misses
                log.exception("could not renew the lease on export %s", export_id)

    renewer = threading.Thread(target=renew, name=f"lease-{export_id}", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        done.set()
        renewer.join()


def work_once(app: Flask, worker: str | None = None) -> int | None:
    """Make the next queued PDF, if there is one; returns its export id."""
    worker = worker or worker_name()
    with app.app_context():
        lease = timedelta(seconds=app.config["PDF_LEASE_SECONDS"])
        try:
            claimed = claim_next(worker, lease, app.config["PDF_ATTEMPTS"])
        finally:
            db.session.remove()
        if claimed is None:
            return None
        make(*claimed, lease)
        return claimed[0]


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def serve(app: Flask) -> None:
    """Make PDFs until SIGTERM or SIGINT: in this process, or in PDF_CONCURRENCY processes
    (which inherit its lower priority)."""
    os.nice(app.config["PDF_NICENESS"])
    _stop_on_signals()
    try:
        if app.config["PDF_CONCURRENCY"] > 1:
            _supervise(app.config["PDF_CONCURRENCY"])
        else:
            loop(app)
    except Stopped:
        pass
    log.info("PDF worker %s stopped", worker_name())


def loop(app: Flask, stopping: threading.Event | None = None) -> None:
    """Make queued PDFs one after the other until `stopping` is set (or a signal stops us).
    A database error never ends it: it waits longer after each one in a row, then tries again."""
    worker, stopping = worker_name(), stopping or threading.Event()
    log.info("PDF worker %s started", worker)
    every, beaten, backoff = app.config["PDF_HEARTBEAT_SECONDS"], 0.0, 0.0
    while not (stopping.is_set() or _Stop.asked):
        try:
            if time.monotonic() - beaten >= every:
                with app.app_context():
                    heartbeat.beat(db.engine)
                beaten = time.monotonic()
            made = work_once(app, worker)
        except SQLAlchemyError as error:
            backoff = min(MAX_BACKOFF_SECONDS, backoff * 2 or 0.5)
            log.warning("PDF worker %s: database error (%s); trying again in %.1f s", worker,
                        type(error).__name__, backoff)
            stopping.wait(backoff)
            continue
        if backoff:
            log.info("PDF worker %s: the database answers again", worker)
            backoff = 0.0
        if made is None:  # nothing queued: look again soon
            stopping.wait(app.config["PDF_POLL_SECONDS"])


def _supervise(concurrency: int) -> None:
    """One worker process per slot; a process that dies is replaced (its PDF is taken again
    when its lease runs out). Stopping stops them all, and each hands its PDF back."""
    spawn = multiprocessing.get_context("spawn")
    slots: list = [None] * concurrency
    try:
        while not _Stop.asked:
            for n, process in enumerate(slots):
                if process is None or not process.is_alive():
                    if process is not None:
                        log.error("PDF worker process %s ended with code %s; starting another", process.pid,
                                  process.exitcode)
                    slots[n] = spawn.Process(target=_child, name=f"pdf-worker-{n + 1}")
                    slots[n].start()
            time.sleep(1)  # supervision only: the children poll the queue themselves
    finally:
        for process in slots:
            if process is not None and process.is_alive():
                process.terminate()
        for process in slots:
            if process is not None:
                process.join()


def _child() -> None:
    from .. import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(processName)s %(levelname)s %(message)s")
    app = create_app()
    _stop_on_signals()
    try:
        loop(app)
    except Stopped:
        pass
    log.info("PDF worker %s stopped", worker_name())


def _stop_on_signals() -> None:
    def stop(signum, frame):
        for name in (signal.SIGTERM, signal.SIGINT):  # once is enough: a second signal must not
            signal.signal(name, signal.SIG_IGN)          # interrupt handing the PDF back
        _Stop.asked = True
        if _Stop.interruptible:
            raise Stopped

    for name in (signal.SIGTERM, signal.SIGINT):
        signal.signal(name, stop)
