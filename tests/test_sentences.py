"""Danger statements, safety goals and every sentence built from parts read as good Dutch;
the consultant sees the sentence while it is written and may rewrite it before it is saved."""

from datetime import date

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.forms import required
from samenveilig.meetings.sentences import danger_text, goal_text
from samenveilig.models import MappingItem, Meeting, Participant

from .conftest import save
from .formdata import read_form
from .helpers import HX

pytestmark = pytest.mark.db


@pytest.mark.parametrize("worried, behaviour, outcome, sentence", [
    ("de juf en oma", "papa 's avonds drinkt", "kunnen Lotte en Milan gewond raken",
     "De juf en oma maken zich zorgen dat papa 's avonds drinkt. Als er niets verandert, kunnen Lotte en Milan "
     "gewond raken."),
    ("De juf", "Papa 's avonds drinkt.", "Lotte en Milan kunnen gewond raken.",
     "De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, kunnen Lotte en Milan gewond raken."),
    ("Oma Rita", "mama de kinderen alleen laat", "Finn kan zich bezeren",
     "Oma Rita maakt zich zorgen dat mama de kinderen alleen laat. Als er niets verandert, kan Finn zich bezeren."),
    ("we", "mama slaapt als Finn thuiskomt", "Finn alleen thuis blijven en honger hebben",
     "We maken ons zorgen dat mama slaapt als Finn thuiskomt. Als er niets verandert, kan Finn alleen thuis blijven "
     "en honger hebben."),
])
def test_a_danger_statement_reads_as_one_dutch_sentence(worried, behaviour, outcome, sentence):
    assert danger_text(worried, behaviour, outcome) == sentence


def test_a_goal_reads_as_a_sentence():
    assert goal_text("mama is 's avonds nuchter.", "drie maanden lang") == "Mama is 's avonds nuchter (drie maanden lang)."


def test_a_missing_answer_is_asked_for_in_dutch_word_order():
    assert required("een naam").message == "Vul een naam in."
    assert required("wie zich zorgen maakt").message == "Vul in wie zich zorgen maakt."
    assert required("kort waarom").message == "Vul kort in waarom."


@pytest.fixture
def meeting(app, consultant, make_case, logged_in):
    case = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        meeting.participants.append(Participant(name="Els Groot", relation="mama"))
        db.session.add(meeting)
        save()
        return meeting.id


DANGER = {"danger-worried": "de juf", "danger-behaviour": "Papa drinkt 's avonds",
          "danger-outcome": "Lotte en Milan kunnen gewond raken", "danger-term": "short", "danger-speaker": "",
          "danger-visibility": "family", "danger-family_view": ""}


def test_the_sentence_grows_with_the_parts_and_a_rewrite_is_kept(client, meeting):
    first = client.get(f"/overleg/{meeting}/gevaar/zin", headers=HX,
                       query_string={"danger-worried": "de juf", "danger-sentence": "", "danger-built": ""})
    fields = dict(read_form(f"<form action='x'>{first.text}</form>", "x"))
    assert fields["danger-sentence"] == "De juf maakt zich zorgen dat … Als er niets verandert, kan …"
    assert fields["danger-built"] == fields["danger-sentence"]
    grown = client.get(f"/overleg/{meeting}/gevaar/zin", headers=HX, query_string=DANGER | {
        "danger-sentence": fields["danger-sentence"], "danger-built": fields["danger-built"]})
    fields = dict(read_form(f"<form action='x'>{grown.text}</form>", "x"))
    assert fields["danger-sentence"] == ("De juf maakt zich zorgen dat papa drinkt 's avonds. Als er niets "
                                         "verandert, kunnen Lotte en Milan gewond raken.")
    own = "De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, kunnen Lotte en Milan gewond raken."
    kept = client.get(f"/overleg/{meeting}/gevaar/zin", headers=HX, query_string=DANGER | {
        "danger-worried": "de juf en oma", "danger-sentence": own, "danger-built": fields["danger-built"]})
    assert dict(read_form(f"<form action='x'>{kept.text}</form>", "x"))["danger-sentence"] == own


def test_the_consultant_saves_the_sentence_as_rewritten(app, client, meeting):
    own = "De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, kunnen Lotte en Milan gewond raken."
    built = danger_text(DANGER["danger-worried"], DANGER["danger-behaviour"], DANGER["danger-outcome"])
    response = client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=DANGER | {
        "danger-sentence": own, "danger-built": built})
    assert response.status_code == 200, response.text
    client.post(f"/overleg/{meeting}/doelen", headers=HX, data={
        "goal-danger": "", "goal-behaviour": "papa is 's avonds nuchter", "goal-duration": "drie maanden lang",
        "goal-speaker": "", "goal-visibility": "family", "goal-sentence": "Papa is (oud", "goal-built": "Papa is (oud"})
    with app.app_context():
        texts = db.session.scalars(select(MappingItem.text).order_by(MappingItem.id)).all()
    assert texts == [own, "Papa is 's avonds nuchter (drie maanden lang)."]  # not rewritten: made from the parts


def test_the_changes_page_names_the_earlier_meeting_in_a_sentence(app, client, meeting):
    with app.app_context():
        first = db.session.get(Meeting, meeting)
        first.status, first.held_on = "closed", date(2026, 3, 3)
        review = Meeting(case_id=first.case_id, kind="review", held_on=dates.today())
        db.session.add(review)
        save()
        review_id = review.id
    page = client.get(f"/overleg/{review_id}/veranderd").text
    assert "Vergeleken met de eerste mapping van 3 maart 2026." in page


def test_the_scale_question_quotes_its_danger_without_a_double_full_stop(app, client, meeting):
    client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=DANGER)
    with app.app_context():
        danger_id = db.session.scalar(select(MappingItem.id).where(MappingItem.category == "danger"))
    client.post(f"/overleg/{meeting}/schaal", headers=HX, data={"about": danger_id})
    board = client.get(f"/overleg/{meeting}/regio/scale").text
    projector = client.get(f"/overleg/{meeting}/projectie/regio/scale").text
    assert "Schaalvraag over ‘De juf maakt zich zorgen dat papa drinkt &#39;s avonds." in board
    assert "kunnen Lotte en Milan gewond raken’:" in board
    assert "kunnen Lotte en Milan gewond raken. Op 10" in projector and ".." not in projector
