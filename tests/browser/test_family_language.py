"""An Arabic-speaking parent reads the family's plan on a phone, right to left, and switches to
Dutch and back with the language picker: links only, no script, no cookie."""

from playwright.sync_api import expect

from samenveilig.extensions import db
from samenveilig.models import Case, PlanAction

from ..conftest import save
from .conftest import assert_accessible, family_phone, login, new_family_link, screenshot


def test_an_arabic_parent_reads_the_plan_right_to_left_and_switches_language(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Haddad")
    with live_server.app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        db.session.add(PlanAction(case_id=case.id, what="Oma Rita haalt de kinderen op na school"))
        save()
    world.agreed(case)  # the family link shows the plan as the last closed meeting agreed it
    desk = browser.new_context(base_url=base_url, locale="nl-BE")
    page = desk.new_page()
    login(page, sarah)
    link = new_family_link(page, case.id, "voor mama")

    phone_context = family_phone(browser)
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="خطتكم")).to_be_visible()
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    expect(phone.locator("body")).to_contain_text("Oma Rita haalt de kinderen op na school")
    picker = phone.get_by_role("navigation", name="اللغة")
    expect(picker.get_by_role("link").first).to_have_text("العربية")
    for block in phone.locator("main > *, nav").all():
        box = block.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, "nothing scrolls sideways on a phone"
    screenshot(phone, "family-link-arabic-phone")

    picker.get_by_role("link", name="Nederlands").click()
    expect(phone.get_by_role("heading", name="Jullie plan")).to_be_visible()
    assert phone.evaluate("document.documentElement.dir") == "ltr"
    assert "taal=nl" in phone.url
    phone.get_by_label("4: goed").check()
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_text("Bedankt! Je consulent leest wat je schreef.")).to_be_visible()
    assert "taal=nl" in phone.url  # the choice survives the form, without a cookie

    phone.get_by_role("navigation", name="Taal").get_by_role("link", name="العربية").click()
    expect(phone.get_by_role("heading", name="خطتكم")).to_be_visible()
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    assert phone_context.cookies() == []

    checker = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    accessible = checker.new_page()
    accessible.goto(link)  # axe needs script in the page; the parent's phone did not
    assert_accessible(accessible)
    checker.close()
    desk.close()
    phone_context.close()
