"""The phone in the room: the family link, its story page and the follow link in Chromium on a
360×740 phone with DevTools throttling, cold and warm, and an edit on the board until it shows
on the throttled follow page.

Starts the app as `make run` does (scripts/serve: gunicorn and the PDF worker; SQLite) with
the demo families (`flask seed-demo`'s data: the El Amrani case at review stage, its family
link, Yasmine's explanation with her drawing, a meeting open today) and a follow link on that
meeting. Each page is loaded in a fresh browser context (cold: nothing cached) and then again
in the same one (warm), under each profile:

- slow 4G: 150 ms latency, 1.6 Mbit/s, CPU 4× slower;
- 3G: 300 ms latency, 400 kbit/s, CPU 6× slower,

--runs times (3), the median printed. Per load: first contentful paint, on the follow link
also when its event stream opened (from the navigation's start), and the bytes transferred
(the page and what it loaded, as the Resource Timing API counts them; the open stream not).
Then, on the follow link under 3G/6×, the consultant adds --edits texts to the board (one at a
time, a quick add posted over HTTP as the board does) and the phone notes when each text is in
its page (a MutationObserver): edit -> phone p50/p95.

Beside it, the floor: the same bytes (as the app sent them, compressed, with their
Cache-Control) served by the simplest server there is (http.server, a dictionary of recorded
answers; the event stream an open response with one ping), through the same throttling.

    .venv/bin/python bench/phone.py [--runs 3] [--edits 20]

Targets (3G, CPU 6×, cold): family link first paint <= 800 ms; follow link first paint
<= 1000 ms, its stream open <= 1200 ms; the follow link <= 25 KB cold; edit -> phone p95
<= 250 ms. The last line:
phone family_3g_fcp_ms=<x> follow_3g_fcp_ms=<x> follow_3g_stream_ms=<x> follow_cold_kb=<x> edit_p95_ms=<x>
"""

import argparse
import hashlib
import html
import http.client
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import HX, migrated_app, percentile  # noqa: E402
from tests.servers import served  # noqa: E402
from tests.sse import Browserless  # noqa: E402

FOLLOW_TOKEN = "phone" + "f" * 38
PROFILES = {  # name: (latency ms, throughput kbit/s, CPU slowdown)
    "slow4g": (150, 1600, 4),
    "3g": (300, 400, 6),
}
PHONE = dict(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
EDIT_PAUSE = 0.3  # seconds between two edits, once the last one showed
WAIT_MS = 30_000  # how long a load or an edit may take before the run says so

# Before any script of the page: when the first event stream opened (whoever opens it).
STREAM_OPEN = """(() => {
  const Native = window.EventSource;
  window.__streamOpen = null;
  if (!Native) return;
  function Watched(url, init) {
    const source = new Native(url, init);
    source.addEventListener('open', () => {
      if (window.__streamOpen === null) window.__streamOpen = performance.now();
    });
    return source;
  }
  Watched.prototype = Native.prototype;
  Watched.CONNECTING = 0; Watched.OPEN = 1; Watched.CLOSED = 2;
  window.EventSource = Watched;
})();"""
FIRST_PAINT = """() => new Promise(resolve => {
  const done = () => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    if (!paint) return false;
    const navigation = performance.getEntriesByType('navigation')[0];
    const bytes = [navigation, ...performance.getEntriesByType('resource')]
      .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
    resolve({fcp: paint.startTime, bytes});
    return true;
  };
  if (!done()) new PerformanceObserver(() => done()).observe({type: 'paint', buffered: true});
})"""
WATCH = """() => {
  window.__want = null; window.__seenAt = null;
  new MutationObserver(() => {
    if (window.__want && window.__seenAt === null && document.body.textContent.includes(window.__want)) {
      window.__seenAt = performance.timeOrigin + performance.now();
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


# --- the data ----------------------------------------------------------------------------

def prepare(instance: Path) -> dict:
    """The demo's families on a fresh SQLite database, a follow link on the El Amrani
    meeting that is open today. Returns the URLs and the consultant's login."""
    from sqlalchemy import select

    from samenveilig.demo import DEMO_PASSWORD, TEAM, seed
    from samenveilig.extensions import db
    from samenveilig.models import Case, FollowLink, Meeting, StoryVersion

    app = migrated_app(instance)
    with app.app_context():
        demo = seed()
        case = db.session.scalar(select(Case).where(Case.family_name == "El Amrani"))
        meeting = db.session.scalar(select(Meeting).where(Meeting.case_id == case.id, Meeting.status == "open"))
        story = db.session.scalar(select(StoryVersion).where(StoryVersion.case_id == case.id,
                                                            StoryVersion.status == "shared"))
        db.session.add(FollowLink(meeting_id=meeting.id, token_hash=hashlib.sha256(FOLLOW_TOKEN.encode()).hexdigest()))
        db.session.commit()
        pages = {"family": f"/gezin/{demo.family_link}", "story": f"/gezin/{demo.family_link}/uitleg/{story.child_id}",
                 "follow": f"/meekijken/{FOLLOW_TOKEN}"}
        result = dict(pages=pages, meeting=meeting.id, email=TEAM[1][0], password=DEMO_PASSWORD)
        db.session.remove()
        db.engine.dispose()
    return result


# --- the floor: the same bytes from the simplest server ---------------------------------

SUBRESOURCE = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/[^"]+)"')
STREAM = re.compile(r'sse-connect="([^"]+)"')
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Cache-Control", "Vary", "ETag")


def record(port: int, pages: dict) -> dict:
    """Every page and what it loads, as the app answers the phone's browser (which takes
    brotli and gzip): path -> (status, headers, body bytes as sent). The follow page's event
    stream is marked."""
    import gzip

    import brotli

    answers: dict[str, tuple] = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    decoders = {"gzip": gzip.decompress, "br": brotli.decompress}

    def fetch(path: str) -> bytes:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        response = conn.getresponse()
        body = response.read()
        headers = {k: v for k in KEPT_HEADERS if (v := response.getheader(k))}
        answers[path] = (response.status, headers, body)
        return decoders.get(headers.get("Content-Encoding"), bytes)(body)

    for path in pages.values():
        page = fetch(path).decode()
        for found in SUBRESOURCE.findall(page):
            if html.unescape(found) not in answers:
                fetch(html.unescape(found))
        for stream in STREAM.findall(page):
            answers[html.unescape(stream)] = "stream"
    conn.close()
    return answers


class Bare(BaseHTTPRequestHandler):
    """Answers from a dictionary, nothing else; an event stream stays open with a ping."""

    protocol_version = "HTTP/1.1"
    answers: dict = {}
    stop = threading.Event()

    def do_GET(self):  # noqa: N802 (http.server's name)
        answer = self.answers.get(self.path)
        if answer == "stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b": ping\n\n")
            self.wfile.flush()
            self.close_connection = True
            self.stop.wait(60)
            return
        status, headers, body = answer or (404, {"Content-Type": "text/plain"}, b"niet gevonden")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


# --- the phone ----------------------------------------------------------------------------

def throttled(context, profile: str):
    """A new page of `context` with this profile's network and CPU."""
    latency, kbit, cpu = PROFILES[profile]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = kbit * 1000 / 8  # bytes per second
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                  "downloadThroughput": rate, "uploadThroughput": rate})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return page


def load(page, url: str, stream: bool) -> dict:
    """One navigation: first contentful paint and bytes, and when the stream opened."""
    page.goto(url, wait_until="load", timeout=WAIT_MS)
    measured = page.evaluate(FIRST_PAINT)
    if stream:
        page.wait_for_function("() => window.__streamOpen !== null", timeout=WAIT_MS)
        measured["stream"] = page.evaluate("() => window.__streamOpen")
    return measured


def measure_pages(browser, base: str, pages: dict, runs: int) -> dict:
    """{(name, profile, cold|warm): [ {fcp, bytes, stream?}, ... ]} over `runs` runs."""
    results: dict[tuple, list] = {}
    for _run in range(runs):
        for profile in PROFILES:
            for name, path in pages.items():
                context = browser.new_context(base_url=base, **PHONE)
                context.add_init_script(STREAM_OPEN)
                page = throttled(context, profile)
                for state in ("cold", "warm"):
                    results.setdefault((name, profile, state), []).append(load(page, path, name == "follow"))
                context.close()
    return results


def measure_edits(browser, base: str, follow: str, port: int, login: dict, edits: int) -> list[float]:
    """Edit on the board -> the text in the throttled phone's page (3G, CPU 6×), in ms."""
    editor = Browserless("127.0.0.1", port)
    editor.login(login["email"], login["password"])
    context = browser.new_context(base_url=base, **PHONE)
    context.add_init_script(STREAM_OPEN)
    page = throttled(context, "3g")
    load(page, follow, stream=True)
    page.evaluate(WATCH)
    latencies = []
    for n in range(edits):
        text = f"telefoon-{n}-{os.urandom(3).hex()}"
        page.evaluate("t => { window.__want = t; window.__seenAt = null; }", text)
        sent = time.time() * 1000
        form = {"quick-text": text, "quick-category": "worry", "quick-visibility": "family",
                "quick-submission": os.urandom(8).hex()}
        status, _, _ = editor.request("POST", f"/overleg/{login['meeting']}/items", form, HX)
        assert status == 204, f"the quick add answered {status}"
        page.wait_for_function("() => window.__seenAt !== null", timeout=WAIT_MS)
        latencies.append(page.evaluate("() => window.__seenAt") - sent)
        time.sleep(EDIT_PAUSE)
    context.close()
    return latencies


# --- the report -----------------------------------------------------------------------------

def median(results: dict, key: tuple, field: str) -> float:
    values = [r[field] for r in results.get(key, []) if field in r]
    return statistics.median(values) if values else float("nan")


def table(app: dict, bare: dict) -> list[str]:
    lines = [f"{'page':<8} {'profile':<8} {'load':<5} {'fcp ms':>8} {'floor':>7} {'stream ms':>10} {'floor':>7}"
             f" {'KB':>7} {'floor':>7}"]
    for name in ("family", "story", "follow"):
        for profile in PROFILES:
            for state in ("cold", "warm"):
                key = (name, profile, state)
                stream = name == "follow"
                cells = [median(app, key, "fcp"), median(bare, key, "fcp")]
                cells += [median(app, key, "stream"), median(bare, key, "stream")] if stream else [None, None]
                cells += [median(app, key, "bytes") / 1024, median(bare, key, "bytes") / 1024]
                shown = ["-" if c is None else f"{c:.0f}" if i < 4 else f"{c:.1f}" for i, c in enumerate(cells)]
                lines.append(f"{name:<8} {profile:<8} {state:<5} {shown[0]:>8} {shown[1]:>7} {shown[2]:>10}"
                             f" {shown[3]:>7} {shown[4]:>7} {shown[5]:>7}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edits", type=int, default=20)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    instance = Path(tempfile.mkdtemp(prefix="samenveilig-phone-"))
    bare_server = None
    try:
        data = prepare(instance)
        pages = data["pages"]
        with served(os.environ["SAMENVEILIG_DATABASE_URL"], instance, access_log="/dev/null") as (port, _), \
                sync_playwright() as playwright:
            Bare.answers = record(port, pages)
            bare_server = ThreadingHTTPServer(("127.0.0.1", 0), Bare)
            bare_server.daemon_threads = True
            threading.Thread(target=bare_server.serve_forever, daemon=True).start()
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            app = measure_pages(browser, f"http://127.0.0.1:{port}", pages, options.runs)
            bare = measure_pages(browser, f"http://127.0.0.1:{bare_server.server_address[1]}", pages, options.runs)
            edits = measure_edits(browser, f"http://127.0.0.1:{port}", pages["follow"], port,
                                  dict(data, meeting=data["meeting"]), options.edits)
            browser.close()
        for line in table(app, bare):
            print(line)
        print(f"edit -> throttled phone (3G, CPU 6x): {len(edits)} edits, p50 {statistics.median(edits):.0f} ms, "
              f"p95 {percentile(edits, 95):.0f} ms, max {max(edits):.0f} ms")
        print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
        cold = ("3g", "cold")
        print(f"floor family_3g_fcp_ms={median(bare, ('family', *cold), 'fcp'):.0f} "
              f"follow_3g_fcp_ms={median(bare, ('follow', *cold), 'fcp'):.0f} "
              f"follow_3g_stream_ms={median(bare, ('follow', *cold), 'stream'):.0f} "
              f"follow_cold_kb={median(bare, ('follow', *cold), 'bytes') / 1024:.1f}")
        print(f"phone family_3g_fcp_ms={median(app, ('family', *cold), 'fcp'):.0f} "
              f"follow_3g_fcp_ms={median(app, ('follow', *cold), 'fcp'):.0f} "
              f"follow_3g_stream_ms={median(app, ('follow', *cold), 'stream'):.0f} "
              f"follow_cold_kb={median(app, ('follow', *cold), 'bytes') / 1024:.1f} "
              f"edit_p95_ms={percentile(edits, 95):.0f}")
    finally:
        Bare.stop.set()
        if bare_server is not None:
            bare_server.shutdown()
            bare_server.server_close()
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
