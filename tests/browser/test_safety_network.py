"""The safety network at the desk: mark oma as part of it with her promise, see her on the
network map, confirm her promise today, and see the network on the projector."""

from playwright.sync_api import expect

from samenveilig.dates import date_nl, today

from .conftest import assert_accessible, login, screenshot


def test_oma_joins_the_safety_network_appears_on_the_map_and_confirms(page, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Rita Wouters", "oma"), ("Jan Wouters", "papa")])
    login(page, sarah)
    page.goto(f"/dossiers/{case.id}")

    network = page.locator("#network")
    network.locator("li", has_text="Rita Wouters").get_by_role("button", name="Bewerken").click()
    editing = network.locator(".row--editing")
    editing.get_by_label("Hoe dichtbij het kind?").select_option(label="heel dichtbij")
    editing.get_by_label("Hoort bij het veiligheidsnetwerk").check()
    editing.get_by_label("Wat doet deze persoon voor de veiligheid?").fill(
        "Oma Rita haalt de kinderen op woensdag en zaterdag.")
    editing.get_by_role("button", name="Opslaan").click()
    rita = network.locator("li", has_text="Rita Wouters")
    expect(rita).to_contain_text("Veiligheidsnetwerk")
    expect(rita).to_contain_text("Oma Rita haalt de kinderen op woensdag en zaterdag.")
    expect(rita).to_contain_text("Let op: kent de gevaarsinschatting nog niet.")

    page.get_by_role("navigation", name="Dossier").get_by_role("link", name="Veiligheidsnetwerk").click()
    expect(page.get_by_role("heading", name="Veiligheidsnetwerk", exact=True)).to_be_visible()
    on_map = page.locator("#network-map svg g[data-safety='ja']")
    expect(on_map).to_have_count(1)
    expect(on_map).to_contain_text("Rita Wouters")
    expect(page.locator("#network-map svg g[data-safety='nee']")).to_contain_text("Jan Wouters")
    expect(page.get_by_role("table").filter(has_text="Hoe dichtbij")).to_contain_text("heel dichtbij")
    card = page.locator(".safety-member", has_text="Rita Wouters")
    expect(card).to_contain_text("Rita Wouters kent de gevaarsinschatting nog niet")
    expect(card).to_contain_text("Laatst bevestigd: nog nooit")
    assert_accessible(page)

    card.get_by_role("button", name="Bevestigd vandaag").click()
    expect(page.locator(".safety-member", has_text="Rita Wouters")).to_contain_text(
        f"Laatst bevestigd: {date_nl(today())}")
    screenshot(page, "safety-network")

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/overleg/{meeting.id}/projectie/netwerk")
    expect(page.locator("#network-map svg g[data-safety='ja']")).to_contain_text("Rita Wouters")
    expect(page.locator(".present-network__promises")).to_contain_text(
        "Oma Rita haalt de kinderen op woensdag en zaterdag.")
    expect(page.get_by_text("gevaarsinschatting")).to_have_count(0)
    screenshot(page, "safety-network-projector")
    assert_accessible(page)
