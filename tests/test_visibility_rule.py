"""What an audience may see is decided in one place, samenveilig/audience.py: `visible()` in a
query, `shown_to()` for a row, `child_drawing_shown()` for a child's drawing. Anywhere else a
test of a visibility (`== Visibility.FAMILY`, `.visibility.in_(...)`, `entry["visibility"] in
allowed`, `item.visibility != "family"` in a template) is a second rule that can drift from the
first, and it is what keeps confidential words off a family's screen. The models define the
values; comparing two rows' visibilities (did it change?) decides nothing about an audience.

Read from the source, like tests/test_layers.py; each reader proves it finds a planted probe."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"
RULE = (PACKAGE / "audience.py", PACKAGE / "models")
SQL_TESTS = {"in_", "not_in", "notin_", "is_", "is_not", "isnot", "contains"}


def _sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if not any(p == r or r in p.parents for r in RULE)]


def _a_visibility(node: ast.expr) -> bool:
    """`x.visibility`, `x["visibility"]`, `x.get("visibility")`, `visibility`, `Visibility.X`, `Visibility(x)`."""
    match node:
        case ast.Attribute(attr="visibility") | ast.Name(id="visibility"):
            return True
        case ast.Subscript(slice=ast.Constant(value="visibility")):
            return True
        case ast.Call(func=ast.Attribute(attr="get"), args=[ast.Constant(value="visibility"), *_]):
            return True
        case ast.Attribute(value=ast.Name(id="Visibility")) | ast.Call(func=ast.Name(id="Visibility")):
            return True
    return False


def _a_rows_visibility(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "visibility"


def comparisons(path: Path) -> list[str]:
    """Where this module tests a visibility itself, in Python or in SQL."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(map(_a_visibility, operands)) and not all(map(_a_rows_visibility, operands)):
                found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr in SQL_TESTS and _a_visibility(node.func.value):
            found.append(f"{path}:{node.lineno}: {ast.unparse(node)}")
    return found


# In a template: a visibility on either side of ==, !=, in, not in; or a hand-written list of
# visibilities handed to something.
TEMPLATE_TESTS = re.compile(
    r"\bvisibility\b[\w.\]\[\"')]*\s*(==|!=|\bnot\s+in\b|\bin\b)"
    r"|(==|!=|\bin\b)\s*[\w.]*\bvisibility\b"
    r"|[\[(]\s*[\"'](family|professional|confidential)[\"']\s*[,\])]")


LOOP = re.compile(r"^\{%-?\s*for\s+[\w, ]+\s+in\b")  # `{% for option in form.visibility %}` tests nothing


def template_comparisons(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        for tag in re.findall(r"\{[{%].*?[%}]\}", line):
            if TEMPLATE_TESTS.search(LOOP.sub("{% for", tag)):
                found.append(f"{path}:{number}: {tag}")
    return found


def outside_the_rule() -> list[str]:
    return [c for p in _sources() for c in comparisons(p)] + \
        [c for p in sorted((PACKAGE / "templates").rglob("*.html")) for c in template_comparisons(p)]


def test_no_visibility_is_tested_outside_the_audience_rule():
    assert outside_the_rule() == []


def test_the_check_finds_a_planted_comparison(tmp_path):
    probe = tmp_path / "services.py"
    probe.write_text(
        "def f(entry, stored, allowed, now, before):\n"
        "    a = select(E).where(E.case_id == 1, E.visibility == Visibility.FAMILY)\n"  # 2
        "    b = select(E).where(E.visibility.in_(ITEM_VISIBILITY))\n"  # 3
        "    c = [e for e in stored if e['visibility'] in allowed]\n"  # 4
        "    d = entry.get('visibility') not in allowed\n"  # 5
        "    e = Visibility.PROFESSIONAL != entry.visibility\n"  # 6
        "    changed = now.visibility != before.visibility\n"  # 7: a change, not an audience
        "    return shown_to(entry, 'family'), visible(E.visibility, 'family')\n")  # 8: the rule
    lines = sorted(int(found.split(":")[1]) for found in comparisons(probe))
    assert lines == [2, 3, 4, 5, 6]


def test_the_check_finds_a_planted_template_comparison(tmp_path):
    probe = tmp_path / "_probe.html"
    probe.write_text(
        '{% if item.visibility != "family" %}<span class="badge badge--{{ item.visibility }}"></span>{% endif %}\n'
        '{% if panel.drawing and not panel.drawing_shown(["family"]) %}x{% endif %}\n'
        '{% if danger.visibility in shown %}x{% endif %}\n'
        '{% if not shown_to(item, "family") %}<p data-sharing="{{ entry.visibility }}">Zichtbaar in het gezin</p>{% endif %}\n'
        '{% for option in form.visibility %}{{ option() }}{% endfor %}\n'
        '{% for item in items if item.visibility == "family" %}x{% endfor %}\n')
    lines = [int(found.split(":")[1]) for found in template_comparisons(probe)]
    assert lines == [1, 2, 3, 6]


def test_the_rule_itself_and_the_models_are_not_read():
    assert PACKAGE / "audience.py" not in _sources()
    assert not any("models" in p.relative_to(PACKAGE).parts for p in _sources())
    assert PACKAGE / "meetings" / "voice.py" in _sources()
