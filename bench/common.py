"""What the live benchmarks share: a fresh database with one open meeting, event streams read
by one thread, percentiles, and an open-files limit large enough for a thousand sockets."""

import hashlib
import os
import resource
import selectors
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samenveilig import dates  # noqa: E402
from tests.sse import EventStream  # noqa: E402

TOKEN = "b" * 43
FOLLOW_PAGE = f"/meekijken/{TOKEN}"
EMAIL, PASSWORD = "bench@samenveilig.test", "benchmark-wachtwoord"
HX = {"HX-Request": "true"}


def migrated_app(instance: Path):
    """The app on a fresh SQLite database in `instance`, migrated as make run does; the
    environment is set so that servers started afterwards use the same database."""
    url = f"sqlite:///{instance / 'samenveilig.db'}"
    env = os.environ | {"SAMENVEILIG_INSTANCE_PATH": str(instance), "SAMENVEILIG_DATABASE_URL": url,
                        "SAMENVEILIG_SECRET_KEY": "bench"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    os.environ.update(env)
    from samenveilig import create_app

    return create_app()


def prepare(instance: Path) -> tuple[str, int]:
    """A fresh SQLite database, migrated as make run does, with one open meeting."""
    from samenveilig.extensions import db
    from samenveilig.models import Case, CaseMember, FollowLink, Meeting, Participant, User

    app = migrated_app(instance)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        user = User(email=EMAIL, name="Bench Consulent", role="consultant")
        user.set_password(PASSWORD)
        case = Case(reference="OCJ-BENCH-1", family_name="Benchmark", service="OCJ",
                    members=[CaseMember(user=user)])
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today())
        meeting.participants.append(Participant(name="Mama", relation="mama"))
        db.session.add_all([user, case, meeting,
                            FollowLink(meeting=meeting, token_hash=hashlib.sha256(TOKEN.encode()).hexdigest())])
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    return url, meeting_id


def open_files(wanted: int) -> None:
    """Raise this process's soft limit of open files (children inherit it) to `wanted`."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


class Viewers:
    """Open event streams, read by one thread with a selector. Per stream it keeps the first
    arrival of each watched text in an event's data (`seen`: text -> times): what a screen
    received, not only that something happened. An arrival is the moment the bytes that
    completed the event were read from the socket: every ready socket is read first, then
    parsed, so the time this one thread spends parsing other viewers' events (which each real
    screen does on its own device) is not counted against the server. `data` keeps the first
    event each text arrived in, so the echo can carry the same bytes."""

    def __init__(self, port: int, paths: list[tuple[str, dict]]):
        self.streams = [EventStream("127.0.0.1", port, path, headers) for path, headers in paths]
        assert all(s.status == 200 for s in self.streams), "a viewer was refused"
        self.seen: dict[str, list[float]] = {}
        self.data: dict[str, str] = {}
        self._watched: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def watch(self, text: str) -> None:
        """Look for `text` in the data of every event from now on."""
        self._watched = self._watched + [text]

    def _read(self) -> None:
        selector = selectors.DefaultSelector()
        for stream in self.streams:
            stream.sock.setblocking(False)
            selector.register(stream.sock, selectors.EVENT_READ, (stream, set()))
        while not self._stop.is_set():
            arrived = []
            for key, _ in selector.select(timeout=0.1):
                try:
                    if not key.data[0]._recv():
                        selector.unregister(key.fileobj)
                        continue
                except BlockingIOError:
                    continue
                arrived.append((key.data, time.perf_counter()))
            for (stream, texts), at in arrived:
                self._parse(stream, texts, at)
        selector.close()

    def _parse(self, stream: EventStream, texts: set[str], at: float) -> None:
        stream._decode_body()
        while b"\n\n" in stream.body:
            block, stream.body = stream.body.split(b"\n\n", 1)
            event = stream._parse(block.decode())
            if event is None:
                continue
            for text in self._watched:
                if text not in texts and text in event.data:
                    texts.add(text)
                    self.seen.setdefault(text, []).append(at)
                    self.data.setdefault(text, event.data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for stream in self.streams:
            stream.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
