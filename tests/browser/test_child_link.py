"""The young person's own link on a phone: Yasmine (14) reads her explanation and gives her score
in Arabic, and the consultant sees "Yasmine (14) zelf" in the round at once; a six-year-old's
parent, reading along on the child's link, gives a face."""

from datetime import timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child, ChildHouseEntry, StoryPanel, StoryVersion

from ..conftest import save
from .conftest import family_phone, login, screenshot


def child_of(world, case, name: str, years: int, *, story: str | None = None) -> int:
    today = dates.today()
    with world.app.app_context():
        child = Child(case_id=case.id, first_name=name, date_of_birth=today.replace(year=today.year - years)
                      - timedelta(days=40))
        db.session.add(child)
        db.session.flush()
        db.session.add(ChildHouseEntry(case_id=case.id, child=child, house="dreams", text=f"{name} droomt van rust",
                                       talked_on=today, visibility="confidential"))
        if story:
            version = StoryVersion(case_id=case.id, child_id=child.id, version_number=1, status="shared",
                                   shared_on=today)
            version.panels = [StoryPanel(position=1, heading="Wat is er gebeurd?", text=story)]
            db.session.add(version)
        save()
        return child.id


def own_link(desk, case, child_id: int, younger: bool = False) -> str:
    """The consultant makes the child's own link at the desk; its URL, shown once."""
    desk.goto(f"/dossiers/{case.id}/kinderen/{child_id}/eigen-link")
    if younger:
        desk.get_by_label("Ik kies bewust voor een eigen link").check()
    desk.get_by_role("button", name="Link maken").click()
    return desk.locator("#new-link-url").input_value()


def test_yasmine_reads_her_explanation_and_scores_in_arabic_and_the_round_shows_her(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="El Amrani")
    meeting = world.meeting(case, [sarah], [("Fatima El Amrani", "mama")])
    yasmine = child_of(world, case, "Yasmine", 14, story="Het is nooit jouw schuld.")
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    desk = laptop.new_page()
    login(desk, sarah)
    link = own_link(desk, case, yasmine)
    desk.goto(meeting.url)

    phone_context = family_phone(browser)  # 375 px, no script
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Hoi Yasmine")).to_be_visible()
    expect(phone.get_by_text("Het is nooit jouw schuld.")).to_be_visible()
    expect(phone.get_by_text("Yasmine droomt van rust")).to_be_visible()
    expect(phone.get_by_text("Niemand. Het staat alleen in je dossier.")).to_be_visible()
    phone.get_by_role("link", name="العربية").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    score = phone.locator("#my-score")
    score.locator('input[name="score"][value="6"]').check()
    score.locator('input[name="shared_with"][value="family"]').check()
    score.locator('button[type="submit"]').click()
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    expect(score.locator(".notice--success")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    screenshot(phone, "child-link-arabic-375x667")

    expect(desk.locator("#scale")).to_contain_text("Yasmine (14) zelf: 6")  # live, without a reload
    phone_context.close()
    laptop.close()


def test_a_six_year_olds_parent_reading_along_gives_a_face(browser, base_url, world):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Janssens")
    meeting = world.meeting(case, [sarah], [("An Janssens", "mama")])
    noah = child_of(world, case, "Noah", 6)
    laptop = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    desk = laptop.new_page()
    login(desk, sarah)
    link = own_link(desk, case, noah, younger=True)

    phone_context = family_phone(browser)
    phone = phone_context.new_page()
    phone.goto(link)
    expect(phone.get_by_text("Kies het gezicht dat past bij hoe jij je voelt.")).to_be_visible()
    expect(phone.locator("#my-score .face")).to_have_count(5)
    expect(phone.locator("#my-score").get_by_role("radio")).to_have_count(7)  # five faces, then who may see it
    phone.get_by_label("Best veilig").check()
    phone.get_by_role("button", name="Mijn score geven").click()
    expect(phone.locator("#my-score [data-face='7']")).to_contain_text("Best veilig")
    screenshot(phone, "child-link-faces-375x667")

    desk.goto(meeting.url)
    expect(desk.locator("#scale [data-face='7']")).to_contain_text("Best veilig")
    expect(desk.locator("#scale")).to_contain_text("Noah (6) zelf")
    phone_context.close()
    laptop.close()
