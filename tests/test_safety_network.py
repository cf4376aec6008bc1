"""Het veiligheidsnetwerk: marking who protects the child, their promise, whether they know the
danger statement, confirming; their actions in the plan; the network map at the desk and on the
projector."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.audience import Audience
from samenveilig.audit import VIEW_LABELS
from samenveilig.dates import date_nl, today
from samenveilig.extensions import db
from samenveilig.models import (
    ActionPerson,
    AuditEvent,
    Case,
    Child,
    Meeting,
    NetworkMember,
    PlanAction,
)

from .conftest import save
from .helpers import HX

pytestmark = pytest.mark.db
SVG = "{http://www.w3.org/2000/svg}"
PROMISE = "Haalt de kinderen op woensdag en zaterdag."


@pytest.fixture
def network(app, consultant, make_case, auth):
    """Two children; oma Rita in the safety network (does not know the danger statement yet),
    buurvrouw Ann in it too and aware, juf Els not in it; actions for Rita of every visibility."""
    case = make_case(consultant, family_name="Claes")
    with app.app_context():
        db.session.add_all([Child(case_id=case.id, first_name="Yasmine", date_of_birth=date(2012, 5, 1)),
                            Child(case_id=case.id, first_name="Noah", date_of_birth=date(2016, 9, 3))])
        rita = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", closeness="very_close",
                             in_safety_network=True, commitment=PROMISE, phone="0473 11 22 33",
                             email="rita@voorbeeld.be")
        ann = NetworkMember(case_id=case.id, name="Ann Wouters", relation="buurvrouw", closeness="close",
                            in_safety_network=True, knows_danger=True, commitment="Belt elke avond om acht uur.")
        els = NetworkMember(case_id=case.id, name="Els Vos", relation="juf", closeness="further")
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([rita, ann, els, meeting])
        db.session.flush()
        actions = [
            PlanAction(case_id=case.id, what="Brengt de kinderen naar school", status="done", position=1),
            PlanAction(case_id=case.id, what="Slaapt bij het gezin als papa drinkt", status="stuck", position=2),
            PlanAction(case_id=case.id, what="PROF-MARKER overleg met het CLB", status="doing", position=3,
                       visibility="professional"),
            PlanAction(case_id=case.id, what="VERTROUWELIJK-MARKER melding", status="todo", position=4,
                       visibility="confidential"),
        ]
        for action in actions:
            action.people = [ActionPerson(network_member_id=rita.id, name="Rita Claes (oma)")]
        db.session.add_all(actions)
        save()
        ids = dict(case=case.id, meeting=meeting.id, rita=rita.id, ann=ann.id, els=els.id)
    auth.login(consultant)
    return ids


def audit_trail(app, case_id: int) -> list[AuditEvent]:
    with app.app_context():
        stmt = (select(AuditEvent).where(AuditEvent.case_id == case_id, AuditEvent.action.not_in(VIEW_LABELS))
                .order_by(AuditEvent.id))
        return list(db.session.scalars(stmt))


def member_form(prefix: str, **values) -> dict:
    data = {"name": "Rik Peeters", "relation": "nonkel", "role": "network", "phone": "", "email": "",
            "closeness": "close", "commitment": "", "confirmed_on": ""} | values
    return {f"{prefix}-{key}": value for key, value in data.items() if value is not None}


def test_a_member_is_marked_as_safety_network_with_a_promise_and_audited(app, client, network):
    response = client.post(f"/dossiers/{network['case']}/netwerk", headers=HX, data=member_form(
        "new-network_member", closeness="very_close", in_safety_network="y",
        commitment="Kookt op maandag.\r\nBrengt Noah naar de voetbal."))
    assert response.status_code == 200
    assert "Veiligheidsnetwerk" in response.text and "Let op: kent de gevaarsinschatting nog niet." in response.text
    with app.app_context():
        rik = db.session.scalar(select(NetworkMember).where(NetworkMember.name == "Rik Peeters"))
        assert (rik.closeness, rik.in_safety_network, rik.knows_danger, rik.commitment) == (
            "very_close", True, False, "Kookt op maandag.\nBrengt Noah naar de voetbal.")
    added = audit_trail(app, network["case"])[-1]
    assert added.action == "network_member_added"
    assert added.after["in_safety_network"] is True and added.after["closeness"] == "very_close"


def test_editing_the_safety_fields_is_audited_and_shown_in_dutch_in_the_history(app, client, network):
    response = client.post(f"/dossiers/{network['case']}/netwerk/{network['els']}", headers=HX, data=member_form(
        f"network_member-{network['els']}", name="Els Vos", relation="juf", closeness="close",
        in_safety_network="y", knows_danger="y", commitment="Let op Yasmine op de speelplaats.",
        confirmed_on=dates.today().isoformat()))
    assert response.status_code == 200
    assert "Let op Yasmine op de speelplaats." in response.text and "Let op:" not in response.text
    event = audit_trail(app, network["case"])[-1]
    assert event.action == "network_member_updated"
    history = client.get(f"/dossiers/{network['case']}/geschiedenis").text
    for words in ("Veiligheidsnetwerk", "Kent de gevaarsinschatting", "Hoe dichtbij", "verder weg", "dichtbij",
                  "Laatst bevestigd"):
        assert words in history


@pytest.mark.parametrize("values, message", [
    ({"commitment": "x" * 501}, "Gebruik hoogstens 500 tekens."),
    ({"confirmed_on": (dates.today() + timedelta(days=2)).isoformat()}, "Een bevestiging kan niet in de toekomst liggen."),
    ({"closeness": "op de maan"}, "Ongeldige keuze."),
])
def test_bad_input_gets_a_dutch_error_and_keeps_what_was_typed(app, client, network, values, message):
    prefix = f"network_member-{network['ann']}"
    data = member_form(prefix, name="Ann Wouters-Nieuw", relation="buurvrouw", in_safety_network="y", **values)
    response = client.post(f"/dossiers/{network['case']}/netwerk/{network['ann']}", headers=HX, data=data)
    assert response.status_code == 422
    assert message in response.text
    assert "Ann Wouters-Nieuw" in response.text
    with app.app_context():
        assert db.session.get(NetworkMember, network["ann"]).name == "Ann Wouters"


def test_confirmed_today_is_one_post_and_audited(app, client, network):
    url = f"/dossiers/{network['case']}/netwerk/{network['rita']}/bevestigd"
    response = client.post(url, headers=HX)
    assert response.status_code == 200
    assert f"Laatst bevestigd: {date_nl(today())}" in response.text
    assert 'id="safety_member-' in response.text
    with app.app_context():
        assert db.session.get(NetworkMember, network["rita"]).confirmed_on == today()
    event = audit_trail(app, network["case"])[-1]
    assert event.action == "network_member_confirmed" and event.after["confirmed_on"] == today().isoformat()
    again = client.post(url)  # without htmx: back to the page; the same day twice records nothing new
    assert again.status_code == 302 and again.headers["Location"].endswith(f"#safety_member-{network['rita']}")
    assert len([e for e in audit_trail(app, network["case"]) if e.action == "network_member_confirmed"]) == 1


def test_a_closed_case_takes_no_confirmation(app, client, network):
    with app.app_context():
        db.session.get(Case, network["case"]).status = "closed"
        save()
    response = client.post(f"/dossiers/{network['case']}/netwerk/{network['rita']}/bevestigd", headers=HX)
    assert response.status_code == 409 and "Dit dossier is afgesloten" in response.text
    with app.app_context():
        assert db.session.get(NetworkMember, network["rita"]).confirmed_on is None


def test_the_page_shows_each_promise_the_warning_and_the_actions_with_how_they_go(client, network):
    page = client.get(f"/dossiers/{network['case']}/veiligheidsnetwerk").text
    rita = re.search(rf'<li id="safety_member-{network["rita"]}".*?</li>\s*(?=<li id=|</ul>)', page, re.S).group(0)
    assert PROMISE in rita
    assert "Rita Claes kent de gevaarsinschatting nog niet" in rita
    assert "Nog niet bevestigd." in rita and "Bevestigd vandaag" in rita
    for what, status in [("Brengt de kinderen naar school", "gedaan"),
                         ("Slaapt bij het gezin als papa drinkt", "loopt niet: bijsturen"),
                         ("PROF-MARKER overleg met het CLB", "bezig"), ("VERTROUWELIJK-MARKER melding", "nog te doen")]:
        assert re.search(rf"{what}</th>.*?{status}", rita, re.S), what
    ann = re.search(rf'<li id="safety_member-{network["ann"]}".*?</li>', page, re.S).group(0)
    assert "Kent de gevaarsinschatting." in ann and "nog niet" not in ann
    assert f'id="safety_member-{network["els"]}"' not in page  # not in the safety network, no actions


def test_the_plan_names_the_safety_network_and_who_does_not_know_the_danger(client, network):
    plan = client.get(f"/dossiers/{network['case']}/plan").text
    section = plan[plan.index('id="plan-safety-title"'):plan.index('id="earlier-plans-title"')]
    assert "Rita Claes" in section and PROMISE in section and "Ann Wouters" in section
    assert "Els Vos" not in section
    assert section.count("kent de gevaarsinschatting nog niet") == 1


def map_of(html: str) -> ET.Element:
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg".*?</svg>', html, re.S).group(0)
    return ET.fromstring(svg)  # raises on invalid XML


@pytest.mark.parametrize("url", ["/dossiers/{case}/veiligheidsnetwerk", "/overleg/{meeting}/projectie/netwerk"])
def test_the_map_is_valid_svg_with_everyone_and_marks_the_safety_network_without_colour(client, network, url):
    svg = map_of(client.get(url.format(**network)).text)
    people = {g.get("data-member"): g for g in svg.iter(f"{SVG}g") if g.get("data-member")}
    assert set(people) == {str(network[k]) for k in ("rita", "ann", "els")}
    for key, name in [("rita", "Rita Claes"), ("ann", "Ann Wouters"), ("els", "Els Vos")]:
        group = people[str(network[key])]
        words = " ".join("".join(t.itertext()) for t in group.iter(f"{SVG}text"))  # a name sits in a <tspan>
        assert name in words
        safety = key != "els"
        # Marked by shape (a square, never a circle) and by the word, so it survives black-and-white print.
        assert (group.find(f"{SVG}rect") is not None) is safety
        assert (group.find(f"{SVG}circle") is None) is safety
        assert ("veiligheidsnetwerk" in words) is safety
    centre = " ".join("".join(t.itertext()) for g in svg.iter(f"{SVG}g") if g.get("data-children")
                      for t in g.iter(f"{SVG}text"))
    assert "Yasmine" in centre and "Noah" in centre


def test_people_are_placed_by_closeness(app, network):
    """Each person on the ring of their closeness: the inner ring heel dichtbij, the outer verder weg."""
    from samenveilig.cases.network import CENTRE, RINGS, network_map

    with app.app_context():
        drawn = network_map(db.session.get(Case, network["case"]), audience=Audience.FAMILY)
        ring = {p.member.name: [round(((p.x - CENTRE[0]) / rx) ** 2 + ((p.y - CENTRE[1]) / ry) ** 2, 6)
                                for rx, ry in RINGS.values()].index(1.0) for p in drawn.people}
    assert ring == {"Rita Claes": 0, "Ann Wouters": 1, "Els Vos": 2}


def test_the_table_says_what_the_map_shows(client, network):
    page = client.get(f"/dossiers/{network['case']}/veiligheidsnetwerk").text
    assert "Wie staat rond Yasmine en Noah?" in page
    table = re.search(r'<table class="table network-map__table[^"]*" id="network-map-table">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    assert sorted(rows) == sorted([
        ("Rita Claes", "oma", "heel dichtbij", "ja", PROMISE),
        ("Ann Wouters", "buurvrouw", "dichtbij", "ja", "Belt elke avond om acht uur."),
        ("Els Vos", "juf", "verder weg", "nee", "—"),
    ])


def test_the_projector_shows_only_what_the_family_may_see(client, network):
    page = client.get(f"/overleg/{network['meeting']}/projectie/netwerk").text
    assert PROMISE in page and "Brengt de kinderen naar school" in page
    assert "Slaapt bij het gezin als papa drinkt" in page
    for marker in ("PROF-MARKER", "VERTROUWELIJK-MARKER", "0473 11 22 33", "rita@voorbeeld.be",
                   "gevaarsinschatting", "Bevestigd vandaag"):
        assert marker not in page, marker
    assert 'aria-current="page">Netwerk</a>' in page


def test_an_outsider_gets_404_on_the_network_pages(app, client, network, make_user, auth):
    outsider = make_user(name="Niet Toegewezen")
    auth.logout()
    auth.login(outsider)
    assert client.get(f"/dossiers/{network['case']}/veiligheidsnetwerk").status_code == 404
    assert client.get(f"/overleg/{network['meeting']}/projectie/netwerk").status_code == 404
    assert client.post(f"/dossiers/{network['case']}/netwerk/{network['rita']}/bevestigd").status_code == 404
    with app.app_context():
        assert db.session.get(NetworkMember, network["rita"]).confirmed_on is None
