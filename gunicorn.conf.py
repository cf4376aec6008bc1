"""gunicorn settings. Every screen in a live meeting keeps an event stream open, and each
open stream holds a thread: so gthread with many threads, never the sync worker."""

import os

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


def worker_exit(server, worker):
    """Open event streams end at once, so a restart never waits for them."""
    broker = getattr(worker.wsgi, "extensions", {}).get("live")
    if broker is not None:
        broker.close()
