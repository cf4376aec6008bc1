"""Messages where the eye is: with the page scrolled far down, the answer to what you just
did shows in view, and a lost connection's notice leaves once the connection is back."""

import re

from playwright.sync_api import expect

from .board_fill import fill_board, make_kind
from .conftest import login


def scrolled_board(browser, base_url, world, *, items: int = 45, kind: str = "mapping"):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Els Wouters", "mama"), ("Maria Janssens", "grootmoeder (oma)")])
    fill_board(world.app, meeting.id, items)
    make_kind(world.app, meeting.id, kind)
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    login(page, sarah)
    page.goto(meeting.url)
    return page, meeting


def test_closing_the_help_too_early_says_why_in_view(browser, base_url, world):
    page, _ = scrolled_board(browser, base_url, world, kind="closure")
    form = page.locator("#closure-form")
    form.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 2000
    form.get_by_label("Samenvatting").fill("Oma blijft het vangnet.")
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="De hulp afsluiten").click()
    notice = page.locator("#notices .notice--error")
    expect(notice).to_contain_text("Niet mogelijk")
    expect(notice).to_be_in_viewport()
    notice.get_by_role("button", name="Sluiten").click()
    expect(notice).to_have_count(0)


def test_put_in_the_plan_confirms_in_view_and_the_step_shows_it_is_in_the_plan(browser, base_url, world):
    page, meeting = scrolled_board(browser, base_url, world)
    steps = page.locator("#category-next_step li")
    for n in range(3):
        step = steps.nth(n)
        step.scroll_into_view_if_needed()
        page.mouse.wheel(0, 300)  # read on a little, as one does
        step.focus()
        page.keyboard.press("p")  # Zet in het plan
        notice = page.locator("#notices .notice--success")
        expect(notice).to_contain_text("staat nu in het plan")
        expect(notice).to_be_in_viewport()
        expect(step.get_by_role("link", name="staat in het plan")).to_have_attribute(
            "href", re.compile(rf"/overleg/{meeting.id}/plan#action-\d+$"))
        expect(step.get_by_role("button", name="Zet in het plan")).to_have_count(0)
        notice.get_by_role("button", name="Sluiten").click()
    assert page.evaluate("window.scrollY") > 500


def test_offline_enter_keeps_the_text_says_so_in_view_and_the_notice_leaves_when_back(browser, base_url, world):
    page, _ = scrolled_board(browser, base_url, world)
    page.mouse.wheel(0, 3000)
    expect(page.locator("#quick-text")).to_be_in_viewport()  # the quick add stays at hand
    assert page.evaluate("window.scrollY") > 1000
    page.locator("#quick-text").fill("Papa belt elke zondag")
    page.context.set_offline(True)
    page.locator("#quick-text").press("Enter")
    notice = page.locator("#notices [data-connection]")
    expect(notice).to_contain_text("Geen verbinding")
    expect(notice).to_be_in_viewport()
    waiting = page.locator("#quick-add-queue li", has_text="Papa belt elke zondag")
    expect(waiting).to_contain_text("Niet verstuurd")  # nothing lost, and in view under the field
    expect(waiting).to_be_in_viewport()
    page.context.set_offline(False)
    expect(page.locator("#category-worry")).to_contain_text("Papa belt elke zondag")
    expect(notice).to_have_count(0)
    expect(waiting).to_have_count(0)


def test_the_projector_drops_the_connection_notice_when_the_connection_is_back(browser, base_url, world):
    page, meeting = scrolled_board(browser, base_url, world, items=0)
    projector = page.context.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.route("**/projectie/events**", lambda route: route.abort())  # its stream cannot connect
    projector.goto(f"{meeting.url}/projectie")
    notice = projector.locator("#notices [data-connection]")
    expect(notice).to_be_in_viewport()
    expect(notice).to_contain_text("Geen verbinding")
    expect(projector.locator("#notices button")).to_have_count(0)  # it recovers by itself: nothing to close
    projector.unroute("**/projectie/events**")
    page.locator("#quick-text").fill("Oma komt elke avond")
    page.locator("#quick-text").press("Enter")
    expect(projector.locator("#category-worry")).to_contain_text("Oma komt elke avond")
    expect(notice).to_have_count(0)


def test_a_phone_scrolled_down_gets_the_round_and_its_thanks_in_view(browser, base_url, world):
    page, meeting = scrolled_board(browser, base_url, world, items=40)
    page.get_by_role("button", name="Meekijklink maken").click()
    follow_url = page.locator("#follow-url").input_value()
    phone_context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="nl-BE")
    phone = phone_context.new_page()
    phone.goto(follow_url)
    phone.locator("#category-next_step").scroll_into_view_if_needed()  # reading the board
    assert phone.evaluate("window.scrollY") > 1500

    page.get_by_role("button", name="Schaalronde starten").click()
    bar = phone.get_by_role("link", name="Er loopt een schaalronde: geef je score")
    expect(bar).to_be_in_viewport()
    bar.click()
    expect(bar).to_be_hidden()
    phone.get_by_label("Wie ben jij?").select_option(label="Maria Janssens")
    phone.get_by_role("button", name="Dit ben ik").click()
    phone.get_by_text("6", exact=True).click()
    phone.get_by_label("Wat zou het één punt hoger maken?").fill("Als papa ook komt")
    phone.get_by_role("button", name="Score doorgeven").click()
    thanks = phone.get_by_text("Je score is doorgegeven")
    expect(thanks).to_be_in_viewport()
    expect(bar).to_have_count(0)
    phone_context.close()
