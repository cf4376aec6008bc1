"""Network meetings: planning, the board's writes, conflicts, undo, closing, the projector."""

import json
import re

import pytest
from sqlalchemy import func, select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    CaseMember,
    LiveChange,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
)

from .conftest import decide_safe, save
from .helpers import HX, edit, item_id, meeting_case, start_meeting
from .helpers import add_item as add

pytestmark = pytest.mark.db
case = meeting_case  # the fixture, under the name these tests ask for


def participant(app, meeting_id, name):
    with app.app_context():
        return db.session.scalar(select(Participant.id).where(
            Participant.meeting_id == meeting_id, Participant.name == name))


def test_plan_a_meeting_with_network_consultants_and_typed_names(app, logged_in, case, consultant):
    meeting_id = start_meeting(logged_in, case.id, others="Buurman Jef\n\n  Juf Ann ")
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        names = [p.name for p in meeting.participants]
        assert names == ["Sarah Peeters", "Sofie Maes", "Rita Claes", "Buurman Jef", "Juf Ann"]
        assert meeting.participants[1].relation == "mama" and meeting.version == 0
    page = logged_in.get(f"/dossiers/{case.id}/overleggen").text
    assert "Eerste mapping" in page and "5 aanwezigen" in page  # the desk keeps the method's words


def test_meeting_form_refuses_someone_of_another_case(logged_in, case, consultant, make_case, app):
    other = make_case(consultant)
    with app.app_context():
        stranger = NetworkMember(case_id=other.id, name="Vreemde", relation="buur", role="network")
        db.session.add(stranger)
        save()
        stranger_id = stranger.id
    response = logged_in.post(f"/dossiers/{case.id}/overleggen", data={
        "kind": "mapping", "held_on": dates.today().isoformat(), "present": [f"n:{stranger_id}"]})
    assert response.status_code == 422 and "een ongeldige keuze voor dit veld" in response.text


def test_quick_add_bumps_the_version_and_announces_the_region(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    mama = participant(app, meeting_id, "Sofie Maes")
    response = add(logged_in, meeting_id, "Mama drinkt 's avonds", "worry", str(mama), "professional")
    assert response.status_code == 204
    new_id = item_id(app, "Mama drinkt 's avonds")
    # The region updates, and this screen scrolls to and lights up the new item.
    assert json.loads(response.headers["HX-Trigger"]) == {"worry-changed": None, "item-added": {"id": new_id}}
    with app.app_context():
        item = db.session.scalar(select(MappingItem))
        assert (item.text, item.speaker_id, item.visibility, item.position) == (
            "Mama drinkt 's avonds", mama, "professional", 1)
        assert db.session.get(Meeting, meeting_id).version == 1
        change = db.session.scalar(select(LiveChange))
        assert (change.version, change.regions) == (1, "worry")
    region = logged_in.get(f"/overleg/{meeting_id}/regio/worry").text
    assert "Mama drinkt" in region and "Sofie Maes (mama)" in region and "Professioneel" in region


@pytest.mark.parametrize("data,status,message", [
    ({"quick-text": ""}, 422, "Vul in wat er gezegd wordt."),
    ({"quick-text": "x" * 501}, 422, "Gebruik hoogstens 500 tekens."),
    ({"quick-category": "gossip"}, 422, "Ongeldige keuze"),
    ({"quick-visibility": "everyone"}, 422, "Ongeldige keuze"),
    ({"quick-speaker": "999999"}, 422, "Ongeldige keuze"),
    ({"quick-category": "danger", "quick-term": ""}, 422, "Kies de termijn"),
])
def test_quick_add_rejects_bad_input_in_dutch_and_keeps_the_text(logged_in, case, data, status, message):
    meeting_id = start_meeting(logged_in, case.id)
    form = {"quick-text": "Iets wat mama zei", "quick-category": "worry", "quick-speaker": "",
            "quick-visibility": "family", "quick-term": ""} | data
    response = logged_in.post(f"/overleg/{meeting_id}/items", headers=HX, data=form)
    assert response.status_code == status and message in response.text
    if form["quick-text"]:
        assert form["quick-text"] in response.text


def test_speaker_of_another_meeting_is_refused(app, logged_in, case):
    first, second = start_meeting(logged_in, case.id), start_meeting(logged_in, case.id)
    stranger = participant(app, first, "Rita Claes")
    response = add(logged_in, second, "Oma zegt iets", speaker=str(stranger))
    assert response.status_code == 422 and "Ongeldige keuze" in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(MappingItem.id))) == 0


def test_item_text_is_shown_escaped(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, '<img src=x onerror="alert(1)">')
    region = logged_in.get(f"/overleg/{meeting_id}/regio/worry").text
    assert "<img src=x" not in region and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in region


def test_items_of_another_case_are_not_found(app, logged_in, case, consultant, make_case, make_user, client):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Geheim")
    secret = item_id(app, "Geheim")
    mine = start_meeting(logged_in, make_case(consultant).id)
    assert logged_in.get(f"/overleg/{mine}/items/{secret}/bewerken").status_code == 404
    assert logged_in.post(f"/overleg/{mine}/items/{secret}/verwijderen").status_code == 404
    assert logged_in.get(f"/overleg/{meeting_id}/regio/gossip").status_code == 404
    logged_in.post("/afmelden")
    client.post("/aanmelden", data={"email": make_user().email, "password": "een-goed-wachtwoord"})
    assert client.get(f"/overleg/{meeting_id}").status_code == 404
    assert client.get(f"/overleg/{meeting_id}/events").status_code == 404


def test_edit_saves_and_a_stale_save_gets_409_with_their_text(app, logged_in, case, make_user, consultant):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Mama drinkt")
    item = item_id(app, "Mama drinkt")
    form = logged_in.get(f"/overleg/{meeting_id}/items/{item}/bewerken").text
    assert f'name="item-{item}-version" type="hidden" value="1"' in form
    tom = make_user(name="Tom Janssens")
    with app.app_context():
        db.session.add(CaseMember(case_id=case.id, user_id=tom.id))
        save()
    colleague = app.test_client()
    colleague.post("/aanmelden", data={"email": tom.email, "password": "een-goed-wachtwoord"})
    assert edit(colleague, meeting_id, item, 1, "Mama drinkt elke avond").status_code == 200
    response = edit(logged_in, meeting_id, item, 1, "Mama drinkt soms")
    assert response.status_code == 409
    assert "Tom Janssens heeft dit intussen gewijzigd." in response.text
    assert "Mama drinkt elke avond" in response.text and "Mama drinkt soms" in response.text
    assert f'name="item-{item}-version" type="hidden" value="2"' in response.text
    with app.app_context():
        assert db.session.get(MappingItem, item).text == "Mama drinkt elke avond"
    assert edit(logged_in, meeting_id, item, 2, "Mama drinkt soms").status_code == 200
    with app.app_context():
        assert db.session.get(MappingItem, item).text == "Mama drinkt soms"


def test_an_edit_that_changes_nothing_makes_no_new_version(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Mama drinkt")
    item = item_id(app, "Mama drinkt")
    assert edit(logged_in, meeting_id, item, 1, "Mama drinkt").status_code == 200
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).version == 1


def test_edit_errors_are_dutch(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Gevaar", "danger", term="short")
    item = item_id(app, "Gevaar")
    response = edit(logged_in, meeting_id, item, 1, "", term="")
    assert response.status_code == 422
    assert "Vul een tekst in." in response.text and "Kies de termijn" in response.text


def order(client, meeting_id, category):
    region = client.get(f"/overleg/{meeting_id}/regio/{category}").text
    return re.findall(r'<p class="item__text">([^<]+)</p>', region)


def test_move_up_down_and_to_another_category(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    for text in ("een", "twee", "drie"):
        add(logged_in, meeting_id, text)
    drie = item_id(app, "drie")
    response = logged_in.post(f"/overleg/{meeting_id}/items/{drie}/verplaatsen", headers=HX, data={"direction": "up"})
    assert response.status_code == 204 and response.headers["HX-Trigger"] == "worry-changed"
    assert order(logged_in, meeting_id, "worry") == ["een", "drie", "twee"]
    een = item_id(app, "een")
    response = logged_in.post(f"/overleg/{meeting_id}/items/{een}/verplaatsen", headers=HX, data={"direction": "up"})
    assert response.status_code == 409 and "al bovenaan" in response.text
    response = logged_in.post(f"/overleg/{meeting_id}/items/{een}/verplaatsen", headers=HX, data={"category": "strength"})
    assert response.headers["HX-Trigger"] == "worry-changed, strength-changed"
    assert order(logged_in, meeting_id, "worry") == ["drie", "twee"]
    assert order(logged_in, meeting_id, "strength") == ["een"]
    with app.app_context():
        assert db.session.scalar(select(LiveChange.regions).order_by(LiveChange.version.desc()).limit(1)) == "worry,strength"
    bad = logged_in.post(f"/overleg/{meeting_id}/items/{een}/verplaatsen", headers=HX, data={"category": "gossip"})
    assert bad.status_code == 422 and "Kies een categorie" in bad.text and bad.headers["HX-Retarget"] == "#notices"


def test_delete_and_undo_my_changes(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "een")
    add(logged_in, meeting_id, "twee")
    een = item_id(app, "een")
    edit(logged_in, meeting_id, een, 1, "een, aangepast")
    logged_in.post(f"/overleg/{meeting_id}/items/{een}/verplaatsen", headers=HX, data={"direction": "down"})
    logged_in.post(f"/overleg/{meeting_id}/items/{een}/verwijderen", headers=HX)
    assert order(logged_in, meeting_id, "worry") == ["twee"]
    undo = lambda: logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX)  # noqa: E731
    assert undo().status_code == 204
    assert order(logged_in, meeting_id, "worry") == ["twee", "een, aangepast"]
    undo()
    assert order(logged_in, meeting_id, "worry") == ["een, aangepast", "twee"]
    undo()
    assert order(logged_in, meeting_id, "worry") == ["een", "twee"]
    undo()
    undo()
    assert order(logged_in, meeting_id, "worry") == []
    response = undo()
    assert response.status_code == 409 and "niets meer om ongedaan te maken" in response.text


def test_undo_refuses_when_someone_else_changed_the_item(app, logged_in, case, make_user):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "een")
    tom = make_user(name="Tom Janssens")
    with app.app_context():
        db.session.add(CaseMember(case_id=case.id, user_id=tom.id))
        save()
    colleague = app.test_client()
    colleague.post("/aanmelden", data={"email": tom.email, "password": "een-goed-wachtwoord"})
    edit(colleague, meeting_id, item_id(app, "een"), 1, "een, door Tom")
    response = logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX)
    assert response.status_code == 409 and "Tom Janssens heeft dit intussen gewijzigd." in response.text
    assert order(logged_in, meeting_id, "worry") == ["een, door Tom"]


def test_closing_freezes_the_meeting(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "een")
    item = item_id(app, "een")
    decide_safe(logged_in, meeting_id)
    assert logged_in.post(f"/overleg/{meeting_id}/afsluiten").status_code == 302
    page = logged_in.get(f"/overleg/{meeting_id}").text
    assert "Dit overleg is afgesloten" in page and 'id="quick-add"' not in page and "Bewerken" not in page
    assert "een" in page
    for response in (
        add(logged_in, meeting_id, "twee"),
        edit(logged_in, meeting_id, item, 1, "een!"),
        logged_in.post(f"/overleg/{meeting_id}/items/{item}/verwijderen", headers=HX),
        logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX),
        logged_in.post(f"/overleg/{meeting_id}/aanwezigen", headers=HX, data={"participant-name": "Jef"}),
        logged_in.post(f"/overleg/{meeting_id}/meekijklink", headers=HX),
    ):
        assert response.status_code == 409, response.text
        assert "afgesloten" in response.text
    with app.app_context():
        assert db.session.get(MappingItem, item).text == "een"


def test_participants_join_and_leave(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id, present=[])
    response = logged_in.post(f"/overleg/{meeting_id}/aanwezigen", headers=HX, data={"participant-name": ""})
    assert response.status_code == 422 and "Kies iemand uit het netwerk of typ een naam." in response.text
    with app.app_context():
        rita = db.session.scalar(select(NetworkMember.id).where(NetworkMember.name == "Rita Claes"))
    response = logged_in.post(f"/overleg/{meeting_id}/aanwezigen", headers=HX, data={"participant-who": f"n:{rita}"})
    assert "Rita Claes (oma)" in response.text and response.headers["HX-Trigger"] == "participants-changed"
    logged_in.post(f"/overleg/{meeting_id}/aanwezigen", headers=HX, data={"participant-name": "Buurman Jef"})
    jef = participant(app, meeting_id, "Buurman Jef")
    add(logged_in, meeting_id, "Ik help mee", speaker=str(jef))
    response = logged_in.post(f"/overleg/{meeting_id}/aanwezigen/{jef}/verwijderen", headers=HX)
    assert response.status_code == 409 and "heeft al iets gezegd" in response.text
    oma = participant(app, meeting_id, "Rita Claes")
    assert logged_in.post(f"/overleg/{meeting_id}/aanwezigen/{oma}/verwijderen", headers=HX).status_code == 200


def test_projector_shows_only_what_the_family_may_see(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    mama = participant(app, meeting_id, "Sofie Maes")
    add(logged_in, meeting_id, "GEZIN-ZICHTBAAR", speaker=str(mama))
    add(logged_in, meeting_id, "PROFESSIONEEL-MARKER", visibility="professional")
    add(logged_in, meeting_id, "VERTROUWELIJK-MARKER", visibility="confidential")
    for url in (f"/overleg/{meeting_id}/projectie", f"/overleg/{meeting_id}/projectie/regio/worry"):
        html = logged_in.get(url).text
        assert "GEZIN-ZICHTBAAR" in html and "zegt Sofie (mama)" in html
        assert "MARKER" not in html
    board = logged_in.get(f"/overleg/{meeting_id}").text
    assert "PROFESSIONEEL-MARKER" in board and "VERTROUWELIJK-MARKER" in board


def test_every_board_write_is_audited(app, logged_in, case):
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "een")
    item = item_id(app, "een")
    edit(logged_in, meeting_id, item, 1, "een!")
    logged_in.post(f"/overleg/{meeting_id}/items/{item}/verplaatsen", headers=HX, data={"category": "harm"})
    logged_in.post(f"/overleg/{meeting_id}/items/{item}/verwijderen", headers=HX)
    logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX)
    decide_safe(logged_in, meeting_id)
    logged_in.post(f"/overleg/{meeting_id}/afsluiten")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id == case.id)
                                     .order_by(AuditEvent.id)).all()
    assert actions == ["meeting_created", "item_added", "item_updated", "item_moved", "item_removed",
                       "item_undone", "safety_decided", "meeting_closed"]
    history = logged_in.get(f"/dossiers/{case.id}/geschiedenis").text
    assert "voegde iets toe aan de mapping" in history and "Schade uit het verleden" in history
