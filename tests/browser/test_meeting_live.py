"""A live network meeting: the consultant drives from the keyboard, a co-consultant edits at
the same time, the projector and a phone follow without reloading."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible, login, quick_add, screenshot

SECRET = "VERTROUWELIJK-buurvrouw-vertelde-dit"


def received_html(page) -> list[str]:
    """Every HTML body this page receives, to check what reached it, not only what shows."""
    bodies: list[str] = []

    def keep(response):
        if "text/html" in (response.headers.get("content-type") or ""):
            try:
                bodies.append(response.text())
            except Exception:  # a response without a body (a redirect)
                pass

    page.on("response", keep)
    return bodies


def test_a_live_mapping_with_projector_phone_and_co_consultant(browser, base_url, world):
    sarah, tom = world.user("Sarah Peeters"), world.user("Tom Janssens")
    case = world.case(sarah, tom, family_name="Maes")
    meeting = world.meeting(case, [sarah, tom], [("Sofie Maes", "mama"), ("Rita Claes", "oma")])

    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = laptop.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector_html = received_html(projector)
    projector.goto(f"{meeting.url}/projectie")

    board.get_by_role("button", name="Meekijklink maken").click()
    follow_url = board.locator("#follow-url").input_value()
    assert re.search(r"/meekijken/[A-Za-z0-9_-]{43}$", follow_url)
    phone_context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="nl-BE")
    phone = phone_context.new_page()
    phone_html = received_html(phone)
    phone.goto(follow_url)

    second = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    co = second.new_page()
    login(co, tom)
    co.goto(meeting.url)
    for page in (projector, phone, co):
        page.evaluate("window.notReloaded = true")

    # Keyboard only: the text field keeps focus for the next item.
    board.locator("#quick-text").focus()
    quick_add(board, "Mama drinkt 's avonds als de kinderen er zijn", "1", speaker="Sofie")
    expect(board.locator("#category-worry")).to_contain_text("Mama drinkt")
    expect(board.locator("#quick-text")).to_be_focused()
    expect(board.locator("#quick-text")).to_have_value("")
    quick_add(board, "Oma haalt de kinderen op woensdag", "6", speaker="Rita")
    quick_add(board, SECRET, "1", visibility="Vertrouwelijk")
    expect(board.locator("#category-worry")).to_contain_text(SECRET)
    quick_add(board, "Lotte kwam zonder eten naar school", "1")

    for page in (projector, phone):
        expect(page.locator("#category-worry")).to_contain_text("zegt Sofie (mama)")
        expect(page.locator("#category-worry")).to_contain_text("Lotte kwam zonder eten")
        expect(page.locator("#category-strength")).to_contain_text("Oma haalt de kinderen op")
        expect(page.locator("#category-worry")).not_to_contain_text(SECRET)

    # The co-consultant starts an edit and is interrupted by the consultant's next item.
    co_item = co.locator("#category-worry li", has_text="Lotte kwam zonder eten")
    co_item.hover()  # an item's tools show for the item under the mouse or with the focus
    co_item.get_by_role("button", name="Bewerken").click()
    editor = co.locator("#category-worry textarea")
    expect(editor).to_be_focused()
    editor.fill("Lotte kwam twee keer zonder eten naar school (half getypt")
    quick_add(board, "Papa is vaak weg voor zijn werk", "5")
    expect(projector.locator("#category-complicating")).to_contain_text("Papa is vaak weg")
    quick_add(board, "Mama zegt dat ze minder wil drinken", "1")
    expect(co.locator("#category-worry")).to_have_attribute("data-stale", "")  # the update waits
    expect(editor).to_have_value("Lotte kwam twee keer zonder eten naar school (half getypt")
    editor.press("End")
    editor.type(")")
    editor.press("Enter")
    expect(co.locator("#category-worry")).to_contain_text("Mama zegt dat ze minder wil drinken")
    expect(co.locator("#category-worry")).to_contain_text("(half getypt)")
    expect(projector.locator("#category-worry")).to_contain_text("(half getypt)")

    # Move and delete from the consultant's board.
    item = board.locator("#category-worry li", has_text="Papa is vaak weg")
    expect(item).to_have_count(0)
    papa = board.locator("#category-complicating li", has_text="Papa is vaak weg")
    papa.hover()
    papa.get_by_label("Verplaats naar").select_option("strength")
    papa.get_by_role("button", name="Verplaats").click()
    for page in (projector, phone):
        expect(page.locator("#category-strength")).to_contain_text("Papa is vaak weg")
        expect(page.locator("#category-complicating")).not_to_contain_text("Papa is vaak weg")
    lotte = board.locator("#category-worry li", has_text="(half getypt)")
    lotte.hover()
    lotte.get_by_role("button", name="Omhoog").click()
    expect(board.locator("#category-worry li").nth(1)).to_contain_text("(half getypt)")
    lotte.hover()
    lotte.get_by_role("button", name="Omhoog").click()
    expect(board.locator("#category-worry li").first).to_contain_text("(half getypt)")
    expect(phone.locator("#category-worry li").first).to_contain_text("(half getypt)")
    papa = board.locator("#category-strength li", has_text="Papa is vaak weg")
    papa.hover()
    papa.get_by_role("button", name="Verwijderen").click()
    for page in (projector, phone, co):
        expect(page.locator("#category-strength")).not_to_contain_text("Papa is vaak weg")
    board.keyboard.press("Alt+Z")  # undo brings it back everywhere
    for page in (projector, phone, co):
        expect(page.locator("#category-strength")).to_contain_text("Papa is vaak weg")

    for page in (projector, phone, co):
        assert page.evaluate("window.notReloaded") is True
    for body in projector_html + phone_html:
        assert SECRET not in body
    assert SECRET not in projector.content() and SECRET not in phone.content()
    assert_accessible(board)
    assert_accessible(phone)
    screenshot(board, "meeting-board")
    screenshot(projector, "meeting-projector")
    screenshot(phone, "meeting-phone")

    # Closing the meeting: first the decision, then the phone's link stops working.
    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Overleg afsluiten").click()
    expect(board.locator("#notices")).to_contain_text("Is het kind nu veilig?")
    decision = board.locator("#decision-form")
    decision.get_by_label("Ja").check()
    decision.get_by_label("Waarom?").fill("Oma is er elke avond.")
    decision.get_by_label("Hoe snel moet de volgende stap?").select_option(label="binnen de maand")
    decision.get_by_role("button", name="Beslissing vastleggen").click()
    expect(board.locator("#decision")).to_contain_text("Is het kind nu veilig? Ja")
    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Overleg afsluiten").click()
    expect(board.get_by_text("Dit overleg is afgesloten")).to_be_visible()
    expect(phone.get_by_role("heading", name="Het overleg is afgelopen. Bedankt om mee te denken.")).to_be_visible()
    expect(projector.get_by_text("Dit overleg is afgesloten.")).to_be_visible()
    for context in (laptop, phone_context, second):
        context.close()


def test_a_push_held_during_a_request_never_goes_in_over_a_newer_one(browser, base_url, world):
    """A push that arrives while a request from inside its region is under way waits for its
    answer (hold.js); when a newer push went in meanwhile, the older one is dropped, so the
    board never ends on an earlier state than the server's (the key v twice: family,
    professional, confidential)."""
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Maes")
    meeting = world.meeting(case, [sarah], [("Els Groot", "mama")])
    page = browser.new_page(base_url=base_url)
    login(page, sarah)
    page.goto(meeting.url)
    region = page.locator("#category-worry")
    expect(region).to_have_attribute("sse-swap", "worry-changed")
    shown = page.evaluate("""() => {
        const region = document.getElementById("category-worry");
        const push = (version, text) => htmx.trigger(region, "htmx:sseBeforeMessage",
            { data: "<p>" + text + "</p>", lastEventId: String(version) });
        const swapUnlessHeld = (version, text) => {
            if (push(version, text)) htmx.swap(region, "<p>" + text + "</p>", { swapStyle: "innerHTML" });
        };
        // A request from inside the region is under way: version 7 waits for its answer.
        const sender = document.createElement("span");
        sender.className = "htmx-request";
        region.appendChild(sender);
        swapUnlessHeld(7, "professioneel");
        const heldWhileBusy = region.textContent.includes("professioneel") === false;
        // Its answer is in; before the held push is swapped in, version 8 arrives and goes in.
        sender.remove();
        swapUnlessHeld(8, "vertrouwelijk");
        htmx.trigger(document.body, "htmx:afterRequest", {});
        return new Promise(resolve => setTimeout(() => {
            // A late repeat of an older version (a catch-up after a reconnect) is dropped too.
            swapUnlessHeld(6, "familie");
            resolve({ heldWhileBusy, text: region.textContent.trim() });
        }, 50));
    }""")
    assert shown == {"heldWhileBusy": True, "text": "vertrouwelijk"}
    page.context.close()
