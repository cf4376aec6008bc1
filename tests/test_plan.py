"""Het plan: actions from the board, who does what, agreements, signs, contacts, the plan of
each meeting, Mijn acties and the printed plan."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.dates import today as brussels_today
from samenveilig.extensions import db
from samenveilig.models import (
    CaseMember,
    MappingItem,
    Meeting,
    NetworkMember,
    PlanAction,
    PlanSnapshot,
)

from .conftest import decide_safe, save
from .helpers import HX, close_as_agreed, plan_world

pytestmark = pytest.mark.db
world = plan_world  # the fixture, under the name these tests ask for


def actions(app):
    with app.app_context():
        return db.session.scalars(select(PlanAction).order_by(PlanAction.id)).all()


def test_a_next_step_goes_into_the_plan_with_its_goal_owner_and_due_date(app, client, world):
    response = client.post(f"/overleg/{world['meeting']}/items/{world['step']}/in-het-plan", headers=HX)
    assert response.status_code == 200 and "staat nu in het plan" in response.text
    assert response.headers["HX-Retarget"] == "#notices" and response.headers["HX-Trigger"] == "plan_actions-changed, next_step-changed"
    [action] = actions(app)
    assert action.what == "Oma belt elke avond om acht uur"
    assert action.goal_item_id == world["goal"] and action.source_item_id == world["step"]
    assert action.due_on == dates.today() + timedelta(days=7)
    with app.app_context():
        assert db.session.get(PlanAction, action.id).who == "Rita (oma)"
    again = client.post(f"/overleg/{world['meeting']}/items/{world['step']}/in-het-plan", headers=HX)
    assert again.status_code == 409 and "staat al in het plan" in again.text
    client.post(f"/overleg/{world['meeting']}/items/{world['goal']}/in-het-plan", headers=HX)
    assert actions(app)[-1].goal_item_id == world["goal"]


def add_action(client, world, what="Mama gaat naar de huisarts"):
    return client.post(f"/overleg/{world['meeting']}/plan/acties", headers=HX, data={"new-action-what": what})


def edit_action(client, world, action_id, version=1, **values):
    p = f"action-{action_id}-"
    data = {p + "version": version, p + "what": "Mama gaat naar de huisarts", p + "how": "",
            p + "due_on": "", p + "due_text": "", p + "status": "todo", p + "goal": "", p + "note": "",
            p + "visibility": "family"}
    data |= {p + k: v for k, v in values.items() if k != "who"}
    data[p + "who"] = values.get("who", [])
    return client.post(f"/overleg/{world['meeting']}/plan/acties/{action_id}", headers=HX, data=data)


def test_who_does_what_by_when(app, client, world):
    assert add_action(client, world).status_code == 204
    [action] = actions(app)
    past = (dates.today() - timedelta(days=3)).isoformat()
    response = edit_action(client, world, action.id, who=[f"n:{world['oma']}", f"c:{world['child']}"],
                           due_on=past, how="Oma rijdt mee", goal=world["goal"])
    assert response.status_code == 200
    assert "te laat" in response.text and "Lotte" in response.text and "(kind)" not in response.text and "Oma rijdt mee" in response.text
    [action] = actions(app)
    assert action.due_on.isoformat() == past and action.goal_item_id == world["goal"]


def test_a_person_of_another_case_is_refused(app, client, world, consultant, make_case):
    other = make_case(consultant)
    with app.app_context():
        stranger = NetworkMember(case_id=other.id, name="Vreemde", relation="buur", role="network")
        db.session.add(stranger)
        save()
        stranger_id = stranger.id
    add_action(client, world)
    [action] = actions(app)
    response = edit_action(client, world, action.id, who=[f"n:{world['oma']}", f"n:{stranger_id}"])
    assert response.status_code == 422 and "ongeldige keuze" in response.text
    with app.app_context():
        assert db.session.get(PlanAction, action.id).people == []


@pytest.mark.parametrize("field,value,message", [
    ("what", "", "Vul in wat er gaat gebeuren."),
    ("what", "x" * 501, "Gebruik hoogstens 500 tekens."),
    ("how", "x" * 1001, "Gebruik hoogstens 1000 tekens."),
    ("due_on", "31-02-2026", "Ongeldige datum"),
    ("due_text", "x" * 121, "Gebruik hoogstens 120 tekens."),
    ("status", "klaar", "ngeldige keuze"),
    ("visibility", "iedereen", "ngeldige keuze"),
    ("goal", "999999", "ngeldige keuze"),
    ("note", "x" * 1001, "Gebruik hoogstens 1000 tekens."),
])
def test_every_action_field_rejects_bad_input_in_dutch(app, client, world, field, value, message):
    add_action(client, world)
    [action] = actions(app)
    response = edit_action(client, world, action.id, **{field: value})
    assert response.status_code == 422 and message in response.text
    assert actions(app)[0].version == 1


@pytest.mark.parametrize("kind,data,message", [
    ("afspraken", {"new-rule-text": ""}, "Vul de afspraak in."),
    ("signalen", {"new-sign-sign": "Mama neemt niet op", "new-sign-response": ""}, "Vul in wat er dan gebeurt."),
    ("contacten", {"new-contact-worry": "drinken", "new-contact-member": ""}, "Kies wie er gebeld wordt."),
    ("contacten", {"new-contact-worry": "", "new-contact-member": ""}, "Vul in waarover je je zorgen maakt."),
])
def test_agreements_signs_and_contacts_reject_bad_input(client, world, kind, data, message):
    response = client.post(f"/overleg/{world['meeting']}/plan/{kind}", headers=HX, data=data)
    assert response.status_code == 422 and message in response.text


def test_agreements_signs_and_contacts(app, client, world):
    m = world["meeting"]
    for kind, data in [("afspraken", {"new-rule-text": "Geen alcohol in huis"}),
                       ("signalen", {"new-sign-sign": "Mama neemt 's avonds niet op",
                                     "new-sign-response": "Oma gaat meteen langs"}),
                       ("contacten", {"new-contact-worry": "mama's drinken", "new-contact-member": world["oma"]})]:
        response = client.post(f"/overleg/{m}/plan/{kind}", headers=HX, data=data)
        assert response.status_code == 204, response.text
    contacts = client.get(f"/overleg/{m}/regio/plan_contacts").text
    assert "Rita Claes" in contacts and "0473 11 22 33" in contacts
    page = client.get(f"/overleg/{m}/plan").text
    assert "Geen alcohol in huis" in page and "Oma gaat meteen langs" in page


def test_a_stale_plan_edit_gets_409(app, client, world, make_user):
    add_action(client, world)
    [action] = actions(app)
    tom = make_user(name="Tom Janssens")
    with app.app_context():
        db.session.add(CaseMember(case_id=world["case"], user_id=tom.id))
        save()
    colleague = app.test_client()
    colleague.post("/aanmelden", data={"email": tom.email, "password": "een-goed-wachtwoord"})
    assert edit_action(colleague, world, action.id, how="Met de bus").status_code == 200
    response = edit_action(client, world, action.id, how="Met de fiets")
    assert response.status_code == 409 and "Tom Janssens heeft dit intussen gewijzigd." in response.text
    assert 'value="2"' in response.text


def test_a_resent_plan_edit_whose_answer_was_lost_is_no_conflict(app, client, world):
    add_action(client, world)
    [action] = actions(app)
    assert edit_action(client, world, action.id, how="Met de bus").status_code == 200
    again = edit_action(client, world, action.id, how="Met de bus")  # the same save, version 1 again
    assert again.status_code == 200, again.text
    [action] = actions(app)
    assert action.how == "Met de bus" and action.version == 2
    assert edit_action(client, world, action.id, how="Met de fiets").status_code == 409  # a real change is


def test_the_plan_of_a_meeting_is_kept_when_it_closes(app, client, world):
    add_action(client, world, "Actie van vandaag")
    decide_safe(client, world["meeting"])
    client.post(f"/overleg/{world['meeting']}/afsluiten", data={"zonder_plan": "1"})  # the next step stays out
    with app.app_context():
        snapshot = db.session.get(PlanSnapshot, world["meeting"])
        assert [a["what"] for a in snapshot.content["actions"]] == ["Actie van vandaag"]
        later = Meeting(case_id=world["case"], kind="review", held_on=dates.today())
        db.session.add(later)
        save()
        later_id = later.id
    client.post(f"/overleg/{later_id}/plan/acties", headers=HX, data={"new-action-what": "Actie van later"})
    page = client.get(f"/dossiers/{world['case']}/plan").text
    current, earlier = page.split("Het plan van eerdere overleggen")
    assert "Actie van vandaag" in current and "Actie van later" in current
    assert "Actie van vandaag" in earlier and "Actie van later" not in earlier


def test_status_is_changed_at_the_desk(app, client, world):
    add_action(client, world)
    [action] = actions(app)
    response = client.post(f"/dossiers/{world['case']}/plan/acties/{action.id}/status", data={"status": "stuck"})
    assert response.status_code == 302
    assert actions(app)[0].status == "stuck"
    assert client.post(f"/dossiers/{world['case']}/plan/acties/{action.id}/status",
                       data={"status": "klaar"}).status_code == 302
    assert actions(app)[0].status == "stuck"


def test_the_printed_plan_has_only_what_the_family_may_see(app, client, world):
    m = world["meeting"]
    add_action(client, world, "GEZIN-ACTIE")
    [action] = actions(app)
    client.post(f"/overleg/{m}/plan/afspraken", headers=HX, data={"new-rule-text": "GEZIN-AFSPRAAK"})
    for text, visibility in [("PROF-MARKER", "professional"), ("VERTROUWELIJK-MARKER", "confidential")]:
        add_action(client, world, text)
        hidden = actions(app)[-1]
        edit_action(client, world, hidden.id, what=text, visibility=visibility)
        client.post(f"/overleg/{m}/plan/afspraken", headers=HX, data={"new-rule-text": text})
        rule_page = client.get(f"/overleg/{m}/regio/plan_rules").text
        rule_id = re.findall(r'id="rule-(\d+)"', rule_page)[-1]
        client.post(f"/overleg/{m}/plan/afspraken/{rule_id}", headers=HX, data={
            f"rule-{rule_id}-version": 1, f"rule-{rule_id}-text": text, f"rule-{rule_id}-visibility": visibility})
    with app.app_context():
        db.session.get(MappingItem, world["goal"]).visibility = "professional"
        save()
    for url in (f"/overleg/{m}/projectie/plan", f"/overleg/{m}/projectie/regio/plan"):
        html = client.get(url).text
        assert "GEZIN-ACTIE" in html and "MARKER" not in html
    close_as_agreed(app, m)  # the printed plan is the plan as the meeting agreed it
    printed = client.get(f"/dossiers/{world['case']}/plan/afdrukken").text
    assert "GEZIN-ACTIE" in printed and "GEZIN-AFSPRAAK" in printed
    assert "MARKER" not in printed and "nuchter" not in printed
    assert "@media print" not in printed and 'class="print-plan"' in printed
    assert "PROF-MARKER" in client.get(f"/dossiers/{world['case']}/plan").text


def test_my_actions_groups_only_my_cases(app, client, world, consultant, make_user, make_case):
    today = brussels_today()  # the day the app groups by, also just after midnight in Brussels
    other_case = make_case(make_user(), family_name="Andermans")
    with app.app_context():
        for what, due, status, case_id in [
            ("TE-LAAT", today - timedelta(days=2), "todo", world["case"]),
            ("DEZE-WEEK", today, "doing", world["case"]),
            ("LOOPT-NIET", None, "stuck", world["case"]),
            ("GEDAAN", today - timedelta(days=5), "done", world["case"]),
            ("VOLGENDE-MAAND", today + timedelta(days=40), "todo", world["case"]),
            ("ANDER-DOSSIER", today - timedelta(days=2), "stuck", other_case.id),
        ]:
            db.session.add(PlanAction(case_id=case_id, what=what, due_on=due, status=status))
        save()
    home = client.get("/").text
    groups = {key: home.split(f'id="my-actions-{key}"')[1].split("</div>")[0]
              for key in ("overdue", "this_week", "stuck")}
    assert "TE-LAAT" in groups["overdue"] and "DEZE-WEEK" not in groups["overdue"]
    assert "DEZE-WEEK" in groups["this_week"] and "TE-LAAT" not in groups["this_week"]
    assert "LOOPT-NIET" in groups["stuck"]
    for absent in ("GEDAAN", "VOLGENDE-MAAND", "ANDER-DOSSIER"):
        assert absent not in home


def test_after_a_meeting_the_plan_is_made_at_the_desk_as_a_proposal(app, client, world):
    add_action(client, world, "Oma belt elke avond")
    decide_safe(client, world["meeting"])
    client.post(f"/overleg/{world['meeting']}/afsluiten", data={"zonder_plan": "1"})
    page = client.get(f"/overleg/{world['meeting']}/plan").text
    assert "meteen op de projectie" not in page
    assert "voorstel van de consulent, nog te bespreken" in page and 'id="add-acties"' in page
    assert add_action(client, world, "Oma haalt Lotte op school").status_code == 204
    agreed, proposal = actions(app)
    assert not agreed.proposal and proposal.proposal and proposal.meeting_id is None
    page = client.get(f"/overleg/{world['meeting']}/plan").text
    assert f'id="acties-{proposal.id}-edit"' in page and f'id="acties-{agreed.id}-edit"' not in page
    assert page.count('badge--proposal">voorstel van de consulent, nog te bespreken') == 1
    assert "voorstel van de consulent, nog te bespreken" in client.get(f"/dossiers/{world['case']}/plan").text
    printed = client.get(f"/dossiers/{world['case']}/plan/afdrukken").text  # the family's: only what was agreed
    assert "Oma belt elke avond" in printed and "Oma haalt Lotte" not in printed
    # What the meeting agreed stays as it was; the proposal can still change.
    refused = edit_action(client, world, agreed.id, what="Oma belt elke ochtend")
    assert refused.status_code == 422 and "verander je in het volgende overleg" in refused.text
    assert client.post(f"/overleg/{world['meeting']}/plan/acties/{agreed.id}/verwijderen", headers=HX).status_code == 422
    assert edit_action(client, world, proposal.id, what="Oma haalt Lotte op de woensdag").status_code == 200
    assert [a.what for a in actions(app)] == ["Oma belt elke avond", "Oma haalt Lotte op de woensdag"]
    # The next meeting discusses it; when it closes, the proposal is agreed.
    with app.app_context():
        later = Meeting(case_id=world["case"], kind="review", held_on=dates.today())
        db.session.add(later)
        save()
        later_id = later.id
    assert "voorstel van de consulent, nog te bespreken" in client.get(f"/overleg/{later_id}/plan").text
    decide_safe(client, later_id)
    assert client.post(f"/overleg/{later_id}/afsluiten", headers=HX).status_code == 204
    assert not any(a.proposal for a in actions(app))
    with app.app_context():
        snapshot = db.session.get(PlanSnapshot, later_id)
        assert "Oma haalt Lotte op de woensdag" in [a["what"] for a in snapshot.content["actions"]]
    assert "Oma haalt Lotte op de woensdag" in client.get(f"/dossiers/{world['case']}/plan/afdrukken").text


def test_a_carried_goal_is_offered_once_and_the_action_asks_what_will_happen(app, client, world):
    add_action(client, world, "Oma belt elke avond")
    [action] = actions(app)
    assert edit_action(client, world, action.id, what="Oma belt elke avond", goal=world["goal"]).status_code == 200
    decide_safe(client, world["meeting"])
    client.post(f"/overleg/{world['meeting']}/afsluiten", data={"zonder_plan": "1"})
    response = client.post(f"/dossiers/{world['case']}/overleggen", data={
        "kind": "review", "held_on": dates.today().isoformat(), "present": []})
    review = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        carried = db.session.scalar(select(MappingItem.id).where(
            MappingItem.meeting_id == review, MappingItem.carried_from_id == world["goal"]))
    form = client.get(f"/overleg/{review}/plan/acties/{action.id}/bewerken").text
    goals = re.findall(r'<option([^>]*)>Mama is &#39;s avonds nuchter', form)
    assert len(goals) == 1 and f'value="{carried}"' in goals[0] and "selected" in goals[0]
    assert "Wat gaat er gebeuren?" in form and "Wat moet er veranderen?" not in form
