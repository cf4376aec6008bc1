"""The projector of a family that speaks Arabic, on a 1920x1080 wall: each heading in Dutch
with the Arabic under it, the page still fitting the screen; "Taal op het scherm" switches to
Arabic alone, right to left, and the next tab keeps it."""

from playwright.sync_api import expect

from samenveilig.extensions import db
from samenveilig.models import Case

from ..conftest import save
from .board_fill import fill_board
from .conftest import login, screenshot


def test_the_wall_speaks_dutch_and_arabic_and_switches_to_arabic_alone(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Haddad")
    with world.app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        save()
    meeting = world.meeting(case, [sarah], [("Leila Haddad", "mama")])
    fill_board(world.app, meeting.id, 18)
    wall = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1920, "height": 1080})
    page = wall.new_page()
    login(page, sarah)
    page.goto(f"{meeting.url}/projectie")

    first = page.locator(".shared-board__question").first
    other = first.locator(".other-language")
    expect(first).to_contain_text("Waar maken we ons zorgen over?")
    expect(other).to_have_text("ما الذي يقلقنا؟")
    expect(other).to_have_attribute("dir", "rtl")
    heading, arabic = first.bounding_box(), other.bounding_box()
    assert arabic["y"] > heading["y"] + 10  # on its own line, under the Dutch
    assert arabic["x"] >= heading["x"] and arabic["x"] + arabic["width"] <= heading["x"] + heading["width"] + 1
    sizes = page.evaluate("""() => { const q = document.querySelector('.shared-board__question');
        return [parseFloat(getComputedStyle(q).fontSize),
                parseFloat(getComputedStyle(q.querySelector('.other-language')).fontSize)]; }""")
    assert sizes[1] < sizes[0]  # a little smaller than the Dutch
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    screenshot(page, "projector-nl-ar-1920x1080")

    page.locator('.present-language a[data-taal="ar"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator(".shared-board__question").first).to_have_text("ما الذي يقلقنا؟ (10)")  # with its count
    expect(page.locator(".other-language")).to_have_count(0)
    expect(page.get_by_role("button", name="ملء الشاشة")).to_be_visible()
    columns = page.locator(".shared-board__column")
    assert columns.first.bounding_box()["x"] > columns.last.bounding_box()["x"]  # the worries on the right
    screenshot(page, "projector-ar-1920x1080")

    page.locator(".present-tabs a").nth(1).click()  # Analysis, still in Arabic
    expect(page.locator("#shared-scale-title")).to_have_text("مقياس الأمان")
    expect(page).to_have_url(f"{base_url}{meeting.url}/projectie/analyse?taal=ar")
    wall.close()
