"""Writes, and live meetings: every service writes in one unit of work (`write`); a write to
a meeting bumps its version in the same transaction, and after the commit every screen that
follows the meeting hears which regions changed.

A service writes through `write` (a change no live screen shows), `meeting_write` (one
meeting) or `case_write` (every open meeting of a case), which hold the sequence once: check
the case is open, touch, the change, commit (or roll back on an exception), publish."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app
from sqlalchemy import insert, select, update

from ..extensions import db
from ..models import Case, CaseStatus, LiveChange, Meeting, MeetingStatus
from ..services import Refused
from .broker import Change, LocalBroker, PostgresBroker
from .push import Renderer
from .slots import Slots

CLOSED = "Dit overleg (of het dossier) is afgesloten en kan niet meer veranderen."
CASE_CLOSED = "Dit dossier is afgesloten en kan niet meer gewijzigd worden. Heropen het eerst."


def init_app(app: Flask) -> None:
    """Pick the broker: postgres when the database is PostgreSQL, local otherwise."""
    choice = app.config["LIVE_BROKER"]
    with app.app_context():
        engine = db.engine
    if choice == "auto":
        choice = "postgres" if engine.dialect.name == "postgresql" else "local"
    if choice == "postgres":
        url = engine.url.set(drivername="postgresql")
        broker = PostgresBroker(url.render_as_string(hide_password=False))
    else:
        broker = LocalBroker()
    app.extensions["live"] = broker
    app.extensions["live_slots"] = Slots(app.config["LIVE_MAX_STREAMS"])
    app.extensions["live_render"] = Renderer(app)


def broker():
    return current_app.extensions["live"]


def touch(meeting_id: int, *regions: str) -> Change:
    """Bump the version of an open meeting inside the current transaction.

    The UPDATE is the transaction's first write, so concurrent writers to one meeting wait
    for each other here, and the checks that follow see the latest committed state. On
    PostgreSQL the same statement sends the NOTIFY (`broker().notice`), delivered at commit.
    """
    regions = tuple(dict.fromkeys(regions))
    open_cases = select(Case.id).where(Case.status == CaseStatus.OPEN)
    bumped = db.session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id, Meeting.status == MeetingStatus.OPEN, Meeting.case_id.in_(open_cases))
        .values(version=Meeting.version + 1)
        .returning(Meeting.version, *broker().notice(meeting_id, regions))  # the NOTIFY on PostgreSQL
    ).first()
    if bumped is None:
        raise Refused(CLOSED)
    change = Change(meeting_id, bumped[0], regions)
    db.session.execute(insert(LiveChange).values(
        meeting_id=meeting_id, version=change.version, regions=",".join(change.regions)))
    return change


def publish(change: Change) -> None:
    """After the commit: wake the screens that follow this meeting."""
    broker().announce(change)


class Write:
    """The write under way: its changes, and `discard()` for a save that changed nothing."""

    def __init__(self, changes: list[Change] | None = None):
        self.changes = changes or []
        self.discarded = False

    @property
    def change(self) -> Change:
        """The one change of a meeting_write (its version and regions)."""
        return self.changes[0]

    def discard(self) -> None:
        """Nothing changed after all: roll back, so there is no new version and nothing to announce."""
        db.session.rollback()
        self.discarded = True


@contextmanager
def write(case: Case | None = None) -> Iterator[Write]:
    """The unit of work every service writes in: `with live.write(case):` refuses a closed
    case before the block runs, then the block changes and audits, then one commit. An
    exception (a refusal too) rolls everything back, so nothing half-done is kept and no lock
    outlives the service. Without a case (an account, a login, a case that is closed and may
    still be read) there is nothing to check."""
    work = Write()
    try:
        if case is not None and not case.is_open:
            raise Refused(CASE_CLOSED)
        yield work
        if not work.discarded:
            db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@contextmanager
def _write(meeting_ids: list[int], regions: tuple[str, ...], case: Case | None = None) -> Iterator[Write]:
    with write(case) as work:  # Refused included: nothing half-done is kept, nothing is announced
        work.changes = [touch(meeting_id, *regions) for meeting_id in meeting_ids]
        yield work
    if not work.discarded:
        for change in work.changes:
            publish(change)


def meeting_write(meeting_id: int, *regions: str):
    """`with meeting_write(meeting.id, "participants"):` the unit of work for a meeting: its
    version goes up first (refused when the meeting or its case is closed), then the block
    changes and audits, then one commit, then the screens hear of it. An exception rolls
    everything back and announces nothing."""
    return _write([meeting_id], regions)


def case_write(case: Case, *regions: str):
    """As meeting_write, for a change to an open case that its open meetings show (the plan,
    the network): each of them is touched first and hears of it after the commit."""
    open_ids = db.session.scalars(select(Meeting.id).where(
        Meeting.case_id == case.id, Meeting.status == MeetingStatus.OPEN).order_by(Meeting.id)).all()
    return _write(list(open_ids), regions, case)
