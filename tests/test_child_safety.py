"""A child's own safety plan ("Als het weer gebeurt") and her Safety House: made at the desk,
one version per meeting, on every output where she shares it (desk, family link, projector,
A4 print, the meeting's PDF) and nowhere where she does not; the drawn house; the prompts by
age, the story's suggested panels, the child's card on the case page."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import AuditEvent, Child, Meeting, NetworkMember, SafetyHouse, SafetyPlan, StoryPanel

from .conftest import save
from .helpers import exported_pdf_text, make_family_link

# The data rules (versions, what each audience gets) run on SQLite and PostgreSQL; the screens on SQLite.
PLAN_MARKER = "Ik ga naar mijn kamer PLANMARKER7"
HOUSE_MARKER = "HUISMARKER3 haalt me op"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def child(app, consultant, make_case, logged_in):
    case = make_case(consultant, family_name="El Amrani", service="SDJ")
    with app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=dates.today() - timedelta(days=14 * 366))
        samira = NetworkMember(case_id=case.id, name="Samira", relation="tante", role="network", phone="0486 21 31 41",
                               in_safety_network=True)
        nophone = NetworkMember(case_id=case.id, name="Ruben", relation="papa", role="parent")
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=20))
        db.session.add_all([yasmine, samira, nophone, meeting])
        save()
        base = f"/dossiers/{case.id}/kinderen/{yasmine.id}"
        return dict(case=case.id, id=yasmine.id, samira=samira.id, ruben=nophone.id, meeting=meeting.id,
                    plan=f"{base}/veiligheidsplan", house=f"{base}/veiligheidshuis")


def plan_form(child, visibility="family", **extra) -> dict:
    return {"what_i_do": PLAN_MARKER, "where_i_go": "Naar tante Samira", "members": [str(child["samira"])],
            "signal": "paraplu", "picture": "figuur:telefoon", "visibility": visibility} | extra


def house_form(visibility="family", **extra) -> dict:
    return {"inside": f"Tante Samira: {HOUSE_MARKER}\nمريم: تتصل بالشرطة", "rules": "Er wordt niet gegooid.",
            "not_in": "", "with_someone": "Papa als hij boos is", "scale": "4", "visibility": visibility} | extra


def test_the_plan_is_made_at_the_desk_with_whom_she_calls_and_awel(app, logged_in, child):
    page = logged_in.get(child["plan"])
    assert page.status_code == 200 and "Nog geen veiligheidsplan" in page.text
    assert "Samira (tante) · 0486 21 31 41" in page.text and "Ruben" not in page.text  # only who has a number
    response = logged_in.post(child["plan"], data=plan_form(child))
    assert response.status_code == 302
    page = logged_in.get(child["plan"]).text
    assert PLAN_MARKER in page and "0486 21 31 41" in page and "paraplu" in page
    assert "Awel" in page and 'href="tel:102"' in page  # always in her plan
    assert "/static/figures/telefoon" in page and "Versie 1" in page
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == child["case"],
                                                                  AuditEvent.action.like("safety%"),
                                                                  AuditEvent.action.not_like("%viewed"))).all() == [
            "safety_plan_saved"]
    assert "maakte het veiligheidsplan van een kind" in logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text


@pytest.mark.db
def test_bad_input_is_kept_with_a_dutch_error(app, logged_in, child):
    response = logged_in.post(child["plan"], data=plan_form(child, what_i_do="x" * 1001))
    assert response.status_code == 422 and "xxxxxxxxxx" in response.text
    response = logged_in.post(child["plan"], data=plan_form(child, members=[str(child["ruben"])]))
    assert response.status_code == 422 and "telefoonnummer" in response.text
    response = logged_in.post(child["house"], data=house_form(scale="11"))
    assert response.status_code == 422 and HOUSE_MARKER in response.text
    assert re.search(r'<input[^>]*aria-describedby="[^"]*scale-error[^"]*"[^>]*aria-invalid="true"', response.text)
    with app.app_context():
        assert db.session.scalar(select(SafetyPlan.id)) is None and db.session.scalar(select(SafetyHouse.id)) is None


@pytest.mark.db
def test_one_version_per_meeting_and_an_earlier_one_stays(app, logged_in, child):
    logged_in.post(child["plan"], data=plan_form(child))
    logged_in.post(child["plan"], data=plan_form(child, signal="regenjas"))  # the same meeting: the same version
    with app.app_context():
        plans = db.session.scalars(select(SafetyPlan).order_by(SafetyPlan.id)).all()
        assert [(p.version_number, p.signal, p.meeting_id) for p in plans] == [(1, "regenjas", child["meeting"])]
        later = Meeting(case_id=child["case"], kind="review", held_on=dates.today())
        save(later)
        later_id = later.id
    assert "wordt versie 2" in logged_in.get(child["plan"]).text
    logged_in.post(child["plan"], data=plan_form(child, signal="zonnebril"))
    with app.app_context():
        plans = db.session.scalars(select(SafetyPlan).order_by(SafetyPlan.id)).all()
        assert [(p.version_number, p.signal, p.meeting_id) for p in plans] == [
            (1, "regenjas", child["meeting"]), (2, "zonnebril", later_id)]
        first = plans[0].id
    old = logged_in.get(f"{child['plan']}/versie/{first}").text
    assert "regenjas" in old and "Een eerdere versie" in old
    unchanged = logged_in.post(child["plan"], data=plan_form(child, signal="zonnebril"))
    assert unchanged.status_code == 302
    with app.app_context():  # a save that changed nothing leaves no line
        assert db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("safety_plan%"), AuditEvent.action.not_like("%viewed"))).all() == [
            "safety_plan_saved", "safety_plan_updated", "safety_plan_saved"]


def house_svg(html: str) -> ET.Element:
    svg = re.search(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*class="safety-house__svg".*?</svg>', html, re.S)
    return ET.fromstring(svg.group(0))


def test_the_safety_house_is_drawn_as_svg_with_the_same_data_as_a_list(app, logged_in, child):
    assert logged_in.post(child["house"], data=house_form()).status_code == 302
    html = logged_in.get(child["house"]).get_data(as_text=True)
    svg = house_svg(html)  # valid XML
    assert svg.find(f"{SVG}title").text.startswith("Het veiligheidshuis van")
    assert svg.find(f"{SVG}desc") is not None
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    for shown in ("Tante Samira", "مريم", "Er wordt niet gegooid.", "Papa als hij boos is", "Het dak: onze afspraken",
                  "In mijn huis", "Mag niet binnen", "Alleen met iemand erbij", "ik: 4"):
        assert any(shown in t for t in texts), shown
    # What someone typed is isolated (an Arabic name keeps its direction), and meaning is never colour alone:
    assert any(ts.get("direction") == "rtl" and ts.get("unicode-bidi") == "isolate" for ts in svg.iter(f"{SVG}tspan"))
    fills = {el.get("fill") for el in svg.iter() if el.get("fill")} | {el.get("stroke") for el in svg.iter()
                                                                      if el.get("stroke")}
    assert fills <= {"#ffffff", "#1b2227", "none"}, fills
    ticks = [t for t in texts if t.isdigit()]
    assert ticks == [str(n) for n in range(11)]  # the scale along the path
    lists = html[html.index('class="safety-house__list"'):]
    assert "Tante Samira" in lists and HOUSE_MARKER in lists and "4 op 10" in lists


@pytest.mark.db
def test_shared_with_everyone_they_are_on_every_family_output(app, logged_in, child):
    logged_in.post(child["plan"], data=plan_form(child))
    logged_in.post(child["house"], data=house_form())
    token = make_family_link(logged_in, child["case"])
    family = app.test_client().get(f"/gezin/{token}").text
    assert PLAN_MARKER in family and HOUSE_MARKER in family and "Awel" in family
    meeting = child["meeting"]
    projector = logged_in.get(f"/overleg/{meeting}/projectie/kinderen").text
    assert PLAN_MARKER in projector and HOUSE_MARKER in projector
    assert logged_in.get(f"/overleg/{meeting}/projectie/regio/child_safety").status_code == 200
    printed = logged_in.get(f"{child['plan']}/afdrukken").text
    assert PLAN_MARKER in printed and "css/safety-print" in printed
    assert HOUSE_MARKER in logged_in.get(f"{child['house']}/afdrukken").text
    close(app, meeting)
    text = exported_pdf_text(logged_in, child["case"], f"/overleg/{meeting}/pdf", "family")
    assert "PLANMARKER7" in text and "HUISMARKER3" in text and "Awel" in text


def close(app, meeting_id: int) -> None:
    """The meeting as closed (the family's PDF is of a closed meeting)."""
    with app.app_context():
        db.session.get(Meeting, meeting_id).status = "closed"
        save()


@pytest.mark.db
def test_what_she_shares_with_no_one_stays_on_the_desk(app, logged_in, child):
    logged_in.post(child["plan"], data=plan_form(child, visibility="confidential"))
    logged_in.post(child["house"], data=house_form(visibility="professional"))
    token = make_family_link(logged_in, child["case"])
    family = app.test_client().get(f"/gezin/{token}").text
    assert "PLANMARKER7" not in family and "HUISMARKER3" not in family
    meeting = child["meeting"]
    projector = logged_in.get(f"/overleg/{meeting}/projectie/kinderen").text
    assert "PLANMARKER7" not in projector and "HUISMARKER3" not in projector
    assert "PLANMARKER7" not in logged_in.get(f"{child['plan']}/afdrukken").text
    assert "HUISMARKER3" not in logged_in.get(f"{child['house']}/afdrukken").text
    text = exported_pdf_text(logged_in, child["case"], f"/overleg/{meeting}/pdf", "file")
    assert "HUISMARKER3" in text and "PLANMARKER7" not in text  # the file: professional, never confidential
    assert PLAN_MARKER in logged_in.get(child["plan"]).text and HOUSE_MARKER in logged_in.get(child["house"]).text


def test_a_save_during_a_meeting_reaches_its_screens(app, logged_in, child):
    with app.app_context():
        meeting = db.session.get(Meeting, child["meeting"])
        version = meeting.version
    logged_in.post(child["house"], data=house_form())
    with app.app_context():
        assert db.session.get(Meeting, child["meeting"]).version == version + 1  # open meetings hear of it


def test_opening_questions_fit_the_age_and_the_story_suggests_panels(app, logged_in, child):
    teen = logged_in.get(f"/dossiers/{child['case']}/kinderen/{child['id']}/huizen").text
    assert "tiener (vanaf 12 jaar)" in teen and "Waar maak jij je zorgen over thuis?" in teen
    assert "tiener (vanaf 12 jaar)" in logged_in.get(child["plan"]).text
    story = logged_in.get(f"/dossiers/{child['case']}/kinderen/{child['id']}/uitleg").text
    for heading in ("Wat is er gebeurd?", "Waarom is er een rechter?", "Wat doe ik als het weer gebeurt?",
                    "Mijn rechten"):
        assert heading in story
    with app.app_context():
        young = Child(case_id=child["case"], first_name="Noor", date_of_birth=dates.today() - timedelta(days=6 * 366))
        save(young)
        young_id = young.id
    houses = logged_in.get(f"/dossiers/{child['case']}/kinderen/{young_id}/huizen").text
    assert "jong kind (tot 12 jaar)" in houses and "toverstokje" in houses
    assert logged_in.post(f"/dossiers/{child['case']}/kinderen/{young_id}/uitleg").status_code == 302
    with app.app_context():
        headings = db.session.scalars(select(StoryPanel.heading).join(StoryPanel.version)
                                      .where(StoryPanel.version.has(child_id=young_id))
                                      .order_by(StoryPanel.position)).all()
    assert headings[:2] == ["Wat zijn de zorgen?", "Wat is er gebeurd?"] and "Wat doe ik als het weer gebeurt?" in headings
    assert "Waarom is er een rechter?" in headings  # an SDJ case
    assert "Mijn rechten" not in headings  # from 12


def test_the_case_page_shows_each_child_as_a_card(app, logged_in, child):
    page = logged_in.get(f"/dossiers/{child['case']}").text
    card = page[page.index('id="child-'):]
    assert "Nog niets opgeschreven" in card and "Nog te doen" in card and "nog geen veiligheidsplan" in card
    logged_in.post(f"/dossiers/{child['case']}/kinderen/{child['id']}/huizen", data={
        "house": "worries", "text": "Ik schrik van roepen.", "talked_on": dates.today().isoformat(),
        "talker": "", "talked_by_name": "Sarah", "visibility": "professional"})
    logged_in.post(child["plan"], data=plan_form(child))
    card = logged_in.get(f"/dossiers/{child['case']}").text
    card = card[card.index('id="child-'):]
    assert "Ik schrik van roepen." in card and f"besproken op {dates.date_nl(dates.today())}" in card
    assert "versie 1" in card and "met iedereen in het overleg" in card
    for page_link in ("/huizen", "/uitleg", "/veiligheidsplan", "/veiligheidshuis"):
        assert f"/kinderen/{child['id']}{page_link}" in card


def test_on_the_board_the_childrens_words_are_open_with_the_way_to_her_plan_and_house(app, logged_in, child):
    logged_in.post(f"/dossiers/{child['case']}/kinderen/{child['id']}/huizen", data={
        "house": "good", "text": "Bij tante Samira is het rustig.", "talked_on": dates.today().isoformat(),
        "talker": "", "talked_by_name": "Sarah", "visibility": "family"})
    board = logged_in.get(f"/overleg/{child['meeting']}").text
    panel = board[board.index('id="child-words"'):]
    panel = panel[:panel.index("</section>")]
    assert "<details open>" in panel and "Bij tante Samira is het rustig." in panel
    assert child["plan"] in panel and child["house"] in panel
