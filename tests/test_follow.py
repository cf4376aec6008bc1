"""The follow link (meekijklink): no login, family items only, and it stops when it should."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    CaseMember,
    FollowLink,
    MappingItem,
    Meeting,
    NetworkMember,
    PlanContact,
    utcnow,
)

from .conftest import AuthActions, decide_safe, save
from .helpers import HX
from .helpers import make_follow_link as make_link

pytestmark = pytest.mark.db


@pytest.fixture
def meeting(app, make_user, make_case, client, auth):
    consultant = make_user()
    case = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        db.session.flush()
        for text, visibility in [("VOOR-HET-GEZIN", "family"), ("PROF-MARKER", "professional"),
                                 ("VERTROUWELIJK-MARKER", "confidential")]:
            db.session.add(MappingItem(meeting_id=meeting.id, category="worry", text=text, visibility=visibility))
        save()
        meeting_id = meeting.id
    auth.login(consultant)
    return meeting_id


def test_the_token_is_random_and_only_its_hash_is_stored(app, client, meeting):
    token = make_link(client, meeting)
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)  # 32 random bytes or more
    with app.app_context():
        [stored] = db.session.scalars(select(FollowLink)).all()
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        columns = {c.name: getattr(stored, c.name) for c in FollowLink.__table__.columns}
        assert token not in str(columns)
    assert make_link(client, meeting) != token


def test_a_phone_sees_the_family_items_without_login_or_cookie(app, client, meeting):
    token = make_link(client, meeting)
    phone = app.test_client()
    for url in (f"/meekijken/{token}", f"/meekijken/{token}/regio/worry"):
        response = phone.get(url)
        assert response.status_code == 200
        assert "VOOR-HET-GEZIN" in response.text and "MARKER" not in response.text
        assert "Set-Cookie" not in response.headers
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response.headers["X-Robots-Tag"]
        assert response.headers["Cache-Control"] == "no-store"


def test_unknown_and_revoked_links_get_the_same_page_and_a_closed_meeting_says_thanks(app, client, meeting):
    token = make_link(client, meeting)
    phone = app.test_client()
    unknown = phone.get("/meekijken/" + "x" * 43)
    client.post(f"/overleg/{meeting}/meekijklink/intrekken", headers=HX)
    revoked = phone.get(f"/meekijken/{token}")
    second = make_link(client, meeting)
    assert phone.get(f"/meekijken/{second}").status_code == 200
    with app.app_context():
        case_id = db.session.get(Meeting, meeting).case_id
        oma = NetworkMember(case_id=case_id, name="Rita Claes", relation="oma", phone="0473 11 22 33")
        db.session.add(oma)
        db.session.flush()
        db.session.add_all([PlanContact(case_id=case_id, worry="'s nachts", network_member_id=oma.id),
                            PlanContact(case_id=case_id, worry="GEHEIM", network_member_id=oma.id,
                                        visibility="professional")])
        save()
        [consultant] = db.session.get(Meeting, meeting).case.consultants
        consultant = consultant.name
    decide_safe(client, meeting)
    client.post(f"/overleg/{meeting}/afsluiten")
    for response in (unknown, revoked):
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.text
    assert unknown.text == revoked.text
    closed = phone.get(f"/meekijken/{second}")
    assert closed.status_code == 410 and "Deze link werkt niet" not in closed.text
    assert "Het overleg is afgelopen. Bedankt om mee te denken." in closed.text
    assert f"Neem contact op met {consultant}, je consulent." in closed.text
    assert "bel Rita (oma) op" in closed.text and "0473 11 22 33" in closed.text and "GEHEIM" not in closed.text
    assert phone.get(f"/meekijken/{second}/regio/worry").status_code == 410
    assert phone.get(f"/meekijken/{token}").text == unknown.text  # a revoked link says nothing more
    with app.app_context():
        db.session.get(Meeting, meeting).closed_at = utcnow() - timedelta(hours=13)
        save()
    assert phone.get(f"/meekijken/{second}").text == unknown.text  # and a long closed one neither


def test_the_panel_shows_a_qr_code_drawn_here(client, meeting):
    panel = client.post(f"/overleg/{meeting}/meekijklink", headers=HX).text
    svg = re.search(r"<svg [^>]*class=\"qr\".*?</svg>", panel, re.S).group(0)
    assert 'role="img"' in svg and "<path" in svg and "http" not in svg.split("</title>")[1]
    projector = client.get(f"/overleg/{meeting}/projectie").text
    assert 'class="qr"' in projector


def test_every_consultant_of_the_case_sees_the_working_link_and_its_qr_code(app, client, meeting, make_user):
    token = make_link(client, meeting)
    colleague = make_user(name="Tom Claes")
    with app.app_context():
        db.session.add(CaseMember(case_id=db.session.get(Meeting, meeting).case_id, user_id=colleague.id))
        save()
    other = app.test_client()  # another consultant, in another browser
    AuthActions(other).login(colleague)
    qr = re.compile(r'<svg [^>]*class="qr".*?</svg>', re.S)
    projector = other.get(f"/overleg/{meeting}/projectie").text
    assert qr.search(projector).group(0) == qr.search(client.get(f"/overleg/{meeting}/projectie").text).group(0)
    assert f'value="http://localhost/meekijken/{token}"' in other.get(f"/overleg/{meeting}").text
    assert "follow_links" not in str(other.get(f"/overleg/{meeting}").headers.get("Set-Cookie"))
    with app.app_context():  # the token is nowhere in the database, nor in the audit trail
        rows = db.session.scalars(select(FollowLink)).all() + db.session.scalars(select(AuditEvent)).all()
        assert token not in str([{c.name: getattr(r, c.name) for c in r.__table__.columns} for r in rows])
        assert all("token_seed" not in str(e.after) for e in db.session.scalars(select(AuditEvent)))
    newer = make_link(other, meeting)  # the newest link is the one shown
    assert f'value="http://localhost/meekijken/{newer}"' in client.get(f"/overleg/{meeting}").text
    other.post(f"/overleg/{meeting}/meekijklink/intrekken", headers=HX)
    for url in (f"/overleg/{meeting}/projectie", f"/overleg/{meeting}"):
        assert 'class="qr"' not in client.get(url).text, url
    make_link(client, meeting)
    with app.app_context():  # a seed that does not give its token (another secret key) shows nothing
        db.session.scalars(select(FollowLink).where(FollowLink.revoked_at.is_(None))).one().token_seed = "0" * 64
        save()
    projector = other.get(f"/overleg/{meeting}/projectie")
    assert projector.status_code == 200 and 'class="qr"' not in projector.text
