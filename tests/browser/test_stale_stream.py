"""A follow link whose stream went quiet without closing (a phone that slept, a Wi-Fi that lost
its route) does not look live: it says "Opnieuw verbinden…", opens its stream anew and
catches up what changed meanwhile. Its stream opens before htmx arrives and loses nothing."""

from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import expect

from ..proxy import HoldingProxy
from .conftest import board_with_follow_link, new_phone, quick_add

STYLES = """async (href) => {
    if (href) {  // the stylesheet the page carries in its <head> gives way to this one
        const own = document.querySelector('head style'), link = document.createElement('link');
        await new Promise((done) => { link.onload = done; link.rel = 'stylesheet'; link.href = href; document.head.append(link); });
        own.remove();
    }
    return Array.from(document.querySelectorAll('body *')).map((element) => {
        const style = getComputedStyle(element);
        return element.tagName + ' ' + Array.from(style).map((name) => style.getPropertyValue(name)).join(';');
    });
}"""


def computed_styles(page, stylesheet: str | None) -> list[str]:
    """Every element's computed style, with the page's own stylesheet or this one instead."""
    return page.evaluate(STYLES, stylesheet)


def test_a_quiet_stream_is_reopened_and_catches_up(browser, base_url, world, live_server):
    config = live_server.app.config
    ping = config["LIVE_PING_SECONDS"]
    config["LIVE_PING_SECONDS"] = 0.4  # streams and pages opened from now on
    proxy = HoldingProxy(urlsplit(base_url).port)
    try:
        sarah = world.user("Sarah Peeters")
        meeting = world.meeting(world.case(sarah, family_name="Wouters"), [sarah], [("Lien Wouters", "mama")])
        laptop, board, follow_url = board_with_follow_link(browser, base_url, sarah, meeting)
        parts = urlsplit(follow_url)
        phone_context = new_phone(browser)
        phone = phone_context.new_page()
        phone.goto(urlunsplit(parts._replace(netloc=f"127.0.0.1:{proxy.port}")))
        expect(phone.locator("html")).to_have_attribute("data-stream", "open")
        expect(phone.locator(".live")).to_have_attribute("data-ping-ms", "400")

        proxy.hold()  # nothing closes: the bytes just stop
        notice = phone.locator("#notices [data-connection]")
        expect(notice).to_have_text("Opnieuw verbinden…")
        expect(phone.locator("html")).to_have_attribute("data-stream", "reconnecting")
        quick_add(board, "Oma haalt de kinderen op woensdag", "6", speaker="Lien")
        expect(board.get_by_text("Oma haalt de kinderen op woensdag")).to_be_visible()

        proxy.release()
        expect(phone.get_by_text("Oma haalt de kinderen op woensdag")).to_be_visible()
        expect(notice).to_have_count(0)
        expect(phone.locator("html")).to_have_attribute("data-stream", "open")

        # Its own small stylesheet: the page looks as it does with the whole app's, folds open.
        for fold in phone.locator("details.follow-fold").all():
            fold.locator("summary").click()
        expect(phone.locator(".on-demand")).to_have_count(0)  # their regions come when they open
        assert computed_styles(phone, None) == computed_styles(phone, "/static/css/samenveilig.css")

        # Another phone's stream opens before its htmx has arrived; an edit pushed in that moment
        # is not lost: htmx opens a stream of its own from the page's version and shows it.
        late = phone_context.new_page()
        held, streams = [], []
        late.on("request", lambda request: streams.append(request.url) if "/events" in request.url else None)
        late.route("**/bundles/phone.*.js", lambda route: held.append(route))
        late.goto(follow_url, wait_until="commit")
        late.wait_for_function("() => window.samenveiligEarlyStream && window.samenveiligEarlyStream.source.readyState === 1")
        assert len(streams) == 1 and held  # open without htmx
        quick_add(board, "Opa brengt de kinderen naar school", "6", speaker="Lien")
        late.wait_for_function("() => window.samenveiligEarlyStream && window.samenveiligEarlyStream.missed")
        for route in held:
            route.continue_()
        late.unroute("**/bundles/phone.*.js")
        expect(late.get_by_text("Opa brengt de kinderen naar school")).to_be_visible()
        assert len(streams) == 2  # a new stream, from the page's version
        laptop.close()
        phone_context.close()
    finally:
        config["LIVE_PING_SECONDS"] = ping
        proxy.close()
