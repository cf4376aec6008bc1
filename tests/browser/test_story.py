"""Woorden en beelden from the desk to the family's phone: a consultant builds a story with a
built-in figure and the child's own drawing, notes it was discussed with the parents, shares
it, and the family reads it on a phone through the family link."""

import io
from datetime import timedelta

from PIL import Image
from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child, ChildHouseEntry, Drawing

from ..conftest import save
from .conftest import assert_accessible, family_phone, login, new_family_link, screenshot


def child_with_a_drawing(app, case_id: int) -> None:
    out = io.BytesIO()
    picture = Image.new("RGB", (600, 400), (255, 255, 255))
    picture.paste((0, 0, 0), (100, 100, 500, 300))
    picture.save(out, "PNG")
    with app.app_context():
        born = dates.today().replace(year=dates.today().year - 9) - timedelta(days=10)
        child = Child(case_id=case_id, first_name="Noor", date_of_birth=born)
        db.session.add(child)
        db.session.flush()
        db.session.add(ChildHouseEntry(case_id=case_id, child_id=child.id, house="dreams", text="Een huis met een tuin",
                                       talked_on=dates.today(), visibility="family",
                                       drawing=Drawing(mimetype="image/png", width=600, height=400,
                                                       image=out.getvalue(), thumbnail=out.getvalue())))
        save()


def test_a_story_built_at_the_desk_is_read_on_the_familys_phone(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    child_with_a_drawing(live_server.app, case.id)
    desk = browser.new_context(base_url=base_url, locale="nl-BE")
    page = desk.new_page()
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    login(page, sarah)
    page.goto(f"/dossiers/{case.id}")
    page.get_by_role("link", name="Woorden en beelden voor Noor").click()
    page.get_by_role("button", name="Uitleg maken").click()
    expect(page.locator(".story-panel")).to_have_count(6)  # the suggested panels for a child of 9

    add = page.locator("#panel-add")
    add.get_by_label("Wat staat er in dit deel?").fill("Juf Lien op school weet het ook.\nJe mag haar alles vragen.")
    add.get_by_label("Figuur: een school").check()
    add.get_by_role("button", name="Deel toevoegen").click()
    expect(page.locator(".story-panel")).to_have_count(7)
    add = page.locator("#panel-add")
    thumbnail = add.locator("label", has_text="Tekening van het kind: huis van de dromen").locator("img.story-form__thumb")
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") > 0, "the drawing's thumbnail shows beside its choice"
    add.get_by_label("Wat staat er in dit deel?").fill("Dit tekende je zelf: een huis met een tuin.")
    add.get_by_label("Tekening van het kind: huis van de dromen", exact=False).check()
    add.get_by_role("button", name="Deel toevoegen").click()
    drawn = page.locator(".story-panel", has_text="Dit tekende je zelf")
    expect(drawn.get_by_role("img", name="Tekening van Noor")).to_have_js_property("naturalWidth", 600)
    assert_accessible(page)

    page.get_by_label("Met wie?").fill("mama en papa")
    page.get_by_role("button", name="Besproken met de ouders").click()
    expect(page.locator(".story-status")).to_contain_text("besproken met de ouders")
    page.get_by_role("button", name="Delen met het gezin").click()
    expect(page.locator(".story-status")).to_contain_text("gedeeld met het gezin")
    assert asked[-1] == "Deze uitleg op de gezinslink zetten?"  # a plain form asks first (confirm.js)
    screenshot(page, "story-desk")

    link = new_family_link(page, case.id)

    phone_context = family_phone(browser)
    phone = phone_context.new_page()
    phone.goto(link)
    phone.get_by_role("link", name="Uitleg voor Noor").click()
    expect(phone.get_by_role("heading", name="Uitleg voor Noor")).to_be_visible()
    expect(phone.get_by_role("heading", name="Wat zijn de zorgen?")).to_be_visible()
    panels = phone.locator(".story-panel")
    expect(panels).to_have_count(8)
    school = panels.filter(has_text="Juf Lien op school weet het ook.")
    expect(school.get_by_role("img", name="Een school")).to_have_js_property("complete", True)
    assert school.get_by_role("img", name="Een school").evaluate("img => img.naturalWidth") > 0
    drawing = panels.filter(has_text="Dit tekende je zelf")
    expect(drawing.get_by_role("img", name="Tekening van Noor")).to_have_js_property("naturalWidth", 600)
    for block in phone.locator("main .story-panel").all():
        assert block.bounding_box()["width"] <= 375, "nothing scrolls sideways on a phone"
    assert phone_context.cookies() == []
    screenshot(phone, "story-family-phone")
    desk.close()
    phone_context.close()
