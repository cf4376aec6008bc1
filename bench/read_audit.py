"""Read audit overhead: the case page's p50 with the read audit off and on, in one run.

Builds a fresh SQLite database in a temporary instance folder (WAL, as `make run` uses),
seeds the demo families, logs in as the demo consultant and requests the case page of the
Maes family many times through the WSGI app (no network), in rounds that rotate the order of the three modes:

- off:       no read line (audit.read_of_request says there is none: the page without the read audit);
- on:        as shipped: a repeat within the window writes nothing, so it is one statement that
             looks and inserts no row, on the page's own connection, and the commit;
- on+insert: the window set to zero, so every view writes its line (the worst case).

    .venv/bin/python bench/read_audit.py [--rounds 10] [--per-round 50]

The last line is: off_p50_ms=<a> on_p50_ms=<b> insert_p50_ms=<c>
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samenveilig import audit, create_app  # noqa: E402
from samenveilig.demo import DEMO_PASSWORD, seed  # noqa: E402
from samenveilig.extensions import db  # noqa: E402
from samenveilig.models import Case  # noqa: E402


def build(instance: Path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.db'}",
                      "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        db.create_all()
        seed()
        case_id = db.session.scalar(db.select(Case.id).where(Case.family_name == "Maes"))
    client = app.test_client()
    client.post("/aanmelden", data={"email": "sarah.peeters@demo.samenveilig.be", "password": DEMO_PASSWORD})
    return client, f"/dossiers/{case_id}"


def timed(client, url: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=50)
    args = parser.parse_args()
    real_record, real_window = audit.read_of_request, audit.VIEW_WINDOW
    modes = {
        "off": (lambda: None, real_window),
        "on": (real_record, real_window),
        "on+insert": (real_record, timedelta(0)),
    }
    results: dict[str, list[float]] = {mode: [] for mode in modes}
    with tempfile.TemporaryDirectory() as tmp:
        client, url = build(Path(tmp))
        timed(client, url, 20)  # warm up templates and connections
        order = list(modes)
        for round_no in range(args.rounds):
            for mode in order[round_no % 3:] + order[:round_no % 3]:  # rotate, so no mode always goes first
                record, window = modes[mode]
                audit.read_of_request, audit.VIEW_WINDOW = record, window
                results[mode] += timed(client, url, args.per_round)
        audit.read_of_request, audit.VIEW_WINDOW = real_record, real_window
    for mode, times in results.items():
        q = statistics.quantiles(times, n=20)
        print(f"{mode:<10} n={len(times)} p50_ms={statistics.median(times):.2f} p95_ms={q[18]:.2f}")
    p50 = {mode: statistics.median(times) for mode, times in results.items()}
    print(f"off_p50_ms={p50['off']:.2f} on_p50_ms={p50['on']:.2f} insert_p50_ms={p50['on+insert']:.2f}")


if __name__ == "__main__":
    main()
