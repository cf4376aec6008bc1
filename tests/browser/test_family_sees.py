"""What the family sees: the safety arrangement first on its link and on paper, the thanks
for feedback where the eye is, and on the phones no name chosen beforehand and a thank you
when the meeting closes."""


from playwright.sync_api import expect
from sqlalchemy import func, select

from samenveilig.extensions import db
from samenveilig.models import Feedback, PlanRule

from ..conftest import save
from .conftest import board_with_follow_link, family_phone, login, new_family_link, new_phone, screenshot


def decide(page, answer: str, **fields):
    form = page.locator("#decision-form")
    form.get_by_label(answer, exact=True).check()
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_label("Hoe snel moet de volgende stap?").select_option(label="vandaag")
    form.get_by_role("button", name="Beslissing vastleggen").click()


def test_the_family_sees_its_arrangement_first_and_its_thanks_in_view(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Groot")
    meeting = world.meeting(case, [sarah], [("Maria Janssens", "oma")])
    with live_server.app.app_context():  # a plan long enough to scroll on a phone
        db.session.add_all([PlanRule(case_id=case.id, text=f"Afspraak {n}: we houden ons eraan.") for n in range(12)])
        save()

    desk = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    login(page, sarah)
    page.goto(meeting.url)
    expect(page.locator("#decision-form")).to_contain_text("Dit staat woord voor woord op het grote scherm")
    decide(page, "Nee", **{"Waarom?": "Papa dronk gisteren.",
                           "Wie blijft bij het kind?": "Oma Maria slaapt bij het gezin",
                           "Wat is er afgesproken?": "Papa drinkt niet als de kinderen thuis zijn."})
    expect(page.locator("#decision")).to_contain_text("Acuut onveilig")
    world.close(meeting.id)  # the family link and the printed plan show what the meeting agreed
    link = new_family_link(page, case.id)

    phone_context = family_phone(browser)
    phone = phone_context.new_page()
    phone.goto(link)
    arrangement = phone.locator("#arrangement")
    expect(arrangement).to_be_in_viewport()
    expect(arrangement).to_contain_text("Onze veiligheidsafspraak voor nu")
    expect(arrangement).to_contain_text("Oma Maria slaapt bij het gezin")
    expect(arrangement).to_contain_text("We bekijken het opnieuw op")
    expect(phone.locator("body")).not_to_contain_text("Papa dronk gisteren.")
    screenshot(phone, "family-link-arrangement")

    phone.get_by_label("4: goed").check()
    phone.get_by_label("Wil je nog iets zeggen?").fill("Oma helpt echt.")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_text("Bedankt! Je consulent leest wat je schreef.")).to_be_in_viewport()
    phone.reload()  # a reload of the thanks sends nothing again
    expect(phone.get_by_text("Bedankt! Je consulent leest wat je schreef.")).to_be_in_viewport()
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count(Feedback.id)).where(Feedback.case_id == case.id)) == 1

    page.goto(f"/dossiers/{case.id}/plan/afdrukken")
    expect(page.locator("#arrangement")).to_be_in_viewport()
    expect(page.locator("#arrangement")).to_contain_text("Papa drinkt niet als de kinderen thuis zijn.")
    desk.close()
    phone_context.close()


def test_a_phone_chooses_nobody_beforehand_and_is_thanked_when_the_meeting_closes(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Claes")
    meeting = world.meeting(case, [sarah], [("Lien Claes", "mama"), ("Jens Claes", "papa")])
    laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)
    phone_context = new_phone(browser)
    phone = phone_context.new_page()
    phone.goto(follow_url)

    board.get_by_role("button", name="Schaalronde starten").click()
    who = phone.get_by_label("Wie ben jij?")
    expect(who).to_have_value("")
    phone.get_by_role("button", name="Dit ben ik").click()  # one tap claims nobody
    expect(phone.get_by_text("Kies je naam uit de lijst.")).to_be_visible()
    who.select_option(label="Lien Claes")
    phone.get_by_role("button", name="Dit ben ik").click()
    expect(phone.get_by_text("Lien Claes, welk cijfer geef jij?")).to_be_visible()

    decide(board, "Ja", **{"Waarom?": "Oma is er elke avond."})
    expect(board.locator("#decision")).to_contain_text("Is het kind nu veilig? Ja")
    board.once("dialog", lambda dialog: dialog.accept())
    board.get_by_role("button", name="Overleg afsluiten").click()
    expect(phone.get_by_role("heading", name="Het overleg is afgelopen. Bedankt om mee te denken.")).to_be_visible()
    expect(phone.locator("body")).to_contain_text("Neem contact op met Sarah Peeters, je consulent.")
    expect(phone.locator("body")).not_to_contain_text("Deze link werkt niet")
    screenshot(phone, "follow-link-ended")
    laptop.close()
    phone_context.close()
