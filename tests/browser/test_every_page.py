"""Every page and state, checked by axe-core against WCAG 2.0/2.1 A and AA, and every desk page
at 320 CSS px (400 % zoom of a 1280 px screen) without sideways scrolling.

The pages are found in the app itself: every GET route of url_map, filled with the demo's ids
(the El Amrani case at review stage), is visited, or is in SKIP with the reason. A route that
is neither (a new page, say) fails the crawl until it is one or the other. Each role has one
browser context for the whole module; the states then act on Maes's open first mapping."""

import re
from datetime import timedelta
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

import axe_playwright_python
import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.routing import Rule
from werkzeug.security import generate_password_hash

from samenveilig import create_app, dates, demo
from samenveilig.extensions import db
from samenveilig.follow import services as follow
from samenveilig.models import (
    Case,
    ChildHouseEntry,
    Meeting,
    MeetingStatus,
    SafetyHouse,
    SafetyPlan,
    StoryPanel,
    StoryVersion,
    User,
    accounts,
)

from ..conftest import make_config
from .conftest import serve

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# GET routes that are not pages, so not crawled: what they answer instead.
SKIP = {
    **dict.fromkeys(("static", "health.health", "cases.access_log", "review.download", "children.drawing",
                     "children.drawing_thumbnail", "stories.panel_image", "family.drawing", "family.story_picture",
                     "follow.drawing", "projector.drawing", "child_link.drawing", "child_link.story_picture"),
                    "a file (CSS, JSON, CSV, PDF, an image), no HTML"),
    **dict.fromkeys(("meetings.events", "projector.events", "follow.events"), "an event stream"),
    **dict.fromkeys(("oidc.start", "oidc.finish"), "a redirect to and from the organisation's login"),
    # Pieces of a page that htmx loads into it: checked in their page, the states below show them.
    **dict.fromkeys(("cases.show_entry", "cases.edit_entry", "meetings.item", "meetings.edit_item",
                     "meetings.region", "projector.region", "follow.region", "follow.my_score",
                     "meetings.sentence", "meetings.goal_danger_field", "meetings.bottom_line_danger_field",
                     "meetings.speaker_field", "plan.entry", "plan.edit", "review.export_status"),
                    "a fragment htmx swaps into its page"),
}
# Pages for the wall, not for a desk or a phone: checked at 1920x1080, not at 320 px.
WALL = "projector."
# Pages a family member opens: also in Arabic (right to left).
FAMILY_FACING = ("family.", "follow.")
ROLES = ("anonymous", "consultant", "teamlead", "admin")
# Pages each role sees its own way: visited by each.
EACH_ROLE = {"cases.home"}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """The demo (flask seed-demo) on a live server of its own, with a follow link to today's
    meeting: its URL, the scenes whose values fill the routes' arguments, the demo's accounts."""
    folder = tmp_path_factory.mktemp("every-page")
    app = create_app(make_config(f"sqlite:///{folder / 'demo.db'}", WTF_CSRF_ENABLED=True))
    app.instance_path = str(folder)
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "hash_password", lambda password: generate_password_hash(password, "pbkdf2:sha256:1"))
        db.create_all()
        seeded = demo.seed()
        el_amrani = db.session.scalar(select(Case).where(Case.family_name == "El Amrani"))
        today = open_meeting(el_amrani)
        yasmine = next(c for c in el_amrani.children if c.first_name == "Yasmine")
        version = db.session.scalar(select(StoryVersion).where(StoryVersion.child_id == yasmine.id))
        # What fills each route's arguments: the case at review stage, today's meeting, Yasmine
        # with her houses and her story, a family link and a follow link (a token by the
        # route's blueprint).
        values = dict(
            case_id=el_amrani.id, meeting_id=today.id, child_id=yasmine.id,
            entry_id=db.session.scalar(select(ChildHouseEntry.id).where(ChildHouseEntry.child_id == yasmine.id)),
            version_id=version.id,
            panel_id=db.session.scalar(select(StoryPanel.id).where(StoryPanel.version_id == version.id)),
            safety_plan_id=db.session.scalar(select(SafetyPlan.id).where(SafetyPlan.child_id == yasmine.id)),
            safety_house_id=db.session.scalar(select(SafetyHouse.id).where(SafetyHouse.child_id == yasmine.id)),
            token={"family": seeded.family_link, "child_link": seeded.child_link,
                   "follow": follow.create_follow_link(user("sarah.peeters"), today)})
        # The states act on Maes's first mapping, open today, with a next step not yet in the
        # plan: closing it asks first.
        mapping = open_meeting(db.session.scalar(select(Case).where(Case.family_name == "Maes")))
        demo._add_items(user("sarah.peeters"), mapping, [("Oma Rita zoekt een opvang voor de avonden.",
                                                          "next_step", None, "family", "month")])
        mapping = mapping.id
        case, child = el_amrani.id, yasmine.id
    accounts_ = {"consultant": "sarah.peeters", "teamlead": "els.vermeulen", "admin": "beheer"}
    with serve(app) as url:
        yield SimpleNamespace(app=app, url=url, values=values, case=case, child=child,
                              mapping=f"/overleg/{mapping}",
                              accounts={role: f"{name}@demo.samenveilig.be" for role, name in accounts_.items()})


def open_meeting(case: Case) -> Meeting:
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case.id, Meeting.status == MeetingStatus.OPEN))


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{name}@demo.samenveilig.be"))


@pytest.fixture(scope="module")
def contexts(browser, demo_site):
    """One browser context per role, logged in, with axe-core in every page it opens."""
    made = {}
    for role in ROLES:
        context = browser.new_context(base_url=demo_site.url, locale="nl-BE", timezone_id="Europe/Brussels",
                                      viewport={"width": 1280, "height": 900})
        context.add_init_script(path=str(AXE))
        if role != "anonymous":  # the login form's POST, without drawing it
            form = context.request.get("/aanmelden").text()
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
            answer = context.request.post("/aanmelden", form={
                "csrf_token": token, "email": demo_site.accounts[role], "password": demo.DEMO_PASSWORD})
            assert answer.ok and answer.url.endswith("/"), answer.url
        made[role] = context
    yield made
    for context in made.values():
        context.close()


def filled(rule: Rule, values: dict) -> str | None:
    """The rule's path with its arguments filled in, if there is a value for each."""
    values = values | {"token": values["token"].get(rule.endpoint.partition(".")[0])}
    if any(values.get(name) is None for name in rule.arguments):
        return None
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def is_page(response) -> bool:
    return response.status == 200 and response.headers.get("content-type", "").startswith("text/html") \
        and response.text()[:15].lower() == "<!doctype html>"


@pytest.fixture(scope="module")
def visits(demo_site, contexts):
    """Every page as (role, path, endpoint): each route is visited by the first role it
    answers a page to (anonymous, consultant, team lead, administrator), the home page by each
    role; a family's page also in Arabic. Fails on a GET route that is neither visited nor in
    SKIP."""
    found, missed = [], []
    for rule in sorted(demo_site.app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in SKIP:
            continue
        path = filled(rule, demo_site.values)
        if path is None:
            missed.append(f"{rule.endpoint} ({rule.rule}): no value for {sorted(rule.arguments)}")
            continue
        roles = (role for role in ROLES if is_page(contexts[role].request.get(path, max_redirects=0)))
        roles = list(roles) if rule.endpoint in EACH_ROLE else list(islice(roles, 1))
        if not roles:
            missed.append(f"{rule.endpoint} ({path}): answers no role with a page")
        languages = ("", "?taal=ar") if rule.endpoint.startswith(FAMILY_FACING) else ("",)
        found += [SimpleNamespace(role=role, path=path + language, endpoint=rule.endpoint)
                  for role in roles for language in languages]
    assert not missed, "GET routes neither crawled nor in SKIP (give them a value in demo_site, or skip " \
                       "them with the reason):\n" + "\n".join(missed)
    return found


def axe_violations(page) -> list[str]:
    """What axe finds once the page has settled: no request of htmx in flight (a button that
    waits for its answer is dimmed, an inactive control), a changed item's light-up at its end."""
    expect(page.locator(".htmx-request")).to_have_count(0)
    page.evaluate("""() => document.getAnimations().forEach(a => {
        try { a.finish(); } catch (endless) { /* an endless one has no end to jump to */ } })""")
    results = page.evaluate("options => axe.run(document, options)",
                            {"runOnly": {"type": "tag", "values": WCAG_A_AA}, "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"]]


def test_every_page_and_state_meets_wcag_2_1_aa(contexts, visits, demo_site):
    problems = []
    pages = {role: context.new_page() for role, context in contexts.items()}
    for visit in visits:
        page = pages[visit.role]
        page.set_viewport_size({"width": 1920, "height": 1080} if visit.endpoint.startswith(WALL)
                               else {"width": 1280, "height": 900})
        page.goto(visit.path)
        problems += [f"{visit.role} {visit.path}: {v}" for v in axe_violations(page)]
    for page in pages.values():
        page.set_viewport_size({"width": 1280, "height": 900})
    for state in STATES:
        page = pages[state.role]
        state(page, demo_site)
        problems += [f"{state.role}, {state.__doc__}: {v}" for v in axe_violations(page)]
    print(f"\naxe checked {len(visits)} pages and {len(STATES)} states")
    assert not problems, "\n".join(problems)


# The states the crawl cannot reach by a GET: each leaves its page in the state its docstring
# names, for axe to check. They act on Maes's open first mapping, so the El Amrani pages stay as
# the demo made them.
STATES = []


def state(role: str):
    def register(act):
        act.role = role
        STATES.append(act)
        return act
    return register


def board_item(page, site):
    if not page.url.endswith(site.mapping):
        page.goto(site.mapping)
    item = page.locator("#category-worry .item").first
    item.hover()
    return item


@state("consultant")
def empty_quick_add(page, site):
    """the quick add refused an empty item"""
    page.goto(site.mapping)
    page.locator("#quick-add").get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#notices .notice, #quick-add .field__error").first).to_be_visible()


@state("consultant")
def key_help(page, site):
    """the key help is open"""
    page.locator("[data-open-dialog='board-keys']").click()
    expect(page.locator("#board-keys")).to_be_visible()


@state("consultant")
def edit_form(page, site):
    """an item's edit form is open"""
    page.keyboard.press("Escape")
    expect(page.locator("#board-keys")).to_be_hidden()
    board_item(page, site).get_by_role("button", name="Bewerken").click()
    expect(page.locator(".board textarea")).to_be_visible()


@state("consultant")
def move_menu(page, site):
    """an item's move menu has a choice"""
    page.goto(site.mapping)
    board_item(page, site).get_by_label("Verplaats naar").select_option("strength")


@state("consultant")
def visibility(page, site):
    """an item's visibility was changed"""
    item = board_item(page, site)
    item.get_by_role("button", name=re.compile("^Zichtbaarheid")).click()
    expect(page.locator("#category-worry .item").first).to_have_class(re.compile("item--professional"))


@state("consultant")
def undo_notice(page, site):
    """an item was deleted: the notice offers to undo it"""
    board_item(page, site).get_by_role("button", name="Verwijderen").click()
    expect(page.locator("#notices").get_by_role("button", name="Ongedaan maken")).to_be_visible()


@state("consultant")
def closing(page, site):
    """closing the meeting asks what is still missing"""
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Overleg afsluiten").click()
    expect(page.locator("#notices .close-check")).to_contain_text("Oma Rita zoekt een opvang", timeout=10_000)


@state("consultant")
def plan_action_refused(page, site):
    """the plan refused an empty action"""
    page.goto(f"{site.mapping}/plan")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.locator(".field__error, .form-errors").first).to_be_visible()


@state("consultant")
def new_case_refused(page, site):
    """a new case without a family name"""
    page.goto("/dossiers/nieuw")
    with page.expect_navigation():
        page.get_by_role("button", name="Dossier aanmaken").click()
    expect(page.locator(".field__error").first).to_be_visible()


@state("consultant")
def houses_refused(page, site):
    """the three houses refused an empty entry"""
    page.goto(f"/dossiers/{site.case}/kinderen/{site.child}/huizen")
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaren", exact=True).click()
    expect(page.locator(".field__error, .form-errors").first).to_be_visible()


@state("consultant")
def family_link_made(page, site):
    """a new family link, shown once"""
    page.goto(f"/dossiers/{site.case}/gezinslinks")
    page.get_by_label("Werkt tot en met").fill((dates.today() + timedelta(days=60)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Link maken").click()
    expect(page.locator("#new-link-url")).to_be_visible()


@state("admin")
def new_user_refused(page, site):
    """a new account without a name or address"""
    page.goto("/beheer/gebruikers")
    with page.expect_navigation():
        page.locator("#add-user + form").get_by_role("button", name="Toevoegen").click()
    expect(page.locator(".field__error").first).to_be_visible()


@state("anonymous")
def login_refused(page, site):
    """a login with a wrong password"""
    page.goto("/aanmelden")
    page.get_by_label("E-mailadres").fill("niemand@demo.samenveilig.be")
    page.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".form-errors, .field__error").first).to_be_visible()


# The page's width past the screen's, and the outermost elements that stick out (not counting
# what is inside a box that scrolls on its own, such as a wide table's); null when it fits.
WIDER_THAN_THE_SCREEN = """() => {
    const root = document.documentElement, width = root.clientWidth;
    const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true; } return false; };
    const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e));
    const outermost = out.filter(e => !out.includes(e.parentElement));
    if (root.scrollWidth <= width && !outermost.length) return null;
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
    return `${root.scrollWidth} px wide: ` + outermost.slice(0, 5).map(e => `${name(e)} to ${Math.round(e.getBoundingClientRect().right)} px`).join(', ');
}"""


def test_every_desk_page_reflows_at_320_px(contexts, visits):
    problems = []
    pages = {role: context.new_page() for role, context in contexts.items()}
    for page in pages.values():
        page.set_viewport_size({"width": 320, "height": 640})
    desk = [v for v in visits if not v.endpoint.startswith((WALL, *FAMILY_FACING))]
    for visit in desk:
        page = pages[visit.role]
        page.goto(visit.path)
        wide = page.evaluate(WIDER_THAN_THE_SCREEN)
        if wide:
            problems.append(f"{visit.role} {visit.path}: {wide}")
    print(f"\n{len(desk)} desk pages at 320 px")
    assert not problems, "\n".join(problems)
