"""Visibility is chosen before anything exists: an entry added as "professional" reaches no
screen of the family (projector, follow link, family link, printed plan, event stream)."""

import re
from datetime import timedelta

import pytest

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Meeting, NetworkMember

from .conftest import save
from .helpers import HX
from .sse import catch_up_body

pytestmark = pytest.mark.db
SECRET = "ALLEEN-PROF"


@pytest.fixture
def app_config():
    return {"LIVE_PING_SECONDS": 0.2}  # the catch-up ends where the first ping starts


@pytest.fixture
def meeting(app, consultant, make_case, auth):
    case = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        oma = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", phone="0473 11 22 33")
        db.session.add_all([meeting, oma])
        save()
        ids = dict(case=case.id, meeting=meeting.id, oma=oma.id)
    auth.login(consultant)
    return ids


def family_screens(client, meeting, follow: str, family: str) -> dict[str, str]:
    m, c = meeting["meeting"], meeting["case"]
    urls = [f"/overleg/{m}/projectie", f"/overleg/{m}/projectie/plan", f"/overleg/{m}/projectie/regio/plan",
            f"/overleg/{m}/projectie/regio/worry", f"/overleg/{m}/projectie/regio/next_step",
            f"/overleg/{m}/projectie/netwerk",
            f"/meekijken/{follow}", f"/meekijken/{follow}/regio/plan", f"/meekijken/{follow}/regio/worry",
            f"/gezin/{family}", f"/dossiers/{c}/plan/afdrukken"]
    return {url: client.get(url).text for url in urls}


def follow_stream(client, meeting_id: int, follow: str) -> str:
    """The follow link's stream from the start: the catch-up events it sends at once (all
    of them come before the first ping)."""
    return catch_up_body(client, f"/meekijken/{follow}/events?since=0")


def test_every_add_form_offers_the_visibility_before_the_entry_exists(client, meeting):
    board = client.get(f"/overleg/{meeting['meeting']}").text
    plan = client.get(f"/overleg/{meeting['meeting']}/plan").text
    fields = [(board, "quick"), *((plan, f"new-{row}") for row in ("action", "rule", "sign", "contact"))]
    for page, prefix in fields:
        field = re.search(rf'<select[^>]*name="{prefix}-visibility".*?</select>', page, re.S)
        assert field, prefix
        assert '<option selected value="family">Gezin</option>' in field.group(0)


def test_professional_entries_never_reach_a_family_screen(app, client, meeting):
    m = meeting["meeting"]
    follow_panel = client.post(f"/overleg/{m}/meekijklink", headers=HX).text
    follow = re.search(r'value="http://localhost/meekijken/([^"]+)"', follow_panel).group(1)
    expires = (dates.today() + timedelta(days=30)).isoformat()
    links = client.post(f"/dossiers/{meeting['case']}/gezinslinks", data={"recipient": "mama", "expires_on": expires})
    family = re.search(r'value="http://localhost/gezin/([^"]+)"', links.text).group(1)
    adds = [
        (f"/overleg/{m}/items", {"quick-text": f"{SECRET} zorg", "quick-category": "worry", "quick-speaker": "", "quick-term": "",
                                 "quick-visibility": "professional"}),
        (f"/overleg/{m}/items", {"quick-text": f"{SECRET} stap", "quick-category": "next_step", "quick-speaker": "", "quick-urgency": "week",
                                 "quick-visibility": "professional"}),
        (f"/overleg/{m}/plan/acties", {"new-action-what": f"{SECRET} actie", "new-action-visibility": "professional"}),
        (f"/overleg/{m}/plan/afspraken", {"new-rule-text": f"{SECRET} afspraak", "new-rule-visibility": "professional"}),
        (f"/overleg/{m}/plan/signalen", {"new-sign-sign": f"{SECRET} signaal", "new-sign-response": f"{SECRET} doen",
                                         "new-sign-visibility": "professional"}),
        (f"/overleg/{m}/plan/contacten", {"new-contact-worry": f"{SECRET} contact", "new-contact-member": meeting["oma"],
                                          "new-contact-visibility": "professional"}),
    ]
    for url, data in adds:
        response = client.post(url, headers=HX, data=data)
        assert response.status_code == 204, (url, response.text)
        # At every moment: right after each addition, no family screen holds it.
        for screen, html in family_screens(client, meeting, follow, family).items():
            assert SECRET not in html, f"{url} shows up on {screen}"
        stream = follow_stream(client, m, follow)
        assert "event:" in stream and SECRET not in stream
    # They are there, for the professionals.
    assert client.get(f"/overleg/{m}/plan").text.count(SECRET) >= 5
    assert client.get(f"/overleg/{m}").text.count(SECRET) >= 2
