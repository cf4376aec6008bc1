"""A board that holds 100 items, driven from the keyboard: short, with one Tab stop for the
items, keys to walk, edit, move and hide them, a help, a quick add that does not carry a
"Vertrouwelijk" over by accident, and a new item that is scrolled into view."""

import re

from playwright.sync_api import expect

from .board_fill import fill_board
from .conftest import assert_accessible, login

TOOLS = "button, select, a[href], input, textarea, [tabindex]:not([tabindex='-1'])"
# The contrast of an element's edge with the background behind it (WCAG's relative luminance).
EDGE_CONTRAST = """selector => {
  const element = document.querySelector(selector);
  let behind = element.parentElement;
  while (getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") behind = behind.parentElement;
  const luminance = color => {
    const [r, g, b] = color.match(/\\d+/g).slice(0, 3).map(c => c / 255)
      .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [getComputedStyle(element).borderTopColor, getComputedStyle(behind).backgroundColor].map(luminance);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


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
    # Its keys look like keys: their edge stands out from the dialog (3:1 at least).
    assert page.evaluate(EDGE_CONTRAST, "#board-keys kbd") >= 3
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


def tab_to(page, selector: str, most: int = 40) -> None:
    """Press Tab (and nothing else) until the focus is on `selector`."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{most} Tabs did not reach {selector}")


def test_tab_and_enter_alone_edit_move_and_delete_an_item_and_the_shortcuts_can_be_turned_off(
        browser, base_url, world):
    page, _ = open_board(browser, base_url, world, 12)  # Zorgen: Punt 1 and Punt 10
    board = page.get_by_role("region", name="In kaart brengen")
    field = page.locator("#quick-text")

    # An empty quick add: the field says what is missing, out loud, and keeps the focus, after
    # Enter as after a click on "Toevoegen"; nothing waits in the queue.
    field.press("Enter")
    error = page.locator("#quick-add [role=alert]", has_text="Vul in wat er gezegd wordt.")
    expect(error).to_be_visible()
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bquick-text-error\b"))
    page.get_by_role("button", name="Toevoegen").click()
    expect(field).to_be_focused()
    expect(error).to_be_visible()
    expect(page.locator("#quick-add-queue li")).to_have_count(0)

    # Tab from the quick add reaches the board's one tab stop, then the item's tools, which stay
    # while the focus is on them.
    worry = page.locator("#category-worry .item")
    tab_to(page, ".board .item")
    expect(worry.first).to_be_focused()
    tools = worry.first.get_by_role("group", name="Acties voor dit item")
    page.keyboard.press("Tab")
    expect(tools.get_by_role("button", name="Bewerken")).to_be_focused()
    page.keyboard.press("Enter")  # edit ...
    expect(page.locator(".board textarea")).to_be_focused()
    page.keyboard.type("Gisteren: ")
    page.keyboard.press("Enter")  # ... saved, and back on the item
    expect(worry.first).to_contain_text("Gisteren: Punt 1")
    expect(worry.first).to_be_focused()

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Omlaag")).to_be_focused()
    page.keyboard.press("Enter")  # moved down, the focus on the same tool of the same item
    expect(worry.locator(".item__text")).to_have_text([re.compile("^Punt 10"), re.compile("^Gisteren: Punt 1")])
    expect(worry.nth(1).get_by_role("button", name="Omlaag")).to_be_focused()

    tab_to(page, "#item-tools-delete", most=5)
    page.keyboard.press("Enter")  # deleted: said in a notice, and the next item has the focus
    notices = page.locator("#notices")
    expect(notices.get_by_role("status")).to_contain_text("Verwijderd: ‘Gisteren: Punt 1")
    expect(page.locator("#category-worry")).not_to_contain_text("Gisteren")
    harm = page.locator("#category-harm .item").first
    expect(harm).to_be_focused()

    page.keyboard.press("Delete")  # the key for it, with the same notice ...
    expect(notices.get_by_role("status")).to_contain_text("Verwijderd: ‘Punt 2")
    expect(page.locator("#category-harm .item")).to_have_count(1)  # Punt 11
    page.keyboard.press("u")  # ... and undone
    expect(page.locator("#category-harm")).to_contain_text("Punt 2")

    # The single-key shortcuts act on the board only: not on a link or button elsewhere.
    page.get_by_role("link", name="Projectie openen").focus()
    page.keyboard.press("j")
    page.keyboard.press("?")
    expect(page.get_by_role("link", name="Projectie openen")).to_be_focused()
    help_dialog = page.get_by_role("dialog", name="Sneltoetsen op de mapping")
    expect(help_dialog).to_be_hidden()

    # "Sneltoetsen uit" in the key help: then j does nothing on the board (the arrows still walk),
    # and in the quick add it is just a "j"; the choice is kept for me.
    board.locator(".item").first.focus()
    page.keyboard.press("?")
    off = help_dialog.get_by_label("Sneltoetsen uit")
    tab_to(page, "#shortcuts-off")
    with page.expect_response(lambda response: response.url.endswith("/mijn-account/sneltoetsen")) as answer:
        page.keyboard.press("Space")
    assert answer.value.status == 204
    expect(off).to_be_checked()
    page.keyboard.press("Escape")
    first = board.locator(".item").first
    expect(first).to_be_focused()
    for key in ("j", "k", "n", "v", "?", "9"):
        page.keyboard.press(key)
    expect(first).to_be_focused()
    expect(help_dialog).to_be_hidden()
    expect(first).to_have_class(re.compile("item--family"))
    page.keyboard.press("ArrowDown")
    expect(board.locator(".item").nth(1)).to_be_focused()
    field.focus()
    page.keyboard.type("j")
    expect(field).to_have_value("j")

    page.reload()
    expect(page.locator("#shortcuts-off")).to_be_checked()
    board.locator(".item").first.focus()
    page.keyboard.press("j")
    expect(board.locator(".item").first).to_be_focused()

    # An item's edit asked for while someone else changes its category: what they pushed waits
    # for the answer, and then for the edit, which opens and stays; the category catches up
    # when the edit is left.
    page.evaluate("""window.pushed = 0;
        document.addEventListener('htmx:sseBeforeMessage', () => { window.pushed += 1; });""")
    asked = []
    page.route("**/bewerken", lambda route: asked.append(route))
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#category-worry .htmx-request') !== null")
    assert page.evaluate("""async () => {
        const form = document.querySelector('#quick-add'), data = new FormData(form);
        data.set('quick-text', 'Oma belt elke dag');
        const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
        return (await fetch(form.action, {method: 'POST', body: new URLSearchParams(data),
                                          headers: {'X-CSRFToken': token}})).status; }""") == 204
    page.wait_for_function("() => window.pushed > 0")
    asked[0].continue_()
    page.unroute("**/bewerken")
    editor = page.locator("#category-worry textarea")
    expect(editor).to_be_focused()
    expect(page.locator("#category-worry")).to_have_attribute("data-stale", "")
    page.keyboard.press("Escape")
    expect(page.locator("#category-worry")).to_contain_text("Oma belt elke dag")
    expect(editor).to_have_count(0)

    # A form refused by the server (here swapped in by htmx): the focus on the first field in
    # error, in the order the form shows them, its error tied to it.
    page.get_by_text("Gevaarsinschatting schrijven").click()
    page.get_by_role("button", name="Gevaarsinschatting toevoegen").click()
    who = page.locator("#danger-form").get_by_label("Of typ wie")
    expect(who).to_be_focused()
    expect(who).to_have_attribute("aria-invalid", "true")
    expect(who).to_have_accessible_description(re.compile("Kies of typ wie zich zorgen maakt.$"))
