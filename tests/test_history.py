"""The Geschiedenis: every audited action and field in Dutch, and who looked at the case."""

import ast
import importlib
import itertools
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

import samenveilig
from samenveilig import audit
from samenveilig.extensions import db
from samenveilig.models import Meeting

HX = {"HX-Request": "true"}

PACKAGE = Path(samenveilig.__file__).parent
# Models whose rows never go into the trail as a snapshot (their audit records carry a
# small dict instead, which the scan below reads).
NOT_SNAPSHOTTED = {"AuditEvent", "LiveChange", "UndoStep", "LoginFailure", "FamilyLinkView",
                   "PlanSnapshot", "Export", "CaseMember", "ActionPerson", "ScaleScore"}


def _is_record_call(node) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "record" and getattr(node.func.value, "id", "") == "audit")


def _parents(tree):
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    return parents


def _enclosing_function(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _resolve(expr, tree, module, parents, func) -> set[str]:
    """Every string an action argument can take: literals, f-strings over module dicts,
    conditional expressions and parameters passed on by the callers in the same module."""
    if isinstance(expr, ast.Constant):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        return (_resolve(expr.body, tree, module, parents, func)
                | _resolve(expr.orelse, tree, module, parents, func))
    if isinstance(expr, ast.JoinedStr):
        parts = []
        for value in expr.values:
            if isinstance(value, ast.Constant):
                parts.append([value.value])
            else:
                assert isinstance(value.value, ast.Subscript), ast.unparse(expr)
                parts.append(list(getattr(module, value.value.value.id).values()))
        return {"".join(p) for p in itertools.product(*parts)}
    if isinstance(expr, ast.Name) and func is not None:
        names = [a.arg for a in func.args.args]
        index = names.index(expr.id)
        found = set()
        for call in ast.walk(tree):
            callee = getattr(call, "func", None)
            if not isinstance(call, ast.Call) or getattr(callee, "id", getattr(callee, "attr", None)) != func.name:
                continue
            args = {k.arg: k.value for k in call.keywords}
            arg = call.args[index] if index < len(call.args) else args[expr.id]
            found |= _resolve(arg, tree, module, parents, _enclosing_function(call, parents))
        return found
    raise AssertionError(f"cannot tell which action this records: {ast.unparse(expr)}")


def recorded_actions_and_fields() -> tuple[set[str], set[str]]:
    actions, fields = set(), set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        parents = _parents(tree)
        name = "samenveilig." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        module = importlib.import_module(name.removesuffix(".__init__"))
        for node in ast.walk(tree):
            if _is_record_call(node):
                found = _resolve(node.args[2], tree, module, parents, _enclosing_function(node, parents))
                assert found, ast.unparse(node)
                actions |= found
                for part in node.args[3:]:
                    fields |= {k.value for d in ast.walk(part) if isinstance(d, ast.Dict)
                               for k in d.keys if isinstance(k, ast.Constant)}
            # Extra keys a module adds to a snapshot: data["who"] = ...
            if (isinstance(node, ast.FunctionDef) and "snapshot" in node.name):
                fields |= {t.slice.value for a in ast.walk(node) if isinstance(a, ast.Assign)
                           for t in a.targets if isinstance(t, ast.Subscript)
                           and isinstance(t.slice, ast.Constant)}
    return actions, fields


def test_every_audited_action_and_field_has_a_dutch_label(app):
    actions, fields = recorded_actions_and_fields()
    assert {"plan_action_added", "user_deactivated", "case_updated", "warning_sign_removed"} <= actions
    with app.app_context():
        for mapper in db.Model.registry.mappers:
            if mapper.class_.__name__ not in NOT_SNAPSHOTTED:
                fields |= {attr.key for attr in mapper.column_attrs}
    fields = {f for f in fields if not audit.is_technical(f) and f not in audit._SECRET_COLUMNS}
    assert sorted(actions - audit.ACTION_LABELS.keys()) == []
    assert sorted(fields - audit.FIELD_LABELS.keys()) == []
    assert {"what", "how", "due_on", "who"} <= fields


def test_dates_module_imports_nothing_of_the_app():
    tree = ast.parse((PACKAGE / "dates.py").read_text())
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(isinstance(n, ast.Import) or n.level == 0 for n in imports)
    assert all("samenveilig" not in ast.unparse(n) for n in imports)
    templating = ast.parse((PACKAGE / "templating.py").read_text())
    assert not [n for n in ast.walk(templating) if isinstance(n, ast.ImportFrom) and n.level
                and _enclosing_function(n, _parents(templating))], "imports inside functions hide a circle"


@pytest.fixture
def meeting(app, consultant, make_case, auth):
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=date.today())
        db.session.add(meeting)
        db.session.commit()
        ids = SimpleNamespace(case=case.id, id=meeting.id, reference=case.reference)
    auth.login(consultant)
    return ids


@pytest.mark.db
def test_history_tells_a_plan_action_in_dutch_with_its_content(client, meeting):
    client.post(f"/overleg/{meeting.id}/plan/acties", headers=HX, data={
        "new-action-what": "Mama gaat naar de huisarts", "new-action-how": "Oma rijdt mee",
        "new-action-due_on": "2026-12-24", "new-action-visibility": "professional"})
    page = client.get(f"/dossiers/{meeting.case}/geschiedenis").text
    assert "voegde een actie toe aan het plan" in page
    assert "Mama gaat naar de huisarts" in page and "Oma rijdt mee" in page
    assert "24 december 2026" in page and "nog te doen" in page and "Professioneel" in page
    assert "plan action added" not in page and "todo" not in page
