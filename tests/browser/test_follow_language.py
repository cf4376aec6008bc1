"""Two phones follow the same meeting, one in Arabic (right to left), one in Dutch: each keeps
its own language while the consultant works, and what is typed reaches both as typed."""

from playwright.sync_api import expect

from samenveilig.extensions import db
from samenveilig.models import Case

from ..conftest import save
from .conftest import assert_accessible, login, new_phone, quick_add, screenshot


def test_an_arabic_phone_and_a_dutch_phone_on_the_same_meeting(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Haddad")
    with world.app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        save()
    meeting = world.meeting(case, [sarah], [("Samira Haddad", "mama"), ("Rita Claes", "oma")])
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = laptop.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    board.get_by_role("button", name="Meekijklink maken").click()
    follow_url = board.locator("#follow-url").input_value()

    arabic_context, dutch_context = new_phone(browser), new_phone(browser)
    arabic, dutch = arabic_context.new_page(), dutch_context.new_page()
    arabic.goto(follow_url)
    dutch.goto(follow_url)
    expect(arabic.locator("html")).to_have_attribute("dir", "ltr")  # Dutch until the phone chooses
    arabic.get_by_role("link", name="العربية").click()
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    expect(arabic.locator("html")).to_have_attribute("lang", "ar")
    expect(arabic.get_by_text("أنتم تتابعون الاجتماع.")).to_be_visible()
    assert arabic.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert arabic.evaluate("document.documentElement.scrollWidth") <= 375  # nothing sticks out sideways
    arabic.goto(follow_url)  # the bare link again, as from the QR code: still Arabic
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    for page in (arabic, dutch):
        page.evaluate("window.notReloaded = true")

    board.get_by_role("button", name="Schaalronde starten").click()
    arabic.get_by_label("من أنتم؟").select_option(label="Samira Haddad")
    arabic.get_by_role("button", name="هذا أنا").click()
    arabic.get_by_text("7", exact=True).click()
    arabic.get_by_role("button", name="إرسال الدرجة").click()
    expect(arabic.get_by_text("تم إرسال درجتكم.")).to_be_visible()
    expect(arabic.get_by_role("button", name="تغيير الدرجة")).to_be_visible()
    assert_accessible(arabic)
    screenshot(arabic, "follow-arabic-phone")

    expect(dutch.get_by_label("Wie ben jij?")).to_be_visible()
    expect(dutch.locator("html")).to_have_attribute("dir", "ltr")
    expect(dutch.get_by_text("Je kijkt mee met het overleg.", exact=False)).to_be_visible()
    expect(dutch.get_by_role("option", name="Samira Haddad")).to_have_count(0)  # her name is taken

    board.locator("#quick-text").focus()
    quick_add(board, "Oma Rita haalt de kinderen op woensdag", "6", speaker="Rita")
    for page in (arabic, dutch):
        expect(page.get_by_text("Oma Rita haalt de kinderen op woensdag")).to_be_visible()
        assert page.evaluate("window.notReloaded") is True  # pushed, not reloaded
    expect(arabic.locator("html")).to_have_attribute("lang", "ar")
    expect(dutch.locator("html")).to_have_attribute("lang", "nl")
    expect(dutch.get_by_role("heading", name="Jouw score")).to_be_visible()
    screenshot(dutch, "follow-dutch-phone")
    arabic_context.close()
    dutch_context.close()
    laptop.close()
