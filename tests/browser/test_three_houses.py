"""A consultant with a tablet fills a child's three houses: the child's words, a drawing, what
the child shares, the child's own score, and sees that score on the progress chart."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child, Meeting, NetworkMember, Participant, ScaleRound, ScaleScore

from ..conftest import save
from .conftest import assert_accessible, drawing_jpeg, login, screenshot


def mama_scored(app, case_id: int) -> int:
    with app.app_context():
        born = dates.today().replace(year=dates.today().year - 14) - timedelta(days=30)
        child = Child(case_id=case_id, first_name="Yasmine", date_of_birth=born)
        mama = NetworkMember(case_id=case_id, name="Sofie Maes", relation="mama", role="parent")
        meeting = Meeting(case_id=case_id, kind="mapping", held_on=dates.today() - timedelta(days=30), status="closed")
        db.session.add_all([child, mama, meeting])
        db.session.flush()
        participant = Participant(meeting_id=meeting.id, network_member_id=mama.id, name=mama.name, relation="mama")
        scale_round = ScaleRound(meeting_id=meeting.id, status="revealed")
        db.session.add_all([participant, scale_round])
        db.session.flush()
        db.session.add(ScaleScore(round_id=scale_round.id, participant_id=participant.id, score=4))
        save()
        return child.id


def test_a_childs_three_houses_drawing_sharing_and_own_score(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Maes")
    mama_scored(live_server.app, case.id)
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 820, "height": 1180},
                                  has_touch=True)  # a tablet
    page = context.new_page()
    login(page, sarah)
    page.goto(f"/dossiers/{case.id}")
    page.get_by_role("link", name="De drie huizen van Yasmine").click()
    expect(page.get_by_role("heading", name="De drie huizen van Yasmine (14)")).to_be_visible()

    form = page.locator("#house-add")
    # Saved without anything: the focus goes to the first choice in error, and each error is tied
    # to its field, for a screen reader as for the eye.
    form.get_by_role("button", name="Bewaren").click()
    worries = form.get_by_label("Huis van de zorgen")
    expect(worries).to_be_focused()
    for radio in form.get_by_role("radio", name=re.compile("^Huis van")).all():
        expect(radio).to_have_attribute("aria-invalid", "true")
        expect(radio).to_have_accessible_description("Kies een huis.")
    words = form.get_by_label("Wat zegt het kind zelf?")
    expect(words).to_have_attribute("aria-invalid", "true")
    expect(words).to_have_accessible_description(re.compile("Vul in wat het kind zelf zegt.$"))
    worries.check()
    form.get_by_label("Wat zegt het kind zelf?").fill("Ik ben bang als papa 's avonds roept.")
    form.get_by_label("Met iedereen in het overleg").check()
    form.get_by_label("Tekening").set_input_files(
        {"name": "tekening.jpg", "mimeType": "image/jpeg", "buffer": drawing_jpeg()})
    form.get_by_role("button", name="Bewaren").click()

    entry = page.locator("#house-worries .house-entry", has_text="Ik ben bang als papa 's avonds roept.")
    expect(entry).to_contain_text("Gedeeld: met iedereen in het overleg")
    expect(entry).to_contain_text("met Sarah Peeters")
    thumbnail = entry.get_by_role("img", name="Tekening van Yasmine bij het huis van de zorgen")
    expect(thumbnail).to_have_js_property("naturalWidth", 320)
    box = entry.get_by_role("link", name="Bewerken").bounding_box()
    assert box["height"] >= 44  # big enough for a finger

    scores = page.locator("#child-scores")
    scores.get_by_label("7", exact=True).check()
    scores.get_by_role("button", name="Score bewaren").click()
    expect(page.locator("#child-scores li", has_text="7")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "three-houses")

    page.get_by_role("link", name="Voortgang").click()
    chart = page.locator("figure.progress-chart").first
    expect(chart.locator('[data-person="Yasmine (14) zelf"]')).to_have_attribute("data-score", "7")
    expect(chart.locator('[data-person="Sofie (mama)"]')).to_have_attribute("data-score", "4")
    expect(chart.get_by_role("rowheader", name="Yasmine (14) zelf")).to_be_visible()
    expect(chart.locator("svg")).to_contain_text("Yasmine (14) zelf")
    context.close()
