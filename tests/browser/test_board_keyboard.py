"""A board that holds 100 items, driven from the keyboard: short, with one Tab stop for the
items, keys to walk, edit, move and hide them, a help, a quick add that does not carry a
"Vertrouwelijk" over by accident, and a new item that is scrolled into view."""

import re

from playwright.sync_api import expect

from .board_fill import fill_board
from .conftest import assert_accessible, login

TOOLS = "button, select, a[href], input, textarea, [tabindex]:not([tabindex='-1'])"


def open_board(browser, base_url, world, items: int):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Els Groot", "mama"), ("Maria Janssens", "grootmoeder (oma)")])
    fill_board(world.app, meeting.id, items)
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    login(page, sarah)
    page.goto(meeting.url)
    return page, meeting


def test_a_board_of_100_items_is_short_with_one_tab_stop_for_its_items(browser, base_url, world):
    page, _ = open_board(browser, base_url, world, 100)
    expect(page.locator(".board .item")).to_have_count(100)
    height = page.evaluate("document.documentElement.scrollHeight")
    tab_stops = page.evaluate(f"""Array.from(document.querySelectorAll(".board {TOOLS.replace(', ', ', .board ')}"))
        .filter(e => e.offsetParent !== null && e.tabIndex >= 0).length""")
    print(f"\nboard with 100 items at 1440x900: page {height} px, {tab_stops} tab stops on the board")
    assert tab_stops == 1  # the current item; its tools show when it has the focus
    assert height < 9000  # was 13,357 px
    # Item 50 is reached with the keyboard in 50 key presses, not 359 Tabs.
    page.locator("#quick-text").focus()
    page.keyboard.press("Escape")
    for _ in range(49):
        page.keyboard.press("j")
    fiftieth = page.locator(".board .item").nth(49)
    expect(fiftieth).to_be_focused()
    expect(fiftieth).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator(".board textarea")).to_be_focused()
    expect(page.locator(".board textarea")).to_have_value(re.compile("^Punt"))


def test_keys_walk_edit_move_hide_and_help(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world, 3)  # Zorgen, Schade uit het verleden, Impact op het kind
    page.locator("#quick-text").focus()
    page.keyboard.press("?")  # in the text field it is just a question mark
    expect(page.locator("#quick-text")).to_have_value("?")
    page.locator("#quick-text").fill("")
    page.keyboard.press("Escape")  # to the board
    items = page.locator(".board .item")
    expect(items.nth(0)).to_be_focused()
    expect(items.nth(0).get_by_role("button", name="Bewerken")).to_be_visible()  # tools on focus
    expect(items.nth(1).get_by_role("button", name="Bewerken")).to_be_hidden()
    page.keyboard.press("j")
    expect(items.nth(1)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(items.nth(2)).to_be_focused()
    page.keyboard.press("k")
    expect(items.nth(1)).to_be_focused()

    # A key acts through the item's tools: after each change (its answer, then its live echo
    # swap the item) the tools are back on the focused item before the next key.
    tools_on_item = page.locator("#category-harm .item:focus #item-tools")
    page.keyboard.press("v")  # family → professional, on the board and off the projector
    expect(page.locator("#category-harm .item")).to_have_class(re.compile("item--professional"))
    expect(page.locator("#category-harm .item")).to_be_focused()
    expect(tools_on_item).to_be_attached()
    page.keyboard.press("v")
    expect(page.locator("#category-harm .badge")).to_have_text("Vertrouwelijk")
    expect(page.locator("#category-harm .item")).to_be_focused()
    expect(tools_on_item).to_be_attached()

    page.keyboard.press("m")
    move = page.locator("#category-harm .item select")
    expect(move).to_be_focused()
    expect(move).to_have_value("")  # an empty first choice: nothing moves by accident
    move.select_option(label="Wat gaat goed")
    page.keyboard.press("Enter")
    expect(page.locator("#category-strength")).to_contain_text("Punt 2")
    moved = page.locator("#category-strength .item", has_text="Punt 2")
    expect(moved).to_be_focused()  # back on the item, not on "Verplaats naar"
    page.keyboard.press("k")
    expect(moved).not_to_be_focused()  # j and k walk the board again
    page.keyboard.press("j")
    expect(moved).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.locator("#quick-text")).to_be_focused()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+?")
    help_dialog = page.get_by_role("dialog", name="Sneltoetsen op de mapping")
    expect(help_dialog).to_be_visible()
    expect(help_dialog).to_contain_text("zichtbaarheid wisselen")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    focused = page.locator(".board .item:focus")
    expect(focused).to_have_count(1)  # closing the help gives the focus back to the board
    page.keyboard.press("Enter")  # edit ...
    editor = page.locator(".board textarea")
    expect(editor).to_be_focused()
    page.keyboard.press("Escape")  # ... and cancel: back on the item, ready for the next key
    expect(focused).to_have_count(1)


def test_digits_pick_the_category_and_alt_digits_are_left_to_the_browser(browser, base_url, world):
    page, _ = open_board(browser, base_url, world, 0)
    category = page.locator("#quick-category")
    page.locator("#quick-text").fill("Oma haalt de kinderen op")
    page.keyboard.press("Alt+6")  # switches browser tabs on Linux and Windows: not ours
    expect(category).to_have_value("worry")
    page.keyboard.press("Escape")
    page.keyboard.press("6")
    expect(category).to_have_value("strength")
    expect(page.locator("#quick-text")).to_be_focused()
    expect(page.locator("#quick-text")).to_have_value("Oma haalt de kinderen op")


def test_quick_add_goes_back_to_the_defaults_unless_pinned(browser, base_url, world):
    page, _ = open_board(browser, base_url, world, 0)
    quick = page.locator("#quick-add")
    speaker, visibility = quick.get_by_label("Wie zegt het?"), quick.get_by_label("Zichtbaar voor")
    page.locator("#quick-text").fill("De buurvrouw hoorde geroep")
    speaker.select_option(label="Maria Janssens (grootmoeder (oma))")
    visibility.select_option(label="Vertrouwelijk")
    page.locator("#quick-text").press("Enter")
    expect(page.locator("#category-worry")).to_contain_text("Vertrouwelijk")
    expect(speaker).to_have_value("")
    expect(visibility).to_have_value("family")

    speaker.select_option(label="Els Groot (mama)")
    quick.get_by_label("Spreker vasthouden").check()
    visibility.select_option(label="Professioneel")
    page.locator("#quick-text").fill("Mama wil hulp bij het koken")
    page.locator("#quick-text").press("Enter")
    expect(page.locator("#category-worry")).to_contain_text("Mama wil hulp bij het koken")
    expect(page.locator("#category-worry .item", has_text="koken")).to_contain_text("Els Groot (mama)")
    expect(speaker).to_have_value(re.compile(r"^\d+$"))  # pinned: stays
    expect(visibility).to_have_value("family")


def test_a_new_item_is_scrolled_into_view_and_a_delete_can_be_undone(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world, 100)
    projector = page.context.new_page()
    projector.goto(f"{meeting.url}/projectie")
    page.locator("#quick-text").fill("Papa brengt de kinderen naar de voetbal")
    page.keyboard.press("Escape")
    page.keyboard.press("9")  # Volgende stappen, at the bottom of the board
    page.locator("#quick-text").press("Enter")  # asks how urgent first
    page.locator("#quick-add").get_by_label("Hoe dringend (bij een volgende stap)").select_option(label="deze week")
    page.keyboard.press("Enter")
    new = page.locator("#category-next_step .item", has_text="Papa brengt")
    expect(new).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 1000

    new.hover()
    new.get_by_role("button", name="Verwijderen").click()
    notice = page.locator("#notices .notice")
    expect(notice).to_contain_text("Verwijderd: ‘Papa brengt de kinderen naar de voetbal’")
    expect(notice).to_be_in_viewport()
    expect(projector.locator("#category-next_step")).not_to_contain_text("Papa brengt")
    notice.get_by_role("button", name="Ongedaan maken").click()
    expect(notice).to_have_count(0)
    expect(page.locator("#category-next_step")).to_contain_text("Papa brengt")
    expect(projector.locator("#category-next_step")).to_contain_text("Papa brengt")


def test_a_next_step_by_keyboard_and_a_refused_item_never_glues_onto_the_next(browser, base_url, world):
    page, meeting = open_board(browser, base_url, world, 0)
    field, quick = page.locator("#quick-text"), page.locator("#quick-add")
    urgency = quick.get_by_label("Hoe dringend (bij een volgende stap)")
    field.fill("Papa belt de school")
    page.keyboard.press("Escape")
    page.keyboard.press("9")
    expect(field).to_be_focused()
    page.keyboard.press("Enter")  # no urgency yet: Enter goes to that choice, nothing is sent
    expect(urgency).to_be_focused()
    expect(quick).to_contain_text("Kies hoe dringend deze stap is.")
    expect(field).to_have_value("Papa belt de school")
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # vandaag, binnen 24 uur, deze week
    expect(urgency.locator("option:checked")).to_have_text("deze week")
    page.keyboard.press("Enter")
    expect(page.locator("#category-next_step .item", has_text="Papa belt de school")).to_contain_text("deze week")
    expect(field).to_be_focused()  # ready for the next item
    expect(field).to_have_value("")
    expect(quick.locator(".field__error")).to_have_count(0)

    # The server refuses an item (here: sent without its urgency, as an older page would) while
    # the next one is being typed: the field keeps its text and cursor, nothing is glued.
    held = []
    page.route("**/items", lambda route: held.append(route))
    field.fill("AAA mama")
    page.keyboard.press("Enter")
    expect(field).to_have_value("")
    for _ in range(100):  # until the route has the request (the handler runs while Playwright waits)
        if held:
            break
        page.wait_for_timeout(50)
    assert held
    field.type("BC")
    page.keyboard.press("ArrowLeft")  # the cursor between B and C
    held[0].continue_(post_data=held[0].request.post_data.replace("quick-urgency=week", "quick-urgency="))
    page.unroute("**/items")
    refused = page.locator("#quick-add-queue li", has_text="AAA mama")
    expect(refused).to_contain_text("Kies hoe dringend deze stap is.")
    expect(page.locator("#notices")).to_contain_text("Niet bewaard: ‘AAA mama’")
    expect(field).to_have_value("BC")
    expect(field).to_be_focused()
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [1, 1]
    page.keyboard.type("BB")
    page.keyboard.press("Enter")
    expect(page.locator("#category-next_step .item", has_text="BBBC")).to_have_count(1)
    expect(page.locator("#category-next_step .item__text")).to_have_text(["Papa belt de school", "BBBC"])

    refused.get_by_role("button", name="Terug in het veld").click()  # fixed and added after all
    expect(field).to_have_value("AAA mama")
    expect(urgency).to_be_focused()
    expect(quick).to_contain_text("Kies hoe dringend deze stap is.")
    urgency.select_option(label="vandaag")
    page.keyboard.press("Enter")
    expect(page.locator("#category-next_step .item__text")).to_have_text(["Papa belt de school", "BBBC", "AAA mama"])
