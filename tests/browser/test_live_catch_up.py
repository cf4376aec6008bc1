"""Screens that lose the network catch up: the projector and a phone are offline for 10 s
while the consultant adds, edits and deletes; back online, every change shows and nothing
stale stays. A region whose fetch fails is fetched again."""

import time

from playwright.sync_api import expect

from .conftest import board_with_follow_link, login, new_phone

OFFLINE_SECONDS = 10
CATCH_UP_MS = 20_000  # the stream reconnects by itself (after at most a few seconds) and catches up


def add(board, text: str, category: str) -> None:
    board.locator("#quick-text").fill(text)
    board.locator("#quick-category").select_option(category)
    board.locator("#quick-text").press("Enter")
    expect(board.locator(f"#category-{category}")).to_contain_text(text)


def test_the_projector_and_a_phone_catch_up_after_being_offline(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Sofie Wouters", "mama")])

    laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)

    beamer = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1920, "height": 1080})
    projector = beamer.new_page()
    login(projector, sarah)
    projector.goto(f"{meeting.url}/projectie")
    gsm = new_phone(browser)
    phone = gsm.new_page()
    phone.goto(follow_url)

    add(board, "Te wijzigen zorg", "worry")
    add(board, "Te schrappen sterkte", "strength")
    for page in (projector, phone):
        expect(page.locator("#category-strength")).to_contain_text("Te schrappen sterkte")
        page.evaluate("window.notReloaded = true")

    beamer.set_offline(True)
    gsm.set_offline(True)
    offline_since = time.monotonic()
    add(board, "Nieuw terwijl ze offline waren", "worry")
    edited = board.locator("#category-worry li", has_text="Te wijzigen zorg")
    edited.hover()
    edited.get_by_role("button", name="Bewerken").click()
    board.locator("#category-worry textarea").fill("Gewijzigde zorg")
    board.locator("#category-worry textarea").press("Enter")
    expect(board.locator("#category-worry")).to_contain_text("Gewijzigde zorg")
    gone = board.locator("#category-strength li", has_text="Te schrappen sterkte")
    gone.hover()
    gone.get_by_role("button", name="Verwijderen").click()
    expect(board.locator("#category-strength")).not_to_contain_text("Te schrappen sterkte")
    add(board, "Oma komt elke woensdag", "existing_safety")
    # The outage lasts its full length, whatever the edits took: the screens' streams break.
    board.wait_for_timeout(max(0, OFFLINE_SECONDS - (time.monotonic() - offline_since)) * 1000)
    beamer.set_offline(False)
    gsm.set_offline(False)

    for page in (projector, phone):
        worry = page.locator("#category-worry")
        expect(worry).to_contain_text("Nieuw terwijl ze offline waren", timeout=CATCH_UP_MS)
        expect(worry).to_contain_text("Gewijzigde zorg")
        expect(worry).not_to_contain_text("Te wijzigen zorg")
        expect(page.locator("#category-strength")).not_to_contain_text("Te schrappen sterkte")
        expect(page.locator("#category-existing_safety")).to_contain_text("Oma komt elke woensdag")
        assert page.evaluate("window.notReloaded") is True  # caught up, not reloaded

    # And the next change arrives as usual.
    add(board, "Papa belt de school", "worry")
    for page in (projector, phone):
        expect(page.locator("#category-worry")).to_contain_text("Papa belt de school")
    for context in (laptop, beamer, gsm):
        context.close()


def test_a_region_whose_fetch_fails_fetches_again(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Claes")
    meeting = world.meeting(case, [sarah], [("Rita Claes", "oma")])
    laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)

    gsm = new_phone(browser)
    phone = gsm.new_page()
    failed = []

    def fail_once(route):
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=500, body="kapot")
        else:
            route.continue_()

    phone.route("**/mijn-score*", fail_once)  # the URL carries the phone's language
    phone.goto(follow_url)
    expect(phone.locator("#my-score")).not_to_contain_text("Jouw score")

    # A scaling round starts: the phone's own score region fetches itself, fails once, retries.
    board.get_by_role("button", name="Schaalronde starten").click()
    expect(phone.locator("#my-score")).to_contain_text("Jouw score")
    assert len(failed) == 1
    for context in (laptop, gsm):
        context.close()
