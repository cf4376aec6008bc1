"""A danger statement written in the meeting: the sentence grows while the parts are typed,
the consultant rewrites it, and the board shows it as written. Editing an item later keeps
who said it."""

from playwright.sync_api import expect

from .conftest import login, screenshot


def test_the_danger_sentence_is_seen_while_written_and_can_be_rewritten(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Groot")
    meeting = world.meeting(case, [sarah], [("Els Groot", "mama"), ("Maria Janssens", "grootmoeder (oma)")])
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    page = laptop.new_page()
    login(page, sarah)
    page.goto(meeting.url)

    page.get_by_text("Gevaarsinschatting schrijven").click()
    form = page.locator("#danger-form")
    expect(form).to_contain_text("Bijvoorbeeld: papa ’s avonds drinkt en dan roept.")
    expect(form).to_contain_text("Bijvoorbeeld: kunnen Lotte en Milan gewond raken.")
    sentence = form.get_by_label("Zo komt de zin op het scherm")
    form.get_by_label("Of typ wie").fill("de juf en oma")
    form.get_by_label("Over welk gedrag?").fill("Papa 's avonds drinkt")
    form.get_by_label("Wat kan er met het kind gebeuren").fill("kunnen Lotte en Milan gewond raken")
    # One person or more is asked, never guessed from the words; a person picked is one person.
    expect(form.locator(".sentence__ask")).to_contain_text("Is wie je typte één persoon of meer?")
    expect(sentence).to_have_value("")
    form.get_by_label("meer personen").check()
    expect(sentence).to_have_value("De juf en oma maken zich zorgen dat papa 's avonds drinkt. "
                                   "Als er niets verandert, kunnen Lotte en Milan gewond raken.")
    expect(form.locator(".sentence__ask")).to_have_count(0)
    form.get_by_label("Els (mama)").check()
    expect(sentence).to_have_value("Els (mama), de juf en oma maken zich zorgen dat papa 's avonds drinkt. "
                                   "Als er niets verandert, kunnen Lotte en Milan gewond raken.")
    own = ("Els, de juf en oma maken zich zorgen dat papa 's avonds drinkt. "
           "Als er niets verandert, kunnen Lotte en Milan gewond raaken.")  # a typo, fixed below
    sentence.fill(own)
    form.get_by_label("Hoe ziet het gezin het?").fill("Papa vindt het overdreven.")
    form.get_by_label("Of typ wie").fill("de juf en oma Maria")  # a later change keeps the rewrite
    form.get_by_label("Of typ wie").press("Tab")
    expect(sentence).to_have_value(own)
    form.get_by_label("Termijn (bij gevaar)").select_option(label="kort")
    form.get_by_label("Wie zegt het?").select_option(label="Maria Janssens (grootmoeder (oma))")
    form.get_by_role("button", name="Gevaarsinschatting toevoegen").click()
    danger = page.locator("#category-danger li", has_text="papa 's avonds drinkt")
    expect(danger.locator(".item__text")).to_have_text(own)
    expect(page.locator("#pairs")).to_contain_text(own)
    screenshot(page, "danger-sentence")

    # The typo fixed later: who said it stays.
    danger.hover()  # an item's tools show for the item under the mouse or with the focus
    danger.get_by_role("button", name="Bewerken").click()
    editing = page.locator("#category-danger li.item--editing")
    speaker = editing.get_by_label("Wie zegt het?")
    expect(speaker.locator("option:checked")).to_have_text("Maria Janssens (grootmoeder (oma))")
    editing.get_by_label("Tekst").fill(own.replace("raaken", "raken"))
    editing.get_by_role("button", name="Opslaan").click()
    saved = page.locator("#category-danger li", has_text="gewond raken.")
    expect(saved.locator(".item__speaker")).to_have_text("Maria Janssens (grootmoeder (oma))")
    laptop.close()
