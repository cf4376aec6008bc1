"""gc.freeze() after start-up: "Mijn dossiers" of a consultant with 10,000 cases, p50/p95,
with the freeze off and on, through gunicorn started as `make run` starts it (scripts/serve).

Builds a fresh SQLite database (migrated as `make run` does) in a temporary instance folder,
with 10,000 open cases of one consultant, then serves it in rounds that alternate the mode
(SAMENVEILIG_GC_FREEZE=0 / 1, a fresh server each round) and times GET / (Mijn dossiers,
20 cases a page, search and pagination over all 10,000) after a warm-up.

    .venv/bin/python bench/gc_freeze.py [--cases 10000] [--rounds 4] [--requests 200]

The last line is: cases=<n> off_p50_ms=<a> off_p95_ms=<b> on_p50_ms=<c> on_p95_ms=<d>
"""

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import EMAIL, PASSWORD, migrated_app, percentile  # noqa: E402
from tests.servers import served  # noqa: E402
from tests.sse import Browserless  # noqa: E402

WARM_UP = 20


def prepare(instance: Path, cases: int) -> str:
    """A migrated SQLite database with one consultant who works `cases` open cases."""
    from sqlalchemy import insert

    from samenveilig.extensions import db
    from samenveilig.models import Case, CaseMember, User

    app = migrated_app(instance)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        user = User(email=EMAIL, name="Bench Consulent", role="consultant")
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        names = ["Maes", "Peeters", "Janssens", "Claes", "Wouters", "De Smet", "Jacobs", "Mertens"]
        db.session.execute(insert(Case), [
            dict(reference=f"OCJ-2026-{n:05d}", family_name=f"{names[n % len(names)]} {n}", service="OCJ",
                 status="open", opened_on=date(2026, 1 + n % 12, 1 + n % 28)) for n in range(cases)])
        case_ids = db.session.scalars(db.select(Case.id)).all()
        db.session.execute(insert(CaseMember), [dict(case_id=cid, user_id=user.id) for cid in case_ids])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return url


def timed_round(url: str, instance: Path, freeze: bool, requests: int) -> list[float]:
    with served(url, instance, access_log="/dev/null", gc_freeze=int(freeze)) as (port, _):
        client = Browserless("127.0.0.1", port)
        client.login(EMAIL, PASSWORD)
        times = []
        for n in range(WARM_UP + requests):
            start = time.perf_counter()
            status, _, page = client.request("GET", "/")
            elapsed = (time.perf_counter() - start) * 1000
            assert status == 200 and "Mijn dossiers" in page, status
            if n >= WARM_UP:
                times.append(elapsed)
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    if options.rounds < 2:
        parser.error("--rounds: at least 2 (rounds with and without gc.freeze take turns)")
    instance = Path(tempfile.mkdtemp(prefix="samenveilig-bench-gc-"))
    try:
        url = prepare(instance, options.cases)
        results: dict[str, list[float]] = {"off": [], "on": []}
        for n in range(options.rounds):
            mode = "off" if n % 2 == 0 else "on"
            times = timed_round(url, instance, mode == "on", options.requests)
            results[mode] += times
            print(f"round {n + 1} gc.freeze {mode}: p50 {statistics.median(times):.1f} ms, "
                  f"p95 {percentile(times, 95):.1f} ms", flush=True)
        figures = {mode: (statistics.median(t), percentile(t, 95)) for mode, t in results.items()}
        print(f"cases={options.cases} off_p50_ms={figures['off'][0]:.1f} off_p95_ms={figures['off'][1]:.1f} "
              f"on_p50_ms={figures['on'][0]:.1f} on_p95_ms={figures['on'][1]:.1f}")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
