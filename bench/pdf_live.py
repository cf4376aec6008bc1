"""PDFs during a live meeting: does making PDFs slow down what the screens in the room hear?

Starts the app as `make run` does (scripts/serve: gunicorn with gunicorn.conf.py and the PDF
worker beside it; SQLite, the in-process broker) on its own port, database and instance
folder, with a meeting of 120 items. 20 viewers keep the meeting's event stream open (the
follow link, as phones in the room). A consultant posts an item every 50 ms and the latency
from the POST to the event at each viewer is measured: first idle, then with 5 PDFs of the
meeting queued (made by the PDF worker while the edits go on, until all 5 are made).

    .venv/bin/python bench/pdf_live.py [--viewers 20] [--edits 60] [--pdfs 5]

The last line: idle_p95_ms=<x> pdf_live_p95_ms=<y> floor_ms=<f> target_ms=<t> met=<yes|no>.
The target is 1.5x the idle p95, but never less than the idle p95 plus the floor: an idle
p95 of a few milliseconds moves by more than half of itself between two quiet runs on a
shared machine.
"""

import argparse
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import EMAIL, FOLLOW_PAGE, HX, PASSWORD, Viewers, percentile, prepare  # noqa: E402
from tests.servers import served  # noqa: E402
from tests.sse import Browserless  # noqa: E402

FLOOR_MS = 10.0
PACE = 0.05  # seconds between two edits, in both rounds
CATEGORIES = ["worry", "harm", "impact", "complicating", "strength", "existing_safety"]


def fill(meeting_id: int, count: int) -> None:
    """A meeting of a real size, so each PDF takes as long as a real one."""
    from samenveilig import create_app
    from samenveilig.extensions import db
    from samenveilig.models import MappingItem

    app = create_app()
    with app.app_context():
        db.session.add_all([MappingItem(meeting_id=meeting_id, category=CATEGORIES[n % len(CATEGORIES)],
                                        text=f"Punt {n}: wat het netwerk hierover zei, in een zin of twee, "
                                             f"zoals ze in een overleg worden opgeschreven.", position=n)
                            for n in range(count)])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def edit_round(writer: Browserless, meeting_id: int, viewers: Viewers, version: int, label: str,
               edits: int, busy=lambda: False) -> tuple[int, dict[str, float], int]:
    """Post `edits` items (and go on while `busy()`); returns the version, the send times by
    item text, and how many edits were posted while PDFs were queued or being made. An edit
    arrives when its text is in the HTML a viewer received (several commits close together
    may come as one event with the latest HTML)."""
    sent, during, n = {}, 0, 0
    while n < edits or busy():
        pdfs_waiting = busy()
        text = f"{label} {n:04d}"
        viewers.watch(text)
        start = time.perf_counter()
        status, _, _ = writer.request("POST", f"/overleg/{meeting_id}/items", {
            "quick-text": text, "quick-category": "worry", "quick-visibility": "family"}, HX)
        assert status == 204, status
        version += 1
        sent[text] = start
        during += pdfs_waiting
        n += 1
        time.sleep(PACE)  # benchmark pacing: a meeting edits a few times a second, not in a burst
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sum(len(viewers.seen.get(t, [])) for t in sent) < len(
            viewers.streams) * len(sent):
        time.sleep(0.01)  # benchmark: let the last events arrive
    return version, sent, during


def latencies(viewers: Viewers, sent: dict[str, float]) -> list[float]:
    return [(t - sent[text]) * 1000 for text in sent for t in viewers.seen.get(text, [])]


def measure(port: int, meeting_id: int, writer: Browserless, database: Path, version: int, *,
            viewers: int = 20, edits: int = 60, pdfs: int = 5) -> dict:
    """On a running server: fill the meeting to 120 items, then time the events at `viewers`
    follow-link streams for `edits` paced edits, idle and with `pdfs` PDFs of the meeting
    queued (until the PDF worker made them all). `version` is the meeting's version now."""
    fill(meeting_id, 120)
    queue = sqlite3.connect(f"file:{database}?mode=ro", uri=True)

    def pdfs_pending() -> bool:
        return queue.execute("SELECT count(*) FROM export WHERE status IN ('waiting', 'running')").fetchone()[0] > 0

    group = Viewers(port, [(f"{FOLLOW_PAGE}/events?since={version}", {})] * viewers)
    version, idle, _ = edit_round(writer, meeting_id, group, version, "stil", edits)
    started = time.perf_counter()
    for _ in range(pdfs):
        status, _, page = writer.request("POST", f"/overleg/{meeting_id}/pdf", {"audience": "file"}, HX)
        assert status == 200 and re.search(r'hx-get="[^"]+/pdf/\d+"', page), status
    version, busy, during = edit_round(writer, meeting_id, group, version, "pdf", edits, pdfs_pending)
    made = time.perf_counter() - started
    group.close()
    done = queue.execute("SELECT count(*) FROM export WHERE status = 'done'").fetchone()[0]
    queue.close()
    quiet, loaded = latencies(group, idle), latencies(group, busy)
    return dict(version=version, idle=idle, busy=busy, quiet=quiet, loaded=loaded, made=made, done=done,
                during=during, missed=viewers * (len(idle) + len(busy)) - len(quiet) - len(loaded),
                idle_p95=percentile(quiet, 95), pdf_p95=percentile(loaded, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=20)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--pdfs", type=int, default=5)
    options = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="samenveilig-bench-pdf-"))
    try:
        url, meeting_id = prepare(instance)
        with served(url, instance, access_log="/dev/null") as (port, _):
            writer = Browserless("127.0.0.1", port)
            writer.login(EMAIL, PASSWORD)
            writer.request("GET", f"/overleg/{meeting_id}")
            result = measure(port, meeting_id, writer, instance / "samenveilig.db", 0, viewers=options.viewers,
                             edits=options.edits, pdfs=options.pdfs)
        print(f"{'round':>10} {'edits':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, sent, values in (("idle", result["idle"], result["quiet"]),
                                   ("5 PDFs", result["busy"], result["loaded"])):
            print(f"{name:>10} {len(sent):>6} {statistics.median(values):>8.1f} {percentile(values, 95):>8.1f} "
                  f"{max(values):>8.1f}")
        print(f"{options.viewers} viewers; {result['done']} of {options.pdfs} PDFs made by the worker in "
              f"{result['made']:.1f} s; {result['during']} edits posted while PDFs were queued or being made; "
              f"{result['missed']} events missed")
        idle_p95, pdf_p95 = result["idle_p95"], result["pdf_p95"]
        target = max(1.5 * idle_p95, idle_p95 + FLOOR_MS)
        print(f"idle_p95_ms={idle_p95:.1f} pdf_live_p95_ms={pdf_p95:.1f} floor_ms={FLOOR_MS:.0f} "
              f"target_ms={target:.1f} met={'yes' if pdf_p95 <= target and not result['missed'] else 'no'}")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
