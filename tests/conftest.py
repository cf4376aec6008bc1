"""Fixtures: an app with a fresh database per test, on SQLite and (for tests marked `db`)
on PostgreSQL, a client, a CLI runner, an `auth` helper and small builders."""

import os
import shutil
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from samenveilig import create_app
from samenveilig.extensions import db
from samenveilig.models import Case, CaseMember, Role, User

from .pgcluster import Cluster, server_bindir
from .sse import words

# In CI nothing may be skipped: a missing PostgreSQL or Chromium is a failure.
STRICT = os.environ.get("SAMENVEILIG_TEST_STRICT") == "1"
PASSWORD = "een-goed-wachtwoord"


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker("db") is not None
        metafunc.parametrize("backend", ["sqlite", "postgresql"] if marked else ["sqlite"], indirect=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if STRICT and reporter and reporter.stats.get("skipped"):
        reporter.write_line("SAMENVEILIG_TEST_STRICT: skipped tests count as failures here.", red=True)
        session.exitstatus = 1


def skip_or_fail(reason: str):
    if STRICT:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throw-away PostgreSQL cluster for the whole run, when the server is installed."""
    bindir = server_bindir()
    if bindir is None:
        yield None
        return
    cluster = Cluster(bindir).start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_cluster):
    """The database of the PostgreSQL runs, in our own cluster, with the schema made once."""
    if postgres_cluster is None:
        return None
    url = postgres_cluster.create_database("samenveilig_test")
    app = create_app(make_config(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """An empty SQLite database with the schema, copied for every test."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app(make_config(f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return path


def make_config(database_uri: str, **extra) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        **extra,
    }


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture
def database_uri(backend, request, tmp_path):
    if backend == "sqlite":
        path = tmp_path / "samenveilig.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    if url is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    return url


@pytest.fixture
def app_config():
    """Extra config for one test module or test: override this fixture."""
    return {}


class ReadsWords:
    """`response.text` as a reader gets the words: without the `<bdi>` around what people typed
    (templating.bdi). The raw HTML is `response.get_data(as_text=True)`; tests/test_bidi.py
    checks the isolation there."""

    @property
    def text(self) -> str:
        return words(self.get_data(as_text=True))


class ReadingClient(FlaskClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.response_wrapper = type("ReadingResponse", (ReadsWords, self.response_wrapper), {})


@pytest.fixture
def app(database_uri, app_config, tmp_path):
    app = create_app(make_config(database_uri, **app_config))
    app.instance_path = str(tmp_path)
    app.test_client_class = ReadingClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield app
    app.extensions["live"].close(wait=False)  # a listener on PostgreSQL ends instead of retrying
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user, password: str = PASSWORD):
        return self._client.post("/aanmelden", data={"email": user.email, "password": password})

    def logout(self):
        return self._client.post("/afmelden")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def make_user(app):
    """make_user(role="consultant", name=..., email=...) -> an object with id, email, name, role."""
    counter = iter(range(1, 10_000))

    def make(role: str = Role.CONSULTANT, name: str | None = None, email: str | None = None,
             password: str = PASSWORD, **values):
        n = next(counter)
        with app.app_context():
            user = User(email=email or f"{role}{n}@test.be", name=name or f"{role.title()} {n}",
                        role=role, **values)
            # A cheap hash keeps the suite fast; scrypt itself is tested in test_auth.
            user.password_hash = generate_password_hash(password, method="pbkdf2:sha256:1")
            db.session.add(user)
            save()
            return SimpleNamespace(id=user.id, email=user.email, name=user.name, role=user.role)

    return make


@pytest.fixture
def consultant(make_user):
    """The consultant most tests act as."""
    return make_user(name="Sarah Peeters")


@pytest.fixture
def logged_in(client, auth, consultant):
    """The test client, logged in as that consultant."""
    auth.login(consultant)
    return client


@pytest.fixture
def make_case(app):
    """make_case(consultant, family_name=..., service=...) -> an object with id and reference."""
    counter = iter(range(1, 10_000))

    def make(*consultants, family_name: str | None = None, service: str = "OCJ"):
        n = next(counter)
        with app.app_context():
            case = Case(reference=f"{service}-TEST-{n:04d}", family_name=family_name or f"Gezin {n}",
                        service=service)
            case.members = [CaseMember(user_id=c.id) for c in consultants]
            db.session.add(case)
            save()
            return SimpleNamespace(id=case.id, reference=case.reference, family_name=case.family_name)

    return make


def save(*rows) -> None:
    """Store what a test sets up: add the rows (if any) and commit. The one place a test
    commits by hand; the app writes in live.write (tests/test_write_sequence.py)."""
    db.session.add_all(rows)
    db.session.commit()


def decide_safe(client, meeting_id: int) -> None:
    """Answer "is het kind nu veilig?" with yes, as a meeting needs before it closes."""
    response = client.post(f"/overleg/{meeting_id}/veiligheid", headers={"HX-Request": "true"}, data={
        "decision-answer": "yes", "decision-reasoning": "Oma is er elke avond.",
        "decision-urgency": "month"})
    assert response.status_code == 200, response.text
