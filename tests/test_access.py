"""Walk every route of the app as five kinds of visitor and check who gets in.

A route that is not listed below is taken to be about one case: an anonymous visitor is sent
to the login page, a consultant who is not assigned to the case and an administrator get a
404, the assigned consultant and a team lead get in. A new route without its access check
therefore fails this test, and so does a route with parameters this test does not know yet.
"""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask_login.utils import _create_identifier
from sqlalchemy import func, select

from samenveilig import dates
from samenveilig.audit import VIEW_LABELS
from samenveilig.extensions import db
from samenveilig.models import (
    AccountChange,
    AuditEvent,
    Case,
    CaseMember,
    Child,
    ChildHouseEntry,
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
    StoryImage,
    StoryPanel,
    StoryVersion,
    User,
    WarningSign,
    utcnow,
)

from .conftest import save

PUBLIC = {"static", "auth.login", "auth.logout"}
# Monitoring's health check: open to anyone, 200 or 503 by the state of the database and the
# PDF worker (no worker runs here), never a login.
HEALTH = {"health.health"}
# Signing in with the organisation account: for everyone when configured (tests/test_oidc.py),
# not found for anyone when not.
ORGANISATION_SIGN_IN = {"oidc.start", "oidc.finish"}
TOKEN = {"follow.page", "follow.events", "follow.region", "follow.my_score", "follow.drawing",
         "family.page", "family.drawing", "family.story", "family.story_picture"}
# Forms on a link's page carry the link's own form token; a post without it is refused.
LINK_FORMS = {"follow.claim", "follow.score", "family.feedback"}
ANY_STAFF = {"auth.account", "auth.change_password", "cases.home"}
CASE_WORKERS = {"cases.new_case"}  # consultants and team leads, not administrators
ADMIN_ONLY = {
    "auth.users",
    "auth.add_user",
    "auth.change_role",
    "auth.toggle_active",
    "auth.reset_password",
}
TEAMLEAD_ONLY = {"cases.assign_consultant", "cases.unassign_consultant", "cases.retention_list",
                 "cases.access_log"}  # and about a case
SECOND_PERSONS = {"auth.confirm_change", "auth.refuse_change"}  # team leads and administrators

ROLES = ["anonymous", "outsider", "assigned", "teamlead", "admin"]
DENIED = (401, 403, 404)


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
        db.session.add_all([family, proposal, export, change, house, score, story])
        save()
        return World(users, case.id, child.id, member.id, target.id, meeting.id, participant.id,
                     item.id, token, {kind: entry.id for kind, entry in plan.items()}, family.id, family_token,
                     proposal.id, export.id, change.id, house.id, score.id, story.id, panel.id)


def url_variants(rule, world: World) -> list[dict]:
    """The values for the rule's parameters; every new parameter needs an entry here."""
    values = {}
    for arg in rule.arguments:
        if arg == "case_id":
            values[arg] = world.case_id
        elif arg == "user_id":
            own = rule.endpoint == "cases.unassign_consultant"
            values[arg] = world.users["assigned"] if own else world.target_user_id
        elif arg in ("meeting_id", "participant_id", "item_id", "link_id", "member_id", "proposal_id", "export_id",
                     "change_id", "child_id", "score_id", "version_id", "panel_id"):
            values[arg] = getattr(world, arg)
        elif arg == "entry_id" and rule.endpoint.startswith(("children.", "family.", "meetings.")):
            values[arg] = world.house_entry_id
        elif arg == "action_id":
            values[arg] = world.plan["acties"]
        elif arg == "token":
            values[arg] = world.family_token if rule.endpoint.startswith("family.") else world.token
        elif arg == "category":
            values[arg] = "worry"
        elif arg == "name":
            values[arg] = "scale"
        elif arg == "kind":
            values[arg] = "gevaar"
        elif arg in ("collection", "entry_id", "kind_name"):
            continue
        else:
            pytest.fail(f"{rule.endpoint}: add a value for <{arg}> to tests/test_access.py")
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


def expected(endpoint: str, role: str) -> str:
    if endpoint in ORGANISATION_SIGN_IN:
        return "not found"
    if endpoint in LINK_FORMS:
        return "denied"
    if endpoint in PUBLIC or endpoint in TOKEN:
        return "allowed"
    if endpoint in HEALTH:
        return "health"
    if role == "anonymous":
        return "login"
    if endpoint in ANY_STAFF:
        return "allowed"
    if endpoint in CASE_WORKERS:
        return "denied" if role == "admin" else "allowed"
    if endpoint in ADMIN_ONLY:
        return "allowed" if role == "admin" else "denied"
    if endpoint in SECOND_PERSONS:
        return "allowed" if role in ("admin", "teamlead") else "denied"
    if role in ("outsider", "admin"):
        return "denied"
    if endpoint in TEAMLEAD_ONLY:
        return "allowed" if role == "teamlead" else "denied"
    return "allowed"


def checks(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            yield rule, method


def test_every_route_checks_access(app):
    assert walk(app) > 50


def test_the_walk_catches_a_route_without_a_check(app):
    @app.get("/dossiers/<int:case_id>/lek")
    def leak(case_id):
        return "Gezin Wandel"

    with pytest.raises(AssertionError, match="/lek as anonymous"):
        walk(app, only=lambda rule: rule.endpoint == "leak")


def walk(app, only=lambda rule: True) -> int:
    """Check every route (or those `only` picks) as every kind of visitor; returns how many
    requests it made."""
    users = {role: _user(app, role) for role in ROLES if role != "anonymous"}
    with app.test_request_context(environ_base=app.test_client().environ_base):
        identifier = _create_identifier()  # what session protection expects of the test client
    adapter = app.url_map.bind("localhost")
    seen = 0
    for rule, method in checks(app):
        if not only(rule):
            continue
        for role in ROLES:
            world = build_world(app, users)
            for values in url_variants(rule, world):
                url = adapter.build(rule.endpoint, values)
                response, audit_grew = request(app, users.get(role), identifier, method, url)
                _assert_outcome(rule.endpoint, method, url, role, response)
                if method == "GET":
                    assert not audit_grew, f"GET {url} changed data"
                seen += 1
    return seen


def _user(app, role: str) -> int:
    kind = {"assigned": "consultant", "outsider": "consultant"}.get(role, role)
    with app.app_context():
        user = User(email=f"{role}@test.be", name=role.title(), role=kind, password_hash="x")
        db.session.add(user)
        save()
        return user.id


# A read leaves a line in the trail; it changes nothing.
READS = [*VIEW_LABELS, "access_log_exported"]


def audit_count(app, reads: bool = False) -> int:
    with app.app_context():
        stmt = select(func.count(AuditEvent.id))
        return db.session.scalar(stmt.where(AuditEvent.action.in_(READS) if reads else AuditEvent.action.not_in(READS)))


def request(app, user_id: int | None, identifier: str, method: str, url: str):
    """The request as this user, and whether it wrote anything to the audit trail."""
    before, reads_before = audit_count(app), audit_count(app, reads=True)
    client = app.test_client()
    if user_id is not None:
        with app.app_context():  # logging out (one of the routes walked) ends the version before
            version = db.session.get(User, user_id).session_version
        with client.session_transaction() as session:
            session.update(_user_id=f"{user_id}:{version}", _fresh=True, _id=identifier)
    response = client.open(url, method=method)
    response.close()  # an event stream is not read, only opened
    if response.status_code >= 400:
        assert audit_count(app, reads=True) == reads_before, f"{method} {url} refused, but recorded as read"
    return response, audit_count(app) > before


def _assert_outcome(endpoint, method, url, role, response):
    want = expected(endpoint, role)
    where = f"{method} {url} as {role}: {response.status_code}"
    if want == "login":
        assert response.status_code == 302, where
        assert response.headers["Location"].startswith("/aanmelden?next="), where
    elif want == "denied":
        assert response.status_code in DENIED, where
    elif want == "not found":
        assert response.status_code == 404, where
    elif want == "health":
        assert response.status_code in (200, 503), where
        assert "Location" not in response.headers, where
    else:
        assert response.status_code not in DENIED and response.status_code < 500, where
        assert not response.headers.get("Location", "").startswith("/aanmelden?next="), where
