"""The Geschiedenis: every audited action and field in Dutch, and who looked at the case."""

import ast
import csv
import importlib
import io
import itertools
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

import samenveilig
from samenveilig import audit, dates
from samenveilig.cases import history
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Child,
    ChildHouseEntry,
    Drawing,
    Export,
    Meeting,
    StoryPanel,
    StoryVersion,
    User,
    utcnow,
)

from .conftest import save
from .helpers import HX

PACKAGE = Path(samenveilig.__file__).parent
# Models whose rows never go into the trail as a snapshot (their audit records carry a
# small dict instead, which the scan below reads).
NOT_SNAPSHOTTED = {"AuditEvent", "LiveChange", "UndoStep", "LoginThrottle", "AccountChange",
                   "FamilyLinkView", "ChildLinkView", "PlanSnapshot", "Export", "CaseMember", "ActionPerson", "ScaleScore",
                   "Drawing",  # a drawing is recorded as "drawing": yes or no on its entry
                   "StoryImage",  # an uploaded picture is recorded as the panel's "picture"
                   "Heartbeat"}  # the PDF worker's sign of life, no case data


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
    fields = {f for f in fields if not history.is_technical(f) and f not in audit._SECRET_COLUMNS}
    assert sorted(actions - history.ACTION_LABELS.keys()) == []
    assert sorted(fields - history.FIELD_LABELS.keys()) == []
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
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        save()
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


@pytest.mark.db
def test_history_names_who_and_which_child_an_edit_points_to(app, client, meeting, consultant):
    from samenveilig.meetings import services as meetings
    from samenveilig.models import Child, MappingItem, Participant

    with app.app_context():
        yasmine = Child(case_id=meeting.case, first_name="Yasmine", date_of_birth=date(2012, 6, 21))
        mama = Participant(meeting_id=meeting.id, name="Fatima El Amrani")
        db.session.add_all([yasmine, mama, Child(case_id=meeting.case, first_name="Adam",
                                                 date_of_birth=date(2015, 1, 2))])
        save()
        actor, m = db.session.get(User, consultant.id), db.session.get(Meeting, meeting.id)
        item = meetings.add_item(actor, m, text="Yasmine slaapt slecht", category="danger", speaker="",
                                 visibility="family", term="short")
        item = db.session.get(MappingItem, item.id)
        meetings.update_item(actor, item, version=item.version, text=item.text, speaker=str(mama.id),
                             visibility="family", term="short", child=str(yasmine.id))
        db.session.remove()
    page = client.get(f"/dossiers/{meeting.case}/geschiedenis").text
    assert "Wie zei het" in page and "Fatima El Amrani" in page
    assert "Over welk kind" in page and "alle kinderen" in page and "Yasmine" in page
    assert "speaker_id" not in page and "child_id" not in page


def trail(app, case_id) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.action, User.name).outerjoin(User, AuditEvent.actor)
                                  .where(AuditEvent.case_id == case_id).order_by(AuditEvent.id))
        return [tuple(row) for row in rows]


def views_of(app, case_id) -> list[tuple[str, str | None]]:
    return [row for row in trail(app, case_id) if row[0] in audit.VIEW_LABELS]


@contextmanager
def statements(app):
    """The statements sent inside the block, as (SQL, rows written)."""
    sent = []

    def count(conn, cursor, statement, *args):
        sent.append((statement.lstrip().upper(), cursor.rowcount))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(engine, "after_cursor_execute", count)


def inserted(sent) -> list[str]:
    return [sql for sql, rows in sent if sql.startswith("INSERT") and rows > 0]


@pytest.mark.db
def test_a_read_costs_the_page_one_statement(app, client, meeting, monkeypatch):
    url = f"/dossiers/{meeting.case}"
    monkeypatch.setitem(audit.READS, "cases.show", None)
    client.get(url)  # the first request of a connection asks more (the user, the session)
    with statements(app) as unrecorded:
        client.get(url)
    monkeypatch.undo()
    with statements(app) as recorded:
        assert client.get(url).status_code == 200
    assert len(recorded) == len(unrecorded) + 1
    assert len(inserted(recorded)) == 1


@pytest.mark.db
def test_repeats_of_the_same_read_count_once_and_every_other_read_counts(app, client, meeting, monkeypatch):
    with app.app_context():
        db.session.add(Meeting(case_id=meeting.case, kind="review", held_on=dates.today()))
        save()
        other = db.session.scalar(select(Meeting.id).where(Meeting.kind == "review"))
    for _ in range(2):
        for url in (f"/dossiers/{meeting.case}", f"/overleg/{meeting.id}", f"/overleg/{other}",
                    f"/overleg/{meeting.id}/projectie", f"/dossiers/{meeting.case}/plan"):
            assert client.get(url).status_code == 200
        with statements(app) as sent:  # a live region of the board is part of the board
            assert client.get(f"/overleg/{meeting.id}/regio/scale").status_code == 200
        assert inserted(sent) == []
    assert [a for a, _ in views_of(app, meeting.case)] == [
        "case_viewed", "meeting_viewed", "meeting_viewed", "meeting_projected", "plan_viewed"]
    # A change in between does not make a repeat count; a pause longer than the window does.
    client.post(f"/dossiers/{meeting.case}/bewerken", data={"family_name": "Maes-Claes", "service": "OCJ"})
    client.get(f"/dossiers/{meeting.case}")
    later = utcnow() + audit.VIEW_WINDOW + timedelta(seconds=1)
    monkeypatch.setattr(audit, "utcnow", lambda: later)
    client.get(f"/overleg/{meeting.id}")
    assert [a for a, _ in views_of(app, meeting.case)][5:] == ["meeting_viewed"]


@pytest.mark.db
@pytest.mark.parametrize("url, action", [
    ("/dossiers/{case}", "case_viewed"),
    ("/dossiers/{case}/geschiedenis", "history_viewed"),
    ("/dossiers/{case}/plan", "plan_viewed"),
    ("/dossiers/{case}/plan/afdrukken", "plan_printed"),
    ("/dossiers/{case}/veiligheidsnetwerk", "safety_network_viewed"),
    ("/dossiers/{case}/voortgang", "progress_viewed"),
    ("/overleg/{meeting}", "meeting_viewed"),
    ("/overleg/{meeting}/projectie", "meeting_projected"),
    ("/overleg/{meeting}/projectie/netwerk", "network_projected"),
    ("/overleg/{meeting}/plan", "plan_viewed"),
])
def test_each_page_of_a_case_records_its_read(app, client, meeting, url, action):
    assert client.get(url.format(case=meeting.case, meeting=meeting.id)).status_code == 200
    assert views_of(app, meeting.case) == [(action, "Sarah Peeters")]


@pytest.mark.db
def test_every_pdf_download_is_recorded(app, client, meeting):
    with app.app_context():
        export = Export(case_id=meeting.case, audience="file", status="done", filename="plan-maes.pdf",
                        pdf=b"%PDF-1.4 test")
        db.session.add(export)
        save()
        url = f"/dossiers/{meeting.case}/pdf/{export.id}/download"
    client.get(url)
    client.get(url)
    assert views_of(app, meeting.case) == [("pdf_downloaded", "Sarah Peeters")] * 2
    page = client.get(f"/dossiers/{meeting.case}/geschiedenis").text
    assert "downloadde een pdf (plan-maes.pdf)" in page


@pytest.mark.db
def test_the_consultant_sees_who_looked_at_their_case(app, client, auth, meeting, consultant, make_user):
    lead = make_user("teamlead", name="Els Teamlead")
    auth.logout()
    auth.login(lead)
    client.get(f"/dossiers/{meeting.case}")
    auth.logout()
    auth.login(consultant)
    page = client.get(f"/dossiers/{meeting.case}/geschiedenis").text
    seen = page.split('id="views-title"')[1]
    assert "Els Teamlead" in seen and "bekeek het dossier" in seen
    changes = page.split('id="views-title"')[0]
    assert "bekeek het dossier" not in changes  # reads are listed apart from the changes


@pytest.mark.db
def test_the_access_log_exports_as_csv(app, client, auth, meeting, make_user):
    client.get(f"/dossiers/{meeting.case}")
    client.post(f"/dossiers/{meeting.case}/bewerken", data={"family_name": "=HYPERLINK()", "service": "OCJ"})
    auth.logout()
    auth.login(make_user("teamlead", name="Els Teamlead"))  # the export is the team lead's (test_access_log_export)
    response = client.get(f"/dossiers/{meeting.case}/geschiedenis/toegang.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="toegang-{meeting.reference}.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Datum en uur", "Naam", "E-mailadres", "Rol", "Soort", "Wat"]
    assert rows[1][1:] == ["Sarah Peeters", "consultant1@test.be", "Consulent", "bekeken", "bekeek het dossier"]
    assert rows[2][4:] == ["gewijzigd", "wijzigde het dossier"]
    assert all("HYPERLINK" not in cell for row in rows for cell in row)  # the log holds no content
    assert trail(app, meeting.case)[-1] == ("access_log_exported", "Els Teamlead")
    again = client.get(f"/dossiers/{meeting.case}/geschiedenis/toegang.csv").text
    assert again.splitlines()[-1].endswith(";geëxporteerd;downloadde het toegangslogboek")


@pytest.mark.db
def test_bekeken_door_names_the_child_whose_words_or_drawing_were_read(app, client, meeting):
    with app.app_context():
        child = Child(case_id=meeting.case, first_name="Lotte", date_of_birth=date(2017, 3, 1))
        entry = ChildHouseEntry(case_id=meeting.case, child=child, house="worries", text="Ik ben bang",
                                talked_on=dates.today(), visibility="professional",
                                drawing=Drawing(mimetype="image/png", width=1, height=1, image=b"png", thumbnail=b"png"))
        panel = StoryPanel(position=1, text="Wie helpt er?")
        story = StoryVersion(case_id=meeting.case, child=child, version_number=1, status="concept", panels=[panel])
        db.session.add_all([child, entry, story])
        save()
        url = f"/dossiers/{meeting.case}/kinderen/{child.id}/huizen"
        entry_id, story_url = entry.id, f"/dossiers/{meeting.case}/kinderen/{child.id}/uitleg"
        story_id, panel_id = story.id, panel.id
    for path in (url, f"{url}/{entry_id}", f"{url}/{entry_id}/tekening", f"{url}/{entry_id}/tekening/klein",
                 f"{story_url}/versie/{story_id}", f"{story_url}/panelen/{panel_id}"):
        assert client.get(path).status_code == 200
    assert [a for a, _ in views_of(app, meeting.case)] == [
        "houses_viewed", "child_words_viewed", "drawing_viewed", "story_viewed", "panel_viewed"]
    seen = client.get(f"/dossiers/{meeting.case}/geschiedenis").text.split('id="views-title"')[1]
    for label in ("bekeek een tekening van een kind", "bekeek één stuk van wat een kind zelf zegt (de drie huizen)",
                  "bekeek de drie huizen van een kind", "bekeek de uitleg voor een kind (woorden en beelden)",
                  "bekeek een deel van de uitleg voor een kind"):
        assert f"{label} (Lotte)" in seen  # the name isolated: <bdi dir="ltr">, read as words
