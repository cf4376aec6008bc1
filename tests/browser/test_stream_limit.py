"""A projector that finds the server full (503 past LIVE_MAX_STREAMS) says it is reconnecting,
opens its stream again once there is room, and then follows the meeting as before."""

from playwright.sync_api import expect

from .conftest import login


def test_a_refused_stream_shows_reconnecting_and_comes_back(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    meeting = world.meeting(world.case(sarah, family_name="Wouters"), [sarah], [("Lien Wouters", "mama")])
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    board = context.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    expect(board.locator("#quick-text")).to_be_visible()

    slots = live_server.app.extensions["live_slots"]
    limit = slots.limit
    slots.limit = 0  # full: every new stream is answered 503
    try:
        projector = context.new_page()
        projector.goto(f"{meeting.url}/projectie")
        notice = projector.locator("#notices [data-connection]")
        expect(notice).to_have_text("Opnieuw verbinden…")
        expect(notice).to_have_attribute("role", "status")
    finally:
        slots.limit = limit
    expect(notice).to_have_count(0, timeout=15_000)  # the stream is open again

    board.locator("#quick-text").fill("Lien vraagt hulp aan haar zus")
    board.locator("#quick-add button[type=submit]").click()
    expect(projector.get_by_text("Lien vraagt hulp aan haar zus")).to_be_visible()
    context.close()
