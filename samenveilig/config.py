"""Configuration: these defaults, then instance/config.py, then SAMENVEILIG_* variables."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

SECRET_KEY_FILE = "secret_key"


def N_(message: str) -> str:
    """Marks a text for the catalogues; the screen translates it where it is shown."""
    return message


class Defaults:
    SECRET_KEY: str | None = None
    # SAMENVEILIG_DATABASE_URL; empty means SQLite in the instance folder.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A connection that sat in the pool longer than this many seconds is pinged before a request
    # gets it, and replaced when it died meanwhile (the database restarted, a firewall dropped
    # it): after a restart or a quiet night the first page works. A connection back from a
    # request moments ago goes out without the ping, a round trip fewer per request under load;
    # if it died anyway, that request answers the Dutch 503 and the pool replaces them all.
    DATABASE_PING_AFTER_IDLE_SECONDS = 2.0
    # PostgreSQL: connections each app process keeps open (and up to 10 more for a busy
    # moment, opened and closed as needed). A gevent worker serves many requests at once, each
    # holding a connection while it runs: with fewer kept open, a busy worker opened and closed
    # connections all the time. Two workers and the PDF worker stay well under PostgreSQL's
    # default max_connections (100).
    DATABASE_POOL_SIZE = 20
    # PostgreSQL: seconds to wait for a new connection before the page answers "even niet
    # bereikbaar" (503), so a database host that does not answer holds no request for long.
    DATABASE_CONNECT_TIMEOUT = 5
    SESSION_COOKIE_NAME = "samenveilig_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=10)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_I18N_ENABLED = False  # forms use WTForms' own Dutch messages (samenveilig.forms.Form)
    # Live updates: "auto" picks postgres on PostgreSQL, local otherwise.
    LIVE_BROKER = "auto"
    LIVE_PING_SECONDS = 15.0
    # Event streams one worker process holds at once; a stream past it is answered 503 with
    # Retry-After. gunicorn.conf.py sizes the worker's connections from the same setting
    # (SAMENVEILIG_LIVE_MAX_STREAMS), so keep the two defaults equal.
    LIVE_MAX_STREAMS = 1500
    # Login throttling slows down, never locks out: past the free failures of an account (or of
    # an address, where many colleagues may share one), a wrong password is answered after
    # LOGIN_DELAY_BASE seconds, doubling per failure, at most LOGIN_DELAY_MAX; quiet for the
    # window resets it. The right password is never kept waiting.
    # Login attempts handled at once per account and per address (per worker process): one
    # more is answered 429 at once, unchecked. A wrong password keeps its place while it waits.
    LOGIN_IN_FLIGHT_PER_ACCOUNT = 2
    LOGIN_IN_FLIGHT_PER_ADDRESS = 5
    LOGIN_FREE_FAILURES = 5
    LOGIN_FREE_FAILURES_PER_ADDRESS = 30
    LOGIN_DELAY_BASE = 1.0
    LOGIN_DELAY_MAX = 10.0
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # Number of reverse proxies (nginx) in front of the app whose X-Forwarded-* we trust.
    TRUSTED_PROXIES = 0
    # Giving the team-lead role, or a temporary password to someone who sees cases, waits for
    # a second team lead or administrator. A one-person agency switches it off.
    TWO_PERSON_RULE = True
    CASES_PER_PAGE = 20
    # The largest request body: more gets a Dutch 413 page. The drawing uploads take more
    # (images.UPLOAD_REQUEST_BYTES), on their own routes only.
    MAX_CONTENT_LENGTH = 1024 * 1024
    # The family link (count, seconds): requests per link (its pictures not counted), a much
    # higher ceiling per client address (families behind one carrier NAT, a shelter's or a
    # school's Wi-Fi share one; pictures counted there), and feedback per link.
    FAMILY_LINK_RATE = (60, 300)
    FAMILY_ADDRESS_RATE = (1200, 300)
    FEEDBACK_RATE = (5, 3600)
    FEEDBACK_PER_LINK_PER_DAY = 10
    # The closing contact card (review/card.py): whom the family calls once the help stopped.
    # AGENCY_LINES: the agency's general line per service, never the consultant who leaves,
    # e.g. {"OCJ": {"name": "OCJ Antwerpen", "phone": "03 000 00 00"}, "SDJ": {...}} (JSON in
    # SAMENVEILIG_AGENCY_LINES); a service without one is left off the card. HELP_LINES: the
    # lines every Flemish family can call, in this order, each with a name, a phone number and
    # what it is for (in Dutch; the family's screens translate these defaults).
    AGENCY_LINES: dict = {}
    HELP_LINES: list = [
        {"name": "1712", "phone": "1712", "about": N_("bij geweld, misbruik en kindermishandeling")},
        {"name": "Awel", "phone": "102", "about": N_("voor kinderen en jongeren, om over alles te praten")},
        {"name": "CAW", "phone": "0800 13 500", "about": N_("voor al je vragen over relaties, geweld, geld, "
                                                            "wonen en meer")},
    ]
    # The accessibility statement (/toegankelijkheid): whom to tell about something that does
    # not work with a screen reader, a keyboard or zoom, e.g. {"name": "OCJ Antwerpen",
    # "email": "toegankelijkheid@ocj.example", "phone": "03 000 00 00"} (JSON in
    # SAMENVEILIG_ACCESSIBILITY_CONTACT; each part optional); empty: the statement asks to tell
    # the consultant or the agency. ACCESSIBILITY_STATEMENT_DATE (ISO): the day the statement
    # was drawn up or last reviewed; change it when you review it.
    ACCESSIBILITY_CONTACT: dict = {}
    ACCESSIBILITY_STATEMENT_DATE = "2026-12-05"
    # The young person's own link (children/link): offered from CHILD_LINK_AGE (a younger child
    # at the consultant's choice); a child younger than YOUNG_CHILD_AGE scores with five faces
    # instead of 0-10. CHILD_RIGHTS: what a young person of CHILD_RIGHTS_AGE or older reads on her
    # link about her rights, one paragraph each, plain Dutch in "jij" (JSON in
    # SAMENVEILIG_CHILD_RIGHTS); the child's screen translates these defaults, not an agency's own.
    CHILD_LINK_AGE = 12
    YOUNG_CHILD_AGE = 8
    CHILD_RIGHTS_AGE = 12
    CHILD_RIGHTS: list = [
        N_("Als er een jeugdrechter is, mag jij met de rechter praten. De rechter luistert naar wat jij "
           "denkt en wil. Je krijgt daarvoor een brief."),
        N_("Je mag een eigen advocaat hebben: een jeugdadvocaat. Die helpt alleen jou en is gratis. "
           "Vraag het aan je consulent of aan de rechtbank."),
        N_("Je mag vragen om je dossier te lezen. Vraag het aan je consulent. Soms blijft een stuk "
           "geheim, om iemand te beschermen. Dan hoor je waarom."),
    ]
    # Signing in with the agency's OpenID Connect provider (off while OIDC_ISSUER is empty).
    # OIDC_ROLES maps values of the OIDC_ROLE_CLAIM claim (a string or a list) to our roles;
    # the first entry that matches wins. Without a match nobody is created or let in.
    OIDC_ISSUER: str | None = None
    OIDC_CLIENT_ID: str | None = None
    OIDC_CLIENT_SECRET: str | None = None
    OIDC_SCOPE = "openid email profile"
    OIDC_ROLE_CLAIM = "roles"
    OIDC_ROLES: dict = {}
    # Local passwords for small set-ups; switch off when everyone signs in through OIDC.
    LOCAL_PASSWORDS = True
    # PDFs are made by the PDF worker (`flask --app app pdf-worker`), a process of its own:
    # at most PDF_CONCURRENCY at once (one process each); it looks for queued PDFs every
    # PDF_POLL_SECONDS. A worker renews its lease on a PDF while it renders; a PDF whose
    # worker died is taken again once the lease (PDF_LEASE_SECONDS) ran out, and is given up
    # as failed after PDF_ATTEMPTS workers died on it.
    PDF_CONCURRENCY = 1
    PDF_POLL_SECONDS = 0.5
    PDF_LEASE_SECONDS = 60.0
    PDF_ATTEMPTS = 3
    # The worker writes a heartbeat this often (also while it renders); /gezond reports the
    # worker as down when the last one is more than three of these old.
    PDF_HEARTBEAT_SECONDS = 10.0
    # The worker renders at a lower CPU priority (nice), so on a small server the web process
    # that pushes a live meeting gets the processor first.
    PDF_NICENESS = 10
    # Where the static files are written, with hashed names and gzip copies, at start-up
    # (SAMENVEILIG_STATIC_BUILD_PATH; empty: build/static beside the code). nginx may serve it.
    STATIC_BUILD_PATH: str | None = None


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill app.config from the defaults, the instance file, the environment and tests."""
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("SAMENVEILIG")
    else:
        app.config.from_mapping(test_config)
    if app.debug:
        app.config["SESSION_COOKIE_SECURE"] = False
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"connect_timeout": int(app.config["DATABASE_CONNECT_TIMEOUT"]),
                                   **options.get("connect_args", {})}
        # The connection given back last goes out first: a quiet app uses one and keeps it warm
        # (no ping, see DATABASE_PING_AFTER_IDLE_SECONDS); the others wait for a busy moment.
        options.setdefault("pool_use_lifo", True)
        options.setdefault("pool_size", int(app.config["DATABASE_POOL_SIZE"]))
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    private_database(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def database_uri(app: Flask) -> str:
    """SQLAlchemy URI: PostgreSQL through psycopg 3 when configured, else SQLite in instance/."""
    url = app.config.get("SQLALCHEMY_DATABASE_URI") or app.config["DATABASE_URL"]
    if not url:
        return "sqlite:///" + os.path.join(app.instance_path, "samenveilig.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


# The instance folder and the SQLite database hold every case: for the app's own user only.
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def private_folder(path: Path) -> None:
    """Make the folder (and its parents) when it is missing, the folder itself 0700 whatever
    the umask; an existing folder is left as its owner set it."""
    if path.is_dir():
        return
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.chmod(path, PRIVATE_FOLDER)


def private_file(path: Path) -> None:
    """Create an empty file that only its owner can read and write (an empty file is also an
    empty SQLite database, which SQLite then fills, its -wal and -shm with the same mode); an
    existing file is left as it is."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        return
    os.chmod(path, PRIVATE_FILE)


def private_database(uri: str) -> None:
    """A SQLite database file that does not exist yet is made 0600 before SQLite creates it."""
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return
    path = Path(url.database)
    if path.parent.is_dir():
        private_file(path)


def instance_secret_key(instance: Path) -> str:
    """Read the generated secret key, creating it (mode 600) on first run."""
    path = instance / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    private_folder(instance)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key
