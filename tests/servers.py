"""Start the app the way `make run` does (gunicorn with gunicorn.conf.py), for tests and
benchmarks that need a real server in its own process."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .pgcluster import free_port

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def gunicorn(database_url: str, instance: Path, *, workers: int = 1, threads: int = 256,
             port: int | None = None, secret: str = "test-secret", access_log: str = "/dev/null"):
    """Yield the port of a gunicorn serving app:app; stop it afterwards. Its output (with the
    access log when `access_log` is "-") goes to instance/gunicorn-<port>.log."""
    port = port or free_port()
    env = os.environ | {
        "SAMENVEILIG_DATABASE_URL": database_url,
        "SAMENVEILIG_SECRET_KEY": secret,
        "SAMENVEILIG_INSTANCE_PATH": str(instance),
        "SAMENVEILIG_SESSION_COOKIE_SECURE": "false",
        "SAMENVEILIG_WORKERS": str(workers),
        "SAMENVEILIG_THREADS": str(threads),
        "SAMENVEILIG_ACCESS_LOG": access_log,
    }
    log = open(instance / f"gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: open streams need no goodbye
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/aanmelden", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # the server is starting; poll its port again
    raise RuntimeError("gunicorn did not start in time")
