"""The day is Brussels' day everywhere: `dates.today()`. The server's clock runs in UTC, so
`date.today()` gives yesterday between midnight and one (two in summer) in Brussels, and a
case opened, a plan dated or a form checked then would carry the wrong day."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("samenveilig", "tests", "bench")
ALLOWED = {ROOT / "samenveilig" / "dates.py"}


def server_days(paths) -> list[str]:
    """Every `date.today` (called or passed as a default) and `datetime.now()` without a zone."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Attribute) and node.attr == "today" and \
                    isinstance(node.value, ast.Name) and node.value.id in ("date", "datetime"):
                found.append(f"{path}:{node.lineno} {node.value.id}.today")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "now" and not node.args and not node.keywords and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "datetime":
                found.append(f"{path}:{node.lineno} datetime.now()")
    return found


def sources():
    return [p for folder in SOURCES for p in (ROOT / folder).rglob("*.py") if p not in ALLOWED]


def test_the_day_comes_from_dates_today_only():
    assert server_days(sources()) == []


def test_the_check_finds_a_server_day(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from datetime import date, datetime\n"
                     "a = date.today()\n"
                     "def f(d=date.today): return datetime.now()\n"
                     "b = datetime.now(tz=None)\n")
    assert server_days([probe]) == [f"{probe}:2 date.today", f"{probe}:3 date.today",
                                    f"{probe}:3 datetime.now()"]
