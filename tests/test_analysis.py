"""The analysis: danger statements with safety goals, the blind scale, the safety decision."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.meetings import analysis
from samenveilig.models import (
    Case,
    DangerStatement,
    MappingItem,
    Meeting,
    Participant,
    SafetyGoal,
    ScaleScore,
    User,
)
from samenveilig.services import Refused

from .conftest import decide_safe, save
from .helpers import HX, analysis_meeting, danger, goal, phone_for

pytestmark = pytest.mark.db
meeting = analysis_meeting  # the fixture, under the name these tests ask for


def only(app, model):
    with app.app_context():
        return db.session.scalars(select(model)).all()


def test_a_danger_statement_is_written_with_guidance(app, client, meeting):
    response = danger(client, meeting["id"], worried="", behaviour="", outcome="", term="")
    assert response.status_code == 422
    for message in ("Kies of typ wie zich zorgen maakt.", "Vul in over welk gedrag het gaat.",
                    "Vul in wat er met het kind kan gebeuren.", "Kies de termijn"):
        assert message in response.text
    response = danger(client, meeting["id"], family_view="Mama vindt het overdreven.")
    assert response.status_code == 200 and "pairs-changed" in response.headers["HX-Trigger"]
    [statement] = only(app, DangerStatement)
    assert statement.family_view == "Mama vindt het overdreven."
    with app.app_context():
        item = db.session.get(MappingItem, statement.item_id)
        assert item.category == "danger" and item.term == "short"
        assert item.text == ("De juf en oma maken zich zorgen dat mama 's avonds drinkt. "
                             "Als er niets verandert, kan Finn gewond raken.")
    pairs = client.get(f"/overleg/{meeting['id']}/regio/pairs").text
    assert "Nog geen veiligheidsdoel" in pairs and "Mama vindt het overdreven." in pairs


def test_goals_pair_with_their_danger(app, client, meeting):
    danger(client, meeting["id"])
    [statement] = only(app, DangerStatement)
    response = goal(client, meeting["id"], statement.item_id)
    assert response.status_code == 200
    [safety_goal] = only(app, SafetyGoal)
    assert safety_goal.danger_item_id == statement.item_id and safety_goal.duration == "drie maanden"
    pairs = client.get(f"/overleg/{meeting['id']}/regio/pairs").text
    assert "Nog geen veiligheidsdoel" not in pairs and "Mama is &#39;s avonds nuchter (drie maanden)." in pairs
    goal(client, meeting["id"], behaviour="Mama drinkt niet meer")
    pairs = client.get(f"/overleg/{meeting['id']}/regio/pairs").text
    assert "Doelen zonder gevaar" in pairs and "schrijf wat je wél wil zien" in pairs
    with app.app_context():
        loose = db.session.scalar(select(SafetyGoal).where(SafetyGoal.danger_item_id.is_(None)))
        loose_id = loose.item_id
    response = client.post(f"/overleg/{meeting['id']}/doelen/{loose_id}/koppelen", headers=HX,
                           data={"danger": statement.item_id})
    assert response.status_code == 204
    assert "Doelen zonder gevaar" not in client.get(f"/overleg/{meeting['id']}/regio/pairs").text
    history = client.get(f"/dossiers/{meeting['case_id']}/geschiedenis").text.split("Bekeken door")[0]
    paired = history.split("koppelde een veiligheidsdoel aan een gevaar")[1].split("</li>")[0]
    assert "Gevaarsinschatting" in paired and "Mama drinkt niet meer" in paired


def test_a_goal_cannot_pair_with_a_danger_of_another_meeting(app, client, meeting):
    danger(client, meeting["id"])
    [statement] = only(app, DangerStatement)
    with app.app_context():
        other = Meeting(case_id=meeting["case_id"], kind="review", held_on=dates.today())
        db.session.add(other)
        save()
        other_id = other.id
    response = goal(client, other_id, statement.item_id)
    assert response.status_code == 422 and "ngeldige keuze" in response.text
    assert only(app, SafetyGoal) == []


def test_the_board_nudges_past_three_dangers(client, meeting):
    for n in range(4):
        danger(client, meeting["id"], behaviour=f"gedrag {n}")
    pairs = client.get(f"/overleg/{meeting['id']}/regio/pairs").text
    assert "Er zijn 4 gevaarsinschattingen" in pairs and "drie genoeg" in pairs


# The scale --------------------------------------------------------------------------------

def enter(client, meeting_id, participant_id, score, why="", higher=""):
    return client.post(f"/overleg/{meeting_id}/schaal/scores", headers=HX, data={
        "score-participant": participant_id, "score-score": score, "score-why_high": why,
        "score-one_higher": higher})


def shared_views(client, phone, meeting_id, token) -> dict[str, str]:
    """Every HTML the family's screens get, and the consultant's live scale fragment."""
    return {
        "projector page": client.get(f"/overleg/{meeting_id}/projectie/analyse").text,
        "projector fragment": client.get(f"/overleg/{meeting_id}/projectie/regio/scale").text,
        "phone page": phone.get(f"/meekijken/{token}").text,
        "phone fragment": phone.get(f"/meekijken/{token}/regio/scale").text,
        "phone own score": phone.get(f"/meekijken/{token}/mijn-score").text,
        "board fragment": client.get(f"/overleg/{meeting_id}/regio/scale").text,
        "board page": client.get(f"/overleg/{meeting_id}").text,
    }


def test_scores_stay_blind_until_the_reveal(app, client, meeting):
    m, people = meeting["id"], meeting["people"]
    phone, token, form_token = phone_for(app, client, m)
    assert client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""}).status_code == 204
    assert enter(client, m, people["Sarah Peeters"], 7, "WAAROM-MARKER-SARAH").status_code == 200
    assert enter(client, m, people["Kevin"], 2, "WAAROM-MARKER-KEVIN", "HOGER-MARKER").status_code == 200
    response = phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": people["Rita"]})
    assert response.status_code == 200 and "sv_device" in response.headers["Set-Cookie"]
    response = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={
        "form_token": form_token, "score": "9", "why_high": "WAAROM-MARKER-RITA", "one_higher": ""})
    assert response.status_code == 200 and "Je score is doorgegeven" in response.text
    for where, html in shared_views(client, phone, m, token).items():
        assert "MARKER" not in html, where
        assert 'class="scale-line' not in html, where
        assert not re.search(r"(Sarah Peeters|papa|oma|Kevin|Rita)\W{0,20}: [0-9]", html), where
    projector = client.get(f"/overleg/{m}/projectie/regio/scale").text
    assert "3 van 4 hebben gescoord" in projector
    assert client.post(f"/overleg/{m}/schaal/onthullen", headers=HX).status_code == 204
    for where, html in shared_views(client, phone, m, token).items():
        if where == "phone own score":
            continue  # the round is over: no form, nothing of its own to show
        assert 'class="scale-line' in html, where
        assert "WAAROM-MARKER-SARAH" in html and "WAAROM-MARKER-RITA" in html, where
    assert "Rita (oma): 9" in client.get(f"/overleg/{m}/projectie/regio/scale").text
    assert "Kevin: 2" in client.get(f"/overleg/{m}/regio/scale").text
    assert enter(client, m, people["Sofie"], 5).status_code == 422  # no open round any more


def test_a_phone_scores_only_for_itself_and_only_in_its_meeting(app, client, meeting, make_case, consultant):
    m, people = meeting["id"], meeting["people"]
    phone, token, form_token = phone_for(app, client, m)
    client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""})
    anonymous = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "4"})
    assert anonymous.status_code == 403 and "Kies eerst wie je bent" in anonymous.text
    phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": people["Rita"]})
    phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={
        "form_token": form_token, "score": "4", "participant": people["Kevin"], "participant_id": people["Kevin"]})
    [entry] = only(app, ScaleScore)
    assert (entry.participant_id, entry.score, entry.entered_on_phone) == (people["Rita"], 4, True)
    phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "5"})
    [entry] = only(app, ScaleScore)
    assert entry.score == 5  # one score per participant, changeable until the reveal
    second_phone = app.test_client()
    taken = second_phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": people["Rita"]})
    assert taken.status_code == 422 and "Kies je naam uit de lijst." in taken.text
    consultant_ids = people["Sarah Peeters"]
    staff = second_phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": consultant_ids})
    assert staff.status_code == 422
    # The same phone at another meeting's link is nobody there.
    with app.app_context():
        other = Meeting(case_id=make_case(consultant).id, kind="mapping", held_on=dates.today())
        other.participants.append(Participant(name="Rita", relation="oma"))
        db.session.add(other)
        save()
        other_id = other.id
    _, other_token, other_form_token = phone_for(app, client, other_id)
    client.post(f"/overleg/{other_id}/schaal", headers=HX, data={"about": ""})
    response = phone.post(f"/meekijken/{other_token}/mijn-score", headers=HX, data={"form_token": other_form_token, "score": "1"})
    assert response.status_code == 403
    wrong_token = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": other_form_token, "score": "1"})
    assert wrong_token.status_code == 403
    # The consultant frees the name for another phone.
    client.post(f"/overleg/{m}/aanwezigen/{people['Rita']}/gsm-vrijgeven", headers=HX)
    assert second_phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={
        "form_token": form_token, "participant": people["Rita"]}).status_code == 200


@pytest.mark.parametrize("score,message", [
    ("11", "Een score gaat van 0 tot 10."), ("-1", "Een score gaat van 0 tot 10."),
    ("zeven", "Ongeldig getal."), ("", "Vul een score in van 0 tot 10."),
])
def test_a_bad_score_gets_a_clear_error(app, client, meeting, score, message):
    m = meeting["id"]
    client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""})
    response = enter(client, m, meeting["people"]["Kevin"], score, "iets")
    assert response.status_code == 422 and message in response.text and "iets" in response.text
    phone, token, form_token = phone_for(app, client, m)
    phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": meeting["people"]["Rita"]})
    response = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": score})
    assert response.status_code == 422 and "Kies een score van 0 tot 10." in response.text
    assert only(app, ScaleScore) == []


def test_a_round_can_be_about_one_danger_statement(app, client, meeting):
    danger(client, meeting["id"], visibility="professional")
    [statement] = only(app, DangerStatement)
    client.post(f"/overleg/{meeting['id']}/schaal", headers=HX, data={"about": statement.item_id})
    board = client.get(f"/overleg/{meeting['id']}/regio/scale").text
    assert "avonds drinkt" in board
    projector = client.get(f"/overleg/{meeting['id']}/projectie/regio/scale").text
    assert "waar we bang voor zijn" in projector and "avonds drinkt" not in projector
    again = client.post(f"/overleg/{meeting['id']}/schaal", headers=HX, data={"about": ""})
    assert again.status_code == 409 and "Er loopt al een schaalronde" in again.text


# "Is het kind nu veilig?" -----------------------------------------------------------------

def decide(client, meeting_id, **values):
    data = {"decision-answer": "no", "decision-reasoning": "Mama drinkt elke avond.",
            "decision-urgency": "today", "decision-arrangement_who": "", "decision-arrangement_what": "",
            "decision-arrangement_until": "", "decision-review_on": ""}
    data |= {f"decision-{k}": v for k, v in values.items()}
    return client.post(f"/overleg/{meeting_id}/veiligheid", headers=HX, data=data)


def test_no_needs_an_arrangement_and_a_review_within_seven_days(app, client, meeting):
    response = decide(client, meeting["id"])
    assert response.status_code == 422
    assert "Bij ‘nee’: vul in wie bij het kind blijft." in response.text
    assert "Bij ‘nee’: vul in wat er afgesproken is." in response.text
    late = (dates.today() + timedelta(days=8)).isoformat()
    response = decide(client, meeting["id"], arrangement_who="Oma", arrangement_what="Oma slaapt er",
                      review_on=late)
    assert response.status_code == 422 and "binnen 7 dagen" in response.text
    with app.app_context():
        assert db.session.get(Meeting, meeting["id"]).decision is None
    response = decide(client, meeting["id"], arrangement_who="Oma Rita", arrangement_what="Oma slaapt er")
    assert response.status_code == 200
    with app.app_context():
        case = db.session.get(Case, meeting["case_id"])
        assert case.acute_review_on == dates.today() + timedelta(days=7)
        assert db.session.get(Meeting, meeting["id"]).decision.review_on == case.acute_review_on


def test_acute_shows_on_the_meeting_the_case_and_home_first(app, client, meeting, make_case, consultant):
    make_case(consultant, family_name="Aardig")  # newer, but not acute
    decide(client, meeting["id"], arrangement_who="Oma Rita", arrangement_what="Oma slaapt er")
    for url in (f"/overleg/{meeting['id']}", f"/dossiers/{meeting['case_id']}", "/"):
        assert "Acuut onveilig" in client.get(url).text, url
    rows = re.findall(r'<th scope="row"><a href="/dossiers/(\d+)"', client.get("/").text)
    assert rows[0] == str(meeting["case_id"])
    decide(client, meeting["id"], answer="yes", reasoning="Oma woont er nu in.", urgency="month")
    assert "Acuut onveilig" not in client.get(f"/dossiers/{meeting['case_id']}").text
    assert "Acuut onveilig" not in client.get("/").text


def test_yes_needs_no_urgency_while_no_and_unclear_do(app, client, meeting):
    m = meeting["id"]
    for answer, extra in (("unclear", {}), ("no", {"arrangement_who": "Oma Rita", "arrangement_what": "Oma slaapt er"})):
        response = decide(client, m, answer=answer, urgency="", **extra)
        assert response.status_code == 422 and "Vul in hoe snel de volgende stap moet." in response.text
    response = decide(client, m, answer="yes", reasoning="Oma woont er nu in.", urgency="")
    assert response.status_code == 200, response.text
    with app.app_context():
        assert db.session.get(Meeting, m).decision.urgency is None
    board = client.get(f"/overleg/{m}").text
    assert "Is het kind nu veilig? <strong>Ja</strong>" in board and "Volgende stap:" not in board


def test_no_needs_the_next_step_today_or_within_24_hours(app, client, meeting):
    m, arrangement = meeting["id"], {"arrangement_who": "Oma Rita", "arrangement_what": "Oma slaapt er"}
    for urgency in ("week", "month"):
        response = decide(client, m, urgency=urgency, **arrangement)
        assert response.status_code == 422, urgency
        assert "Bij ‘nee’ moet de volgende stap vandaag of binnen 24 uur gebeuren." in response.text
        assert "Oma slaapt er" in response.text  # nothing typed is lost
    with app.app_context():
        assert db.session.get(Meeting, m).decision is None
        with pytest.raises(Refused, match="vandaag of binnen 24 uur"):  # the service refuses it too
            analysis.decide(db.session.get(User, meeting["consultant"]), db.session.get(Meeting, m),
                            answer="no", reasoning="Mama drinkt.", urgency="week", arrangement_who="Oma Rita",
                            arrangement_what="Oma slaapt er", arrangement_until=None, review_on=None)
        db.session.rollback()
    response = decide(client, m, urgency="day", **arrangement)
    assert response.status_code == 200, response.text
    with app.app_context():
        assert db.session.get(Meeting, m).decision.urgency == "day"


def test_unclear_needs_a_step_to_clarify_it_and_a_review_within_seven_days(app, client, meeting):
    m = meeting["id"]
    response = decide(client, m, answer="unclear", urgency="week", arrangement_who="Oma Rita")
    assert response.status_code == 422
    assert "Bij ‘onduidelijk’: vul in wat we doen om het uit te klaren." in response.text
    late = (dates.today() + timedelta(days=8)).isoformat()
    response = decide(client, m, answer="unclear", urgency="week", clarify_step="De juf vraagt het aan Finn.",
                      review_on=late)
    assert response.status_code == 422 and "Plan de herbekijking binnen 7 dagen." in response.text
    assert "De juf vraagt het aan Finn." in response.text
    with app.app_context():
        assert db.session.get(Meeting, m).decision is None
        with pytest.raises(Refused, match="uit te klaren"):
            analysis.decide(db.session.get(User, meeting["consultant"]), db.session.get(Meeting, m),
                            answer="unclear", reasoning="We weten het niet.", urgency="week", arrangement_who=None,
                            arrangement_what=None, arrangement_until=None, review_on=None, clarify_step="")
        db.session.rollback()
    response = decide(client, m, answer="unclear", urgency="week", clarify_step="De juf vraagt het aan Finn.",
                      arrangement_who="Oma Rita")
    assert response.status_code == 200, response.text
    with app.app_context():
        decision = db.session.get(Meeting, m).decision
        assert decision.clarify_step == "De juf vraagt het aan Finn." and decision.arrangement_who is None
        assert decision.review_on == dates.today() + timedelta(days=7)
        assert db.session.get(Case, meeting["case_id"]).acute_review_on is None  # not acute
    board = client.get(f"/overleg/{m}").text
    assert "Zo zoeken we het uit" in board and "De juf vraagt het aan Finn." in board
    projector = client.get(f"/overleg/{m}/projectie/analyse").text
    assert "Zo zoeken we het uit" in projector
    # "Ja" asks for nothing of it: the step and the review day go.
    assert decide(client, m, answer="yes", urgency="", clarify_step="weg").status_code == 200
    with app.app_context():
        decision = db.session.get(Meeting, m).decision
        assert decision.clarify_step is None and decision.review_on is None


def test_the_team_lead_sees_a_no_first_on_the_home_page_until_a_review_answers_again(
        app, client, auth, meeting, make_user, make_case, consultant):
    make_case(consultant, family_name="Aardig")  # newer, not acute
    lead = make_user(role="teamlead", name="Els Vermeulen")
    decide(client, meeting["id"], urgency="day", arrangement_who="Oma Rita", arrangement_what="Oma slaapt er")
    with app.app_context():
        answered = dates.datetime_nl(db.session.get(Meeting, meeting["id"]).decision.decided_at)
        db.session.get(Meeting, meeting["id"]).status = "closed"  # the meeting is over, the worry is not
        save()
    auth.logout()
    auth.login(lead)
    home = client.get("/").text
    acute = home.index('id="acute-title"')
    assert acute < home.index('id="team-overdue-title"') and acute < home.index('id="case-list"')
    row = re.search(rf'<li id="acute-{meeting["case_id"]}">(.*?)</li>', home, re.S).group(1)
    assert "Gezin Maes" in row and f"‘nee’ op {answered}" in row and "binnen 24 uur" in row
    assert "Consulent: Sarah Peeters" in row and "Aardig" not in home[acute:home.index('id="team-overdue-title"')]
    with app.app_context():  # a review is held: its answer takes the case off the list
        review = Meeting(case_id=meeting["case_id"], kind="review", held_on=dates.today())
        review.participants.append(Participant(user_id=meeting["consultant"], name="Sarah Peeters"))
        db.session.add(review)
        save()
        review_id = review.id
    assert f'id="acute-{meeting["case_id"]}"' in client.get("/").text  # held, but not yet answered
    auth.logout()
    auth.login(consultant)
    assert decide(client, review_id, answer="yes", reasoning="Oma woont er nu.", urgency="").status_code == 200
    auth.logout()
    auth.login(lead)
    assert 'id="acute-title"' not in client.get("/").text


def test_closing_lists_everything_missing_at_once_and_warns_about_an_empty_plan(app, client, meeting):
    m = meeting["id"]
    with app.app_context():
        step = MappingItem(meeting_id=m, category="next_step", text="Oma belt de huisarts", urgency="week")
        db.session.add(step)
        save()
        step_id = step.id
    refused = client.post(f"/overleg/{m}/afsluiten", headers=HX)
    assert refused.status_code == 409 and refused.headers["HX-Retarget"] == "#notices"
    assert f'href="/overleg/{m}#decision-form"' in refused.text  # the decision ...
    assert f'href="/overleg/{m}#item-{step_id}"' in refused.text  # ... and the step not in the plan
    assert "Toch afsluiten zonder plan" not in refused.text  # the decision cannot be skipped
    assert "style=" not in refused.text
    decide_safe(client, m)
    warned = client.post(f"/overleg/{m}/afsluiten", headers=HX)
    assert warned.status_code == 409 and "Oma belt de huisarts" in warned.text
    assert "decision-form" not in warned.text and "Toch afsluiten zonder plan" in warned.text
    page = client.post(f"/overleg/{m}/afsluiten")  # without script: the same list as a page
    assert page.status_code == 409 and "Toch afsluiten zonder plan" in page.text
    assert client.post(f"/overleg/{m}/afsluiten", headers=HX, data={"zonder_plan": "1"}).status_code == 204
    with app.app_context():
        assert db.session.get(Meeting, m).status == "closed"


def test_a_meeting_closes_only_with_a_decision(app, client, meeting):
    response = client.post(f"/overleg/{meeting['id']}/afsluiten", headers=HX)
    assert response.status_code == 409 and "Is het kind nu veilig?" in response.text
    decide_safe(client, meeting["id"])
    assert client.post(f"/overleg/{meeting['id']}/afsluiten", headers=HX).status_code == 204


# Next steps -----------------------------------------------------------------------------

def test_a_next_step_has_an_urgency_and_maybe_an_owner(app, client, meeting):
    m = meeting["id"]
    add = lambda **v: client.post(f"/overleg/{m}/items", headers=HX, data={  # noqa: E731
        "quick-text": "Oma belt de huisarts", "quick-category": "next_step", "quick-speaker": "",
        "quick-visibility": "family", "quick-term": ""} | v)
    response = add()
    assert response.status_code == 422 and "Kies hoe dringend deze stap is." in response.text
    assert add(**{"quick-urgency": "week"}).status_code == 204
    [item] = only(app, MappingItem)
    assert item.urgency == "week"
    p = f"item-{item.id}-"
    response = client.post(f"/overleg/{m}/items/{item.id}", headers=HX, data={
        p + "version": 1, p + "text": item.text, p + "speaker": "", p + "visibility": "family",
        p + "urgency": "today", p + "owner": meeting["people"]["Rita"]})
    assert response.status_code == 200 and "vandaag" in response.text and "neemt op: Rita (oma)" in response.text
    phone, token, _ = phone_for(app, client, m)
    assert "vandaag · Rita (oma)" in phone.get(f"/meekijken/{token}/regio/next_step").text


def test_who_are_you_chooses_nobody_beforehand(app, client, meeting):
    m = meeting["id"]
    phone, token, form_token = phone_for(app, client, m)
    client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""})
    html = phone.get(f"/meekijken/{token}/mijn-score").text
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", html)
    assert [label for _, label in options] == ["Kies je naam", "Sofie", "Kevin", "Rita"]
    assert "selected" in options[0][0] and not any("selected" in attrs for attrs, _ in options[1:])
    untouched = phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": ""})
    assert untouched.status_code == 422 and "Kies je naam uit de lijst." in untouched.text
    with app.app_context():
        assert db.session.scalar(select(Participant.id).where(Participant.device_hash.is_not(None))) is None
