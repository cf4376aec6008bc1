"""Start the app the way `make run` does (gunicorn with gunicorn.conf.py, the PDF worker
beside it), for tests and benchmarks that need a real server in its own process."""

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


def app_env(database_url: str, instance: Path, *, secret: str = "test-secret", **settings) -> dict:
    """The environment of a real server or worker: os.environ plus SAMENVEILIG_<NAME> settings."""
    return os.environ | {
        "SAMENVEILIG_DATABASE_URL": database_url,
        "SAMENVEILIG_SECRET_KEY": secret,
        "SAMENVEILIG_INSTANCE_PATH": str(instance),
        "SAMENVEILIG_SESSION_COOKIE_SECURE": "false",
    } | {f"SAMENVEILIG_{name.upper()}": str(value) for name, value in settings.items()}


@contextmanager
def gunicorn(database_url: str, instance: Path, *, workers: int = 1, port: int | None = None,
             secret: str = "test-secret", access_log: str = "/dev/null", app: str = "app:app", **settings):
    """Yield the port of a gunicorn serving `app` (module:name); stop it afterwards. Its output
    (with the access log when `access_log` is "-") goes to instance/gunicorn-<port>.log.
    `settings` become SAMENVEILIG_<NAME> variables (live_max_streams=2: SAMENVEILIG_LIVE_MAX_STREAMS=2)."""
    port = port or free_port()
    env = app_env(database_url, instance, secret=secret, workers=workers, access_log=access_log, **settings)
    log = open(instance / f"gunicorn-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(port, process)
        yield port
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown: open streams need no goodbye
        _stopped(process)
        log.close()


@contextmanager
def pdf_worker(database_url: str, instance: Path, *, concurrency: int = 1, secret: str = "test-secret"):
    """The PDF worker (`flask --app app pdf-worker`) in its own process; its output goes to
    instance/pdf-worker.log. Yields the process; stops it (SIGTERM) afterwards."""
    env = app_env(database_url, instance, secret=secret, pdf_poll_seconds=0.05)
    log = open(instance / "pdf-worker.log", "a")
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "pdf-worker", "--concurrency", str(concurrency)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        _stopped(process)
        log.close()


@contextmanager
def served(database_url: str, instance: Path, *, port: int | None = None, secret: str = "test-secret",
           **settings):
    """Everything `make run` starts (scripts/serve: gunicorn and the PDF worker), in a process
    group of its own. Yields (port, process); afterwards SIGTERM stops the group, as a service
    manager does, and whatever still runs after 10 s is killed with the group. (Not SIGINT: a
    run started in the background ignores it from the start, and a shell cannot trap a signal
    it was started ignoring, so scripts/serve would start gunicorn and the worker again.)"""
    port = port or free_port()
    env = app_env(database_url, instance, secret=secret, **settings) | {
        "PORT": str(port), "BIN": str(Path(sys.executable).parent)}
    log = open(instance / f"serve-{port}.log", "w")
    process = subprocess.Popen([str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_as_in_a_terminal)
    try:
        _wait_until_up(port, process)
        yield port, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        _stopped(process, group=True)
        log.close()


def _as_in_a_terminal() -> None:
    """In the child, before it runs: Ctrl+C (SIGINT) acts as in a terminal, also when this run
    was started in the background, which ignores SIGINT and passes that on."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stopped(process: subprocess.Popen, timeout: float = 10, *, group: bool = False) -> None:
    """Wait for the process to end; after `timeout` kill it, with its whole process group when
    it leads one (so no gunicorn or PDF worker outlives it)."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if group:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # anything of the group still running
        except ProcessLookupError:
            pass


def _wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/aanmelden", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)  # the server is starting; poll its port again
    raise RuntimeError("the server did not start in time")
