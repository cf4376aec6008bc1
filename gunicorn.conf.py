"""gunicorn settings. Every screen in a live meeting keeps an event stream open for as long
as it is shown. With the gevent worker an open stream is a greenlet that sleeps until its
meeting changes, not a thread taken from the pool that serves pages: a thousand screens cost
memory, not the app's answer. (gthread held one thread per stream and froze at 256.)"""

import gc
import os
import resource

from gunicorn.glogging import Logger

from samenveilig import logmask, templating

_database = os.environ.get("SAMENVEILIG_DATABASE_URL", "")

worker_class = "gevent"
# SQLite and the in-process broker want one process; on PostgreSQL workers share events
# through LISTEN/NOTIFY, so more than one may run.
workers = int(os.environ.get("SAMENVEILIG_WORKERS", 2 if _database.startswith("postgres") else 1))
# Connections one worker serves at once: the event streams it may hold (LIVE_MAX_STREAMS,
# past which a new stream is answered 503) plus room for the pages beside them.
_max_streams = int(os.environ.get("SAMENVEILIG_LIVE_MAX_STREAMS", 1500))
worker_connections = _max_streams + 500
# Every connection is an open file: raise this process's soft limit as far as allowed.
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
_wanted = worker_connections + 100
if _soft != resource.RLIM_INFINITY and _soft < _wanted:
    resource.setrlimit(resource.RLIMIT_NOFILE, (_wanted if _hard == resource.RLIM_INFINITY else min(_wanted, _hard), _hard))
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
    """Every template is compiled, then everything loaded at start-up (modules, the app, its
    mappers and templates) moves to the
    collector's permanent generation, so no collection walks it again. SAMENVEILIG_GC_FREEZE=0
    leaves it out (bench/gc_freeze.py measures both)."""
    if hasattr(worker.wsgi, "jinja_env"):
        templating.compile_all(worker.wsgi)  # the first page after a start waits for none
    if os.environ.get("SAMENVEILIG_GC_FREEZE", "1") != "0":
        gc.collect()
        gc.freeze()


def worker_exit(server, worker):
    """Open event streams end at once, so a restart never waits for them."""
    broker = getattr(worker.wsgi, "extensions", {}).get("live")
    if broker is not None:
        broker.close()
