"""The Server-Sent Events stream of one meeting, for one audience.

Each commit arrives as one event per region the stream's audience sees: `id: <version>`,
`event: <region>-changed` and the region's new HTML as the data (rendered once per audience
and version in this process, see push.py), so a screen swaps it in without a request. The
control signal `meeting` carries only the version (the page reloads). A ping comes every
~15 s (LIVE_PING_SECONDS; the first after half to one interval, so screens that opened
together ping apart): a comment line and an `event: ping` a page can hear (a comment never
reaches its script), so a screen whose stream went quiet knows it is no longer live. On
connect, a screen that says which version it has (Last-Event-ID, or ?since= on the first
connect) is sent the current HTML of every region that changed since, or the
`meeting` event when it is more than CATCH_UP_LIMIT versions behind.
"""

import logging
import random
import time
from collections.abc import Callable, Iterator

from flask import Response, current_app, request
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

from .. import i18n
from ..audience import Audience
from ..database import unreachable
from ..extensions import db
from ..models import LiveChange, Meeting
from . import registry, slots
from .broker import CLOSED, RESYNC, Change
from .push import format_event

log = logging.getLogger(__name__)
RETRY_MS = 2000
STEP_ASIDE_SECONDS = (0.2, 2.0)
CATCH_UP_LIMIT = 500
EVERYTHING = registry.MEETING  # the region whose change makes a screen reload as a whole
PING = ": ping\nevent: ping\ndata:\n\n"


def last_event_id() -> int | None:
    raw = request.headers.get("Last-Event-ID") or request.args.get("since")
    return int(raw) if raw and raw.isdigit() else None


def response(meeting_id: int, audience: Audience, still_allowed: Callable[[], bool] | None = None,
             language: str = i18n.SOURCE) -> Response:
    """The stream for this request, its regions in this screen language (`i18n.parse`);
    `still_allowed` is asked again on pings and on changes of the meeting or its links, and
    ends the stream when it says no."""
    app = current_app._get_current_object()
    slot = slots.take()
    if slot is None:
        return slots.refused()
    renderer = app.extensions["live_render"]
    base_url = request.url_root
    sock = request.environ.get("gunicorn.socket")

    def render(name: str, version: int) -> bytes:
        return renderer.event(meeting_id, name, audience, version, base_url, language)

    body = events(
        meeting_id,
        last_event_id(),
        engine=db.engine,
        broker=app.extensions["live"],
        ping=app.config["LIVE_PING_SECONDS"],
        audience=audience,
        render=render,
        still_allowed=still_allowed,
        gone=(lambda: slots.hung_up(sock)) if sock is not None else None,
    )
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return slot.hold(Response(_until_outage(body), mimetype="text/event-stream", headers=headers))


def _until_outage(body: Iterator[str | bytes]) -> Iterator[str | bytes]:
    """A stream whose database went away ends quietly (one log line, no traceback): the
    screen reconnects with Last-Event-ID and catches up once the database is back."""
    try:
        yield from body
    except SQLAlchemyError as error:
        if not unreachable(error):
            raise
        log.warning("event stream ended: the database is unreachable (%s)", type(error).__name__)


def events(meeting_id, since, *, engine: Engine, broker, ping: float, audience: Audience,
           render: Callable[[str, int], bytes], still_allowed=None, gone=None) -> Iterator[str | bytes]:
    broker.ready()  # listening before we read, so nothing falls between the two
    epoch = broker.hub.epoch
    yield f"retry: {RETRY_MS}\n\n"
    known, missed = catch_up(engine, meeting_id, since)
    yield from pushed(missed, audience, render)
    wait = ping * random.uniform(0.5, 1.0)  # screens that opened together ping apart
    while True:
        changes = broker.hub.wait(meeting_id, known, epoch, timeout=wait)
        wait = ping
        if changes == CLOSED:
            return
        if changes == RESYNC:
            epoch = broker.hub.epoch
            known, missed = catch_up(engine, meeting_id, known)
            yield from pushed(missed, audience, render)
            continue
        if not changes:
            # A closed tab's stream ends at this ping (slots.while_connected) before it asks
            # the database anything.
            yield PING
        elif gone is not None and gone():
            # This screen went away. Ending a stream takes a moment of the process, so it
            # steps aside first: the screens still watching get this change before it ends
            # (a thousand tabs closed at once cost no one a stall).
            time.sleep(random.uniform(*STEP_ASIDE_SECONDS))
            return
        if not changes or _touches_access(changes):
            if still_allowed is not None and not still_allowed():
                yield format_event(known + 1, EVERYTHING)
                return
        if changes:
            yield from pushed(latest(changes), audience, render)
            known = changes[-1].version


def _touches_access(changes: list[Change]) -> bool:
    return any(region in registry.CONTROL for c in changes for region in c.regions)


def latest(changes) -> dict[str, int]:
    """For each touched name, the last version that touched it."""
    result: dict[str, int] = {}
    for change in changes:
        for name in change.regions:
            result[name] = change.version
    return result


def pushed(touched: dict[str, int], audience: Audience, render) -> Iterator[str | bytes]:
    """The events for these touched names: the `meeting` signal alone (a reload makes every
    region current), or each region this audience sees with its current HTML, oldest first."""
    if EVERYTHING in touched:
        yield format_event(touched[EVERYTHING], EVERYTHING)
        return
    due = {region.name: max(v for name, v in touched.items() if region.changed_by((name,)))
           for region in registry.changed(touched, audience)}
    for name, version in sorted(due.items(), key=lambda item: item[1]):
        yield render(name, version)


def catch_up(engine: Engine, meeting_id: int, since: int | None) -> tuple[int, dict[str, int]]:
    """The current version, and each name touched after `since` with the last version that
    touched it (only `meeting` when `since` is too far behind)."""
    with engine.connect() as conn:
        current = conn.scalar(select(Meeting.version).where(Meeting.id == meeting_id)) or 0
        if since is None or since >= current:
            return current, {}
        if current - since > CATCH_UP_LIMIT:
            return current, {EVERYTHING: current}
        rows = conn.execute(
            select(LiveChange.version, LiveChange.regions)
            .where(LiveChange.meeting_id == meeting_id, LiveChange.version > since)
            .order_by(LiveChange.version)
        ).all()
    return current, latest(Change(meeting_id, version, tuple(regions.split(","))) for version, regions in rows)
