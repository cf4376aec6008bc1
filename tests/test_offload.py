"""Hashing a password holds a core for a tenth of a second. Under the gevent app server it
runs beside the event loop, so the live screens of every meeting keep moving meanwhile."""

import subprocess
import sys
from pathlib import Path

from werkzeug.security import check_password_hash

from samenveilig.models import hash_password
from samenveilig.offload import beside_the_loop

ROOT = Path(__file__).resolve().parent.parent

TICKS_WHILE_HASHING = """
from gevent import monkey
monkey.patch_all()
import gevent
from samenveilig.models import hash_password

ticks = 0

def ticker():
    global ticks
    while True:
        ticks += 1
        gevent.sleep(0.001)

gevent.spawn(ticker)
gevent.sleep(0.01)
before = ticks
hash_password("correct horse battery staple")
print(ticks - before)
"""


def test_the_event_loop_keeps_turning_while_a_password_is_hashed():
    result = subprocess.run([sys.executable, "-c", TICKS_WHILE_HASHING], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    assert int(result.stdout.strip()) > 0  # run on the loop, the ticker would not tick at all


def test_without_gevent_the_work_runs_here_and_the_hash_still_checks():
    assert beside_the_loop(lambda a, b: a + b, 2, 3) == 5
    hashed = hash_password("geheim wachtwoord")
    assert hashed.startswith("scrypt:") and check_password_hash(hashed, "geheim wachtwoord")
