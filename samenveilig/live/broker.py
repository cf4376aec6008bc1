"""Wake-ups for live meetings: which meeting changed, to which version, in which regions.

Both backends keep the same in-process hub that event streams wait on. `local` fills it
straight from the service that committed (one process); `postgres` fills it from one
LISTEN connection per process, so every gunicorn worker hears every commit. Never one
listener per client.
"""

import json
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass

log = logging.getLogger(__name__)

CHANNEL = "samenveilig_live"
RESYNC = "resync"  # returned by wait(): something may be missed, re-read the database
CLOSED = "closed"  # returned by wait(): the process is stopping, end the stream


@dataclass(frozen=True)
class Change:
    meeting_id: int
    version: int
    regions: tuple[str, ...]

    def payload(self) -> str:
        head, tail = payload_around_version(self.meeting_id, self.regions)
        return f"{head}{self.version}{tail}"

    @classmethod
    def from_payload(cls, payload: str) -> "Change":
        data = json.loads(payload)
        return cls(int(data["m"]), int(data["v"]), tuple(data["r"]))


def payload_around_version(meeting_id: int, regions: tuple[str, ...]) -> tuple[str, str]:
    """A change's payload as the text before and after its version, for a version that the
    database fills in."""
    head = json.dumps({"m": meeting_id, "r": list(regions)})
    return head[:-1] + ', "v": ', "}"


class Hub:
    """Recent changes per meeting and one condition that every waiting stream sleeps on.

    A stream asks for the changes after the version it has; the check and the sleep happen
    under one lock, so a change published in between is never missed. Versions of a meeting
    go up by one per commit: a hole means a change passed us by, and the stream re-reads.
    """

    def __init__(self, keep: int = 256):
        self._cond = threading.Condition()
        self._recent: dict[int, deque[Change]] = {}
        self._keep = keep
        self.epoch = 0  # bumped when the source of changes was lost for a while
        self.closed = False

    def put(self, change: Change) -> None:
        with self._cond:
            recent = self._recent.setdefault(change.meeting_id, deque(maxlen=self._keep))
            recent.append(change)
            if len(recent) > 1 and recent[-2].version > change.version:  # arrived out of order
                self._recent[change.meeting_id] = deque(
                    sorted(recent, key=lambda c: c.version), maxlen=self._keep
                )
            self._cond.notify_all()

    def resync_all(self) -> None:
        with self._cond:
            self.epoch += 1
            self._cond.notify_all()

    def close(self) -> None:
        """Wake every waiting stream so that it ends: the process is stopping."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def wait(self, meeting_id: int, after: int, epoch: int, timeout: float):
        """Changes after `after`; [] on timeout; RESYNC if some may have been missed;
        CLOSED when the process is stopping."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if self.closed:
                    return CLOSED
                if self.epoch != epoch:
                    return RESYNC
                newer = [c for c in self._recent.get(meeting_id, ()) if c.version > after]
                if newer:
                    return newer if newer[0].version == after + 1 else RESYNC
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)


class LocalBroker:
    """One process: the service that committed puts the change in the hub itself."""

    name = "local"

    def __init__(self):
        self.hub = Hub()

    def notice(self, meeting_id: int, regions: tuple[str, ...]) -> tuple:
        """Nothing to send yet: a local change is announced after the commit."""
        return ()

    def announce(self, change: Change) -> None:
        self.hub.put(change)

    def ready(self) -> None:
        """Nothing to start."""

    def close(self, wait: bool = True) -> None:
        self.hub.close()


class PostgresBroker:
    """Several processes: NOTIFY goes out with the commit, one LISTEN thread per process."""

    name = "postgres"

    def __init__(self, conninfo: str, retry_seconds: float = 1.0):
        self.hub = Hub()
        self._conninfo = conninfo
        self._retry = retry_seconds
        self._lock = threading.Lock()
        self._listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def notice(self, meeting_id: int, regions: tuple[str, ...]) -> tuple:
        """The NOTIFY, as a column that the version bump returns (`live.touch`): it goes out in
        the same round trip as the bump, with the new version in it. PostgreSQL delivers it at
        COMMIT, and not at all on rollback."""
        from sqlalchemy import func, literal

        from ..models import Meeting

        head, tail = payload_around_version(meeting_id, regions)
        return (func.pg_notify(literal(CHANNEL), func.concat(literal(head), Meeting.version, literal(tail))),)

    def announce(self, change: Change) -> None:
        """Nothing left to do: the listener hears the NOTIFY that went out at commit."""

    def ready(self, timeout: float = 10.0) -> None:
        """Start this process's listener once and wait until it listens."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._listen, name="live-listener", daemon=True)
                self._thread.start()
        if not self._listening.wait(timeout):
            raise RuntimeError("live listener did not start")

    def close(self, wait: bool = True) -> None:
        """End every stream and the listener (waiting for it, unless told not to)."""
        self.hub.close()
        self._stop.set()
        if self._thread and wait:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    if not first:
                        self.hub.resync_all()  # notifications sent while we were away are gone
                    first = False
                    self._listening.set()
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            self.hub.put(Change.from_payload(notify.payload))
            except Exception:  # the database went away: retry, then re-read
                self._listening.clear()
                if self._stop.is_set():  # closed meanwhile: nothing to retry
                    return
                log.exception("live listener lost its connection; retrying")
                self._stop.wait(self._retry)
