"""A view reaches a row only through the one rule for what holds it: `owned_or_404` (a row of
this case, this meeting, this child, and not deleted) in samenveilig/cases/access.py, like
flaskr's `get_post(id, check_author=True)`. A view that loads a row itself and compares its
case, meeting or child, or its deletion, has a second rule; the day one of them forgets a
check, a consultant opens a row of a case that is not theirs.

Read from the source, like tests/test_layers.py; the reader proves it finds a planted probe."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"
RULE = PACKAGE / "cases" / "access.py"
OWNER_COLUMNS = {"case_id", "meeting_id", "child_id", "version_id", "deleted_at"}


def web_modules() -> list[Path]:
    """What answers a request, and the access helpers the views use."""
    return [p for p in sorted(PACKAGE.rglob("*.py")) if p != RULE and (
        p.stem.endswith("views") or p.stem == "access"
        or p.relative_to(PACKAGE).as_posix() in ("projector.py", "share/family.py"))]


def by_hand(path: Path) -> list[str]:
    """Where this module loads a row itself (`db.session.get`) or checks a row's owner or deletion."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and ast.unparse(node.func.value) == "db.session":
            found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Attribute) and side.attr in OWNER_COLUMNS for side in (node.left, *node.comparators)):
            found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_views_reach_rows_only_through_the_loader():
    assert [found for path in web_modules() for found in by_hand(path)] == []


def test_the_check_finds_a_loader_written_by_hand(tmp_path):
    probe = tmp_path / "views.py"
    probe.write_text(
        "def remove(case_id, link_id):\n"
        "    case = case_or_404(case_id)\n"
        "    link = db.session.get(FamilyLink, link_id)\n"  # 3
        "    if link is None or link.case_id != case.id or link.deleted_at is not None:\n"  # 4 (one test)
        "        abort(404)\n"
        "    score = owned_or_404(ChildScore, 1, case)\n"  # the rule
        "    return any(s.participant_id == me.id for s in scores)\n")  # not an owner
    assert [int(found.split(":")[1]) for found in by_hand(probe)] == [3, 4, 4]


def test_the_check_reads_the_views_and_not_the_rule():
    names = {p.relative_to(PACKAGE).as_posix() for p in web_modules()}
    assert {"share/views.py", "stories/views.py", "meetings/access.py", "projector.py", "follow/views.py",
            "share/family.py", "meetings/analysis_views.py"} <= names
    assert "cases/access.py" not in names
