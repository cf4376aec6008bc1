"""The slowest phone in the room: 3G (300 ms, 400 kbit/s) and a CPU six times slower. It can
say who it is and score, also before the page's script has arrived (plain forms)."""

from playwright.sync_api import Error, expect

from .conftest import board_with_follow_link, new_phone

SLOW = 15_000  # ms: what a throttled phone may take for one step (each takes 0.5 to 3 s)
THREE_G = {"offline": False, "latency": 300, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def throttled(page):
    """The page on a cheap phone on 3G, as Chromium's DevTools throttle it."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THREE_G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    return cdp


def test_a_phone_on_3g_with_a_slow_cpu_scores_before_and_after_its_script_arrives(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Lien Wouters", "mama"), ("Marc", "opa")])
    laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)
    board.get_by_role("button", name="Schaalronde starten").click()

    phone_context = new_phone(browser)
    phone = phone_context.new_page()
    throttled(phone)
    held, streams = [], []  # the page's script, held back: she is quicker than her phone
    phone.on("request", lambda request: streams.append(request.url) if "/events" in request.url else None)

    def hold(route):
        held.append(route)

    phone.route("**/bundles/phone.*.js", hold)
    phone.goto(follow_url, wait_until="commit")
    phone.get_by_label("Wie ben jij?").select_option(label="Lien Wouters")
    phone.get_by_role("button", name="Dit ben ik").click()
    # A plain form: back on the follow page, at her score, with the page around it.
    expect(phone.locator("#my-score").get_by_text("7", exact=True)).to_be_visible(timeout=SLOW)
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.url.endswith("#my-score")
    assert held, "the script was held back"

    phone.unroute("**/bundles/phone.*.js", hold)
    for route in held:
        try:
            route.continue_()
        except Error:  # asked by the page she left with her plain form
            pass
    expect(phone.locator("html")).to_have_attribute("data-stream", "open", timeout=SLOW)  # its script runs
    assert len(streams) == 2  # one a page: opened before htmx came, and htmx took it over
    phone.locator("#my-score").get_by_text("7", exact=True).click()
    phone.get_by_label("Waarom is het zo hoog?").fill("Opa komt elke dag")
    phone.get_by_role("button", name="Score doorgeven").click()
    expect(phone.get_by_text("Je score is doorgegeven")).to_be_visible(timeout=SLOW)
    expect(board.locator("#scale")).to_contain_text("1 van 3 heeft gescoord", timeout=SLOW)
    laptop.close()
    phone_context.close()
