"""One write sequence: every service writes in the unit of work (live.write), which checks
the case is open, commits once and rolls back on an error; for a change a live screen shows,
live.meeting_write and live.case_write bump the version first, commit once, and announce only
after the commit; a refusal or an error rolls everything back and announces nothing. Nothing
commits by hand outside a few named places, in the app or in a test module."""

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

from samenveilig import dates, live
from samenveilig.extensions import db
from samenveilig.meetings import services as meetings
from samenveilig.models import (
    Case,
    CaseStatus,
    LiveChange,
    Meeting,
    MeetingStatus,
    Participant,
    PlanRule,
    User,
)
from samenveilig.plan import services as plan
from samenveilig.services import Conflict, Refused

from .conftest import save

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"
ROOT = PACKAGE.parent


@pytest.fixture
def case(app, make_user, make_case):
    consultant = make_user(name="Sarah Peeters")
    return dict(id=make_case(consultant).id, consultant_id=consultant.id)


def new_meeting(case_id: int, status: str = MeetingStatus.OPEN) -> int:
    meeting = Meeting(case_id=case_id, kind="mapping", held_on=dates.today(), status=status)
    save(meeting)
    return meeting.id


@pytest.fixture
def published(monkeypatch):
    """What was announced, with the version another connection saw at that moment."""
    seen = []

    def publish(change):
        with db.engine.connect() as other:
            committed = other.scalar(select(Meeting.version).where(Meeting.id == change.meeting_id))
        seen.append((change.meeting_id, change.version, change.regions, committed))

    monkeypatch.setattr(live, "publish", publish)
    return seen


def versions(*meeting_ids: int) -> list[int]:
    db.session.expire_all()
    return [db.session.get(Meeting, m).version for m in meeting_ids]


@pytest.mark.db
def test_a_write_is_committed_before_it_is_announced(app, case, published):
    with app.app_context():
        meeting_id = new_meeting(case["id"])
        with live.meeting_write(meeting_id, "participants", "participants") as write:
            db.session.add(Participant(meeting_id=meeting_id, name="Oma Rita"))
            assert published == []
        assert write.change.version == 1
        assert published == [(meeting_id, 1, ("participants",), 1)]  # another connection saw version 1
        assert db.session.scalar(select(func.count(Participant.id))) == 1
        assert db.session.scalars(select(LiveChange.regions)).all() == ["participants"]


@pytest.mark.db
def test_a_refusal_rolls_back_the_version_and_the_change_and_announces_nothing(app, case, published):
    with app.app_context():
        meeting_id = new_meeting(case["id"])
        with pytest.raises(Refused), live.meeting_write(meeting_id, "participants"):
            db.session.add(Participant(meeting_id=meeting_id, name="Oma Rita"))
            db.session.flush()
            raise Refused("Niet nu.")
        assert published == []
        assert versions(meeting_id) == [0]
        assert db.session.scalar(select(func.count(Participant.id))) == 0
        assert db.session.scalar(select(func.count(LiveChange.version))) == 0


def test_a_save_that_changed_nothing_leaves_no_version_behind(app, case, published):
    with app.app_context():
        meeting_id = new_meeting(case["id"])
        with live.meeting_write(meeting_id, "decision") as write:
            write.discard()
        assert published == []
        assert versions(meeting_id) == [0]
        assert db.session.scalar(select(func.count(LiveChange.version))) == 0


def test_a_closed_meeting_is_refused_before_the_block_runs(app, case, published):
    with app.app_context():
        meeting_id = new_meeting(case["id"], status=MeetingStatus.CLOSED)
        ran = []
        with pytest.raises(Refused, match="afgesloten"), live.meeting_write(meeting_id, "worry"):
            ran.append(True)
        assert ran == [] and published == []


@pytest.mark.db
def test_a_plan_change_touches_every_open_meeting_of_the_case(app, case, make_case, published):
    quiet = make_case()
    with app.app_context():
        first, closed, second = new_meeting(case["id"]), new_meeting(case["id"], MeetingStatus.CLOSED), \
            new_meeting(case["id"])
        with live.case_write(db.session.get(Case, case["id"]), "plan_rules") as write:
            db.session.add(PlanRule(case_id=case["id"], text="Geen alcohol in huis.", position=1,
                                    updated_by_id=case["consultant_id"]))
        assert [c.meeting_id for c in write.changes] == [first, second]
        assert published == [(first, 1, ("plan_rules",), 1), (second, 1, ("plan_rules",), 1)]
        assert versions(first, closed, second) == [1, 0, 1]
        with live.case_write(db.session.get(Case, quiet.id), "plan_rules"):  # no open meeting: just a commit
            db.session.add(PlanRule(case_id=case["id"], text="Elke avond bellen.", position=2))
        assert db.session.scalar(select(func.count(PlanRule.id))) == 2


# The unit of work ------------------------------------------------------------------------

def rules_committed() -> int:
    """Plan rules as another connection sees them: what was committed."""
    with db.engine.connect() as other:
        return other.scalar(select(func.count(PlanRule.id)))


@pytest.mark.db
def test_a_unit_of_work_commits_once_and_rolls_back_on_an_error(app, case):
    with app.app_context():
        with pytest.raises(RuntimeError), live.write(db.session.get(Case, case["id"])):
            db.session.add(PlanRule(case_id=case["id"], text="Geen alcohol in huis.", position=1))
            db.session.flush()
            raise RuntimeError("halfway")
        assert rules_committed() == 0 and db.session.scalar(select(func.count(PlanRule.id))) == 0
        with live.write(db.session.get(Case, case["id"])):
            db.session.add(PlanRule(case_id=case["id"], text="Geen alcohol in huis.", position=1))
        assert rules_committed() == 1


def test_a_closed_case_is_refused_before_the_block_runs(app, case, published):
    """The one check every write to a case had by hand (ensure_open) is the unit of work's."""
    with app.app_context():
        closed = db.session.get(Case, case["id"])
        ran = []
        for write in (live.write, live.case_write):
            closed.status = CaseStatus.CLOSED
            with pytest.raises(Refused, match="Dit dossier is afgesloten"), write(closed):
                ran.append(write)
        assert ran == [] and published == []
        assert db.session.get(Case, case["id"]).status == CaseStatus.OPEN  # the refusal rolled back
        with live.write():  # without a case nothing is checked: a closed case's own writes (reopen)
            ran.append(live.write)
        assert ran == [live.write]


def test_board_items_and_plan_entries_share_one_conflict(app, case, published):
    """A save based on an older version is the same refusal on the board and in the plan."""
    with app.app_context():
        meeting = db.session.get(Meeting, new_meeting(case["id"]))
        actor = db.session.get(User, case["consultant_id"])
        item = meetings.add_item(actor, meeting, text="Zorg", category="worry", speaker="", visibility="family")
        rule = plan.add_entry(actor, meeting.case, meeting, PlanRule, {"text": "Geen alcohol", "visibility": "family"})
        with pytest.raises(Conflict) as on_board:
            meetings.update_item(actor, item, version=item.version + 1, text="Andere zorg", speaker="",
                                 visibility="family")
        with pytest.raises(Conflict) as in_plan:
            plan.update_entry(actor, rule, version=rule.version + 1, values={"text": "Andere afspraak"})
        assert on_board.value.item.id == item.id and in_plan.value.item.id == rule.id
        assert on_board.value.status == in_plan.value.status == 409
        assert len(published) == 2  # the two adds; neither refused save was announced


def calls(attribute: str) -> list[str]:
    """Where `live.<attribute>(...)` is called outside the live package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "live":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == attribute and getattr(node.func.value, "id", None) == "live":
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_service_writes_through_the_one_sequence():
    """No service bumps a version or announces a change by hand any more."""
    assert calls("touch") == [] and calls("publish") == []
    assert calls("meeting_write") and calls("case_write")


# Nothing commits by hand ---------------------------------------------------------------------

# The only places that call .commit(): the unit of work, two writes that are no service's, and
# the one helper through which a test stores what it sets up.
COMMITS_ALLOWED = {
    "samenveilig/live/__init__.py": "live.write, the unit of work every service writes in",
    "samenveilig/audit.py": "write_read: a page's read line, in the page's own transaction after it is made",
    "samenveilig/review/worker.py": "the PDF worker: each claim and lease is a transaction of its own",
    "tests/conftest.py": "save(): what a test sets up",
}
SOURCES = {str(p.relative_to(ROOT)): p for folder in (PACKAGE, ROOT / "tests") for p in sorted(folder.rglob("*.py"))}


def hand_commits(sources: dict[str, Path] = SOURCES) -> list[str]:
    """Every `.commit()` (db.session.commit(), session.commit(), ...) outside the named places."""
    found = []
    for name, path in sources.items():
        if name in COMMITS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit":
                found.append(f"{name}:{node.lineno}")
    return found


def test_nothing_commits_by_hand():
    """A service writes in live.write / meeting_write / case_write; a test stores its data with
    conftest.save()."""
    assert hand_commits() == []
    assert all(name in SOURCES for name in COMMITS_ALLOWED)


def test_the_check_finds_a_hand_commit_in_a_service_and_in_a_test(tmp_path):
    """The reader itself: a hand commit is found in the app and in a test module, in any
    spelling; a write in the unit of work and a test's save() are not."""
    service = tmp_path / "services.py"
    service.write_text("from .. import live\nfrom ..extensions import db\n\n"
                       "def f(case):\n    with live.write(case):\n        db.session.add(case)\n"
                       "    db.session.commit()\n")
    probe = tmp_path / "test_probe.py"
    probe.write_text("from samenveilig.extensions import db\nfrom .conftest import save\n\n"
                     "def test_x(app):\n    save()\n    session = db.session\n    session.commit()\n")
    planted = {"samenveilig/cases/services.py": service, "tests/conftest.py": SOURCES["tests/conftest.py"],
               "tests/test_probe.py": probe}
    assert hand_commits(planted) == ["samenveilig/cases/services.py:7", "tests/test_probe.py:7"]
