"""The whole way, as a consultant does it: she sets the case's language to Arabic on "Dossier
bewerken"; the projector shows Dutch with Arabic under it, a phone on the follow link picks
Arabic and reads right to left, and the family's own link opens in Arabic. The family also
reads French (papa): a plan entry typed in Dutch shows its line in the page's language, and one
without a line in that language says so, small ("niet vertaald"), in Arabic and in French."""

from playwright.sync_api import expect

from samenveilig.extensions import db
from samenveilig.models import PlanRule

from ..conftest import save
from .conftest import family_phone, login, new_family_link, new_phone, screenshot

AR_LINE, FR_LINE = "لا كحول في البيت", "Pas d'alcool à la maison"


def test_a_consultant_sets_arabic_and_every_family_screen_speaks_it(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Haddad")
    meeting = world.meeting(case, [sarah], [("Samira Haddad", "mama")])
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    desk = laptop.new_page()
    login(desk, sarah)
    desk.goto(f"/dossiers/{case.id}/bewerken")
    expect(desk.locator("html")).to_have_attribute("lang", "nl")  # the desk stays Dutch
    desk.get_by_label("Taal van het gezin").select_option(label="Arabisch")
    desk.get_by_label("Frans", exact=True).check()  # papa reads French
    desk.get_by_role("button", name="Opslaan").click()
    expect(desk).to_have_url(f"{base_url}/dossiers/{case.id}")

    desk.goto(meeting.url)
    desk.get_by_role("button", name="Meekijklink maken").click()
    follow_url = desk.locator("#follow-url").input_value()
    wall = laptop.new_page()
    wall.set_viewport_size({"width": 1920, "height": 1080})
    wall.goto(f"{meeting.url}/projectie")
    question = wall.locator(".shared-board__question").first
    expect(question).to_contain_text("Waar maken we ons zorgen over?")
    expect(question.locator(".other-language")).to_have_text("ما الذي يقلقنا؟")
    expect(wall.locator("html")).to_have_attribute("dir", "ltr")
    screenshot(wall, "arabic-case-projector-1920x1080")

    phone_context = new_phone(browser)
    phone = phone_context.new_page()
    phone.goto(follow_url)
    phone.get_by_role("link", name="العربية").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_text("أنتم تتابعون الاجتماع.")).to_be_visible()
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    screenshot(phone, "arabic-case-follow-375x667")

    with world.app.app_context():  # the plan agreed yesterday: one rule translated, one not
        db.session.add_all([
            PlanRule(case_id=case.id, text="Geen alcohol in huis", position=1,
                     translations={"ar": AR_LINE, "fr": FR_LINE}),
            PlanRule(case_id=case.id, text="Papa belt elke zondag", position=2)])
        save()
    world.agreed(case)
    link = new_family_link(desk, case.id, "voor mama")
    family_context = family_phone(browser)
    family = family_context.new_page()
    family.goto(link)
    expect(family.get_by_role("heading", name="خطتكم")).to_be_visible()
    assert family.evaluate("document.documentElement.dir") == "rtl"
    for language, line, note in (("ar", AR_LINE, "غير مترجم"), ("fr", FR_LINE, "non traduit")):
        translated = family.locator(".shared-item", has_text="Geen alcohol in huis")
        expect(translated.locator(".translation-line")).to_have_text(line)
        expect(translated.locator(".translation-line")).to_have_attribute("lang", language)
        expect(translated.locator(".translation-missing")).to_have_count(0)
        untranslated = family.locator(".shared-item", has_text="Papa belt elke zondag")
        expect(untranslated.locator(".translation-line")).to_have_count(0)
        expect(untranslated.locator(".translation-missing")).to_have_text(note)
        expect(untranslated.locator(".translation-missing")).to_have_attribute("lang", language)
        screenshot(family, f"{language}-family-link-not-translated-375x667")
        if language == "ar":
            family.get_by_role("link", name="Français").click()
            expect(family.locator("html")).to_have_attribute("lang", "fr")
    for context in (family_context, phone_context, laptop):
        context.close()
