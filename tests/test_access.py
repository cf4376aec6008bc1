"""Walk every route of the app as five kinds of visitor and check who gets in.

A route that is not listed below is taken to be about one case: an anonymous visitor is sent
to the login page, a consultant who is not assigned to the case and an administrator get a
404, the assigned consultant and a team lead get in. A new route without its access check
therefore fails this test, and so does a route with parameters this test does not know yet.
"""


import pytest
from flask_login.utils import _create_identifier
from sqlalchemy import func, select

from samenveilig.audit import VIEW_LABELS
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    User,
)

from .helpers import build_world, url_variants
from .helpers import role_user as _user

PUBLIC = {"static", "auth.login", "auth.logout", "accessibility.statement"}  # the statement: for everyone
# Monitoring's health check: open to anyone, 200 or 503 by the state of the database and the
# PDF worker (no worker runs here), never a login.
HEALTH = {"health.health"}
# Signing in with the organisation account: for everyone when configured (tests/test_oidc.py),
# not found for anyone when not.
ORGANISATION_SIGN_IN = {"oidc.start", "oidc.finish"}
TOKEN = {"follow.page", "follow.events", "follow.region", "follow.my_score", "follow.drawing",
         "family.page", "family.drawing", "family.story", "family.story_picture",
         "child_link.page", "child_link.drawing", "child_link.story_picture"}
# Forms on a link's page carry the link's own form token; a post without it is refused.
LINK_FORMS = {"follow.claim", "follow.score", "family.feedback", "child_link.score"}
ANY_STAFF = {"auth.account", "auth.change_password", "auth.shortcuts", "cases.home"}
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
