"""gunicorn settings. Every screen in a live meeting keeps an event stream open, and each
open stream holds a thread: so gthread with many threads, never the sync worker."""

import gc
import os

from gunicorn.glogging import Logger

from samenveilig import logmask

_database = os.environ.get("SAMENVEILIG_DATABASE_URL", "")

worker_class = "gthread"
# SQLite and the in-process broker want one process; on PostgreSQL workers share events
# through LISTEN/NOTIFY, so more than one may run.
workers = int(os.environ.get("SAMENVEILIG_WORKERS", 2 if _database.startswith("postgres") else 1))
threads = int(os.environ.get("SAMENVEILIG_THREADS", 256))
keepalive = 5
graceful_timeout = 5  # open event streams would otherwise hold a restart for the full timeout
control_socket_disable = True
accesslog = os.environ.get("SAMENVEILIG_ACCESS_LOG", "-")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


class MaskingLogger(Logger):
    """The access log writes /gezin/*** and /meekijken/***: a link's token never reaches it."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: logmask.mask(value) if isinstance(value, str) else value for key, value in atoms.items()}


logger_class = MaskingLogger
logmask.install()  # gunicorn's own error log too


def post_worker_init(worker):
    """Everything loaded at start-up (modules, the app, its mappers and templates) moves to the
    collector's permanent generation, so no collection walks it again. SAMENVEILIG_GC_FREEZE=0
    leaves it out (bench/gc_freeze.py measures both)."""
    if os.environ.get("SAMENVEILIG_GC_FREEZE", "1") != "0":
        gc.collect()
        gc.freeze()


def worker_exit(server, worker):
    """Open event streams end at once, so a restart never waits for them."""
    broker = getattr(worker.wsgi, "extensions", {}).get("live")
    if broker is not None:
        broker.close()
