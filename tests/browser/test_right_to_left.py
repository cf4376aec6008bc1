"""Arabic reads from right to left: the family's phone and the projector lay out mirrored.
The checks rest on structure (dir, computed direction, boxes), not on the translations, and
each screen is kept as a screenshot named for it."""

import struct

from samenveilig.extensions import db
from samenveilig.models import Case, MappingItem

from ..conftest import save
from .conftest import ARTIFACTS, family_phone, login, new_family_link

PHONE = {"width": 375, "height": 667}
PROJECTOR = {"width": 1920, "height": 1080}
LAYOUT = """() => {
  const heading = document.querySelector('h1').getBoundingClientRect();
  return {dir: document.documentElement.dir,
          direction: getComputedStyle(document.body).direction,
          headingDirection: getComputedStyle(document.querySelector('h1')).direction,
          headingRight: heading.right, headingLeft: heading.left,
          textRight: (() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));
                              return r.getBoundingClientRect().right; })(),
          viewport: document.documentElement.clientWidth,
          scrollWidth: document.documentElement.scrollWidth};
}"""


# What someone typed in Dutch, ending in signs that have no direction of their own: on an
# Arabic page they must stay where the Dutch puts them, "." at the right end.
GOAL = "De kinderen slapen thuis (zes maanden lang, ook in de weekends)."
RECIPIENT = "voor mama (Layla)."
# Where the typed text stands in the page: the element around it, its direction and the boxes of
# its first and last characters.
TYPED_ORDER = """(text) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.data.includes(text)) node = walker.nextNode();
  if (!node) return null;
  const start = node.data.indexOf(text), end = start + text.length;
  const box = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                       return r.getBoundingClientRect(); };
  const whole = document.createRange(); whole.setStart(node, start); whole.setEnd(node, end);
  const element = node.parentElement;
  return {tag: element.localName, dir: element.getAttribute('dir'), direction: getComputedStyle(element).direction,
          around: getComputedStyle(element.parentElement).direction,
          firstLeft: box(start).left, lastRight: box(end - 1).right, beforeLastRight: box(end - 2).right,
          left: whole.getBoundingClientRect().left, right: whole.getBoundingClientRect().right};
}"""


def assert_in_typed_order(order: dict | None):
    """Isolated (a `<bdi>` that says "ltr") in a right-to-left page, and read left to right: the
    first character at the left end, the last (".") at the right end, after the ")"."""
    assert order is not None, "the typed text is on the page"
    assert (order["tag"], order["dir"], order["direction"], order["around"]) == ("bdi", "ltr", "ltr", "rtl"), order
    assert abs(order["firstLeft"] - order["left"]) < 1 and abs(order["lastRight"] - order["right"]) < 1, order
    assert order["lastRight"] > order["beforeLastRight"], order


def arabic_case(world, consultant):
    case = world.case(consultant, family_name="Haddad")
    with world.app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        save()
    return case


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def keep(page, tmp_path, name: str, record_property):
    """The screen as a PNG in the test's folder (and with the test artifacts), checked."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / path.name).write_bytes(path.read_bytes())
    record_property(name, str(path))
    size = page.viewport_size
    assert path.stat().st_size > 1000
    assert png_size(path) == (size["width"], size["height"])
    return path


def assert_right_to_left(layout: dict, edge: float):
    assert layout["dir"] == "rtl"
    assert layout["direction"] == layout["headingDirection"] == "rtl"
    # The heading's text starts at the right: its right edge near the viewport's.
    assert layout["viewport"] - layout["textRight"] <= edge, layout
    assert layout["textRight"] - layout["headingLeft"] > 0


def test_an_arabic_family_reads_their_plan_right_to_left_on_a_phone(browser, base_url, world, tmp_path,
                                                                     record_property):
    sarah = world.user("Sarah Peeters")
    case = arabic_case(world, sarah)
    agreed = world.meeting(case, [sarah], [("Layla Haddad", "mama")])  # a Dutch goal, as agreed
    with world.app.app_context():
        db.session.add(MappingItem(meeting_id=agreed.id, category="safety_goal", text=GOAL, visibility="family"))
        save()
    world.close(agreed.id)
    desk = browser.new_context(base_url=base_url, locale="nl-BE")
    page = desk.new_page()
    login(page, sarah)
    link = new_family_link(page, case.id, RECIPIENT)
    desk.close()

    phone = family_phone(browser)
    page = phone.new_page()
    assert page.viewport_size == PHONE
    page.goto(link)
    layout = page.evaluate(LAYOUT)
    recipient = page.evaluate(TYPED_ORDER, RECIPIENT)
    goal = page.evaluate(TYPED_ORDER, GOAL)
    keep(page, tmp_path, "family-link-ar-375x667", record_property)
    phone.close()
    assert_right_to_left(layout, edge=40)
    assert_in_typed_order(recipient)
    assert_in_typed_order(goal)  # not "(zes maanden .lang, ..." on the Arabic family screen
    assert layout["scrollWidth"] <= layout["viewport"], "no sideways scrolling on the phone"


def test_the_projector_in_arabic_lays_out_right_to_left(browser, base_url, world, tmp_path, record_property):
    sarah = world.user("Sarah Peeters")
    case = arabic_case(world, sarah)
    meeting = world.meeting(case, [sarah], [("Layla Haddad", "mama")])
    with world.app.app_context():
        db.session.add(MappingItem(meeting_id=meeting.id, category="safety_goal", text=GOAL, visibility="family"))
        save()
    wall = browser.new_context(base_url=base_url, locale="nl-BE", viewport=PROJECTOR)
    page = wall.new_page()
    login(page, sarah)
    page.goto(f"{meeting.url}/projectie?taal=ar")
    layout = page.evaluate(LAYOUT)
    first_column = page.evaluate("""() => {
        const columns = Array.from(document.querySelectorAll('.shared-board__column'));
        return columns.length ? columns[0].getBoundingClientRect().right : null; }""")
    keep(page, tmp_path, "projector-ar-1920x1080", record_property)
    page.goto(f"{meeting.url}/projectie/plan?taal=ar")
    goal = page.evaluate(TYPED_ORDER, GOAL)
    keep(page, tmp_path, "projector-plan-ar-1920x1080", record_property)
    wall.close()
    assert_in_typed_order(goal)
    assert_right_to_left(layout, edge=120)
    assert layout["scrollWidth"] <= layout["viewport"]
    # The board's first column stands at the right, where an Arabic reader starts.
    assert first_column is not None and first_column > PROJECTOR["width"] / 2
