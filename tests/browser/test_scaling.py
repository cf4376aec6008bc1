"""A blind scaling round: two scores typed on the laptop, one on a phone, the projector
counting who has scored, then the reveal on every screen at once."""

from playwright.sync_api import expect

from .conftest import assert_accessible, login, screenshot


def test_a_blind_scaling_round_and_its_reveal(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Claes")
    meeting = world.meeting(case, [sarah], [("Lien Claes", "mama"), ("Jens Claes", "papa"), ("Marc", "opa")])

    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = laptop.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{meeting.url}/projectie/analyse")
    board.get_by_role("button", name="Meekijklink maken").click()
    follow_url = board.locator("#follow-url").input_value()
    phone_context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, locale="nl-BE")
    phone = phone_context.new_page()
    phone.goto(follow_url)

    board.get_by_role("button", name="Schaalronde starten").click()
    expect(projector.locator("#scale")).to_contain_text("0 van 4 hebben gescoord")
    expect(phone.get_by_label("Wie ben jij?")).to_be_visible()

    # Mama picks her name on her phone; before she presses "Dit ben ik", the others score and
    # her part of the page is refreshed live: the name she chose stays chosen.
    phone.get_by_label("Wie ben jij?").select_option(label="Lien Claes")
    scores = board.locator("#score-form")
    for name, score, why in [("Sarah Peeters (consulent)", "4", "Opa is er elke avond"),
                             ("Jens Claes (papa)", "6", "We praten er nu over")]:
        scores.get_by_label("Wie scoort?").select_option(label=name)
        scores.get_by_label("Score (0 tot 10)").fill(score)
        scores.get_by_label("Waarom is het zo hoog?").fill(why)
        scores.get_by_role("button", name="Score bewaren").click()
        expect(scores.get_by_label("Score (0 tot 10)")).to_have_value("")
    expect(projector.locator("#scale")).to_contain_text("2 van 4 hebben gescoord")

    expect(phone.locator("#my-score")).to_have_attribute("data-stale", "")  # the refresh waits for her
    expect(phone.get_by_label("Wie ben jij?").locator("option:checked")).to_have_text("Lien Claes")
    phone.get_by_role("button", name="Dit ben ik").click()
    phone.get_by_text("7", exact=True).click()
    phone.get_by_label("Waarom is het zo hoog?").fill("De kinderen gaan graag naar opa")
    phone.get_by_role("button", name="Score doorgeven").click()
    expect(phone.get_by_text("Je score is doorgegeven")).to_be_visible()
    expect(projector.locator("#scale")).to_contain_text("3 van 4 hebben gescoord")
    expect(board.locator("#scale")).to_contain_text("3 van 4 hebben gescoord")
    for page in (projector, phone, board):
        expect(page.locator("#scale svg.scale-line")).to_have_count(0)
        assert "Opa is er elke avond" not in page.content()
    assert_accessible(projector)
    screenshot(projector, "scale-blind-projector")

    board.once("dialog", lambda dialog: dialog.accept())  # not everyone scored: it asks first
    board.get_by_role("button", name="Scores tonen").click()
    for page in (projector, phone, board):
        expect(page.locator("#scale svg.scale-line")).to_be_visible()
    expect(projector.locator("#scale")).to_contain_text("Lien (mama): 7")
    expect(projector.locator("#scale")).to_contain_text("Jens (papa): 6")
    expect(phone.locator("#scale")).to_contain_text("Opa is er elke avond")
    # On the laptop the scale's numbers and names read as well as the text around them.
    sizes = board.evaluate("""Array.from(document.querySelectorAll('#scale svg.scale-line text')).map(t => {
        const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    print(f"\nscale on the laptop at 1440 px: text {min(sizes):.1f} to {max(sizes):.1f} px")
    assert len(sizes) == 14 and min(sizes) >= 16  # 0 to 10, and three names
    assert_accessible(phone)
    screenshot(projector, "scale-revealed-projector")
    screenshot(phone, "scale-revealed-phone")
    laptop.close()
    phone_context.close()
