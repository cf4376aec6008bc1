"""Live meetings: every write bumps the meeting's version in its own transaction, and after
the commit every screen that follows the meeting hears which regions changed."""

from flask import Flask, current_app
from sqlalchemy import insert, select, update

from ..extensions import db
from ..models import Case, CaseStatus, LiveChange, Meeting, MeetingStatus
from ..services import Refused
from .broker import Change, LocalBroker, PostgresBroker
from .push import Renderer

CLOSED = "Dit overleg (of het dossier) is afgesloten en kan niet meer veranderen."


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
    app.extensions["live_render"] = Renderer(app)


def broker():
    return current_app.extensions["live"]


def touch(meeting_id: int, *regions: str) -> Change:
    """Bump the version of an open meeting inside the current transaction.

    The UPDATE is the transaction's first write, so concurrent writers to one meeting wait
    for each other here, and the checks that follow see the latest committed state.
    """
    open_cases = select(Case.id).where(Case.status == CaseStatus.OPEN)
    version = db.session.scalar(
        update(Meeting)
        .where(Meeting.id == meeting_id, Meeting.status == MeetingStatus.OPEN, Meeting.case_id.in_(open_cases))
        .values(version=Meeting.version + 1)
        .returning(Meeting.version)
    )
    if version is None:
        raise Refused(CLOSED)
    change = Change(meeting_id, version, tuple(dict.fromkeys(regions)))
    db.session.execute(insert(LiveChange).values(
        meeting_id=meeting_id, version=version, regions=",".join(change.regions)))
    broker().notify_in_transaction(db.session, change)
    return change


def publish(change: Change) -> None:
    """After the commit: wake the screens that follow this meeting."""
    broker().announce(change)
