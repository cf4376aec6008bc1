"""The Server-Sent Events stream of one meeting.

On connect, a screen that says which version it has (Last-Event-ID, or ?since= on the first
connect) is told at once what it missed; then each commit arrives as one event per region,
`id: <version>` and `event: <region>-changed`, with a ping comment every ~15 s. A screen
re-fetches each changed region with a plain GET, so it gets HTML rendered for its own rights.
"""

from collections.abc import Callable, Iterator

from flask import Response, current_app, request
from sqlalchemy import Engine, select

from ..extensions import db
from ..models import LiveChange, Meeting
from . import slots
from .broker import CLOSED, RESYNC, Change

RETRY_MS = 2000
CATCH_UP_LIMIT = 500
EVERYTHING = "meeting"  # the region whose change makes a screen reload as a whole


def last_event_id() -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.args.get("since")
    return int(raw) if raw and raw.isdigit() else None


def response(meeting_id: int, still_allowed: Callable[[], bool] | None = None) -> Response:
    """The stream for this request; `still_allowed` is asked again on pings and on
    changes of the meeting or its links, and ends the stream when it says no."""
    app = current_app._get_current_object()
    slot = slots.take()
    if slot is None:
        return slots.refused()
    body = events(
        meeting_id,
        last_event_id(),
        engine=db.engine,
        broker=app.extensions["live"],
        ping=app.config["LIVE_PING_SECONDS"],
        still_allowed=still_allowed,
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return slot.hold(Response(body, mimetype="text/event-stream", headers=headers))


def events(meeting_id, since, *, engine: Engine, broker, ping: float, still_allowed=None) -> Iterator[str]:
    broker.ready()  # listening before we read, so nothing falls between the two
    epoch = broker.hub.epoch
    yield f"retry: {RETRY_MS}\n\n"
    known, missed = catch_up(engine, meeting_id, since)
    yield from missed
    while True:
        changes = broker.hub.wait(meeting_id, known, epoch, timeout=ping)
        if changes == CLOSED:
            return
        if changes == RESYNC:
            epoch = broker.hub.epoch
            known, missed = catch_up(engine, meeting_id, known)
            yield from missed
            continue
        if not changes or _touches_access(changes):
            if still_allowed is not None and not still_allowed():
                yield format_event(known + 1, EVERYTHING)
                return
        if not changes:
            yield ": ping\n\n"
            continue
        for change in changes:
            for region in change.regions:
                yield format_event(change.version, region)
        known = changes[-1].version


def _touches_access(changes: list[Change]) -> bool:
    return any(region in (EVERYTHING, "follow") for c in changes for region in c.regions)


def format_event(version: int, region: str) -> str:
    return f"id: {version}\nevent: {region}-changed\ndata: {version}\n\n"


def catch_up(engine: Engine, meeting_id: int, since: int | None) -> tuple[int, list[str]]:
    """The current version, and the events a screen at `since` has missed (one per region)."""
    with engine.connect() as conn:
        current = conn.scalar(select(Meeting.version).where(Meeting.id == meeting_id)) or 0
        if since is None or since >= current:
            return current, []
        if current - since > CATCH_UP_LIMIT:
            return current, [format_event(current, EVERYTHING)]
        rows = conn.execute(
            select(LiveChange.version, LiveChange.regions)
            .where(LiveChange.meeting_id == meeting_id, LiveChange.version > since)
            .order_by(LiveChange.version)
        ).all()
    latest: dict[str, int] = {}
    for version, regions in rows:
        for region in regions.split(","):
            latest[region] = version
    ordered = sorted(latest.items(), key=lambda item: item[1])
    return current, [format_event(version, region) for region, version in ordered]
