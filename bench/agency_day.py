"""Agency day: an agency's Monday morning on SQLite (one worker) and on PostgreSQL (the
README's two gevent workers), in one run, each served as `make run` serves it (scripts/serve:
gunicorn and the PDF worker) on its own port, database and instance folder; loopback only.

The scenario, per backend: 20 live meetings, each with a projector and 8 phones on the
follow link (180 open event streams); a quick add every 2 s per meeting (its text, category
"zorgen", visible to the family); 30 desk users each opening a page every second (case list,
case, board, plan, safety network, history); 5 PDFs queued at the start; --seconds long.
Printed per backend: desk GET p50/p95/p99; edit -> projector and -> phones p50/p95/max (from
the POST to the text in the HTML a screen received); missed (a screen that never got a text
that was acknowledged); writes acknowledged vs stored and duplicates; errors (5xx answers
and requests without an answer in 30 s); PDF seconds; the server's CPU ms per request
(gunicorn's processes, not the PDF worker), on PostgreSQL also the database server's (all
its processes, the PDF worker's connection too), and the load tool's own CPU. The default 40 s per
backend keeps a run under three minutes; the issue's 60 s: --seconds 60.

--faults adds two rounds on PostgreSQL under the same load: one gunicorn worker killed
(SIGKILL), and the database stopped for 5 s. Editors resend a failed quick add with the same
submission key, as the board's queue does; screens reconnect with Last-Event-ID. Printed:
failed requests (only those in flight on the killed worker may fail; during the stop, the
503 answers), streams caught up, acknowledged writes lost (0).

    .venv/bin/python bench/agency_day.py [--seconds 40] [--faults]

The last line:
agency_day sqlite_desk_p95_ms=<x> sqlite_edit_p95_ms=<x> pg_desk_p95_ms=<x> pg_edit_p95_ms=<x> pg_cpu_ratio=<r> missed=<n> lost=<n> dup=<n> errors=<n>
"""

import argparse
import hashlib
import html
import os
import re
import resource
import secrets
import selectors
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import HX, open_files, percentile  # noqa: E402
from samenveilig import dates  # noqa: E402
from tests.pgcluster import Cluster, server_bindir  # noqa: E402
from tests.servers import served  # noqa: E402
from tests.sse import Browserless, EventStream  # noqa: E402

MEETINGS, PHONES, DESK_USERS, PDFS = 20, 8, 30, 5
EDIT_EVERY, DESK_EVERY = 2.0, 1.0
WAIT_SECONDS = 10  # after the load, how long the last texts may take to reach every screen
PASSWORD = "agency-day-wachtwoord"
SIGN_IN_AT_ONCE = 4  # the app takes 5 logins at once from one address (LOGIN_IN_FLIGHT_PER_ADDRESS)
TEXT = re.compile(r"ad-[0-9a-f]{10}")


def token(n: int) -> str:
    return f"agency{n:0>37}"


# --- the database ------------------------------------------------------------------------

def prepare(url: str) -> list[dict]:
    """The schema and 20 cases with an open meeting and a follow link, an editor per meeting
    and 30 desk users with three cases each. Returns the meetings."""
    from werkzeug.security import generate_password_hash

    from samenveilig import create_app
    from samenveilig.extensions import db
    from samenveilig.models import Case, CaseMember, FollowLink, Meeting, Participant, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    digest = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")  # logins are not what is measured
    meetings = []
    with app.app_context():
        db.create_all()
        desk = [User(email=f"desk{n}@agency.test", name=f"Bureau {n}", role="consultant", password_hash=digest)
                for n in range(DESK_USERS)]
        for n in range(MEETINGS):
            editor = User(email=f"editor{n}@agency.test", name=f"Consulent {n}", role="consultant",
                          password_hash=digest)
            members = [editor] + [u for i, u in enumerate(desk) if n in {i % MEETINGS, (i + 7) % MEETINGS,
                                                                           (i + 13) % MEETINGS}]
            case = Case(reference=f"OCJ-DAY-{n:03d}", family_name=f"Gezin {n}", service="OCJ",
                        members=[CaseMember(user=u) for u in members])
            meeting = Meeting(case=case, kind="mapping", held_on=dates.today(),
                              participants=[Participant(user=editor, name=editor.name),
                                            Participant(name="Mama", relation="mama")])
            link = FollowLink(meeting=meeting, token_hash=hashlib.sha256(token(n).encode()).hexdigest())
            db.session.add_all([editor, case, meeting, link])
            meetings.append((editor, case, meeting))
        db.session.commit()
        result = [{"n": n, "editor": e.email, "case": c.id, "meeting": m.id} for n, (e, c, m) in enumerate(meetings)]
        db.session.remove()
        db.engine.dispose()
    return result


def stored(url: str) -> dict[str, int]:
    """How often each benchmark text is in the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT text, count(*) FROM mapping_item WHERE text LIKE 'ad-%' GROUP BY text"))
        counts = {row[0]: row[1] for row in rows}
    engine.dispose()
    return counts


def pdf_seconds(url: str) -> tuple[list[float], int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, created_at, finished_at FROM export")).all()
    engine.dispose()
    def moment(value):
        return datetime.fromisoformat(value) if isinstance(value, str) else value  # SQLite gives text

    done = [(moment(f) - moment(c)).total_seconds() for s, c, f in rows if s == "done" and f is not None]
    return done, len(rows) - len(done)


# --- the server's processes --------------------------------------------------------------

def children(pid: int) -> list[tuple[int, bytes]]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                found.append((int(entry.name), (entry / "cmdline").read_bytes()))
        except (OSError, ValueError, IndexError):
            continue  # not a process, or it ended meanwhile
    return found


def gunicorn_pids(serve_pid: int) -> tuple[int, list[int]]:
    """gunicorn's master under scripts/serve, and its workers."""
    master = next(pid for pid, command in children(serve_pid) if b"gunicorn" in command)
    return master, [pid for pid, _ in children(master)]


def database_cpu_ms(cluster: Cluster) -> float:
    """CPU of PostgreSQL's processes so far: the postmaster with the backends that ended (its
    children's time), and those still running (a backend per connection)."""
    try:
        postmaster = int((cluster.data / "postmaster.pid").read_text().split()[0])
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError, IndexError):
        return 0.0
    ended = (int(fields[13]) + int(fields[14])) * 1000 / os.sysconf("SC_CLK_TCK")  # cutime + cstime
    return ended + cpu_ms([postmaster, *(pid for pid, _ in children(postmaster))])


def cpu_ms(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, ValueError):
            continue
    return total * 1000 / os.sysconf("SC_CLK_TCK")


# --- screens -----------------------------------------------------------------------------

def stream_url(client: Browserless, page: str) -> str:
    status, _, text = client.request("GET", page)
    found = re.search(r'sse-connect="([^"]+)"', text)
    assert status == 200 and found, f"no event stream on {page} ({status})"
    return html.unescape(found.group(1))


class Screens:
    """Open event streams, read by one thread. A stream that ends is opened again with
    Last-Event-ID (as a browser does), so what it missed comes as catch-up. For each text a
    screen received, the first arrival (`seen`: text -> {screen: time})."""

    def __init__(self, port: int, screens: list[tuple[str, dict, int, str]]):
        self.port, self.screens = port, screens  # (path, headers, meeting n, kind)
        self.streams: list[EventStream | None] = [None] * len(screens)
        self.last_id = [""] * len(screens)
        self.seen: dict[str, dict[int, float]] = {}
        self.reconnects = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._selector = selectors.DefaultSelector()
        for i in range(len(screens)):
            assert self._open(i), f"screen {i} was refused"
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _open(self, i: int) -> bool:
        path, headers, _, _ = self.screens[i]
        if self.last_id[i]:
            headers = headers | {"Last-Event-ID": self.last_id[i]}
        try:
            stream = EventStream("127.0.0.1", self.port, path, headers, timeout=10)
        except OSError:
            return False
        if stream.status != 200:
            stream.close()
            return False
        stream.sock.setblocking(False)
        self.streams[i] = stream
        self._selector.register(stream.sock, selectors.EVENT_READ, i)
        self._parse(i, time.perf_counter())  # what came with the head
        return True

    def _read(self) -> None:
        closed: dict[int, float] = {}
        while not self._stop.is_set():
            arrived = []
            for key, _ in self._selector.select(timeout=0.1):
                i = key.data
                try:
                    alive = self.streams[i]._recv()
                except BlockingIOError:
                    continue
                except OSError:
                    alive = False
                arrived.append((i, time.perf_counter()))
                if not alive:
                    self._selector.unregister(key.fileobj)
                    self.streams[i].close()
                    closed[i] = time.monotonic()
            for i, at in arrived:
                self._parse(i, at)
            for i, since in list(closed.items()):  # reopened after 0.5 s, and every 0.5 s until it is
                if time.monotonic() - since < 0.5:
                    continue
                if self._open(i):
                    del closed[i]
                    self.reconnects += 1
                else:
                    closed[i] = time.monotonic()

    def _parse(self, i: int, at: float) -> None:
        stream = self.streams[i]
        stream._decode_body()
        while b"\n\n" in stream.body:
            block, stream.body = stream.body.split(b"\n\n", 1)
            event = stream._parse(block.decode())
            if event is None:
                continue
            if event.id:
                self.last_id[i] = event.id
            for text in TEXT.findall(event.data):
                with self._lock:
                    self.seen.setdefault(text, {}).setdefault(i, at)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for stream in self.streams:
            if stream is not None:
                stream.close()


# --- load --------------------------------------------------------------------------------

class Load:
    """The editors and desk users of one round, each a thread with its own session."""

    def __init__(self, port: int, meetings: list[dict], editors: list[Browserless], desk: list[Browserless]):
        self.port, self.meetings, self.editors, self.desk = port, meetings, editors, desk
        self.sent: dict[str, tuple[int, float]] = {}  # text -> (meeting n, when first sent)
        self.acked: set[str] = set()
        self.desk_ms: list[float] = []
        self.statuses: dict[int, int] = {}  # every answer's status (0: no answer)
        self.requests = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def _count(self, status: int) -> None:
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.requests += 1

    def _request(self, client: Browserless, *args) -> int:
        try:
            return client.request(*args)[0]
        except OSError:  # no answer (a killed worker, a refused connection): a new connection next time
            client.conn.close()
            return 0

    def _editor(self, n: int) -> None:
        client, meeting = self.editors[n], self.meetings[n]["meeting"]
        self._stop.wait(EDIT_EVERY * n / len(self.editors))  # the meetings' edits spread over the 2 s
        while not self._stop.is_set():
            text, key, started = f"ad-{secrets.token_hex(5)}", str(uuid.uuid4()), time.monotonic()
            with self._lock:
                self.sent[text] = (n, time.perf_counter())
            form = {"quick-text": text, "quick-category": "worry", "quick-visibility": "family",
                    "quick-submission": key}
            while True:  # the board's queue: the same submission again until it is acknowledged
                status = self._request(client, "POST", f"/overleg/{meeting}/items", form, HX)
                self._count(status)
                if status == 204:
                    with self._lock:
                        self.acked.add(text)
                    break
                if 400 <= status < 500 or time.monotonic() - started > 30:
                    break
                time.sleep(0.5)  # the queue's pause before it sends again
            self._stop.wait(max(0.0, EDIT_EVERY - (time.monotonic() - started)))

    def _desk(self, n: int) -> None:
        client = self.desk[n]
        mine = [m for m in self.meetings if m["n"] in {n % MEETINGS, (n + 7) % MEETINGS, (n + 13) % MEETINGS}]
        pages = ["/"]
        for m in mine:
            case = m["case"]
            pages += [f"/dossiers/{case}", f"/overleg/{m['meeting']}", f"/dossiers/{case}/plan",
                      f"/dossiers/{case}/veiligheidsnetwerk", f"/dossiers/{case}/geschiedenis"]
        self._stop.wait(DESK_EVERY * n / len(self.desk))
        turn = 0
        while not self._stop.is_set():
            started = time.perf_counter()
            status = self._request(client, "GET", pages[turn % len(pages)])
            self._count(status)
            if status == 200:
                with self._lock:
                    self.desk_ms.append((time.perf_counter() - started) * 1000)
            turn += 1
            self._stop.wait(max(0.0, DESK_EVERY - (time.perf_counter() - started)))

    def run(self, seconds: float, during=None) -> None:
        threads = [threading.Thread(target=self._editor, args=(n,), daemon=True) for n in range(len(self.editors))]
        threads += [threading.Thread(target=self._desk, args=(n,), daemon=True) for n in range(len(self.desk))]
        for thread in threads:
            thread.start()
        if during is not None:
            during()
        self._stop.wait(seconds)
        self._stop.set()
        for thread in threads:
            thread.join(timeout=40)


def arrivals(load: Load, screens: Screens, kinds: dict[int, str], per_meeting: dict[tuple[int, str], list[int]]):
    """Latencies (ms) per kind of screen and the (screen, acknowledged text) pairs that never
    arrived, after waiting up to WAIT_SECONDS for the last ones."""
    def missing() -> int:
        with screens._lock:
            return sum(len(per_meeting[(load.sent[t][0], k)]) - sum(1 for i in screens.seen.get(t, {})
                                                                     if kinds[i] == k)
                       for t in load.acked for k in ("projector", "phone"))

    deadline = time.monotonic() + WAIT_SECONDS
    while missing() and time.monotonic() < deadline:
        time.sleep(0.1)  # benchmark: let the last texts arrive
    latency: dict[str, list[float]] = {"projector": [], "phone": []}
    with screens._lock:
        for text, (_, sent) in load.sent.items():
            for i, at in screens.seen.get(text, {}).items():
                latency[kinds[i]].append(max(0.0, (at - sent) * 1000))
    return latency, missing()


def spread(values: list[float], unit: str = "ms") -> str:
    if not values:
        return "none"
    return (f"p50 {statistics.median(values):.0f} {unit}, p95 {percentile(values, 95):.0f} {unit}, "
            f"max {max(values):.0f} {unit}")


# --- one backend -------------------------------------------------------------------------

def session(port: int, email: str) -> Browserless:
    client = Browserless("127.0.0.1", port)
    client.login(email, PASSWORD)
    return client


def backend(name: str, url: str, workers: int, seconds: float, faults: Cluster | None = None,
            keep: bool = False, database: Cluster | None = None) -> dict:
    """One round; `database`: the PostgreSQL cluster whose processes' CPU is counted too."""
    instance = Path(tempfile.mkdtemp(prefix=f"samenveilig-day-{name}-"))
    begun = time.monotonic()
    try:
        meetings = prepare(url)
        with served(url, instance, access_log="/dev/null", workers=workers) as (port, serve):
            if keep:
                print(f"{name}: the server's log is {instance / f'serve-{port}.log'}", flush=True)
            # Signing in is not what is measured: side by side, but no more at once than the app
            # handles from one address (LOGIN_IN_FLIGHT_PER_ADDRESS; one more is answered 429).
            with ThreadPoolExecutor(SIGN_IN_AT_ONCE) as pool:
                editors = list(pool.map(lambda m: session(port, m["editor"]), meetings))
                desk = list(pool.map(lambda n: session(port, f"desk{n}@agency.test"), range(DESK_USERS)))
            with ThreadPoolExecutor(8) as pool:
                projectors = list(pool.map(lambda pair: stream_url(pair[1], f"/overleg/{pair[0]['meeting']}/projectie"),
                                           zip(meetings, editors, strict=True)))
                follows = list(pool.map(lambda m: stream_url(Browserless("127.0.0.1", port),
                                                             f"/meekijken/{token(m['n'])}"), meetings))
            plan = []
            for m, editor, projector, follow in zip(meetings, editors, projectors, follows, strict=True):
                plan.append((projector, editor.cookie_header(), m["n"], "projector"))
                plan += [(follow, {}, m["n"], "phone")] * PHONES
            screens = Screens(port, plan)
            kinds = {i: kind for i, (_, _, _, kind) in enumerate(plan)}
            per_meeting: dict[tuple[int, str], list[int]] = {}
            for i, (_, _, n, kind) in enumerate(plan):
                per_meeting.setdefault((n, kind), []).append(i)
            for m, editor in zip(meetings[:PDFS], editors[:PDFS], strict=True):
                status, _, _ = editor.request("POST", f"/overleg/{m['meeting']}/pdf", {"audience": "file"}, HX)
                assert status == 200, f"PDF not queued ({status})"

            print(f"{name}: schema made, served, {len(editors) + len(desk)} signed in and {len(plan)} screens open "
                  f"in {time.monotonic() - begun:.0f} s", flush=True)
            load = Load(port, meetings, editors, desk)
            master, pids = gunicorn_pids(serve.pid)
            cpu_before, own_before = cpu_ms([master, *pids]), resource.getrusage(resource.RUSAGE_SELF)
            db_before = database_cpu_ms(database) if database else 0.0
            started = time.monotonic()
            load.run(seconds)
            elapsed = time.monotonic() - started
            cpu = cpu_ms([master, *pids]) - cpu_before
            db_cpu = database_cpu_ms(database) - db_before if database else None
            own = resource.getrusage(resource.RUSAGE_SELF)
            own_cpu = (own.ru_utime + own.ru_stime - own_before.ru_utime - own_before.ru_stime) / elapsed
            latency, missed = arrivals(load, screens, kinds, per_meeting)
            counts = stored(url)
            pdfs, pdfs_waiting = pdf_seconds(url)
            result = {
                "name": name, "desk": load.desk_ms, "projector": latency["projector"], "phone": latency["phone"],
                "edit": latency["projector"] + latency["phone"], "missed": missed,
                "acked": len(load.acked), "stored": sum(1 for t in load.acked if counts.get(t)),
                "lost": sum(1 for t in load.acked if not counts.get(t)),
                "dup": sum(c - 1 for c in counts.values() if c > 1),
                "errors": sum(c for s, c in load.statuses.items() if s >= 500 or s == 0),
                "no_answer": load.statuses.get(0, 0), "requests": load.requests,
                "cpu_per_request": cpu / max(1, load.requests), "own_cpu": own_cpu,
                "db_cpu_per_request": None if db_cpu is None else db_cpu / max(1, load.requests),
                "pdfs": pdfs, "pdfs_waiting": pdfs_waiting, "reconnects": screens.reconnects,
            }
            report(result, seconds, workers)
            if faults is not None:
                fault_rounds(port, serve.pid, url, faults, meetings, editors, desk, screens, kinds, per_meeting,
                             instance / f"serve-{port}.log")
            screens.close()
            for client in editors + desk:
                client.conn.close()
        return result
    finally:
        if not keep:
            shutil.rmtree(instance, ignore_errors=True)


def report(r: dict, seconds: float, workers: int) -> None:
    print(f"\n{r['name']} ({workers} worker{'s' if workers > 1 else ''}), {seconds:.0f} s, "
          f"{MEETINGS} meetings x (projector + {PHONES} phones), {DESK_USERS} desk users:", flush=True)
    desk = r["desk"]
    print(f"  desk GET: {len(desk)}, p50 {statistics.median(desk):.0f} ms, p95 {percentile(desk, 95):.0f} ms, "
          f"p99 {percentile(desk, 99):.0f} ms" if desk else "  desk GET: none answered")
    print(f"  edit -> projector: {spread(r['projector'])}; -> phones: {spread(r['phone'])}; missed {r['missed']}")
    print(f"  writes acknowledged {r['acked']}, stored {r['stored']}, lost {r['lost']}, duplicates {r['dup']}; "
          f"errors {r['errors']} (5xx and {r['no_answer']} without an answer in 30 s), "
          f"stream reconnects {r['reconnects']}")
    waiting = f", {r['pdfs_waiting']} not made" if r["pdfs_waiting"] else ""
    print(f"  PDFs: {len(r['pdfs'])} made, seconds from asked to made: {spread(r['pdfs'], 's')}{waiting}")
    print(f"  server CPU {r['cpu_per_request']:.1f} ms per request ({r['requests']} requests); "
          f"load tool {r['own_cpu'] * 100:.0f} % of a core", flush=True)
    if r["db_cpu_per_request"] is not None:  # SQLite works inside the server's process
        print(f"  database server CPU {r['db_cpu_per_request']:.1f} ms per request (PostgreSQL's processes)",
              flush=True)


# --- faults ------------------------------------------------------------------------------

EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Shutdown|Closed)\w*):", re.MULTILINE)


def errors_logged(log: Path, offset: int) -> tuple[str, int]:
    """The exceptions the server logged since `offset` (class: times), and the new offset."""
    text = log.read_text(errors="replace")
    found: dict[str, int] = {}
    for name in EXCEPTION.findall(text[offset:]):
        found[name] = found.get(name, 0) + 1
    return ", ".join(f"{name} x{count}" for name, count in sorted(found.items())) or "none", len(text)


def fault_rounds(port, serve_pid, url, cluster, meetings, editors, desk, screens, kinds, per_meeting,
                 log: Path) -> None:
    def killed() -> None:
        time.sleep(3)  # benchmark: under load first
        _, pids = gunicorn_pids(serve_pid)
        os.kill(pids[0], signal.SIGKILL)

    def stopped() -> None:
        time.sleep(3)  # benchmark: under load first
        cluster.stop_server()
        time.sleep(5)  # benchmark: the database is away for 5 s
        cluster.start_server()

    _, offset = errors_logged(log, 0)
    for title, during, seconds in (("one gunicorn worker killed", killed, 12),
                                   ("the database stopped for 5 s", stopped, 18)):
        load = Load(port, meetings, editors, desk)
        load.run(seconds, during=lambda d=during: threading.Thread(target=d, daemon=True).start())
        before = screens.reconnects
        _, missed = arrivals(load, screens, kinds, per_meeting)
        counts = stored(url)
        lost = sum(1 for t in load.acked if not counts.get(t))
        failed = {s: c for s, c in sorted(load.statuses.items()) if s == 0 or s >= 500}
        print(f"\nfaults, postgresql: {title} ({seconds} s under the same load):", flush=True)
        shown = ", ".join(f"{status or 'no answer'}: {count}" for status, count in failed.items()) or "none"
        print(f"  requests {load.requests}, failed {sum(failed.values())} ({shown})")
        print(f"  streams caught up: {'yes' if not missed else f'no, {missed} texts missed'} "
              f"(reconnects so far {screens.reconnects}, {screens.reconnects - before} while waiting)")
        print(f"  writes acknowledged {len(load.acked)}, lost {lost}, duplicates "
              f"{sum(c - 1 for c in counts.values() if c > 1)}", flush=True)
        logged, offset = errors_logged(log, offset)
        print(f"  exceptions in the server's log: {logged}", flush=True)
        if title.startswith("one"):
            time.sleep(2)  # benchmark: gunicorn replaces the worker before the next round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--faults", action="store_true", help="worker-kill and database-stop rounds on PostgreSQL")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend (no last line)")
    parser.add_argument("--keep", action="store_true", help="keep the instance folders with the servers' logs")
    options = parser.parse_args()
    open_files(4096)
    print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    bindir = server_bindir()
    if bindir is None:
        sys.exit("agency_day needs the PostgreSQL server (initdb, pg_ctl) on this machine")
    sqlite_dir = Path(tempfile.mkdtemp(prefix="samenveilig-day-db-"))
    cluster = Cluster(bindir).start()
    sqlite = pg = None
    try:
        if options.only != "postgresql":
            sqlite = backend("sqlite", f"sqlite:///{sqlite_dir / 'samenveilig.db'}", 1, options.seconds,
                             keep=options.keep)
        if options.only != "sqlite":
            pg_url = cluster.create_database("agency_day").replace("postgresql+psycopg://", "postgresql://")
            pg = backend("postgresql", pg_url, 2, options.seconds, cluster if options.faults else None,
                         keep=options.keep, database=cluster)
    finally:
        cluster.stop()
        shutil.rmtree(sqlite_dir, ignore_errors=True)
    print("\nload average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if sqlite is None or pg is None:
        return
    both = (sqlite, pg)
    print(f"agency_day sqlite_desk_p95_ms={percentile(sqlite['desk'], 95):.0f} "
          f"sqlite_edit_p95_ms={percentile(sqlite['edit'], 95):.0f} pg_desk_p95_ms={percentile(pg['desk'], 95):.0f} "
          f"pg_edit_p95_ms={percentile(pg['edit'], 95):.0f} "
          f"pg_cpu_ratio={pg['cpu_per_request'] / max(0.001, sqlite['cpu_per_request']):.2f} "
          f"missed={sum(r['missed'] for r in both)} lost={sum(r['lost'] for r in both)} "
          f"dup={sum(r['dup'] for r in both)} errors={sum(r['errors'] for r in both)}")


if __name__ == "__main__":
    main()
