"""The interpreter says what an item means in Arabic; the consultant types it under the item on
the board, and the projector shows it live under the Dutch text, right to left, without a reload."""

from playwright.sync_api import expect

from samenveilig.extensions import db
from samenveilig.models import Case, MappingItem

from ..conftest import save
from .conftest import login, screenshot

ARABIC = "ماما تشرب في المساء عندما يكون الأطفال في البيت"


def test_a_translation_added_on_the_board_appears_live_on_the_projector(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="El Amrani")
    meeting = world.meeting(case, [sarah], [("Fatima El Amrani", "mama")])
    with live_server.app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        db.session.add(MappingItem(meeting_id=meeting.id, category="worry", text="Mama drinkt 's avonds",
                                   visibility="family", position=1))
        save()

    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = laptop.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{meeting.url}/projectie")
    expect(projector.locator("#category-worry")).to_contain_text("Mama drinkt")
    expect(projector.locator("#category-worry .translation-line")).to_have_count(0)
    projector.evaluate("window.notReloaded = true")

    item = board.locator("#category-worry li", has_text="Mama drinkt")
    item.hover()  # an item's tools show for the item under the mouse or with the focus
    item.get_by_role("button", name="Bewerken").click()
    field = board.get_by_label("Vertaling voor het gezin (Arabisch)")
    expect(field).to_have_attribute("dir", "rtl")
    field.fill(ARABIC)
    screenshot(board, "translation-line-edit")
    board.locator("#category-worry").get_by_role("button", name="Opslaan").click()
    expect(board.locator("#category-worry .translation-line")).to_have_text(ARABIC)
    screenshot(board, "translation-line-board")

    line = projector.locator("#category-worry .translation-line")
    expect(line).to_have_text(ARABIC)
    expect(line).to_have_attribute("lang", "ar")
    expect(line).to_have_attribute("dir", "rtl")
    assert projector.evaluate("window.notReloaded") is True  # pushed, not reloaded
    assert line.evaluate("e => getComputedStyle(e).direction") == "rtl"
    text = projector.locator("#category-worry .shared-item__text", has_text="Mama drinkt")
    assert line.bounding_box()["y"] > text.bounding_box()["y"]  # under the Dutch text
    screenshot(projector, "translation-line-projector")
