"""The board's item tools at scale: one key to change who may see an item, a delete that
offers to undo itself, "Zet in het plan" that shows where the step went, and a move that
never goes anywhere by accident."""

import re

import pytest
from sqlalchemy import select

from samenveilig.extensions import db
from samenveilig.models import LiveChange, MappingItem

from .browser.board_fill import fill_board
from .helpers import HX, item_id, start_meeting
from .helpers import add_item as add
from .helpers import meeting_case as case  # noqa: F401 (a fixture)
from .helpers import plan_world as world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.db


def visibility(app, item):
    with app.app_context():
        return db.session.scalar(select(MappingItem.visibility).where(MappingItem.id == item))


def test_one_key_cycles_who_may_see_an_item_and_undo_brings_it_back(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Mama drinkt 's avonds")
    item = item_id(app, "Mama drinkt 's avonds")
    url = f"/overleg/{meeting_id}/items/{item}/zichtbaarheid"
    response = logged_in.post(url, headers=HX)
    assert response.status_code == 200 and 'class="item item--professional"' in response.text
    assert visibility(app, item) == "professional"
    assert "Mama drinkt" not in logged_in.get(f"/overleg/{meeting_id}/projectie/regio/worry", headers=HX).text
    logged_in.post(url, headers=HX)
    assert visibility(app, item) == "confidential"
    logged_in.post(url, headers=HX)
    assert visibility(app, item) == "family"
    assert logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX).status_code == 204
    assert visibility(app, item) == "confidential"


def test_a_delete_answers_with_a_notice_that_undoes_that_delete(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    for text in ("Papa is vaak weg", "Oma helpt"):
        add(logged_in, meeting_id, text)
    papa, oma = item_id(app, "Papa is vaak weg"), item_id(app, "Oma helpt")
    response = logged_in.post(f"/overleg/{meeting_id}/items/{papa}/verwijderen", headers=HX)
    assert response.status_code == 200 and response.headers["HX-Retarget"] == "#notices"
    assert response.headers["HX-Trigger"] == "worry-changed"
    assert "Verwijderd: ‘Papa is vaak weg’" in response.text and "Ongedaan maken" in response.text
    assert f'name="item" value="{papa}"' in response.text
    # Not this item's delete: refused, nothing else is undone by mistake.
    other = logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX, data={"item": oma})
    assert other.status_code == 409 and "intussen iets anders" in other.text
    assert logged_in.post(f"/overleg/{meeting_id}/ongedaan-maken", headers=HX, data={"item": papa}).status_code == 204
    assert "Papa is vaak weg" in logged_in.get(f"/overleg/{meeting_id}/projectie/regio/worry", headers=HX).text


def test_a_step_in_the_plan_shows_so_with_a_link_and_no_second_button(app, client, world):  # noqa: F811
    meeting, step = world["meeting"], world["step"]
    plannable = re.compile(rf'<li id="item-{step}"[^>]* data-plannable>')  # the page offers "Zet in het plan"
    region = client.get(f"/overleg/{meeting}/regio/next_step", headers=HX).text
    assert plannable.search(region) and "staat in het plan" not in region
    client.post(f"/overleg/{meeting}/items/{step}/in-het-plan", headers=HX)
    region = client.get(f"/overleg/{meeting}/regio/next_step", headers=HX).text
    assert not plannable.search(region)
    assert re.search(rf'href="/overleg/{meeting}/plan#action-\d+">staat in het plan</a>', region)
    assert "staat in het plan" in client.get(f"/overleg/{meeting}/items/{step}", headers=HX).text
    with app.app_context():  # every board of the meeting hears it, not only this one
        latest = db.session.scalar(select(LiveChange.regions).order_by(LiveChange.version.desc()).limit(1))
    assert latest == "plan_actions,next_step"


def test_move_starts_on_an_empty_choice_so_one_click_moves_nothing(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Papa is vaak weg")
    board = logged_in.get(f"/overleg/{meeting_id}").text
    select_html = re.search(r'<select id="item-tools-category"[^>]*>(.*?)</select>', board, re.S)
    assert 'required' in select_html.group(0)
    assert re.match(r'\s*<option value="">Verplaats naar …</option>', select_html.group(1))
    item = item_id(app, "Papa is vaak weg")
    response = logged_in.post(f"/overleg/{meeting_id}/items/{item}/verplaatsen", headers=HX, data={"category": ""})
    assert response.status_code == 204
    with app.app_context():
        assert db.session.get(MappingItem, item).category == "worry"


def test_a_board_of_200_items_renders_its_tools_once_and_stays_light(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    fill_board(app, meeting_id, 200)
    board = logged_in.get(f"/overleg/{meeting_id}")
    size = len(board.data)
    print(f"\nboard page with 200 items: {size / 1024:.1f} KB")
    assert board.text.count('class="item item--') == 200
    assert board.text.count('data-tool="edit"') == 1 and board.text.count("Verwijderen</button>") == 1
    items = sum(len(item) for item in re.findall(r'<li id="item-\d+".*?</li>', board.text, re.S))
    assert items <= 200 * 300  # under 300 bytes an item; it was 2.3 KB with a select and six buttons under each
    assert size <= 160 * 1024  # the items, the forms of the board's parts (bottom lines, decision) and the tools
    assert 'data-tool-post="/overleg/{}/items/{{item}}/verwijderen"'.format(meeting_id) in board.text
