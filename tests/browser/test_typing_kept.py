"""On a bad network nothing typed on the board is lost, and nothing arrives twice: quick add
keeps each item in a visible queue until the server has it (also over a reload), an inline
edit stays open with its text, and a resend after a lost answer adds no second item."""

import re

import pytest
from playwright.sync_api import Error, expect
from sqlalchemy import func, select

from samenveilig.extensions import db
from samenveilig.models import MappingItem

from .board_fill import fill_board
from .conftest import login


def open_board(browser, base_url, world, items: int = 0):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Els Wouters", "mama")])
    fill_board(world.app, meeting.id, items)
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    login(page, sarah)
    page.goto(meeting.url)
    return page, meeting


def stored(app, meeting, text: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(MappingItem.id)).where(
            MappingItem.meeting_id == meeting.id, MappingItem.text == text))


def unsent(page, text: str):
    """Quick add `text` while the network drops every send: its entry in the queue."""
    page.route("**/items", lambda route: route.abort())
    page.locator("#quick-text").fill(text)
    page.locator("#quick-text").press("Enter")
    waiting = page.locator("#quick-add-queue li", has_text=text)
    expect(waiting).to_contain_text("Niet verstuurd")
    return waiting


def test_offline_items_wait_in_the_queue_over_a_reload_and_arrive_once(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world)
    texts = ["Papa belt elke zondag", "Oma komt op woensdag"]
    field, queue = page.locator("#quick-text"), page.locator("#quick-add-queue")
    page.context.set_offline(True)
    for text in texts:
        field.fill(text)
        field.press("Enter")
        expect(field).to_have_value("")  # free for the next item at once
    for text in texts:
        expect(queue.locator("li", has_text=text)).to_contain_text("Niet verstuurd")
    expect(page.locator("#notices [data-connection]")).to_contain_text("staat onder het tekstveld")
    expect(queue.get_by_role("button", name="Opnieuw versturen").first).to_be_visible()

    with pytest.raises(Error):  # a reload while offline: the browser shows its own error page
        page.reload()
    page.context.set_offline(False)
    page.goto(meeting.url)  # the queue was kept in the tab, and goes as soon as the board is back
    for text in texts:
        expect(page.locator("#category-worry .item", has_text=text)).to_have_count(1)
    expect(queue.locator("li")).to_have_count(0)
    expect(queue).to_be_hidden()
    items = page.locator("#category-worry .item__text")
    expect(items).to_have_text(texts)  # in the order typed
    assert [stored(world.app, meeting, text) for text in texts] == [1, 1]
    page.reload()
    expect(page.locator("#category-worry .item")).to_have_count(2)


def test_back_online_the_queue_goes_by_itself_and_a_lost_answer_adds_no_second_item(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world)
    field, queue = page.locator("#quick-text"), page.locator("#quick-add-queue")
    page.context.set_offline(True)
    for text in ("Mama drinkt 's avonds", "De buurvrouw helpt"):
        field.fill(text)
        field.press("Enter")
    expect(queue.locator("li", has_text="De buurvrouw helpt")).to_contain_text("Niet verstuurd")
    page.context.set_offline(False)
    expect(page.locator("#category-worry .item")).to_have_count(2)
    expect(queue.locator("li")).to_have_count(0)
    expect(page.locator("#notices [data-connection]")).to_have_count(0)

    # The server saves the item but its first answer never reaches the page: the entry goes
    # again by itself (a retry after 2 s) and the same key adds nothing twice.
    sent = []

    def lose_the_first_answer(route):
        sent.append(route.request.post_data)
        if len(sent) == 1:
            route.fetch()
            route.abort()
        else:
            route.continue_()

    page.route("**/items", lose_the_first_answer)
    field.fill("Papa komt elke vrijdag")
    field.press("Enter")
    expect(page.locator("#category-worry .item", has_text="Papa komt elke vrijdag")).to_have_count(1)
    expect(queue.locator("li")).to_have_count(0)
    assert len(sent) == 2 and sent[0] == sent[1]  # sent twice, with one submission key
    assert stored(world.app, meeting, "Papa komt elke vrijdag") == 1


def test_an_item_can_be_taken_back_into_the_field(browser, base_url, world):
    page, _ = open_board(browser, base_url, world)
    field = page.locator("#quick-text")
    waiting = unsent(page, "Papa is vaak weg")
    field.fill("Iets anders")
    waiting.get_by_role("button", name="Terug in het veld").click()
    expect(page.locator("#notices")).to_contain_text("Het tekstveld is niet leeg")
    expect(field).to_have_value("Iets anders")  # nothing overwritten
    field.fill("")
    waiting.get_by_role("button", name="Terug in het veld").click()
    expect(field).to_have_value("Papa is vaak weg")
    expect(field).to_be_focused()
    expect(waiting).to_have_count(0)
    page.unroute("**/items")
    field.press("End")
    field.type(" voor zijn werk")
    field.press("Enter")
    expect(page.locator("#category-worry .item")).to_have_text(re.compile("Papa is vaak weg voor zijn werk"))

    waiting = unsent(page, "Mama werkt 's nachts")
    page.unroute("**/items")
    waiting.get_by_role("button", name="Opnieuw versturen").click()
    expect(page.locator("#category-worry .item", has_text="Mama werkt 's nachts")).to_have_count(1)
    expect(waiting).to_have_count(0)


def test_a_danger_asks_its_term_before_it_is_sent(browser, base_url, world):
    page, _ = open_board(browser, base_url, world)
    field = page.locator("#quick-text")
    field.fill("Papa slaat als hij drinkt")
    page.keyboard.press("Escape")
    page.keyboard.press("4")  # Gevaar als er niets verandert, which needs its term
    field.press("Enter")
    term = page.locator("#quick-add").get_by_label("Termijn (bij gevaar)")
    expect(term).to_be_focused()
    expect(page.locator("#quick-add")).to_contain_text("Kies de termijn")
    expect(field).to_have_value("Papa slaat als hij drinkt")
    expect(page.locator("#quick-add-queue li")).to_have_count(0)
    page.keyboard.press("ArrowDown")  # kort
    page.keyboard.press("Enter")
    expect(page.locator("#category-danger")).to_contain_text("Papa slaat als hij drinkt")
    expect(page.locator("#quick-add .field__error")).to_have_count(0)


def test_an_inline_edit_offline_keeps_its_text_and_saves_when_back(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world, items=3)
    item = page.locator("#category-worry .item").first
    item.hover()
    item.get_by_role("button", name="Bewerken").click()
    editor = page.locator("#category-worry textarea")
    expect(editor).to_be_focused()
    page.context.set_offline(True)
    editor.fill("Papa belt elke zondag, ook als het moeilijk gaat")
    editor.press("Enter")
    expect(page.locator("#notices [data-connection]")).to_contain_text("Je tekst staat er nog")
    expect(editor).to_have_value("Papa belt elke zondag, ook als het moeilijk gaat")
    page.context.set_offline(False)
    editor.press("Enter")  # trying again works
    expect(page.locator("#category-worry textarea")).to_have_count(0)
    expect(page.locator("#category-worry .item").first).to_contain_text("ook als het moeilijk gaat")
    assert stored(world.app, meeting, "Papa belt elke zondag, ook als het moeilijk gaat") == 1


def test_an_edit_whose_answer_was_lost_saves_again_without_a_conflict(browser, base_url, world):
    page, _ = open_board(browser, base_url, world, items=3)
    item = page.locator("#category-worry .item").first
    item.hover()
    item.get_by_role("button", name="Bewerken").click()
    editor = page.locator("#category-worry textarea")

    def lose_the_answer(route):
        route.fetch()
        route.abort()

    page.route(re.compile(r".*/items/\d+$"), lose_the_answer)
    editor.fill("Oma haalt de kinderen op, ook op woensdag")
    editor.press("Enter")
    expect(page.locator("#notices [data-connection]")).to_be_visible()
    expect(editor).to_have_value("Oma haalt de kinderen op, ook op woensdag")
    page.unroute(re.compile(r".*/items/\d+$"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#category-worry textarea")).to_have_count(0)
    expect(page.locator(".conflict")).to_have_count(0)
    expect(page.locator("#category-worry .item").first).to_contain_text("ook op woensdag")


def test_logging_out_asks_about_unsent_items_and_leaves_nothing_typed_in_the_browser(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world)
    queue = page.locator("#quick-add-queue")
    unsent(page, "Mama slaapt overdag")
    asked = []

    def answer(dialog, accept):
        asked.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Afmelden").click()
    expect(queue.locator("li", has_text="Mama slaapt overdag")).to_be_visible()  # stayed: nothing lost
    assert asked == ["Er staat nog 1 niet verstuurd item in de wachtrij. Bij afmelden wordt het uit deze "
                     "browser gewist. Toch afmelden?"]

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible()
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('samenveilig.wachtrij.'))") == []
    assert stored(world.app, meeting, "Mama slaapt overdag") == 0
