"""The safety network at the desk: mark oma as part of it with her promise, see her on the
network map, confirm her promise today, and see the network on the projector."""

from datetime import date

from playwright.sync_api import expect

from samenveilig.dates import date_nl, today
from samenveilig.extensions import db
from samenveilig.models import Child, NetworkMember

from ..conftest import save
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
    expect(card).to_contain_text("Nog niet bevestigd.")
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
    # The map's words are read from four metres: 24 px at least on the screen, dark on white.
    drawn = page.evaluate("""() => {
        const svg = document.querySelector('#network-map svg');
        const scale = svg.getBoundingClientRect().height / svg.viewBox.baseVal.height;
        return Array.from(svg.querySelectorAll('text')).map(t => ({text: t.textContent,
            px: parseFloat(getComputedStyle(t).fontSize) * scale, fill: getComputedStyle(t).fill}));
    }""")
    small = [(t["text"], round(t["px"], 1)) for t in drawn if t["px"] < 24]
    assert not small, small
    assert {t["fill"] for t in drawn} <= {"rgb(27, 34, 39)", "rgb(0, 0, 0)"}  # --ink or black on white: 16:1 and more
    screenshot(page, "safety-network-projector")
    assert_accessible(page)


# The boxes Chromium draws: each person's mark (with its edge) and the two lines of their name,
# the rings' names and the children's circle.
DRAWN_BOXES = """svg => {
  const boxes = [];
  const add = (el, owner, kind) => {
    const b = el.getBBox(), edge = kind === "mark" ? Number(el.getAttribute("stroke-width") || 0) / 2 : 0;
    boxes.push({owner, kind, text: el.textContent || el.tagName,
                l: b.x - edge, t: b.y - edge, r: b.x + b.width + edge, b: b.y + b.height + edge});
  };
  svg.querySelectorAll("g[data-member]").forEach(g => {
    add(g.querySelector(":scope > rect, :scope > circle"), g.dataset.member, "mark");
    g.querySelectorAll(":scope > text").forEach(el => add(el, g.dataset.member, "label"));
  });
  svg.querySelectorAll(":scope > text.network-map__ring").forEach((el, i) => add(el, "ring" + i, "ring"));
  add(svg.querySelector(".network-map__children circle"), "children", "mark");
  const view = svg.viewBox.baseVal;
  return {boxes, view: {l: view.x, t: view.y, r: view.x + view.width, b: view.y + view.height}};
}"""


def assert_nothing_covered(page) -> int:
    drawn = page.locator("#network-map svg").evaluate(DRAWN_BOXES)
    boxes, view = drawn["boxes"], drawn["view"]
    covered = []
    for n, a in enumerate(boxes):
        assert view["l"] <= a["l"] and a["r"] <= view["r"] and view["t"] <= a["t"] and a["b"] <= view["b"], a
        for b in boxes[n + 1:]:
            if a["owner"] == b["owner"] and a["kind"] == b["kind"] == "label":
                continue  # a name and the line under it
            if a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]:
                covered.append(f"{a['text']!r} and {b['text']!r}")
    assert not covered, covered
    return len(boxes)


def test_no_name_on_the_network_map_covers_a_mark_or_another_name(page, world, live_server):
    """The demo's network (a square covered "mama" there) and a crowded one of 15 people, as
    Chromium draws them: no name covers a mark, a ring's name, the children or another name."""
    from samenveilig import demo

    sarah = world.user("Sarah Peeters")
    el_amrani = next(f for f in demo.FAMILIES if f["family_name"] == "El Amrani")
    crowded = [(f"{first} {last}", relation, closeness, n % 3 == 0) for n, (first, last, relation, closeness) in
               enumerate([("Fatima", "El Amrani", "mama", "very_close"), ("Ruben", "Goossens", "partner van mama", "very_close"),
                          ("Samira", "El Amrani", "tante (zus van mama)", "very_close"), ("Rita", "Claes", "oma", "very_close"),
                          ("Jan", "Claes", "opa", "very_close"), ("Hanne", "Verbruggen", "mama van Lise", "close"),
                          ("Pieter", "Wouters", "CLB-medewerker", "close"), ("Ann", "De Smet", "juf", "close"),
                          ("Nadia", "Benali", "buurvrouw", "close"), ("Kevin", "Maes", "nonkel", "close"),
                          ("Sofie", "Peeters", "meter", "close"), ("Mohamed", "El Amrani", "opa (papa's kant)", "further"),
                          ("Els", "Vos", "trainer voetbal", "further"), ("Tom", "Janssens", "huisarts", "further"),
                          ("Lien", "Vandenbroucke-Wauters", "buurvrouw van oma", "further")])]
    demo_network = [(name, relation, demo.SAFETY_NETWORK[name]["closeness"],
                     demo.SAFETY_NETWORK[name].get("in_safety_network", False))
                    for name, relation, *_ in el_amrani["network"]]
    login(page, sarah)
    for family, members in (("El Amrani", demo_network), ("Druk", crowded)):
        case = world.case(sarah, family_name=family)
        with live_server.app.app_context():
            db.session.add(Child(case_id=case.id, first_name="Yasmine", date_of_birth=date(2012, 5, 1)))
            for name, relation, closeness, safety in members:
                db.session.add(NetworkMember(case_id=case.id, name=name, relation=relation, closeness=closeness,
                                             in_safety_network=safety))
            save()
        page.goto(f"/dossiers/{case.id}/veiligheidsnetwerk")
        assert assert_nothing_covered(page) == 3 * len(members) + 4
        screenshot(page, f"network-map-{family.lower().replace(' ', '-')}")
