"""Every edit form, opened and saved without a change, leaves what is stored as it was."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from samenveilig import dates
from samenveilig.audit import VIEW_LABELS
from samenveilig.extensions import db
from samenveilig.models import (
    ActionPerson,
    AuditEvent,
    Case,
    Child,
    DangerStatement,
    JudgeProposal,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    PlanContact,
    PlanRule,
    ReviewAnswers,
    SafetyDecision,
    SafetyGoal,
    WarningSign,
)

from .conftest import save
from .formdata import read_form
from .helpers import HX

pytestmark = pytest.mark.db


@pytest.fixture
def world(app, consultant, make_case, auth):
    """A case with something in every field of every form: nothing left at its default."""
    case = make_case(consultant, family_name="Groot", service="SDJ")
    with app.app_context():
        child = Child(case_id=case.id, first_name="Lotte", date_of_birth=date(2018, 3, 14))
        brother = Child(case_id=case.id, first_name="Finn", date_of_birth=date(2020, 6, 2))  # the forms ask which child
        mama = NetworkMember(case_id=case.id, name="Els Groot", relation="mama", role="parent",
                             phone="0471 23 45 67", email="els@example.be")
        oma = NetworkMember(case_id=case.id, name="Maria Janssens", relation="grootmoeder (oma)",
                            role="network", phone="0473 11 22 33", support_figure=True,
                            closeness="very_close", in_safety_network=True, knows_danger=True,
                            commitment="Haalt de kinderen op woensdag en zaterdag.\nBelt elke avond.",
                            confirmed_on=dates.today() - timedelta(days=9))
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([child, brother, mama, oma, meeting])
        db.session.flush()
        els = Participant(meeting_id=meeting.id, network_member_id=mama.id, name="Els Groot", relation="mama")
        maria = Participant(meeting_id=meeting.id, network_member_id=oma.id, name="Maria Janssens",
                            relation="grootmoeder (oma)")
        db.session.add_all([els, maria])
        db.session.flush()

        def item(category, text, **values):
            entry = MappingItem(meeting_id=meeting.id, category=category, text=text, **values)
            db.session.add(entry)
            db.session.flush()
            return entry

        worry = item("worry", "Papa drinkt 's avonds.\nDan roept hij.", speaker_id=maria.id,
                     visibility="professional")
        danger = item("danger", "De juf maakt zich zorgen dat papa 's avonds drinkt.", speaker_id=els.id,
                      term="medium", visibility="confidential", child_id=child.id)
        db.session.add(DangerStatement(item_id=danger.id, worried="De juf", behaviour="papa 's avonds drinkt",
                                       outcome="Lotte gewond raken", family_view="Het valt mee."))
        goal = item("safety_goal", "Mama is 's avonds nuchter (drie maanden).", speaker_id=maria.id)
        db.session.add(SafetyGoal(item_id=goal.id, danger_item_id=danger.id, behaviour="Mama is 's avonds nuchter",
                                  duration="drie maanden"))
        step = item("next_step", "Oma belt elke avond om acht uur", speaker_id=els.id, urgency="week",
                    owner_id=maria.id, goal_id=goal.id)
        action = PlanAction(case_id=case.id, meeting_id=meeting.id, what="Mama gaat naar de huisarts",
                            how="Oma rijdt mee.\nZe bellen vooraf.", due_on=date(2030, 5, 1), due_text="elke week",
                            status="doing", note="Afspraak staat.", goal_item_id=goal.id, visibility="professional")
        action.people = [ActionPerson(child_id=child.id, name="Lotte (kind)"),
                         ActionPerson(network_member_id=oma.id, name="Maria Janssens (grootmoeder (oma))")]
        rule = PlanRule(case_id=case.id, meeting_id=meeting.id, text="Niemand drinkt als de kinderen er zijn.",
                        visibility="professional")
        sign = WarningSign(case_id=case.id, meeting_id=meeting.id, sign="Papa komt laat thuis.",
                           response="Mama belt oma.\nOma komt langs.")
        contact = PlanContact(case_id=case.id, meeting_id=meeting.id, worry="'s Nachts", network_member_id=oma.id,
                              visibility="confidential")
        proposal = JudgeProposal(case_id=case.id, number=1,
                                 body="Voorstel aan de jeugdrechter\n\n1. De situatie\n- Papa drinkt.")
        db.session.add_all([action, rule, sign, contact, proposal])
        save()
        ids = dict(case=case.id, meeting=meeting.id, child=child.id, mama=mama.id, oma=oma.id, worry=worry.id,
                   danger=danger.id, goal=goal.id, step=step.id, action=action.id, rule=rule.id,
                   sign=sign.id, contact=contact.id, proposal=proposal.id)
    auth.login(consultant)
    return ids


def stored(app, model, key) -> dict:
    """Every column of the row, and for an action the people who take it."""
    with app.app_context():
        row = db.session.get(model, key)
        values = {column.key: getattr(row, column.key) for column in model.__table__.columns}
        if model is PlanAction:
            values["people"] = sorted(person.key for person in row.people)
        return values


def save_unchanged(client, edit_url: str, save_url: str, headers=HX) -> None:
    form = read_form(client.get(edit_url, headers=headers).text, save_url, page_url=edit_url)
    response = client.post(save_url, data=MultiDict(form), headers=headers)
    assert response.status_code in (200, 302), response.text


EDITS = {
    # name: (model, key in world, edit form URL, the URL it saves to)
    "board item": (MappingItem, "worry", "/overleg/{meeting}/items/{worry}/bewerken", "/overleg/{meeting}/items/{worry}"),
    "danger": (MappingItem, "danger", "/overleg/{meeting}/items/{danger}/bewerken", "/overleg/{meeting}/items/{danger}"),
    "goal": (MappingItem, "goal", "/overleg/{meeting}/items/{goal}/bewerken", "/overleg/{meeting}/items/{goal}"),
    "next step": (MappingItem, "step", "/overleg/{meeting}/items/{step}/bewerken", "/overleg/{meeting}/items/{step}"),
    "plan action": (PlanAction, "action", "/overleg/{meeting}/plan/acties/{action}/bewerken",
                    "/overleg/{meeting}/plan/acties/{action}"),
    "agreement": (PlanRule, "rule", "/overleg/{meeting}/plan/afspraken/{rule}/bewerken",
                  "/overleg/{meeting}/plan/afspraken/{rule}"),
    "warning sign": (WarningSign, "sign", "/overleg/{meeting}/plan/signalen/{sign}/bewerken",
                     "/overleg/{meeting}/plan/signalen/{sign}"),
    "contact": (PlanContact, "contact", "/overleg/{meeting}/plan/contacten/{contact}/bewerken",
                "/overleg/{meeting}/plan/contacten/{contact}"),
    "child": (Child, "child", "/dossiers/{case}/kinderen/{child}/bewerken", "/dossiers/{case}/kinderen/{child}"),
    "network member": (NetworkMember, "mama", "/dossiers/{case}/netwerk/{mama}/bewerken",
                       "/dossiers/{case}/netwerk/{mama}"),
    "safety network member": (NetworkMember, "oma", "/dossiers/{case}/netwerk/{oma}/bewerken",
                              "/dossiers/{case}/netwerk/{oma}"),
}


@pytest.mark.parametrize("name", EDITS)
def test_saving_an_edit_form_without_changes_changes_nothing(app, client, world, name):
    model, key, edit_url, save_url = EDITS[name]
    before = stored(app, model, world[key])
    save_unchanged(client, edit_url.format(**world), save_url.format(**world))
    assert stored(app, model, world[key]) == before


def test_the_edit_form_keeps_who_said_it_who_takes_it_and_for_which_goal(app, client, world):
    html = client.get(f"/overleg/{world['meeting']}/items/{world['step']}/bewerken", headers=HX).text
    fields = dict(read_form(html, f"/overleg/{world['meeting']}/items/{world['step']}"))
    with app.app_context():
        step = db.session.get(MappingItem, world["step"])
        expected = (str(step.speaker_id), str(step.owner_id), str(step.goal_id))
    prefix = f"item-{world['step']}-"
    assert (fields[prefix + "speaker"], fields[prefix + "owner"], fields[prefix + "serves"]) == expected


def test_saving_the_proposal_without_changes_changes_nothing(app, client, world):
    before = stored(app, JudgeProposal, world["proposal"])
    save_unchanged(client, f"/dossiers/{world['case']}/voorstel",
                   f"/dossiers/{world['case']}/voorstel/{world['proposal']}", headers={})
    assert stored(app, JudgeProposal, world["proposal"]) == before


def test_saving_the_case_the_decision_and_the_review_answers_unchanged_changes_nothing(app, client, world):
    m = world["meeting"]
    client.post(f"/overleg/{m}/veiligheid", headers=HX, data={
        "decision-answer": "no", "decision-reasoning": "Papa dronk gisteren.\r\nOma was er niet.",
        "decision-urgency": "today", "decision-arrangement_who": "Oma Maria slaapt bij het gezin",
        "decision-arrangement_what": "Papa drinkt niet als de kinderen thuis zijn.",
        "decision-arrangement_until": "tot de opvolging",
        "decision-review_on": (dates.today() + timedelta(days=3)).isoformat()})
    with app.app_context():
        db.session.get(Meeting, m).kind = "review"
        save()
    client.post(f"/overleg/{m}/opvolging", headers=HX, data={
        "review-going_well": "Ja.\r\nMama vraagt oma op tijd.", "review-to_adjust": "De avonden",
        "review-can_stop": "not_yet", "review-can_stop_why": "Nog te vroeg."})
    before = [stored(app, SafetyDecision, m), stored(app, ReviewAnswers, m), stored(app, Case, world["case"]),
              events(app)]
    save_unchanged(client, f"/overleg/{m}", f"/overleg/{m}/veiligheid")
    save_unchanged(client, f"/overleg/{m}", f"/overleg/{m}/opvolging")
    save_unchanged(client, f"/dossiers/{world['case']}/bewerken", f"/dossiers/{world['case']}/bewerken", headers={})
    assert [stored(app, SafetyDecision, m), stored(app, ReviewAnswers, m), stored(app, Case, world["case"]),
            events(app)] == before


def events(app) -> int:
    with app.app_context():
        # Opening a page records a read; only changes count here.
        return db.session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action.not_in(VIEW_LABELS)))
