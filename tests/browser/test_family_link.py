"""A parent reads the family's plan on a cheap phone, without JavaScript, and says how the
collaboration is going; the consultant sees it on the case. The safety arrangement reads as
sentences on a 375 px phone, on the family link and on the follow link in the meeting."""

import secrets
from datetime import timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.linktokens import token_hash
from samenveilig.models import (
    BottomLine,
    DangerStatement,
    FollowLink,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    PlanContact,
    PlanRule,
    SafetyDecision,
    SafetyGoal,
    ScaleRound,
    ScaleScore,
)
from samenveilig.plan.services import take_snapshot

from ..conftest import save
from .conftest import assert_accessible, family_phone, login, new_family_link, new_phone, screenshot

ARRANGEMENT = ("Papa komt niet in huis zolang hij drinkt; hij ziet de kinderen alleen bij oma, met oma erbij, "
               "op zaterdag tussen tien en twaalf uur.")


def decision(meeting_id: int) -> SafetyDecision:
    return SafetyDecision(meeting_id=meeting_id, answer="no", reasoning="Papa dronk gisteren.", urgency="today",
                          arrangement_who="Oma Rita blijft bij de kinderen, ook 's nachts",
                          arrangement_what=ARRANGEMENT, review_on=dates.today() + timedelta(days=3))


DANGER = "Oma en de juf maken zich zorgen dat papa drinkt als hij alleen met de kinderen is."
BOTTOM_LINE = "Papa is nooit alleen met de kinderen als hij gedronken heeft."


def the_why(meeting: Meeting, oma: NetworkMember) -> list:
    """A danger statement with its goal and how the family sees it, a bottom line, and a
    revealed scale round of mama and oma: what the family reads of this meeting's why."""
    mama = NetworkMember(case_id=meeting.case_id, name="Lien Janssens", relation="mama", role="parent")
    danger = MappingItem(meeting=meeting, category="danger", text=DANGER)
    goal = MappingItem(meeting=meeting, category="safety_goal", text="Papa drinkt niet als de kinderen thuis zijn.")
    bottom = MappingItem(meeting=meeting, category="bottom_line", text=BOTTOM_LINE)
    people = [Participant(meeting=meeting, network_member=mama, name=mama.name, relation="mama"),
              Participant(meeting=meeting, network_member=oma, name=oma.name, relation="oma")]
    scale = ScaleRound(meeting=meeting, status="revealed", scores=[
        ScaleScore(participant=people[0], score=7), ScaleScore(participant=people[1], score=4)])
    return [mama, danger, goal, bottom, *people, scale,
            DangerStatement(item=danger, worried="oma en de juf", behaviour="papa drinkt", outcome="gewond",
                            family_view="Mama vindt dat papa minder drinkt."),
            SafetyGoal(item=goal, danger_item=danger, behaviour="nuchter", duration="drie maanden"),
            BottomLine(item=bottom, reason="De kinderen raakten al eens gewond.", danger_item=danger)]


def assert_reads_as_sentences(facts):
    """The arrangement's text fills the box's width and holds several words a line (not one
    word a line in a narrow column beside its label)."""
    text = facts.locator("dd", has_text="Papa komt niet in huis")
    box, whole = text.bounding_box(), facts.bounding_box()
    line = min(label.bounding_box()["height"] for label in facts.locator("dt").all())  # one line of a label
    lines = max(1, round(box["height"] / line))
    assert box["width"] >= 0.8 * whole["width"], (box, whole)
    assert len(ARRANGEMENT.split()) / lines >= 3, f"{lines} lines for {len(ARRANGEMENT.split())} words"


def test_a_parent_reads_the_plan_without_javascript_and_gives_feedback(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Janssens")
    with live_server.app.app_context():
        oma = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network", phone="0473 11 22 33")
        db.session.add(oma)
        db.session.flush()
        db.session.add_all([
            PlanAction(case_id=case.id, what="Oma belt elke avond om acht uur", due_text="elke avond"),
            PlanAction(case_id=case.id, what="Interne afweging van de dienst", visibility="professional"),
            PlanRule(case_id=case.id, text="Geen alcohol in huis als de kinderen er zijn"),
            PlanContact(case_id=case.id, worry="mama's drinken", network_member_id=oma.id),
        ])
        agreed = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=1), status="closed")
        today = Meeting(case_id=case.id, kind="review", held_on=dates.today())
        db.session.add_all([agreed, today])
        db.session.flush()
        db.session.add_all([decision(agreed.id), decision(today.id), *the_why(agreed, oma)])
        take_snapshot(agreed)  # the plan as that meeting agreed it, as closing it keeps it
        follow_token = secrets.token_urlsafe(32)
        db.session.add(FollowLink(meeting_id=today.id, token_hash=token_hash(follow_token)))
        save()

    desk = browser.new_context(base_url=base_url, locale="nl-BE")
    page = desk.new_page()
    login(page, sarah)
    link = new_family_link(page, case.id, "voor mama")

    phone_context = family_phone(browser)
    phone = phone_context.new_page()
    refused = []  # what the page's policy blocked (its own stylesheet, inside it, is allowed by its hash)
    phone.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Jullie plan")).to_be_visible()
    assert phone.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(247, 245, 240)"  # family.css
    assert refused == []
    expect(phone.locator("body")).to_contain_text("Oma belt elke avond om acht uur")
    expect(phone.locator("body")).to_contain_text("Geen alcohol in huis")
    expect(phone.get_by_role("link", name="0473 11 22 33")).to_be_visible()
    expect(phone.locator("body")).not_to_contain_text("Interne afweging")
    # The why, as the last closed meeting agreed it: the danger with its goal, the answer to
    # "Is het kind nu veilig?", the bottom line, the scale as a chart, and what comes next.
    expect(phone.locator("#why-dangers")).to_contain_text(DANGER)
    expect(phone.locator("#why-dangers")).to_contain_text("Mama vindt dat papa minder drinkt.")
    expect(phone.locator("#why-safe")).to_contain_text("Nee.")
    expect(phone.locator("#why-bottom-lines")).to_contain_text(BOTTOM_LINE)
    chart = phone.get_by_role("img", name="Hoe veilig het volgens het gezin was")
    expect(chart).to_be_visible()
    assert 300 <= chart.bounding_box()["width"] <= 375
    expect(chart.locator("rect[data-who='family']")).to_have_attribute("data-score", "7")
    expect(phone.get_by_role("heading", name="Wat komt er nog?")).to_be_visible()
    expect(phone.locator("#why-coming")).to_contain_text("We bekijken het opnieuw op")
    for block in phone.locator("main > *").all():
        assert block.bounding_box()["width"] <= 375, "nothing scrolls sideways on a phone"
    assert_reads_as_sentences(phone.locator("#arrangement .facts"))
    assert phone_context.cookies() == []
    screenshot(phone, "family-link-phone")
    checker = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    accessible = checker.new_page()
    accessible.goto(link)  # axe needs script in the page; the parent's phone did not
    assert_accessible(accessible)
    checker.close()
    follow_phone = new_phone(browser)  # a phone in today's meeting, on the follow link
    follower = follow_phone.new_page()
    follower.goto(f"{base_url}/meekijken/{follow_token}")
    follower.locator("summary", has_text="Analyse").click()  # folded under the board on a phone
    expect(follower.locator(".decision .facts")).to_contain_text("Papa komt niet in huis")
    assert_reads_as_sentences(follower.locator(".decision .facts"))
    follow_phone.close()

    phone.get_by_label("4: goed").check()
    phone.get_by_label("Wil je nog iets zeggen?").fill("Oma helpt echt. Bedankt.")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_text("Bedankt! Je consulent leest wat je schreef.")).to_be_visible()
    assert phone_context.cookies() == []

    page.goto(f"/dossiers/{case.id}/gezinslinks")
    expect(page.locator(".feedback")).to_contain_text("4 op 5")
    expect(page.locator(".feedback")).to_contain_text("Oma helpt echt. Bedankt.")
    expect(page.locator("table")).to_contain_text("voor mama")
    desk.close()
    phone_context.close()
