"""What the family must see: the safety arrangement in force, first, on the family link and
the printed plan; and where the "Waarom?" of the decision will be read."""

from datetime import timedelta

import pytest

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Meeting, PlanRule

from .conftest import save
from .helpers import HX, close_as_agreed
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db
NO = {"decision-answer": "no", "decision-reasoning": "Papa dronk gisteren.", "decision-urgency": "today",
      "decision-arrangement_who": "Oma Maria slaapt bij het gezin",
      "decision-arrangement_what": "Papa drinkt niet als de kinderen thuis zijn.",
      "decision-arrangement_until": "tot de opvolging"}


@pytest.fixture
def meeting(app, consultant, make_case, logged_in):
    case = make_case(consultant, family_name="Groot")
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([meeting, PlanRule(case_id=case.id, text="Geen alcohol in huis.")])
        save()
        return dict(case=case.id, id=meeting.id)


def decide(client, meeting, **answers):
    response = client.post(f"/overleg/{meeting['id']}/veiligheid", headers=HX, data=NO | answers)
    assert response.status_code == 200, response.text


def test_the_arrangement_comes_first_on_the_family_link_and_the_printed_plan(app, logged_in, meeting):
    review_on = dates.today() + timedelta(days=5)
    decide(logged_in, meeting, **{"decision-review_on": review_on.isoformat()})
    close_as_agreed(app, meeting["id"])  # the family's link and paper show what the meeting agreed
    token = make_link(logged_in, meeting["case"])
    family = app.test_client().get(f"/gezin/{token}").text
    printed = logged_in.get(f"/dossiers/{meeting['case']}/plan/afdrukken").text
    for page in (family, printed):
        assert "Onze veiligheidsafspraak voor nu" in page
        assert "Oma Maria slaapt bij het gezin" in page and "Papa drinkt niet als de kinderen thuis zijn." in page
        assert "tot de opvolging" in page
        assert "We bekijken het opnieuw op" in page and f"{review_on.day} " in page
        assert page.index("Onze veiligheidsafspraak voor nu") < page.index("Geen alcohol in huis.")
    assert "Papa dronk gisteren." not in family  # the reasoning stays in the meeting


def test_no_arrangement_once_the_child_is_safe_again(app, logged_in, meeting):
    decide(logged_in, meeting)
    decide(logged_in, meeting, **{"decision-answer": "yes"})
    token = make_link(logged_in, meeting["case"])
    assert "veiligheidsafspraak" not in app.test_client().get(f"/gezin/{token}").text
    assert "veiligheidsafspraak" not in logged_in.get(f"/dossiers/{meeting['case']}/plan/afdrukken").text


def test_the_decision_form_says_where_the_reasons_will_be_read(logged_in, meeting):
    board = logged_in.get(f"/overleg/{meeting['id']}").text
    assert "Dit staat woord voor woord op het grote scherm en op de gsm&#39;s van de aanwezigen." in board
