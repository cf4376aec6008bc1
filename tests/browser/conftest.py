"""Browser tests: Playwright on the system Chromium against one live server for the session.

The server has its own SQLite database with CSRF on, as in production. Tests share it, so
each test makes its own users and cases (unique names) through `world`.
"""

import io
import os
import shutil
import threading
from contextlib import contextmanager
from datetime import timedelta
from itertools import count
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.models import Case, CaseMember, Meeting, NetworkMember, Participant, Role, User
from samenveilig.review import worker

from ..conftest import PASSWORD, make_config, save, skip_or_fail

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        skip_or_fail("no Chromium on this machine: apt-get install chromium (make test does this)")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE", "timezone_id": "Europe/Brussels"}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app served on a free local port in a thread, for the whole session."""
    folder = tmp_path_factory.mktemp("live")
    app = create_app(make_config(f"sqlite:///{folder / 'live.db'}", WTF_CSRF_ENABLED=True))
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stopping = threading.Event()  # the PDF worker, as `make run` starts it beside the server
    pdfs = threading.Thread(target=worker.loop, args=(app, stopping), daemon=True)
    pdfs.start()
    yield SimpleNamespace(app=app, url=f"http://127.0.0.1:{server.server_port}")
    stopping.set()
    pdfs.join()
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@contextmanager
def serve(app):
    """The app served on a free local port in a thread (without the PDF worker): its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


_numbers = count(1)


class World:
    """Builds users and cases straight in the live server's database."""

    def __init__(self, app):
        self.app = app

    def user(self, name: str, role: str = Role.CONSULTANT):
        n = next(_numbers)
        with self.app.app_context():
            user = User(email=f"{name.split()[0].lower()}{n}@browser.test", name=name, role=role,
                        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1"))
            db.session.add(user)
            save()
            return SimpleNamespace(id=user.id, email=user.email, name=name)

    def case(self, *consultants, family_name: str = "Maes", service: str = "OCJ"):
        n = next(_numbers)
        with self.app.app_context():
            case = Case(reference=f"{service}-B-{n:04d}", family_name=family_name, service=service)
            case.members = [CaseMember(user_id=c.id) for c in consultants]
            db.session.add(case)
            save()
            return SimpleNamespace(id=case.id, reference=case.reference, family_name=family_name)

    def meeting(self, case, consultants, network: list[tuple[str, str]]):
        """An open meeting with the consultants and these (name, relation) people present."""
        with self.app.app_context():
            meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
            for user in consultants:
                meeting.participants.append(Participant(user_id=user.id, name=user.name))
            for name, relation in network:
                member = NetworkMember(case_id=case.id, name=name, relation=relation, role="network")
                db.session.add(member)
                db.session.flush()
                meeting.participants.append(Participant(network_member_id=member.id, name=name,
                                                        relation=relation))
            db.session.add(meeting)
            save()
            return SimpleNamespace(id=meeting.id, url=f"/overleg/{meeting.id}")

    def close(self, meeting_id: int) -> None:
        """The meeting closes with the plan as it is now (as closing it keeps it): what the
        family's link and printed plan show."""
        from samenveilig.plan.services import take_snapshot

        with self.app.app_context():
            meeting = db.session.get(Meeting, meeting_id)
            take_snapshot(meeting)
            meeting.status = "closed"
            save()

    def agreed(self, case) -> None:
        """Yesterday's meeting, closed with the case's plan as it is now."""
        with self.app.app_context():
            meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=1))
            db.session.add(meeting)
            save()
            meeting_id = meeting.id
        self.close(meeting_id)


@pytest.fixture
def world(live_server):
    return World(live_server.app)


def login(page, user, password: str = PASSWORD):
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="Afmelden").wait_for()


def board_with_follow_link(browser, base_url, user, meeting):
    """The consultant's board of this meeting on a laptop, with a new follow link:
    (the laptop's context, the board page, the follow link's URL)."""
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = laptop.new_page()
    login(board, user)
    board.goto(meeting.url)
    board.get_by_role("button", name="Meekijklink maken").click()
    return laptop, board, board.locator("#follow-url").input_value()


def new_family_link(page, case_id: int, recipient: str | None = None) -> str:
    """Make a family link for the case on its Gezinslink tab (valid 60 days); its URL."""
    page.goto(f"/dossiers/{case_id}/gezinslinks")
    if recipient:
        page.get_by_label("Voor wie?").fill(recipient)
    page.get_by_label("Werkt tot en met").fill((dates.today() + timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Link maken").click()
    return page.locator("#new-link-url").input_value()


def family_phone(browser):
    """The family's phone: the family link needs no script, so it has none."""
    return browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True,
                               java_script_enabled=False, locale="nl-BE")


def new_phone(browser):
    """A phone's browser context."""
    return browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="nl-BE")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(page):
    """axe-core finds no serious or critical violation on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}x: "
                              f"{v['nodes'][0]['target']})" for v in bad)


def quick_add(page, text: str, category_key: str, speaker: str = "Iedereen", visibility: str = "Gezin"):
    """Type, pick with the keyboard, Enter: the way a consultant adds during the meeting.
    (This sets who says it and who may see it every time.)"""
    page.keyboard.press("Alt+N")
    page.keyboard.type(text)
    page.keyboard.press("Escape")  # to the board, where a digit picks the category
    page.keyboard.press(category_key)  # ... and brings the cursor back to the text
    page.keyboard.press("Tab")  # to the category
    page.keyboard.press("Tab")  # to "wie zegt het?"
    page.keyboard.type(speaker)
    page.keyboard.press("Tab")  # to "spreker vasthouden"
    page.keyboard.press("Tab")  # to "zichtbaar voor"
    page.keyboard.type(visibility)
    page.keyboard.press("Alt+N")
    page.keyboard.press("Enter")


def drawing_jpeg() -> bytes:
    image = Image.new("RGB", (1200, 900), (250, 240, 200))
    image.paste((30, 90, 200), (100, 100, 600, 500))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()
