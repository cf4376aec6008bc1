"""More children in one case: a danger statement, a safety goal or a scale round is about one
child or about all children; the board and the progress charts filter per child."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.meetings import analysis
from samenveilig.models import (
    Child,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    ScaleRound,
    ScaleScore,
    User,
)
from samenveilig.services import Refused

from .conftest import save
from .helpers import HX, danger, goal

pytestmark = pytest.mark.db


@pytest.fixture
def family(app, consultant, make_case, auth):
    """A case with Yasmine and Noah, an open meeting with mama present; and another case's child."""
    case = make_case(consultant, family_name="Benali")
    other = make_case(consultant, family_name="Anders")
    with app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=date(2012, 5, 1))
        noah = Child(case_id=case.id, first_name="Noah", date_of_birth=date(2016, 9, 3))
        stranger = Child(case_id=other.id, first_name="Vreemd", date_of_birth=date(2014, 1, 1))
        mama = NetworkMember(case_id=case.id, name="Sofie", relation="mama")
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([yasmine, noah, stranger, mama, meeting])
        db.session.flush()
        meeting.participants.append(Participant(network_member_id=mama.id, name="Sofie", relation="mama"))
        save()
        ids = dict(case=case.id, meeting=meeting.id, yasmine=yasmine.id, noah=noah.id, stranger=stranger.id,
                   mama=meeting.participants[0].id)
    auth.login(consultant)
    return ids


def test_the_forms_ask_which_child_only_when_there_are_more(app, client, family, make_case, consultant):
    board = client.get(f"/overleg/{family['meeting']}").text
    for name in ("danger-child", "goal-child"):
        field = re.search(rf'<select[^>]*name="{name}".*?</select>', board, re.S).group(0)
        assert '<option selected value="">alle kinderen</option>' in field
        assert f'<option value="{family["yasmine"]}">Yasmine</option>' in field
        assert "Vreemd" not in field
    assert 'name="child"' in board and "data-child-filter" in board  # the scale round and the board filter
    with app.app_context():
        db.session.delete(db.session.get(Child, family["noah"]))
        save()
    board = client.get(f"/overleg/{family['meeting']}").text
    assert "Over welk kind?" not in board and "data-child-filter" not in board


def test_a_danger_and_a_goal_about_one_child_show_whom_they_are_about(app, client, family):
    assert danger(client, family["meeting"], child=str(family["yasmine"])).status_code == 200
    assert goal(client, family["meeting"], child=str(family["noah"])).status_code == 200
    assert danger(client, family["meeting"], behaviour="papa roept").status_code == 200  # all children
    with app.app_context():
        items = db.session.scalars(select(MappingItem).where(MappingItem.meeting_id == family["meeting"])
                                   .order_by(MappingItem.id)).all()
        assert [(i.category, i.child_id) for i in items] == [
            ("danger", family["yasmine"]), ("safety_goal", family["noah"]), ("danger", None)]
        ids = [i.id for i in items]
    board = client.get(f"/overleg/{family['meeting']}").text
    assert re.search(rf'id="item-{ids[0]}"[^>]*data-child="{family["yasmine"]}"', board)
    assert re.search(rf'id="item-{ids[2]}"[^>]*data-child=""', board)
    assert "over Yasmine" in board and "over Noah" in board
    pairs = client.get(f"/overleg/{family['meeting']}/regio/pairs").text
    assert "· over Yasmine</p>" in pairs and "Veiligheidsdoel · over Noah</p>" in pairs
    assert re.search(rf'class="pair[^"]*" data-child="{family["yasmine"]}"', pairs)
    projector = client.get(f"/overleg/{family['meeting']}/projectie/regio/danger").text
    assert "over Yasmine" in projector
    shared = client.get(f"/overleg/{family['meeting']}/projectie/regio/pairs").text
    assert "Gevaar (over Yasmine):" in shared and "Wat we willen zien (over Noah):" in shared


def test_a_child_of_another_case_is_refused(app, client, family):
    response = danger(client, family["meeting"], child=str(family["stranger"]))
    assert response.status_code == 422 and "Ongeldige keuze." in response.text
    assert "mama &#39;s avonds drinkt" in response.text  # what was typed stays
    with app.app_context():
        meeting = db.session.get(Meeting, family["meeting"])
        actor = db.session.scalar(select(User))
        with pytest.raises(Refused):  # the service checks it too, whatever calls it
            analysis.add_danger(actor, meeting, worried="ik", behaviour="b", outcome="kan Noah gewond raken", term="short",
                                family_view=None, speaker="", visibility="family", child=str(family["stranger"]))
        assert db.session.scalar(select(MappingItem.id).where(MappingItem.meeting_id == family["meeting"])) is None


def test_a_scale_round_about_one_child(app, client, family):
    response = client.post(f"/overleg/{family['meeting']}/schaal", headers=HX,
                           data={"about": "", "child": str(family["noah"])})
    assert response.status_code == 204
    with app.app_context():
        assert db.session.scalar(select(ScaleRound.child_id)) == family["noah"]
    assert "Schaalvraag over ‘Noah’" in client.get(f"/overleg/{family['meeting']}/regio/scale").text
    assert "Over: Noah." in client.get(f"/overleg/{family['meeting']}/projectie/regio/scale").text
    client.post(f"/overleg/{family['meeting']}/schaal/onthullen", headers=HX)
    refused = client.post(f"/overleg/{family['meeting']}/schaal", headers=HX,
                          data={"about": "", "child": str(family["stranger"])})
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(ScaleRound.id).where(ScaleRound.child_id == family["stranger"])) is None


def revealed_rounds(app, family):
    """Two earlier meetings, each with a revealed round about all children, one about Yasmine
    and one about Noah; mama gives each its own number."""
    with app.app_context():
        for weeks, base in ((6, 3), (2, 5)):
            meeting = Meeting(case_id=family["case"], kind="review", held_on=dates.today() - timedelta(weeks=weeks),
                              status="closed")
            mama = Participant(name="Sofie", relation="mama")
            meeting.participants.append(mama)
            db.session.add(meeting)
            db.session.flush()
            for child, extra in ((None, 0), (family["yasmine"], 1), (family["noah"], 2)):
                scale_round = ScaleRound(meeting_id=meeting.id, child_id=child, status="revealed")
                scale_round.scores.append(ScaleScore(participant_id=mama.id, score=base + extra))
                db.session.add(scale_round)
        save()


def chart_titles(html: str) -> list[str]:
    return re.findall(r'<figcaption id="chart-\d+-caption">(.*?)</figcaption>', html)


def test_the_progress_charts_filter_per_child(app, client, family):
    revealed_rounds(app, family)
    url = f"/dossiers/{family['case']}/voortgang"
    everyone = client.get(url).text
    assert chart_titles(everyone) == ["Hoe veilig is het kind? (algemeen)", "Hoe veilig is het kind? (algemeen) · over Yasmine",
                                      "Hoe veilig is het kind? (algemeen) · over Noah"]
    assert '<option selected value="">alle kinderen</option>' in everyone
    yasmine = client.get(f"{url}?kind={family['yasmine']}").text
    assert chart_titles(yasmine) == ["Hoe veilig is het kind? (algemeen)",
                                     "Hoe veilig is het kind? (algemeen) · over Yasmine"]
    assert f'<option selected value="{family["yasmine"]}">Yasmine</option>' in yasmine
    table = re.findall(r"<tr><th scope=\"row\">Sofie \(mama\)</th>(.*?)</tr>", yasmine)
    assert [re.findall(r"<td>(\d+)</td>", row) for row in table] == [["3", "5"], ["4", "6"]]
    for unknown in ("abc", str(family["stranger"])):  # never another case's child: all children then
        assert chart_titles(client.get(f"{url}?kind={unknown}").text) == chart_titles(everyone)


def test_one_child_gets_no_filter(app, client, family):
    with app.app_context():
        db.session.delete(db.session.get(Child, family["noah"]))
        save()
    assert "Over welk kind?" not in client.get(f"/dossiers/{family['case']}/voortgang").text


def test_editing_a_danger_changes_its_child_and_undo_brings_it_back(app, client, family):
    danger(client, family["meeting"], child=str(family["yasmine"]))
    with app.app_context():
        item = db.session.scalar(select(MappingItem))
        item_id, version = item.id, item.version
    url = f"/overleg/{family['meeting']}/items/{item_id}"
    form = client.get(f"{url}/bewerken", headers=HX).text
    assert f'<option selected value="{family["yasmine"]}">Yasmine</option>' in form
    response = client.post(url, headers=HX, data={
        f"item-{item_id}-text": "De juf maakt zich zorgen.", f"item-{item_id}-speaker": "",
        f"item-{item_id}-visibility": "family", f"item-{item_id}-term": "short",
        f"item-{item_id}-child": str(family["noah"]), f"item-{item_id}-version": str(version)})
    assert response.status_code == 200 and "over Noah" in response.text
    with app.app_context():
        assert db.session.get(MappingItem, item_id).child_id == family["noah"]
    client.post(f"/overleg/{family['meeting']}/ongedaan-maken", headers=HX)
    with app.app_context():
        assert db.session.get(MappingItem, item_id).child_id == family["yasmine"]
