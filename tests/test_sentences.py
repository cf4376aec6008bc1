"""Danger statements, safety goals and every sentence built from parts read as good Dutch;
the consultant sees the sentence while it is written and may rewrite it before it is saved."""

from datetime import date

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.forms import required
from samenveilig.meetings.sentences import Worried, danger_text, goal_text
from samenveilig.models import Child, DangerStatement, MappingItem, Meeting, Participant

from .conftest import save
from .formdata import read_form
from .helpers import HX

pytestmark = pytest.mark.db


NAMES = frozenset({"Lotte", "Milan", "Finn", "Yasmine", "Noah", "Mila", "Rita", "Samira", "Pieter", "Fatima"})
DRINKS = "papa 's avonds drinkt"
FINN = "kan Finn gewond raken"


def one(typed):
    return Worried(typed=typed, many=False)


def more(typed):
    return Worried(typed=typed, many=True)


def picked(*names, typed=""):
    return Worried(picked=names, typed=typed)


# Who worries: picked people are one person each, "ik" and "wij" say it, the rest is asked.
WHO = [
    (picked("Samira (tante)"), "Samira (tante) maakt zich zorgen"),
    (picked("Samira (tante)", "Pieter (CLB-medewerker)"), "Samira (tante) en Pieter (CLB-medewerker) maken zich zorgen"),
    (picked("Samira (tante)", "Pieter (CLB-medewerker)", "Sarah Peeters"),
     "Samira (tante), Pieter (CLB-medewerker) en Sarah Peeters maken zich zorgen"),
    (picked("Fatima (mama)"), "Fatima (mama) maakt zich zorgen"),
    (Worried(typed="ik"), "Ik maak me zorgen"),
    (Worried(typed="Ik"), "Ik maak me zorgen"),
    (Worried(typed="wij"), "Wij maken ons zorgen"),
    (Worried(typed="We"), "We maken ons zorgen"),
    (Worried(typed="oma en ik"), "Oma en ik maken ons zorgen"),
    (picked("Samira (tante)", typed="ik"), "Samira (tante) en ik maken ons zorgen"),
    (picked("Samira (tante)", typed="wij"), "Samira (tante) en wij maken ons zorgen"),
    (more("de grootouders"), "De grootouders maken zich zorgen"),
    (more("de buren"), "De buren maken zich zorgen"),
    (more("de leerkrachten"), "De leerkrachten maken zich zorgen"),
    (more("De begeleiders"), "De begeleiders maken zich zorgen"),
    (more("de juf en oma"), "De juf en oma maken zich zorgen"),
    (more("Fatima en Ruben"), "Fatima en Ruben maken zich zorgen"),
    (more("papa en mama"), "Papa en mama maken zich zorgen"),
    (more("het SDJ, tante Samira en de CLB-medewerker"),
     "Het SDJ, tante Samira en de CLB-medewerker maken zich zorgen"),
    (one("de juf"), "De juf maakt zich zorgen"),
    (one("de school"), "De school maakt zich zorgen"),
    (one("het OCJ"), "Het OCJ maakt zich zorgen"),
    (one("Kind en Gezin"), "Kind en Gezin maakt zich zorgen"),  # an institution, named with "en"
    (one("de politie"), "De politie maakt zich zorgen"),
    (one("Mama"), "Mama maakt zich zorgen"),
    (one("oma Rita"), "Oma Rita maakt zich zorgen"),
    (one("het team van Sarah"), "Het team van Sarah maakt zich zorgen"),
    (picked("Samira (tante)", typed="de juf"), "Samira (tante) en de juf maken zich zorgen"),
    (picked("Samira (tante)", typed="De juf en oma"), "Samira (tante), de juf en oma maken zich zorgen"),
    (picked("Samira (tante)", typed="Het CLB"), "Samira (tante) en het CLB maken zich zorgen"),
]
# What could happen: as written when it has its verb, turned round after its subject, or
# given "kan"/"kunnen" when it has none.
OUTCOMES = [
    ("kunnen Lotte en Milan gewond raken", "kunnen Lotte en Milan gewond raken"),
    ("Lotte en Milan kunnen gewond raken.", "kunnen Lotte en Milan gewond raken"),
    ("Lotte, Milan en Finn kunnen gewond raken", "kunnen Lotte, Milan en Finn gewond raken"),
    ("Yasmine raakt gewond", "raakt Yasmine gewond"),
    ("Milan zal ziek worden", "zal Milan ziek worden"),
    ("zal Milan ziek worden", "zal Milan ziek worden"),
    ("Lotte mist haar schooljaar", "mist Lotte haar schooljaar"),
    ("Yasmine loopt gevaar", "loopt Yasmine gevaar"),
    ("loopt Yasmine gevaar", "loopt Yasmine gevaar"),
    ("Kan Finn zich bezeren", "kan Finn zich bezeren"),
    ("Finn kan zich bezeren", "kan Finn zich bezeren"),
    ("Yasmine blijft weg van school", "blijft Yasmine weg van school"),
    ("eindigt Yasmine in een voorziening", "eindigt Yasmine in een voorziening"),
    ("Finn gewond raken", "kan Finn gewond raken"),
    ("Lotte en Milan gewond raken", "kunnen Lotte en Milan gewond raken"),
    ("Finn alleen thuis blijven en honger hebben", "kan Finn alleen thuis blijven en honger hebben"),
    ("Yasmine opnieuw gewond raken, of zich tussen hen zetten",
     "kan Yasmine opnieuw gewond raken, of zich tussen hen zetten"),
    ("Yasmine niet meer naar school gaan", "kan Yasmine niet meer naar school gaan"),
    ("Yasmine nooit meer thuis durven slapen", "kan Yasmine nooit meer thuis durven slapen"),
    ("Noah en Mila honger hebben", "kunnen Noah en Mila honger hebben"),
    ("de kinderen alleen thuis zitten", "kunnen de kinderen alleen thuis zitten"),
    ("De kinderen raken gewond", "raken de kinderen gewond"),
    ("beide kinderen ziek worden", "kunnen beide kinderen ziek worden"),
    ("het kind wordt verwaarloosd", "wordt het kind verwaarloosd"),
    ("de baby uitdrogen", "kan de baby uitdrogen"),
    ("Het gezin valt uit elkaar", "valt het gezin uit elkaar"),
    ("mama en Yasmine worden gescheiden", "worden mama en Yasmine gescheiden"),
    ("ze kunnen gewond raken", "kunnen ze gewond raken"),
    ("hij kan vallen", "kan hij vallen"),
    ("Als er niets verandert, kan Finn gewond raken.", "kan Finn gewond raken"),
    ("dan raakt Yasmine gewond", "raakt Yasmine gewond"),
]
# Where the composer cannot be sure, it writes no sentence: the consultant writes it once.
UNSURE = [
    (Worried(typed="de buren"), DRINKS, FINN),  # one person or more? not answered
    (Worried(typed="de grootouders"), DRINKS, FINN),
    (Worried(), DRINKS, FINN),  # nobody yet
    (one("de juf"), DRINKS, "ze gewond raken"),  # she or they?
    (one("de juf"), DRINKS, "Gewond raken"),  # who?
    (one("de juf"), DRINKS, "gewonde kinderen"),  # no verb
    (one("de juf"), DRINKS, "Yasmine"),
]


@pytest.mark.parametrize("worried, start", WHO)
def test_who_worries_decides_the_verb(worried, start):
    assert danger_text(worried, DRINKS, FINN, NAMES) == (
        f"{start} dat papa 's avonds drinkt. Als er niets verandert, kan Finn gewond raken.")


@pytest.mark.parametrize("outcome, after", OUTCOMES)
def test_an_outcome_keeps_its_own_verb_or_gets_one(outcome, after):
    assert danger_text(one("de juf"), "Papa 's avonds drinkt.", outcome, NAMES) == (
        f"De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, {after}.")


@pytest.mark.parametrize("worried, behaviour, outcome", UNSURE)
def test_no_sentence_is_guessed(worried, behaviour, outcome):
    assert danger_text(worried, behaviour, outcome, NAMES) is None


def test_what_the_sentence_says_itself_is_not_said_twice():
    assert danger_text(Worried(typed="ik"), "dat papa 's avonds drinkt", "Finn kan vallen", NAMES) == (
        "Ik maak me zorgen dat papa 's avonds drinkt. Als er niets verandert, kan Finn vallen.")


@pytest.mark.parametrize("behaviour, duration, sentence", [
    ("mama is 's avonds nuchter.", "drie maanden lang", "Mama is 's avonds nuchter (drie maanden lang)."),
    ("Mama is 's avonds nuchter", "Drie maanden lang", "Mama is 's avonds nuchter (drie maanden lang)."),
    ("Mama is 's avonds nuchter", "DRIE MAANDEN LANG", "Mama is 's avonds nuchter (drie maanden lang)."),
    ("Papa brengt Finn naar school", "Zes weken.", "Papa brengt Finn naar school (zes weken)."),
    ("Oma belt om acht uur", "Tot Pasen", "Oma belt om acht uur (tot Pasen)."),
    ("Oma belt om acht uur", "tot Kerstmis", "Oma belt om acht uur (tot Kerstmis)."),
    ("Oma belt om acht uur", "Tot de zomervakantie", "Oma belt om acht uur (tot de zomervakantie)."),
    ("Oma belt om acht uur", "September en oktober", "Oma belt om acht uur (september en oktober)."),
    ("Oma belt om acht uur", "3 maanden", "Oma belt om acht uur (3 maanden)."),
    ("Oma belt om acht uur", "Minstens zes maanden, ook in de weekends.",
     "Oma belt om acht uur (minstens zes maanden, ook in de weekends)."),
    ("Oma belt om acht uur", "tot het CLB-gesprek", "Oma belt om acht uur (tot het CLB-gesprek)."),
])
def test_a_goal_reads_as_a_sentence(behaviour, duration, sentence):
    assert goal_text(behaviour, duration) == sentence


def test_the_corpus_holds_at_least_sixty_phrasings():
    assert len(WHO) + len(OUTCOMES) + len(UNSURE) + 11 >= 60


def test_a_missing_answer_is_asked_for_in_dutch_word_order():
    assert required("een naam").message == "Vul een naam in."
    assert required("wie zich zorgen maakt").message == "Vul in wie zich zorgen maakt."
    assert required("kort waarom").message == "Vul kort in waarom."


@pytest.fixture
def meeting(app, consultant, make_case, logged_in):
    case = make_case(consultant)
    with app.app_context():
        for name in ("Lotte", "Milan"):
            db.session.add(Child(case_id=case.id, first_name=name, date_of_birth=date(2018, 5, 1)))
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        meeting.participants.append(Participant(name="Els Groot", relation="mama"))
        db.session.add(meeting)
        save()
        return meeting.id


DANGER = {"danger-worried": "de juf", "danger-worried_count": "een", "danger-behaviour": "Papa 's avonds drinkt",
          "danger-outcome": "Lotte en Milan kunnen gewond raken", "danger-term": "short", "danger-speaker": "",
          "danger-visibility": "family", "danger-family_view": ""}
OWN = "De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, raken Lotte en Milan gewond."


def sentence_fields(client, meeting, **values):
    page = client.get(f"/overleg/{meeting}/gevaar/zin", headers=HX, query_string=values)
    return page.text, dict(read_form(f"<form action='x'>{page.text}</form>", "x"))


def test_the_sentence_grows_with_the_parts_and_a_rewrite_is_kept(client, meeting):
    page, fields = sentence_fields(client, meeting, **{"danger-worried": "de juf", "danger-sentence": "",
                                                       "danger-built": ""})
    assert fields["danger-sentence"] == "" and "Is wie je typte één persoon of meer?" in page  # asked, not guessed
    page, fields = sentence_fields(client, meeting, **{"danger-worried": "de juf", "danger-worried_count": "een",
                                                       "danger-sentence": "", "danger-built": ""})
    assert fields["danger-sentence"] == "De juf maakt zich zorgen dat … Als er niets verandert, …"
    assert fields["danger-built"] == fields["danger-sentence"]
    page, fields = sentence_fields(client, meeting, **DANGER | {
        "danger-sentence": fields["danger-sentence"], "danger-built": fields["danger-built"]})
    assert fields["danger-sentence"] == ("De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets "
                                         "verandert, kunnen Lotte en Milan gewond raken.")
    page, kept = sentence_fields(client, meeting, **DANGER | {
        "danger-worried": "de juf en oma", "danger-sentence": OWN, "danger-built": fields["danger-built"]})
    assert kept["danger-sentence"] == OWN


def test_people_picked_are_one_person_each(app, client, meeting):
    with app.app_context():
        els = db.session.get(Meeting, meeting).participants[0].id
    page, fields = sentence_fields(client, meeting, **DANGER | {
        "danger-worried": "", "danger-worried_count": "", "danger-worried_people": f"p:{els}",
        "danger-sentence": "", "danger-built": ""})
    assert fields["danger-sentence"].startswith("Els (mama) maakt zich zorgen dat papa 's avonds drinkt.")
    response = client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=DANGER | {
        "danger-worried_people": f"p:{els}", "danger-worried_count": "", "danger-sentence": "", "danger-built": ""})
    assert response.status_code == 200, response.text
    with app.app_context():
        statement = db.session.scalar(select(DangerStatement))
        assert statement.worried == "Els (mama) en de juf"
        assert statement.item.text.startswith("Els (mama) en de juf maken zich zorgen dat papa")


def test_a_sentence_the_composer_is_unsure_of_is_written_once_by_the_consultant(app, client, meeting):
    unsure = DANGER | {"danger-worried_count": "", "danger-sentence": "", "danger-built": ""}
    response = client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=unsure)
    assert response.status_code == 422 and "Schrijf de zin hier één keer zelf." in response.text
    assert "Lotte en Milan kunnen gewond raken" in response.text  # the parts as typed stay
    response = client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=unsure | {"danger-sentence": OWN})
    assert response.status_code == 200, response.text
    with app.app_context():
        assert db.session.scalars(select(MappingItem.text)).all() == [OWN]


def test_the_consultant_saves_the_sentence_as_rewritten(app, client, meeting):
    built = ("De juf maakt zich zorgen dat papa 's avonds drinkt. Als er niets verandert, kunnen Lotte en Milan "
             "gewond raken.")
    response = client.post(f"/overleg/{meeting}/gevaar", headers=HX, data=DANGER | {
        "danger-sentence": OWN, "danger-built": built})
    assert response.status_code == 200, response.text
    client.post(f"/overleg/{meeting}/doelen", headers=HX, data={
        "goal-danger": "", "goal-behaviour": "papa is 's avonds nuchter", "goal-duration": "Drie maanden lang",
        "goal-speaker": "", "goal-visibility": "family", "goal-sentence": "Papa is (oud", "goal-built": "Papa is (oud"})
    with app.app_context():
        texts = db.session.scalars(select(MappingItem.text).order_by(MappingItem.id)).all()
    assert texts == [OWN, "Papa is 's avonds nuchter (drie maanden lang)."]  # not rewritten: made from the parts


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
    assert "Schaalvraag over ‘De juf maakt zich zorgen dat papa &#39;s avonds drinkt." in board
    assert "kunnen Lotte en Milan gewond raken’:" in board
    assert "kunnen Lotte en Milan gewond raken. Op 10" in projector and ".." not in projector
