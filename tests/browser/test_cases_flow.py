"""A consultant's first morning: log in, open a case, add the family, fix a mistake, log out."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login, screenshot


def test_consultant_builds_a_case_and_a_colleague_cannot_see_it(page, world):
    sarah = world.user("Sarah Peeters")
    tom = world.user("Tom Janssens")
    login(page, sarah)
    expect(page.get_by_role("heading", name="Mijn dossiers")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nieuw dossier").click()
    page.get_by_label("Gezinsnaam of alias").fill("Claes")
    page.get_by_label("Dienst").select_option("SDJ")
    page.get_by_role("button", name="Dossier aanmaken").click()
    expect(page.get_by_role("heading", name="Gezin Claes")).to_be_visible()
    case_url = page.url

    children = page.locator("#children")
    children.get_by_label("Voornaam").fill("Lotte")
    children.get_by_label("Geboortedatum").fill("2018-03-14")
    children.get_by_role("button", name="Kind toevoegen").click()
    expect(children.locator(".rows")).to_contain_text("Lotte")
    expect(children.get_by_label("Voornaam")).to_have_value("")

    network = page.locator("#network")
    for name, relation, phone in [("Sofie Claes", "mama", "0471 12 34 56"), ("Rita Claes", "oma", "")]:
        network.get_by_label("Naam").fill(name)
        network.get_by_label("Relatie tot het kind").fill(relation)
        network.get_by_label("Telefoon").fill(phone)
        network.get_by_role("button", name="Toevoegen").click()
        expect(network.locator(".rows")).to_contain_text(name)

    # A mistake: the error appears next to the field, and what was typed stays.
    network.get_by_label("Naam").fill("Buurvrouw Nadia")
    network.get_by_label("Telefoon").fill("bel me maar")
    network.get_by_role("button", name="Toevoegen").click()
    relation = network.get_by_label("Relatie tot het kind")
    expect(relation).to_have_attribute("aria-invalid", "true")
    expect(network.locator("#new-network_member-relation-error")).to_have_text("Vul de relatie tot het kind in.")
    expect(network.get_by_label("Naam")).to_have_value("Buurvrouw Nadia")
    expect(network.locator("#new-network_member-phone-error")).to_contain_text("telefoonnummer")
    assert_accessible(page)
    screenshot(page, "case-with-validation-error")

    # Inline edit with Escape to cancel, then a real edit.
    row = network.locator("li", has_text="Rita Claes")
    row.get_by_role("button", name="Bewerken").click()
    editing = network.locator(".row--editing")
    expect(editing.get_by_label("Naam")).to_be_focused()
    editing.get_by_label("Naam").press("Escape")
    expect(network.locator(".row--editing")).to_have_count(0)
    network.locator("li", has_text="Rita Claes").get_by_role("button", name="Bewerken").click()
    network.locator(".row--editing").get_by_label("Telefoon").fill("0473 11 22 33")
    network.locator(".row--editing").get_by_role("button", name="Opslaan").click()
    expect(network.locator("li", has_text="Rita Claes")).to_contain_text("0473 11 22 33")

    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.locator(".history")).to_contain_text("voegde een kind toe")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()

    login(page, tom)
    response = page.goto(case_url)
    assert response.status == 404
    expect(page.get_by_role("heading", name="Niet gevonden")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Claes")


def test_the_administrators_user_table_stays_inside_its_column(page, world):
    """With long names and addresses the table fits the page's column on a laptop, and on a
    narrow window only the table's own box scrolls, never the page."""
    admin = world.user("Beheer Samenveilig", role="admin")
    world.user("Marie-Christine Vandenbroucke-Van Den Eynde")
    login(page, admin)
    fits = """() => {
        const main = document.querySelector("main"), table = document.querySelector("main table");
        const style = getComputedStyle(main);
        const right = main.getBoundingClientRect().right - parseFloat(style.paddingRight);
        return {table: table.getBoundingClientRect().right, column: right,
                page: document.documentElement.scrollWidth, window: window.innerWidth};
    }"""
    for width in (1280, 700):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/beheer/gebruikers")
        expect(page.get_by_role("heading", name="Gebruikers", exact=True)).to_be_visible()
        sizes = page.evaluate(fits)
        assert sizes["page"] <= sizes["window"], sizes
        if width == 1280:
            assert sizes["table"] <= sizes["column"] + 0.5, sizes
    screenshot(page, "users-narrow")
