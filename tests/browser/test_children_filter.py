"""Two children: the progress charts and the board show one child's dangers and scores when
the consultant picks that child, and everything again with "alle kinderen"."""

from datetime import date, timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child, MappingItem, Meeting, Participant, ScaleRound, ScaleScore

from ..conftest import save
from .conftest import assert_accessible, login


def test_the_progress_chart_and_the_board_filter_per_child(page, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Benali")
    board = world.meeting(case, [sarah], [("Sofie Benali", "mama")])
    with world.app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=date(2012, 5, 1))
        noah = Child(case_id=case.id, first_name="Noah", date_of_birth=date(2016, 9, 3))
        db.session.add_all([yasmine, noah])
        db.session.flush()
        earlier = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(weeks=4), status="closed")
        mama = Participant(name="Sofie Benali", relation="mama")
        earlier.participants.append(mama)
        db.session.add(earlier)
        db.session.flush()
        for child, score in ((None, 4), (yasmine.id, 6), (noah.id, 2)):
            scale_round = ScaleRound(meeting_id=earlier.id, child_id=child, status="revealed")
            scale_round.scores.append(ScaleScore(participant_id=mama.id, score=score))
            db.session.add(scale_round)
        for child, text in ((yasmine.id, "GEVAAR-YASMINE"), (noah.id, "GEVAAR-NOAH"), (None, "GEVAAR-ALLEN")):
            db.session.add(MappingItem(meeting_id=board.id, category="danger", text=text, child_id=child, term="short"))
        save()
    login(page, sarah)

    page.goto(f"/dossiers/{case.id}/voortgang")
    charts = page.locator(".progress-chart figcaption")
    expect(charts).to_have_count(3)
    page.get_by_label("Over welk kind?").select_option(label="Noah")
    page.get_by_role("button", name="Toon").click()
    expect(charts).to_have_count(2)
    expect(charts.nth(1)).to_have_text("Hoe veilig is het kind? (algemeen) · over Noah")
    expect(page.locator(".progress-chart", has_text="over Noah").locator("td")).to_have_text(["2"])
    expect(page.get_by_text("over Yasmine")).to_have_count(0)
    expect(page.get_by_label("Over welk kind?").locator("option:checked")).to_have_text("Noah")
    assert_accessible(page)
    page.get_by_label("Over welk kind?").select_option(label="alle kinderen")
    page.get_by_role("button", name="Toon").click()
    expect(charts).to_have_count(3)

    page.goto(board.url)
    column = page.locator(".board")
    expect(column.get_by_text("GEVAAR-NOAH")).to_be_visible()
    page.get_by_label("Toon gevaren en doelen over").select_option(label="Yasmine")
    expect(column.get_by_text("GEVAAR-NOAH")).to_be_hidden()
    expect(column.get_by_text("GEVAAR-YASMINE")).to_be_visible()
    expect(column.get_by_text("GEVAAR-ALLEN")).to_be_visible()
    page.get_by_label("Toon gevaren en doelen over").select_option(label="alle kinderen")
    expect(column.get_by_text("GEVAAR-NOAH")).to_be_visible()
