"""A projector that holds 100 items at 1920x1080: the page fits the screen, each column
scrolls on its own, counts its items and says how many more follow, and a new item comes
into view; the progress chart in projector sizes."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Meeting, NetworkMember, Participant, ScaleRound, ScaleScore

from ..conftest import save
from .board_fill import fill_board
from .conftest import assert_accessible, login


def test_100_items_fit_the_projector_and_a_new_one_comes_into_view(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Wouters")
    meeting = world.meeting(case, [sarah], [("Els Groot", "mama")])
    fill_board(world.app, meeting.id, 100, words=12)
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 900})
    board = laptop.new_page()
    login(board, sarah)
    board.goto(meeting.url)
    board.get_by_role("button", name="Meekijklink maken").click()
    expect(board.locator("#follow-url")).to_be_visible()
    projector = laptop.new_page()
    projector.set_viewport_size({"width": 1920, "height": 1080})
    projector.goto(f"{meeting.url}/projectie")
    expect(projector.locator(".shared-item")).to_have_count(100)

    # Its controls are as big as the rest: text of 24 px at least, targets of 24 px at least.
    for control in (projector.get_by_text("Meekijken op je gsm"), projector.get_by_role("button", name="Volledig scherm"),
                    projector.get_by_role("link", name="Analyse")):
        box = control.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
        assert float(control.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 24

    size = projector.evaluate("""({height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,
        columns: Array.from(document.querySelectorAll('.shared-board__column')).map(c => c.scrollHeight),
        text: getComputedStyle(document.querySelector('.shared-item__text')).fontSize})""")
    print(f"\nprojector with 100 items at 1920x1080: page {size['height']} px high, {size['width']} px wide, "
          f"columns {size['columns']} px of content, item text {size['text']}")
    assert size["height"] <= 1080 and size["width"] <= 1920  # was 4,911 px high with 85 items
    assert size["text"] == "28px"
    assert max(size["columns"]) > 1080  # the content is longer than the screen: the columns scroll

    # Each column says how many items it holds and how many more follow below.
    first = projector.locator(".shared-board__column").first
    count, more = first.locator("[data-column-count]"), first.locator("[data-more]")
    expect(count).to_have_text("(56)")  # its five categories
    expect(more).to_be_visible()
    expect(more).to_have_text(re.compile(r"^nog \d+ ↓$"))
    below = int(re.search(r"\d+", more.inner_text()).group())
    assert 10 < below < 56, below
    assert_accessible(projector)  # a column that scrolls can take the focus, by its name

    # Light-up and smooth scrolling, unless the system asks for less motion: then what is new is
    # marked for as long without a fade, and a column jumps to it.
    motion = """() => { const item = document.querySelector('.shared-item'); item.classList.add('is-new');
        const style = getComputedStyle(item), column = document.querySelector('.shared-board__column');
        const seen = {animation: style.animationName, timing: style.animationTimingFunction,
                      scroll: getComputedStyle(column).scrollBehavior};
        item.classList.remove('is-new'); return seen; }"""
    assert projector.evaluate(motion) == {"animation": "lit-up", "timing": "ease-out", "scroll": "smooth"}
    projector.emulate_media(reduced_motion="reduce")
    assert projector.evaluate(motion) == {"animation": "lit-up-still", "timing": "steps(1)", "scroll": "auto"}

    # A new item at the end of the long first column comes into view on the projector.
    board.locator("#quick-text").fill("Oma Maria slaapt voortaan bij het gezin")
    board.keyboard.press("Escape")
    board.keyboard.press("3")  # Impact op het kind: the last category of the first column
    board.locator("#quick-text").press("Enter")
    new = projector.locator("#category-impact .shared-item", has_text="Oma Maria slaapt")
    expect(new).to_be_in_viewport()
    assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
    expect(count).to_have_text("(57)")
    first.focus()
    projector.keyboard.press("End")  # scrolled to the end: nothing more follows
    expect(more).to_be_hidden()
    projector.keyboard.press("Home")
    expect(more).to_have_text(re.compile(r"^nog \d+ ↓$"))
    expect(more).to_be_visible()
    laptop.close()


def revealed_rounds(app, case_id, meeting_id, scores: list[int]) -> None:
    """Earlier meetings of the case, each with a revealed round where oma scored."""
    with app.app_context():
        oma = db.session.scalars(db.select(NetworkMember).where(NetworkMember.case_id == case_id)).first()
        for n, score in enumerate(scores):
            earlier = Meeting(case_id=case_id, kind="review", status="closed",
                              held_on=dates.today() - timedelta(days=30 * (len(scores) - n)))
            earlier.participants.append(Participant(network_member_id=oma.id, name=oma.name, relation=oma.relation))
            db.session.add(earlier)
            db.session.flush()
            scale_round = ScaleRound(meeting_id=earlier.id, status="revealed")
            db.session.add(scale_round)
            db.session.flush()
            db.session.add(ScaleScore(round_id=scale_round.id, participant_id=earlier.participants[0].id, score=score))
        save()


def test_the_projector_chart_uses_projector_sizes_and_shows_whole_names(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Janssens")
    meeting = world.meeting(case, [sarah], [("Maria Janssens", "grootmoeder (oma)")])
    revealed_rounds(world.app, case.id, meeting.id, [3, 6])
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1920, "height": 1080})
    projector = context.new_page()
    login(projector, sarah)
    projector.goto(f"{meeting.url}/projectie/analyse")
    legend = projector.locator(".progress-chart__legend li", has_text="Maria (grootmoeder)")
    expect(legend).to_be_visible()
    sizes = projector.evaluate("""(() => {
        const svg = document.querySelector('.present .progress-chart__svg');
        const scale = svg.getBoundingClientRect().width / 760;
        const tick = parseFloat(getComputedStyle(svg.querySelector('text')).fontSize) * scale;
        const li = document.querySelector('.progress-chart__legend li');
        return {tick: tick, legend: getComputedStyle(li).fontSize,
                legendRight: li.getBoundingClientRect().right, clipped: li.scrollWidth > li.clientWidth + 1,
                labelsInSvg: svg.querySelectorAll('text').length};
    })()""")
    print(f"\nprojector chart: axis text {sizes['tick']:.1f} px on screen, legend {sizes['legend']}")
    assert sizes["tick"] >= 26 and sizes["legend"] == "28px"
    assert sizes["legendRight"] <= 1920 and not sizes["clipped"]
    expect(projector.locator(".progress-chart__svg text", has_text="Maria Janssens")).to_have_count(0)
    context.close()
