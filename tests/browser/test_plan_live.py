"""The plan is built live in the meeting: the projector's plan tab follows every change."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login, screenshot


def test_the_plan_tab_updates_live_on_the_projector(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Peeters")
    meeting = world.meeting(case, [sarah], [("Rita Claes", "oma"), ("Sofie Peeters", "mama")])

    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    plan = laptop.new_page()
    login(plan, sarah)
    plan.goto(f"{meeting.url}/plan")
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{meeting.url}/projectie/plan")
    projector.evaluate("window.notReloaded = true")

    actions = plan.locator("#add-acties")
    actions.get_by_label("Wat gaat er gebeuren?").fill("Oma belt elke avond om acht uur")
    actions.get_by_label("Wat gaat er gebeuren?").press("Enter")
    expect(plan.locator("#plan-actions")).to_contain_text("Oma belt elke avond")
    expect(projector.locator("#shared-plan")).to_contain_text("Oma belt elke avond")

    plan.locator("#plan-actions li", has_text="Oma belt").get_by_role("button", name="Bewerken").click()
    editing = plan.locator("#plan-actions .plan-entry--editing")
    editing.get_by_label("Rita Claes (oma)").check()
    editing.get_by_label("Of: hoe vaak?").fill("elke avond")
    editing.get_by_role("button", name="Opslaan").click()
    expect(projector.locator("#shared-plan")).to_contain_text("Rita (oma) · elke avond")

    rules = plan.locator("#add-afspraken")
    rules.get_by_label("Afspraak").fill("Geen alcohol in huis als de kinderen er zijn")
    rules.get_by_label("Afspraak").press("Enter")
    signs = plan.locator("#add-signalen")
    signs.get_by_label("Signaal").fill("Mama neemt 's avonds niet op")
    signs.get_by_label("Wat doet wie dan?").fill("Oma gaat meteen langs")
    signs.get_by_role("button", name="Signaal toevoegen").click()
    expect(projector.locator("#shared-plan")).to_contain_text("Geen alcohol in huis")
    expect(projector.locator("#shared-plan")).to_contain_text("Oma gaat meteen langs")

    plan.locator("#plan-rules li", has_text="Geen alcohol").get_by_role("button", name="Verwijderen").click()
    expect(projector.locator("#shared-plan")).not_to_contain_text("Geen alcohol in huis")
    assert projector.evaluate("window.notReloaded") is True
    assert_accessible(plan)
    screenshot(plan, "plan-tab")
    screenshot(projector, "plan-projector")
    laptop.close()
