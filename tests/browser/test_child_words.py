"""The child's voice from the three houses to the room: the consultant writes down what Yasmine
says with her drawing, she shares it with everyone, and in the meeting one action puts it on the
board; the projector and a phone on the follow link show it live as hers, with the drawing, and
the family link has it under "Wat Yasmine zelf zegt"."""

from datetime import timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child

from ..conftest import save
from .conftest import (
    assert_accessible,
    board_with_follow_link,
    drawing_jpeg,
    new_family_link,
    new_phone,
    screenshot,
)

WORDS = "Ik ben bang als papa 's avonds roept."


def test_the_childs_words_and_drawing_go_from_her_houses_to_the_projector_and_phones(
        browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Maes")
    meeting = world.meeting(case, [sarah], [("Sofie Maes", "mama")])
    with live_server.app.app_context():
        born = dates.today().replace(year=dates.today().year - 14) - timedelta(days=30)
        db.session.add(Child(case_id=case.id, first_name="Yasmine", date_of_birth=born))
        save()

    laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)
    projector = laptop.new_page()
    projector.goto(f"{meeting.url}/projectie")
    expect(projector.locator("#category-worry")).to_contain_text("Zorgen")
    phone_context = new_phone(browser)
    phone = phone_context.new_page()
    phone.goto(follow_url)
    expect(phone.locator("#category-worry")).to_be_visible()

    houses = laptop.new_page()
    houses.goto(f"/dossiers/{case.id}")
    houses.get_by_role("link", name="De drie huizen van Yasmine").click()
    form = houses.locator("#house-add")
    form.get_by_label("Huis van de zorgen").check()
    form.get_by_label("Wat zegt het kind zelf?").fill(WORDS)
    form.get_by_label("Met iedereen in het overleg").check()
    form.get_by_label("Tekening").set_input_files(
        {"name": "tekening.jpg", "mimeType": "image/jpeg", "buffer": drawing_jpeg()})
    form.get_by_role("button", name="Bewaren").click()
    expect(houses.locator("#house-worries .house-entry", has_text=WORDS)).to_be_visible()

    board.reload()  # the panel lists what the children wrote since the board was opened
    panel = board.locator("#child-words")
    expect(panel.locator("details")).to_have_attribute("open", "")  # open: there are words
    expect(panel.get_by_text("Wat de kinderen zelf zeggen (1)")).to_be_visible()
    expect(panel).to_contain_text(WORDS)
    bring = panel.get_by_role("button", name="Op het bord")
    bring.focus()
    board.keyboard.press("Enter")  # reachable and usable without a mouse
    expect(panel.get_by_role("link", name="Staat op het bord")).to_be_focused()  # the keyboard stays there
    on_board = board.locator("#category-worry .item--child", has_text=WORDS)
    expect(on_board).to_contain_text("zegt Yasmine (14)")
    expect(on_board.get_by_role("img", name="Tekening van Yasmine")).to_have_js_property("naturalWidth", 320)
    assert_accessible(board)

    for screen in (projector, phone):  # live, without a reload
        item = screen.locator("#category-worry .shared-item--child", has_text=f"“{WORDS}”")
        expect(item).to_contain_text("zegt Yasmine (14)")
        expect(item.get_by_role("img", name="Tekening van Yasmine")).to_have_js_property("naturalWidth", 320)
    size = projector.locator("#category-worry .shared-item--child .child-says").evaluate(
        "element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 28  # read from the back of the room
    screenshot(projector, "child-words-projector")
    screenshot(phone, "child-words-phone")

    desk = laptop.new_page()
    link = new_family_link(desk, case.id, "voor mama")
    family = phone_context.new_page()
    family.goto(link)
    words = family.locator("section.family-children")
    expect(words.get_by_role("heading", name="Wat Yasmine zelf zegt")).to_be_visible()
    expect(words).to_contain_text(WORDS)
    expect(words.get_by_role("img", name="Tekening van Yasmine")).to_have_js_property("naturalWidth", 320)
    phone_context.close()
    laptop.close()
