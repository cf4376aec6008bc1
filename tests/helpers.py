"""What several test modules share: request headers, fixtures that build a case or a meeting,
and the steps a test takes through the app (make a link, add to the board, make a PDF). A test
module imports these from here, never from another test module (tests/test_test_modules.py).
A fixture here is named for what it builds; a module that uses it gives it the name its tests
ask for (`case = meeting_case`, or `from .helpers import meeting_case as case`)."""

import hashlib
import io
import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.serving import make_server
from werkzeug.test import encode_multipart

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.linktokens import form_token
from samenveilig.models import (
    AccountChange,
    Case,
    CaseMember,
    Child,
    ChildHouseEntry,
    ChildLink,
    ChildScore,
    Drawing,
    Export,
    FamilyLink,
    FollowLink,
    JudgeProposal,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    PlanContact,
    PlanRule,
    Role,
    SafetyHouse,
    SafetyPlan,
    StoryImage,
    StoryPanel,
    StoryVersion,
    User,
    WarningSign,
    utcnow,
)
from samenveilig.plan.services import take_snapshot
from samenveilig.review import worker

from .conftest import save

ROOT = Path(__file__).resolve().parent.parent
HX = {"HX-Request": "true"}


# The family link and the follow link ----------------------------------------------------------

def make_family_link(client, case_id, **data):
    form = {"recipient": "voor mama", "expires_on": (dates.today() + timedelta(days=90)).isoformat()} | data
    page = client.post(f"/dossiers/{case_id}/gezinslinks", data=form)
    assert page.status_code == 200, page.text
    return re.search(r'id="new-link-url" type="text" readonly value="http://localhost/gezin/([^"]+)"', page.text).group(1)


def family_form_token(app, token):
    from samenveilig.linktokens import form_token as make
    from samenveilig.share.family import PURPOSE

    with app.test_request_context():
        return make(PURPOSE, token)


def close_as_agreed(app, meeting_id: int) -> None:
    """The meeting closes with the plan as it is now (what `lifecycle.close_meeting` keeps),
    so the family's link, printed plan and PDF show it."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        take_snapshot(meeting)
        meeting.status, meeting.closed_at = "closed", utcnow()
        save()


def agreed_meeting(app, case_id: int) -> int:
    """A meeting of yesterday, closed with the case's plan as it is now."""
    with app.app_context():
        meeting = Meeting(case_id=case_id, kind="mapping", held_on=dates.today() - timedelta(days=1))
        db.session.add(meeting)
        save()
        meeting_id = meeting.id
    close_as_agreed(app, meeting_id)
    return meeting_id


def make_follow_link(client, meeting_id) -> str:
    panel = client.post(f"/overleg/{meeting_id}/meekijklink", headers=HX).text
    return re.search(r'id="follow-url" type="text" readonly value="http://localhost/meekijken/([^"]+)"', panel).group(1)


# A meeting and its board ----------------------------------------------------------------------

@pytest.fixture
def meeting_case(app, consultant, make_case):
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        db.session.add_all([
            NetworkMember(case_id=case.id, name="Sofie Maes", relation="mama", role="parent"),
            NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network"),
        ])
        save()
    return case


def start_meeting(client, case_id, **extra):
    with client.application.app_context():
        members = db.session.scalars(select(NetworkMember.id).where(NetworkMember.case_id == case_id)).all()
    data = {"kind": "mapping", "held_on": dates.today().isoformat(),
            "present": [f"n:{m}" for m in members], **extra}
    response = client.post(f"/dossiers/{case_id}/overleggen", data=data)
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def add_item(client, meeting_id, text, category="worry", speaker="", visibility="family", term=""):
    return client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
        "quick-text": text, "quick-category": category, "quick-speaker": speaker,
        "quick-visibility": visibility, "quick-term": term})


def item_id(app, text):
    with app.app_context():
        return db.session.scalar(select(MappingItem.id).where(MappingItem.text == text))


def edit(client, meeting_id, item, version, text, speaker="", visibility="family", term=""):
    p = f"item-{item}-"
    return client.post(f"/overleg/{meeting_id}/items/{item}", headers=HX, data={
        p + "version": version, p + "text": text, p + "speaker": speaker,
        p + "visibility": visibility, p + "term": term})


# The analysis: dangers, goals, a phone on the follow link -------------------------------------

@pytest.fixture
def analysis_meeting(app, consultant, make_case, client, auth):
    """An open meeting with the consultant, mama, papa and oma present."""
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        meeting.participants.append(Participant(user_id=consultant.id, name=consultant.name))
        for name, relation in [("Sofie", "mama"), ("Kevin", "papa"), ("Rita", "oma")]:
            member = NetworkMember(case_id=case.id, name=name, relation=relation, role="network")
            db.session.add(member)
            db.session.flush()
            meeting.participants.append(Participant(network_member_id=member.id, name=name, relation=relation))
        db.session.add(meeting)
        save()
        people = {p.name: p.id for p in meeting.participants}
        ids = dict(id=meeting.id, case_id=case.id, people=people, consultant=consultant.id)
    auth.login(consultant)
    return ids


def danger(client, meeting_id, **values):
    data = {"danger-worried": "De juf en oma", "danger-worried_count": "meer", "danger-behaviour": "mama 's avonds drinkt",
            "danger-outcome": "kan Finn gewond raken", "danger-term": "short", "danger-family_view": "",
            "danger-speaker": "", "danger-visibility": "family"}
    data |= {f"danger-{k}": v for k, v in values.items()}
    return client.post(f"/overleg/{meeting_id}/gevaar", headers=HX, data=data)


def goal(client, meeting_id, danger_id="", **values):
    data = {"goal-danger": str(danger_id), "goal-behaviour": "Mama is 's avonds nuchter",
            "goal-duration": "drie maanden", "goal-speaker": "", "goal-visibility": "family"}
    data |= {f"goal-{k}": v for k, v in values.items()}
    return client.post(f"/overleg/{meeting_id}/doelen", headers=HX, data=data)


def phone_for(app, client, meeting_id):
    """A phone that opened the follow link: (its client, the link token, the page's form token)."""
    panel = client.post(f"/overleg/{meeting_id}/meekijklink", headers=HX).text
    token = re.search(r'/meekijken/([A-Za-z0-9_-]+)"', panel).group(1)
    phone = app.test_client()
    assert phone.get(f"/meekijken/{token}").status_code == 200
    with app.test_request_context():
        return phone, token, form_token("follow", token)  # what the page's forms carry


# The plan -------------------------------------------------------------------------------------

@pytest.fixture
def plan_world(app, consultant, make_case, client, auth):
    """A case with a child and two network members, an open meeting with a safety goal and a
    next step (owned by oma, serving that goal)."""
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        child = Child(case_id=case.id, first_name="Lotte", date_of_birth=date(2018, 3, 14))
        oma = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network", phone="0473 11 22 33")
        mama = NetworkMember(case_id=case.id, name="Sofie Maes", relation="mama", role="parent")
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([child, oma, mama, meeting])
        db.session.flush()
        oma_here = Participant(meeting_id=meeting.id, network_member_id=oma.id, name="Rita Claes", relation="oma")
        db.session.add(oma_here)
        db.session.flush()
        goal = MappingItem(meeting_id=meeting.id, category="safety_goal", text="Mama is 's avonds nuchter (drie maanden).")
        db.session.add(goal)
        db.session.flush()
        step = MappingItem(meeting_id=meeting.id, category="next_step", text="Oma belt elke avond om acht uur",
                           urgency="week", owner_id=oma_here.id, goal_id=goal.id)
        db.session.add(step)
        save()
        ids = dict(case=case.id, meeting=meeting.id, child=child.id, oma=oma.id, mama=mama.id, goal=goal.id,
                   step=step.id)
    auth.login(consultant)
    return ids


# Reviews and PDFs -----------------------------------------------------------------------------

@pytest.fixture
def review_case(app, consultant, make_case, client, auth):
    case = make_case(consultant, family_name="Maes", service="SDJ")
    with app.app_context():
        db.session.add_all([
            NetworkMember(case_id=case.id, name="Sofie Maes", relation="mama", role="parent"),
            NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network", phone="0473 11 22 33"),
            Child(case_id=case.id, first_name="Lotte", date_of_birth=date(2018, 3, 14)),
            Child(case_id=case.id, first_name="Finn", date_of_birth=date(2021, 9, 2)),
        ])
        save()
    auth.login(consultant)
    return case


def new_review(client, case_id, kind="review"):
    with client.application.app_context():
        members = db.session.scalars(select(NetworkMember.id).where(NetworkMember.case_id == case_id)).all()
    response = client.post(f"/dossiers/{case_id}/overleggen", data={
        "kind": kind, "held_on": dates.today().isoformat(), "present": [f"n:{m}" for m in members]})
    assert response.status_code == 302, response.text
    return int(response.headers["Location"].rsplit("/", 1)[1])


def exported_pdf_text(client, case_id, start_url, audience) -> str:
    response = client.post(start_url, headers=HX, data={"audience": audience})
    assert response.status_code == 200 and "PDF wordt gemaakt" in response.text
    polling = re.search(r'hx-get="([^"]+)"', response.text).group(1)
    assert worker.work_once(client.application) is not None  # the PDF worker makes it
    text = client.get(polling).text  # as the page polls
    assert "Download" in text, text
    download = re.search(r'href="([^"]+/download)"', text).group(1)
    pdf = client.get(download)
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# A child's words, drawings and story ----------------------------------------------------------

GPS_LATITUDE = (50.0, 51.0, 12.34)


def jpeg_with_gps(size=(1200, 900), orientation: int | None = None) -> bytes:
    """A real phone-like JPEG: EXIF with a GPS position (and an orientation when given)."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, size[0] // 2, size[1] // 4))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS_LATITUDE, 3: "E", 4: (4.0, 21.0, 0.0)})
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png(size=(400, 300)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGBA", size, (10, 120, 40, 255))
    text = PngInfo()
    text.add_text("Comment", "geheim")
    image.save(out, "PNG", pnginfo=text)
    return out.getvalue()


def entry_data(consultant, **values) -> dict:
    return {"house": "worries", "text": "Ik ben bang als papa roept.", "talked_on": dates.today().isoformat(),
            "talker": str(consultant.id), "talked_by_name": "", "visibility": "family"} | values


def multipart(client, url: str, data: dict, upload: tuple[bytes, str] | None = None):
    """A form post with a file, encoded in memory (the test client would leave a large one's
    temporary file open)."""
    if upload:
        data = data | {"drawing": FileStorage(io.BytesIO(upload[0]), filename=upload[1])}
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def add_entry(client, child, consultant, upload: tuple[bytes, str] | None = None, **values):
    return multipart(client, child["url"], entry_data(consultant, **values), upload)


def discuss_and_share(client, child, version_id):
    url = f"{child['url']}/versie/{version_id}"
    assert client.post(f"{url}/besproken", data={"discussed_on": dates.today().isoformat(),
                                                  "discussed_with": "mama en papa"}).status_code == 302
    assert client.post(f"{url}/delen").status_code == 302


# Live streams over a real socket --------------------------------------------------------------

@contextmanager
def serving(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()


@pytest.fixture
def quick_pings():
    """The app config for streams over a socket (as `app_config`): quick pings, so closed streams end."""
    return {"LIVE_PING_SECONDS": 0.3}


def session_cookie(client) -> dict:
    return {"Cookie": f"samenveilig_session={client.get_cookie('samenveilig_session').value}"}


def read_until(stream, last_id: str, timeout: float = 10) -> list:
    events = []
    while not events or events[-1].id != last_id:
        more = stream.read(1, timeout=timeout)
        assert more, f"no event {last_id}; got {[(e.id, e.event) for e in events]}"
        events += more
    return events


def current_version(app, meeting_id: int) -> str:
    with app.app_context():
        return str(db.session.get(Meeting, meeting_id).version)


# The walk over every route (tests/test_access.py, tests/test_read_trail.py) -------------------

@dataclass
class World:
    """One case per check, so a check that removes or closes something cannot spoil the next."""

    users: dict[str, int]
    case_id: int
    child_id: int
    member_id: int
    target_user_id: int
    meeting_id: int
    participant_id: int
    item_id: int
    token: str
    plan: dict[str, int]
    link_id: int
    family_token: str
    proposal_id: int
    export_id: int
    change_id: int
    house_entry_id: int
    score_id: int
    version_id: int
    panel_id: int
    safety_plan_id: int
    safety_house_id: int
    child_token: str = ""  # the child's own link
    child_link_id: int = 0


def build_world(app, users: dict[str, int]) -> World:
    with app.app_context():
        number = db.session.scalar(select(func.count(Case.id))) + 1
        case = Case(reference=f"OCJ-WALK-{number}", family_name="Wandel", service="OCJ")
        case.members = [CaseMember(user_id=users["assigned"])]
        child = Child(case=case, first_name="Kim", date_of_birth=date(2016, 1, 1))
        member = NetworkMember(case=case, name="Oma", relation="oma", role="network")
        target = User(email=f"doel{number}@test.be", name="Doelwit", role=Role.CONSULTANT,
                      password_hash="x")
        meeting = Meeting(case=case, kind="mapping", held_on=dates.today())
        participant = Participant(meeting=meeting, name="Oma", relation="oma")
        item = MappingItem(meeting=meeting, category="worry", text="Zorg", visibility="family")
        token = f"walk-token-{number}"
        link = FollowLink(meeting=meeting, token_hash=hashlib.sha256(token.encode()).hexdigest())
        plan = {
            "acties": PlanAction(case=case, what="Oma belt elke avond"),
            "afspraken": PlanRule(case_id=None, text="Geen alcohol in huis"),
            "signalen": WarningSign(case_id=None, sign="Mama neemt niet op", response="Oma gaat langs"),
            "contacten": PlanContact(case_id=None, worry="drinken", network_member=member),
        }
        db.session.add_all([case, child, member, target, meeting, participant, item, link])
        db.session.flush()
        for entry in plan.values():
            entry.case_id = case.id
        db.session.add_all(plan.values())
        family_token = f"family-walk-{number}"
        family = FamilyLink(case_id=case.id, token_hash=hashlib.sha256(family_token.encode()).hexdigest(),
                            expires_at=utcnow() + timedelta(days=30))
        proposal = JudgeProposal(case_id=case.id, number=1, body="Ontwerp")
        export = Export(case_id=case.id, audience="file", filename="x.pdf", status="done", pdf=b"%PDF-1.7")
        requester = User(email=f"vraagt{number}@test.be", name="Aanvrager", role=Role.ADMIN, password_hash="x")
        change = AccountChange(user=target, kind="teamlead", requested_by=requester)
        house = ChildHouseEntry(case_id=case.id, child=child, house="good", text="Oma", talked_on=dates.today(),
                                visibility="family", drawing=Drawing(mimetype="image/png", width=1, height=1,
                                                                     image=b"png", thumbnail=b"png"))
        score = ChildScore(case_id=case.id, child=child, scored_on=dates.today(), score=5)
        item.house_entry, item.child, item.child_words = house, child, True  # the child's words, with a drawing
        # A story shared with the family, so its family page and picture answer.
        panel = StoryPanel(position=1, text="Wie helpt er?", image=StoryImage(
            mimetype="image/png", width=1, height=1, image=b"png", thumbnail=b"png"))
        story = StoryVersion(case_id=case.id, child=child, version_number=1, status="shared", panels=[panel])
        safety_plan = SafetyPlan(case_id=case.id, child=child, version_number=1, visibility="family",
                                 what_i_do="Naar oma", calls=[])
        safety_house = SafetyHouse(case_id=case.id, child=child, version_number=1, visibility="family",
                                   inside=[{"name": "Oma", "does": "Haalt me op"}], rules=[], not_in=[], with_someone=[])
        child_token = f"child-walk-{number}"
        child_link = ChildLink(case_id=case.id, child=child, token_hash=hashlib.sha256(child_token.encode()).hexdigest(),
                               expires_at=utcnow() + timedelta(days=30))
        db.session.add_all([family, proposal, export, change, house, score, story, safety_plan, safety_house, child_link])
        save()
        return World(users, case.id, child.id, member.id, target.id, meeting.id, participant.id,
                     item.id, token, {kind: entry.id for kind, entry in plan.items()}, family.id, family_token,
                     proposal.id, export.id, change.id, house.id, score.id, story.id, panel.id, safety_plan.id,
                     safety_house.id, child_token, child_link.id)


def url_variants(rule, world: World) -> list[dict]:
    """The values for the rule's parameters; every new parameter needs an entry here."""
    values = {}
    for arg in rule.arguments:
        if arg == "case_id":
            values[arg] = world.case_id
        elif arg == "user_id":
            own = rule.endpoint == "cases.unassign_consultant"
            values[arg] = world.users["assigned"] if own else world.target_user_id
        elif arg == "link_id" and rule.endpoint == "share.revoke_child_link":
            values[arg] = world.child_link_id
        elif arg in ("meeting_id", "participant_id", "item_id", "link_id", "member_id", "proposal_id", "export_id",
                     "change_id", "child_id", "score_id", "version_id", "panel_id", "safety_plan_id",
                     "safety_house_id"):
            values[arg] = getattr(world, arg)
        elif arg == "entry_id" and rule.endpoint.startswith(("children.", "family.", "meetings.", "child_link.")):
            values[arg] = world.house_entry_id
        elif arg == "action_id":
            values[arg] = world.plan["acties"]
        elif arg == "token":
            values[arg] = world.family_token if rule.endpoint.startswith("family.") else \
                world.child_token if rule.endpoint.startswith("child_link.") else world.token
        elif arg == "category":
            values[arg] = "worry"
        elif arg == "name":
            values[arg] = "scale"
        elif arg == "kind":
            values[arg] = "gevaar"
        elif arg in ("collection", "entry_id", "kind_name"):
            continue
        else:
            pytest.fail(f"{rule.endpoint}: add a value for <{arg}> to tests/helpers.py")
    if "kind_name" in rule.arguments:
        return [values | {"kind_name": kind} | ({"entry_id": entry_id} if "entry_id" in rule.arguments else {})
                for kind, entry_id in world.plan.items()]
    if "entry_id" in values:
        return [values]
    if "entry_id" in rule.arguments and rule.endpoint.startswith("plan."):
        return [values | {"entry_id": world.plan["acties"]}]
    if "collection" in rule.arguments:
        return [
            values | {"collection": "kinderen", "entry_id": world.child_id},
            values | {"collection": "netwerk", "entry_id": world.member_id},
        ]
    return [values]


def role_user(app, role: str) -> int:
    kind = {"assigned": "consultant", "outsider": "consultant"}.get(role, role)
    with app.app_context():
        user = User(email=f"{role}@test.be", name=role.title(), role=kind, password_hash="x")
        db.session.add(user)
        save()
        return user.id


# The translation catalogues and the app's configuration ---------------------------------------

TRANSLATIONS = ROOT / "samenveilig" / "translations"


def source_messages() -> set[str]:
    """Every text wrapped for translation in the code and templates, as `make translations` finds it."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = DEFAULT_KEYWORDS | {"N_": None, "both": None}  # as the Makefile's --keywords
    # Like the Makefile's --ignore-dirs ".*": templates/_macros too (babel skips "_" folders by default).
    found = extract_from_dir(str(ROOT / "samenveilig"), method_map, keywords=keywords,
                             directory_filter=lambda path: not Path(path).name.startswith("."))
    return {message[2] for message in found}


def fresh_app(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("SAMENVEILIG_INSTANCE_PATH", str(tmp_path))
    for key in [k for k in os.environ if k.startswith("SAMENVEILIG_") and k != "SAMENVEILIG_INSTANCE_PATH"]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return create_app()
