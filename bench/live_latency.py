"""Live sync benchmark: how fast does a change reach every screen of a meeting?

Starts the app as `make run` does (gunicorn with gunicorn.conf.py, SQLite, the in-process
broker) on its own port with its own database. For N = 10, 50 and 100 viewers on the event
stream it posts items as a consultant over HTTP and prints the latency from the POST to the
event at each viewer (p50, p95, max), the events missed, and the time of a plain GET of the
board page while all streams are open. Then, in Chromium, it measures click-to-visible on
three projector pages while one consultant adds items.

    .venv/bin/python bench/live_latency.py [--posts 30] [--clicks 20]

The last line is: viewers=100 p95_ms=<x> missed=<n> get_ms=<y> browser_p95_ms=<z>
"""

import argparse
import hashlib
import os
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import gunicorn  # noqa: E402
from tests.sse import Browserless, EventStream  # noqa: E402

TOKEN = "b" * 43
EMAIL, PASSWORD = "bench@samenveilig.test", "benchmark-wachtwoord"


def prepare(instance: Path) -> tuple[str, int]:
    """A fresh SQLite database, migrated as make run does, with one open meeting."""
    url = f"sqlite:///{instance / 'samenveilig.db'}"
    env = os.environ | {"SAMENVEILIG_INSTANCE_PATH": str(instance), "SAMENVEILIG_DATABASE_URL": url,
                        "SAMENVEILIG_SECRET_KEY": "bench"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                   check=True, capture_output=True)
    os.environ.update(env)
    from samenveilig import create_app
    from samenveilig.extensions import db
    from samenveilig.models import Case, CaseMember, FollowLink, Meeting, Participant, User

    app = create_app()
    with app.app_context():
        user = User(email=EMAIL, name="Bench Consulent", role="consultant")
        user.set_password(PASSWORD)
        case = Case(reference="OCJ-BENCH-1", family_name="Benchmark", service="OCJ",
                    members=[CaseMember(user=user)])
        meeting = Meeting(case=case, kind="mapping", held_on=date.today())
        meeting.participants.append(Participant(name="Mama", relation="mama"))
        db.session.add_all([user, case, meeting,
                            FollowLink(meeting=meeting, token_hash=hashlib.sha256(TOKEN.encode()).hexdigest())])
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
        db.engine.dispose()
    return url, meeting_id


class Viewers:
    """N open event streams, read by one thread with a selector; arrival times per event id."""

    def __init__(self, port: int, count: int, since: int):
        self.streams = [EventStream("127.0.0.1", port, f"/meekijken/{TOKEN}/events?since={since}")
                        for _ in range(count)]
        assert all(s.status == 200 for s in self.streams), "a viewer was refused"
        self.arrivals: dict[str, list[float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        selector = selectors.DefaultSelector()
        for stream in self.streams:
            stream.sock.setblocking(False)
            selector.register(stream.sock, selectors.EVENT_READ, stream)
        while not self._stop.is_set():
            for key, _ in selector.select(timeout=0.1):
                stream = key.data
                try:
                    if not stream._recv():
                        selector.unregister(key.fileobj)
                        continue
                except BlockingIOError:
                    continue
                stream._decode_body()
                while b"\n\n" in stream.body:
                    block, stream.body = stream.body.split(b"\n\n", 1)
                    event = stream._parse(block.decode())
                    if event and event.event == "worry-changed":
                        self.arrivals.setdefault(event.id, []).append(event.at)
        selector.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for stream in self.streams:
            stream.close()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_http(port: int, meeting_id: int, viewers: int, posts: int, version: int, writer: Browserless):
    group = Viewers(port, viewers, version)
    sent: dict[str, float] = {}
    for n in range(posts):
        start = time.perf_counter()
        status, _, _ = writer.request("POST", f"/overleg/{meeting_id}/items", {
            "quick-text": f"zorg {viewers}-{n}", "quick-category": "worry", "quick-visibility": "family"},
            {"HX-Request": "true"})
        assert status == 204, status
        version += 1
        sent[str(version)] = start
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sum(len(group.arrivals.get(v, [])) for v in sent) < viewers * posts:
        time.sleep(0.01)  # benchmark: let the last events arrive
    gets = []
    for _ in range(20):
        start = time.perf_counter()
        status, _, _ = writer.request("GET", f"/overleg/{meeting_id}")
        gets.append((time.perf_counter() - start) * 1000)
        assert status == 200
    group.close()
    latencies = [(t - sent[v]) * 1000 for v in sent for t in group.arrivals.get(v, [])]
    missed = viewers * posts - len(latencies)
    return version, dict(viewers=viewers, p50=statistics.median(latencies), p95=percentile(latencies, 95),
                         max=max(latencies), missed=missed, get_p50=statistics.median(gets),
                         get_p95=percentile(gets, 95), get_max=max(gets))


SEEN_SCRIPT = """() => {
  window.seen = {};
  const mark = () => document.querySelectorAll('.shared-item__text').forEach(e => {
    if (!(e.textContent in window.seen)) window.seen[e.textContent] = performance.timeOrigin + performance.now();
  });
  new MutationObserver(mark).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
CLICK_SCRIPT = """() => document.addEventListener('submit', () => {
  window.clicked = performance.timeOrigin + performance.now(); }, true)"""


def run_browser(port: int, meeting_id: int, clicks: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"]
    base = f"http://127.0.0.1:{port}"
    latencies = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=args)
        editor_context = browser.new_context(base_url=base)
        editor = editor_context.new_page()
        editor.goto("/aanmelden")
        editor.fill("#email", EMAIL)
        editor.fill("#password", PASSWORD)
        editor.click("button[type=submit]")
        editor.goto(f"/overleg/{meeting_id}")
        editor.evaluate(CLICK_SCRIPT)
        state = editor_context.storage_state()
        viewers = []
        for _ in range(3):
            context = browser.new_context(base_url=base, storage_state=state, viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            page.goto(f"/overleg/{meeting_id}/projectie")
            page.evaluate(SEEN_SCRIPT)
            viewers.append(page)
        for n in range(clicks):
            text = f"klik {n}"
            editor.fill("#quick-text", text)
            editor.click("#quick-add button[type=submit]")
            for page in viewers:
                page.get_by_text(text, exact=True).wait_for()
            clicked = editor.evaluate("window.clicked")
            latencies += [page.evaluate("t => window.seen[t]", text) - clicked for page in viewers]
        browser.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=30)
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--viewers", type=int, nargs="+", default=[10, 50, 100])
    options = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="samenveilig-bench-"))
    try:
        url, meeting_id = prepare(instance)
        with gunicorn(url, instance) as port:
            writer = Browserless("127.0.0.1", port)
            writer.login(EMAIL, PASSWORD)
            writer.request("GET", f"/overleg/{meeting_id}")
            version, results = 0, []
            print(f"{'viewers':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'missed':>7} "
                  f"{'GET p50':>8} {'GET p95':>8} {'GET max':>8}")
            for count in options.viewers:
                version, result = run_http(port, meeting_id, count, options.posts, version, writer)
                results.append(result)
                print(f"{count:>8} {result['p50']:>8.1f} {result['p95']:>8.1f} {result['max']:>8.1f} "
                      f"{result['missed']:>7} {result['get_p50']:>8.1f} {result['get_p95']:>8.1f} "
                      f"{result['get_max']:>8.1f}", flush=True)
            clicks = run_browser(port, meeting_id, options.clicks)
            print(f"browser click-to-visible, 1 editor and 3 projector pages, {len(clicks)} samples: "
                  f"p50 {statistics.median(clicks):.1f} ms, p95 {percentile(clicks, 95):.1f} ms, "
                  f"max {max(clicks):.1f} ms")
            last = results[-1]
            print(f"viewers={last['viewers']} p95_ms={last['p95']:.1f} missed={last['missed']} "
                  f"get_ms={last['get_p95']:.1f} browser_p95_ms={percentile(clicks, 95):.1f}")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
