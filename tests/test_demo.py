"""The demo (flask seed-demo): the El Amrani case tells the whole story, at review stage."""

import io
import json
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import JSON, String, select

from samenveilig import dates, demo
from samenveilig.extensions import db
from samenveilig.inputs import BIDI_CONTROLS, BIDI_MARKS
from samenveilig.models import (
    ActionStatus,
    Case,
    ChildHouseEntry,
    Feedback,
    MappingItem,
    Meeting,
    MeetingStatus,
    NetworkMember,
    PlanAction,
    PlanSnapshot,
    RoundStatus,
)
from samenveilig.review.carry import changes
from samenveilig.share import services as share

pytestmark = pytest.mark.db

MAP = {"worry", "harm", "impact", "danger", "complicating", "strength", "existing_safety", "safety_goal",
       "next_step", "bottom_line"}


@pytest.fixture
def printed():
    """What seeding the demo printed (filled by `seeded`)."""
    return {}


@pytest.fixture
def seeded(app, runner, printed):
    """The demo, seeded as `make run` does; the family link it printed."""
    result = runner.invoke(args=["seed-demo", "--if-empty", "--base-url", "http://127.0.0.1:5000"])
    assert result.exit_code == 0, result.output
    printed["output"] = result.output
    return re.search(r"http://127\.0\.0\.1:5000/gezin/(\S+)", result.output).group(1)


def el_amrani() -> Case:
    return db.session.scalar(select(Case).where(Case.family_name == "El Amrani"))


def meetings_of(case: Case) -> list[Meeting]:
    return list(db.session.scalars(select(Meeting).where(Meeting.case_id == case.id).order_by(Meeting.held_on)))


def items_of(meeting: Meeting) -> list[MappingItem]:
    return list(db.session.scalars(select(MappingItem).where(
        MappingItem.meeting_id == meeting.id, MappingItem.deleted_at.is_(None))))


def test_three_meetings_two_closed_with_their_decision_and_plan(app, seeded):
    with app.app_context():
        first, review, third = meetings_of(el_amrani())
        today = dates.today()
        assert (first.kind, review.kind, third.kind) == ("mapping", "review", "review")
        assert today - timedelta(days=77) <= first.held_on <= today - timedelta(days=63)
        assert today - timedelta(days=42) <= review.held_on <= today - timedelta(days=28)
        assert third.held_on == today and third.status == MeetingStatus.OPEN
        # Opened before its first meeting, counting back from today like the meetings.
        assert first.held_on - timedelta(days=14) <= el_amrani().opened_on < first.held_on
        assert all(case.opened_on <= today for case in db.session.scalars(select(Case)))
        for meeting in (first, review):
            assert meeting.status == MeetingStatus.CLOSED and meeting.decision.answer == "yes"
            assert meeting.decision.reasoning
            assert db.session.get(PlanSnapshot, meeting.id).content["actions"]
        items = items_of(first)
        assert {i.category for i in items} == MAP
        danger = next(i for i in items if i.category == "danger")
        goal = next(i for i in items if i.category == "safety_goal")
        assert danger.danger.worried and goal.goal.danger_item_id == danger.id


def test_the_review_carries_the_map_over_with_changes_and_reviews_the_plan(app, seeded):
    with app.app_context():
        _, review, _ = meetings_of(el_amrani())
        found = changes(review)
        assert sorted(i.text for i in found.removed) == sorted(demo.RESOLVED)
        assert any(i.category == "worry" for i in found.added)
        assert [(now.text, before.text) for now, before, _ in found.changed] == [demo.CHANGED_STRENGTH[::-1]]
        assert sum(1 for i in items_of(review) if i.carried_from_id) >= 10
        assert review.review_answers.can_stop == "not_yet"
        actions = db.session.scalars(select(PlanAction).where(PlanAction.case_id == review.case_id)).all()
        statuses = {a.status for a in actions}
        assert {ActionStatus.DONE, ActionStatus.STUCK} <= statuses
        stuck = next(a for a in actions if a.status == ActionStatus.STUCK)
        assert stuck.note and all(p.name for p in stuck.people)
        assert any(p.network_member_id for a in actions for p in a.people)


def test_a_revealed_scale_round_per_meeting_and_the_childs_own_score_on_each_date(app, seeded):
    with app.app_context():
        case = el_amrani()
        meetings = meetings_of(case)
        for meeting in meetings:
            (scale_round,) = meeting.scale_rounds
            assert scale_round.status == RoundStatus.REVEALED and len(scale_round.scores) >= 5
        yasmine = case.children[0]
        assert [s.scored_on for s in yasmine.scores] == [m.held_on for m in meetings]
        assert [s.score for s in yasmine.scores] == sorted(s.score for s in yasmine.scores)


def test_the_three_houses_with_choices_that_differ_and_a_drawing_that_decodes(app, seeded):
    with app.app_context():
        entries = db.session.scalars(select(ChildHouseEntry).where(
            ChildHouseEntry.case_id == el_amrani().id)).all()
        assert {e.house for e in entries} == {"worries", "good", "dreams"}
        assert {e.visibility for e in entries} == {"family", "professional", "confidential"}
        drawing = next(e.drawing for e in entries if e.drawing)
        with Image.open(io.BytesIO(drawing.image)) as image:
            image.load()
            assert image.format == "PNG" and image.size == (drawing.width, drawing.height)
        with Image.open(io.BytesIO(drawing.thumbnail)) as thumbnail:
            assert max(thumbnail.size) <= 320


def test_the_safety_network_one_confirmed_one_not_knowing_the_danger(app, seeded):
    with app.app_context():
        network = db.session.scalars(select(NetworkMember).where(
            NetworkMember.case_id == el_amrani().id, NetworkMember.in_safety_network)).all()
        knows = [m for m in network if m.knows_danger]
        assert knows and all(m.commitment for m in network)
        assert all(dates.today() - timedelta(days=14) <= m.confirmed_on <= dates.today() for m in knows)
        assert any(not m.knows_danger for m in network)


def test_a_family_link_with_one_feedback_and_the_other_families(app, seeded):
    with app.app_context():
        case = el_amrani()
        assert len(share.links(case)) == 1
        assert db.session.scalar(select(Feedback).where(Feedback.case_id == case.id)).rating == 4
        maes = db.session.scalar(select(Case).where(Case.family_name == "Maes"))
        (meeting,) = meetings_of(maes)
        assert meeting.status == MeetingStatus.OPEN and meeting.decision.answer == "no"
        assert dates.today() <= maes.acute_review_on <= dates.today() + timedelta(days=7)
        assert db.session.scalar(select(Case).where(Case.family_name == "Zonnebloem (alias)")).children


def test_the_family_link_shows_only_what_the_family_may_see(app, client, seeded):
    page = client.get(f"/gezin/{seeded}")
    assert page.status_code == 200
    shared = [text for _, text, visibility, _ in demo.HOUSES if visibility == "family"]
    kept = [text for _, text, visibility, _ in demo.HOUSES if visibility != "family"]
    assert all(text.replace("'", "&#39;") in page.text for text in shared)
    assert not any(text in page.text for text in kept)
    assert "Pieter en Sarah bespreken" not in page.text  # an action for the professionals only
    drawing = re.search(rf"/gezin/{re.escape(seeded)}/tekening/\d+", page.text).group(0)
    assert client.get(drawing).headers["Content-Type"] == "image/png"
    assert_the_why(app, page.text)


def test_the_family_link_and_the_projector_name_the_safety_goal_once_though_every_meeting_carried_it(
        app, client, seeded):
    goal = "wie boos wordt, gaat eerst buiten wandelen"
    assert client.get(f"/gezin/{seeded}").text.count(goal) == 1
    client.post("/aanmelden", data={"email": "sarah.peeters@demo.samenveilig.be", "password": demo.DEMO_PASSWORD})
    with app.app_context():
        _, _, third = meetings_of(el_amrani())
        third_id = third.id
    projector = client.get(f"/overleg/{third_id}/projectie/plan")
    assert projector.status_code == 200 and projector.text.count(goal) == 1


def assert_the_why(app, page: str) -> None:
    """The family link shows the why: the danger with its goal and how the family sees it, the
    safety answer, the bottom line, the scale of the closed meetings and what comes next."""
    why = page.split('id="why-dangers"')[1]
    assert demo.DANGER["behaviour"] in why and demo.DANGER["family_view"] in why
    assert "Hoe ziet het gezin het?" in why and "wie boos wordt, gaat eerst buiten wandelen" in why
    # Yasmine is El Amrani's one child: what the tool writes says "het kind", never "de kinderen".
    assert "Zo blijft het kind veilig." in page and "Zo blijven de kinderen veilig." not in page
    safe = page.split('id="why-safe"')[1]
    assert "Ja.</strong>" in safe and "In het overleg vonden we dat het kind nu veilig is." in safe
    bottom = page.split('id="why-bottom-lines"')[1]
    for part in (demo.BOTTOM_LINE["text"], demo.BOTTOM_LINE["reason"], "Bij het gevaar:"):
        assert part.replace("'", "&#39;") in bottom, part
    chart = page.split('id="why-scale"')[1]
    assert chart.count('data-who="family"') == 2  # the first mapping and the review: the meetings closed
    assert "Wat komt er nog?" in page and "Volgend overleg" in page.split('id="why-coming"')[1]
    with app.app_context():  # carried into the review, with its reason and its danger of that meeting
        _, review, third = meetings_of(el_amrani())
        for meeting in (review, third):
            (line,) = [i for i in items_of(meeting) if i.category == "bottom_line"]
            assert line.bottom_line.reason == demo.BOTTOM_LINE["reason"]
            assert line.bottom_line.danger_item.meeting_id == meeting.id


def test_yasmines_explanation_is_shared_on_the_family_link_with_her_drawing(client, seeded):
    page = client.get(f"/gezin/{seeded}").text
    story_url = re.search(rf'href="(/gezin/{re.escape(seeded)}/[^"]+)"[^>]*>\s*Uitleg voor Yasmine', page).group(1)
    story = client.get(story_url)
    assert story.status_code == 200
    for heading, text, _figure in demo.EXPLANATION:  # the heading as a heading, above the words
        assert f'<h2 class="story-panel__heading" dir="auto">{heading}</h2>' in story.text
        assert text[:40].replace("'", "&#39;") in story.text
    pictures = re.findall(r'<img[^>]+src="([^"]+)"', story.text)
    assert len(pictures) == len(demo.EXPLANATION)
    for src in pictures:  # the figures are static files, the drawing goes through the link
        with client.get(src) as picture:
            assert picture.status_code == 200 and picture.mimetype.startswith("image/")


def assert_no_bidi_control_stored():
    """The demo's texts reach the database without a form: none holds a bidi control or mark."""
    for table in db.metadata.sorted_tables:
        texts = [c for c in table.columns if isinstance(c.type, (String, JSON))]
        for row in db.session.execute(select(*texts)) if texts else ():
            assert not set(json.dumps(list(row), default=str, ensure_ascii=False)) & set(
                BIDI_CONTROLS + BIDI_MARKS), (table.name, row)


def test_the_demo_pages_answer(app, client, seeded, printed):
    """Sarah's home page, the case, its progress, the board and projector of today's meeting,
    Yasmine's own link (printed once, like the family link); no bidi control stored."""
    with app.app_context():
        assert_no_bidi_control_stored()
    client.post("/aanmelden", data={"email": "sarah.peeters@demo.samenveilig.be", "password": demo.DEMO_PASSWORD})
    with app.app_context():
        case = el_amrani()
        _, review, third = meetings_of(case)
        case_id, review_id, third_id, child_id = case.id, review.id, third.id, case.children[0].id
    home = client.get("/")
    assert home.status_code == 200 and "El Amrani" in home.text and "Maes" in home.text
    progress = client.get(f"/dossiers/{case_id}/voortgang")
    assert progress.status_code == 200 and "Yasmine (14) zelf" in progress.text
    links = client.get(f"/dossiers/{case_id}/gezinslinks")
    assert links.status_code == 200 and demo.FEEDBACK["text"][:30] in links.text
    for url in (f"/dossiers/{case_id}", f"/dossiers/{case_id}/plan", f"/dossiers/{case_id}/veiligheidsnetwerk",
                f"/dossiers/{case_id}/kinderen/{child_id}/huizen", f"/overleg/{review_id}/veranderd",
                f"/overleg/{third_id}", f"/overleg/{third_id}/projectie", f"/gezin/{seeded}"):
        assert client.get(url).status_code == 200, url
    own = re.search(r"Eigen link van Yasmine \(14\) \(wordt maar één keer getoond\): "
                    r"http://127\.0\.0\.1:5000/kind/(\S+)", printed["output"]).group(1)
    page = client.get(f"/kind/{own}").text
    assert "Hoi Yasmine" in page and "Jouw uitleg" in page and "Awel" in page and "Jouw rechten" in page
    kept = [text for _, text, visibility, _ in demo.HOUSES if visibility == "confidential"]
    assert all(text.replace("'", "&#39;") in page for text in kept)  # her own words, marked as for no one
