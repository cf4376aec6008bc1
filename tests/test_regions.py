"""The live regions: every name a service touches has a registered region (or is a control
signal), and some screen listens to it; one GET route per screen answers every region."""

import ast
import pathlib
import re

import pytest

import samenveilig
from samenveilig import dates
from samenveilig.audience import Audience
from samenveilig.extensions import db
from samenveilig.live import registry
from samenveilig.models import Category, Meeting
from samenveilig.plan.services import REGIONS as PLAN_REGIONS

from .conftest import save
from .helpers import HX

SOURCE = pathlib.Path(samenveilig.__file__).parent


def touched_names() -> set[str]:
    """Every region name the code writes with (live.meeting_write / case_write, or touch):
    string constants in the calls, the categories (services touch an item's category) and the
    plan lists."""
    names = {str(c) for c in Category} | set(PLAN_REGIONS.values())
    calls = 0
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                    "touch", "meeting_write", "case_write"):
                calls += 1
                names |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    assert calls > 15  # the scan found the services' writes
    return names


def test_every_touched_name_is_a_registered_region(app):
    unknown = sorted(name for name in touched_names() if not registry.known(name))
    assert unknown == []


@pytest.fixture
def review_meeting(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="review", held_on=dates.today())
        db.session.add(meeting)
        save()
        return meeting.id


def listeners(html: str) -> set[str]:
    names = set()
    for swap in re.findall(r'sse-swap="([^"]+)"', html):
        names |= {s.strip() for s in swap.split(",")}
    names |= set(re.findall(r"sse:([\w-]+)", html))
    return names


def test_every_touched_name_has_a_listener(app, logged_in, review_meeting):
    m = review_meeting
    token = re.search(r'/meekijken/([A-Za-z0-9_-]+)"',
                      logged_in.post(f"/overleg/{m}/meekijklink", headers=HX).text).group(1)
    heard = {
        Audience.CONSULTANT: listeners(logged_in.get(f"/overleg/{m}").text + logged_in.get(f"/overleg/{m}/plan").text),
        Audience.FAMILY: listeners("".join(logged_in.get(f"/overleg/{m}/projectie{tab}").text
                                           for tab in ("", "/analyse", "/plan", "/kinderen"))
                                   + app.test_client().get(f"/meekijken/{token}").text),
    }
    for name in touched_names() - set(registry.CONTROL):
        assert any(f"{r.name}-changed" in heard[a] for a in Audience if a in heard
                   for r in registry.changed((name,), a)), f"nobody listens to {name!r}"
    for region in registry.REGISTRY.values():
        for audience in region.templates:
            assert f"{region.name}-changed" in heard[audience], f"{region.name} has no {audience} screen"
    assert "meeting-changed" in heard[Audience.CONSULTANT] and "meeting-changed" in heard[Audience.FAMILY]


def test_a_region_for_one_audience_only_is_not_found_for_the_other(app, logged_in, review_meeting):
    m = review_meeting
    assert logged_in.get(f"/overleg/{m}/regio/participants").status_code == 200
    assert logged_in.get(f"/overleg/{m}/projectie/regio/participants").status_code == 404
    assert logged_in.get(f"/overleg/{m}/projectie/regio/plan").status_code == 200
    assert logged_in.get(f"/overleg/{m}/regio/plan").status_code == 404
    assert logged_in.get(f"/overleg/{m}/regio/gossip").status_code == 404


def test_the_review_answers_are_live_on_the_board(app, logged_in, review_meeting):
    m = review_meeting
    response = logged_in.post(f"/overleg/{m}/opvolging", headers=HX, data={
        "review-going_well": "Papa is elke avond thuis"})
    assert response.status_code == 200 and response.headers["HX-Trigger"] == "review-changed"
    assert "Papa is elke avond thuis" in logged_in.get(f"/overleg/{m}/regio/review").text


def test_no_family_region_context_holds_a_professional_item(app, logged_in, review_meeting):
    """Not only what the shared templates show today: what they are handed. One `{{ dangers }}`
    in a shared template must not be able to leak."""
    from samenveilig.meetings import regions
    from samenveilig.models import MappingItem

    m = review_meeting
    with app.app_context():
        for visibility in ("family", "professional", "confidential"):
            db.session.add(MappingItem(meeting_id=m, category="danger", text=f"{visibility} gevaar",
                                       visibility=visibility, term="short"))
        save()
        meeting = db.session.get(Meeting, m)
        for name, build in regions.BUILDERS.items():
            for key, value in build(meeting, Audience.FAMILY).items():
                items = value if isinstance(value, list) else []
                texts = [getattr(i, "text", "") for i in items] + [getattr(p[0], "text", "") for p in items
                                                                   if isinstance(p, tuple)]
                assert not any(t.startswith(("professional", "confidential")) for t in texts), (name, key)
        family_dangers = regions.scale_context(meeting, Audience.FAMILY)["dangers"]
        assert [d.text for d in family_dangers] == ["family gevaar"]
        assert len(regions.scale_context(meeting, Audience.CONSULTANT)["dangers"]) == 3
