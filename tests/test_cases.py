"""Cases: Mijn dossiers, creating and closing, assigning, children and network inline, history."""

from datetime import date

import pytest
from sqlalchemy import func, select

from samenveilig import dates
from samenveilig.audit import VIEW_LABELS
from samenveilig.extensions import db
from samenveilig.models import AuditEvent, Case, Child, NetworkMember

from .conftest import save
from .helpers import HX

pytestmark = pytest.mark.db


def audit_actions(app, case_id=None) -> list[str]:
    with app.app_context():
        stmt = select(AuditEvent.action).where(AuditEvent.action.not_in(VIEW_LABELS)).order_by(AuditEvent.id)
        if case_id:
            stmt = stmt.where(AuditEvent.case_id == case_id)
        return list(db.session.scalars(stmt))


def test_create_case_assigns_me_and_is_audited(app, logged_in, consultant):
    response = logged_in.post("/dossiers/nieuw", data={"family_name": "Maes", "service": "SDJ"})
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.reference == f"SDJ-{dates.today().year}-0001"
        assert [m.user_id for m in case.members] == [consultant.id]
        case_id = case.id
    assert audit_actions(app, case_id) == ["case_created"]
    page = logged_in.get(response.headers["Location"]).text
    assert "Gezin Maes" in page and "Sarah Peeters" in page
    logged_in.post("/dossiers/nieuw", data={"family_name": "Peeters", "service": "SDJ"})
    with app.app_context():
        assert db.session.scalar(select(func.max(Case.reference))).endswith("-0002")


@pytest.mark.parametrize("family_name,message", [
    ("", "Vul een gezinsnaam of alias in."),
    ("   ", "Vul een gezinsnaam of alias in."),
    ("x" * 121, "Gebruik hoogstens 120 tekens."),
])
def test_case_form_errors_keep_what_was_typed(app, logged_in, family_name, message):
    response = logged_in.post("/dossiers/nieuw", data={"family_name": family_name, "service": "OCJ"})
    assert response.status_code == 422
    assert message in response.text
    if family_name.strip():
        assert family_name in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 0


def test_unknown_service_is_refused(logged_in):
    response = logged_in.post("/dossiers/nieuw", data={"family_name": "Maes", "service": "XYZ"})
    assert response.status_code == 422
    assert "Ongeldige keuze" in response.text


def test_html_is_stored_as_typed_and_shown_escaped(app, logged_in):
    name = '<script>alert("x")</script> & <b>Maes</b>'
    response = logged_in.post("/dossiers/nieuw", data={"family_name": name, "service": "OCJ"})
    page = logged_in.get(response.headers["Location"]).text
    assert "<script>alert" not in page and "<b>Maes</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Maes&lt;/b&gt;" in page
    with app.app_context():
        assert db.session.scalar(select(Case.family_name)) == name


def test_home_lists_only_my_open_cases(logged_in, consultant, make_user, make_case):
    mine = make_case(consultant, family_name="Maes")
    make_case(make_user(), family_name="Janssens")
    closed = make_case(consultant, family_name="Gesloten")
    with logged_in.application.app_context():
        db.session.get(Case, closed.id).status = "closed"
        save()
    page = logged_in.get("/").text
    assert mine.reference in page and "Janssens" not in page and "Gesloten" not in page
    assert "Gesloten" in logged_in.get("/?afgesloten=1").text


def test_search_is_dual_mode(logged_in, consultant, make_case):
    make_case(consultant, family_name="Maes")
    make_case(consultant, family_name="El Amrani")
    full = logged_in.get("/?q=amr")
    assert full.text.startswith("<!doctype html>") and "El Amrani" in full.text and "Maes" not in full.text
    assert "HX-Request" in full.headers["Vary"]
    fragment = logged_in.get("/?q=AMR", headers=HX)
    assert fragment.text.lstrip().startswith('<section id="case-list"')
    assert "El Amrani" in fragment.text and "Maes" not in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]
    by_reference = logged_in.get("/?q=test-0001", headers=HX).text
    assert "Maes" in by_reference and "El Amrani" not in by_reference
    restore = logged_in.get("/?q=amr", headers=HX | {"HX-History-Restore-Request": "true"})
    assert restore.text.startswith("<!doctype html>")


def test_home_is_paginated(app, logged_in, consultant, make_case):
    app.config["CASES_PER_PAGE"] = 3
    for n in range(7):
        make_case(consultant, family_name=f"Familie {n}")
    first = logged_in.get("/").text
    assert "Pagina 1 van 3" in first and first.count("Familie ") == 3
    assert logged_in.get("/?pagina=3").text.count("Familie ") == 1
    assert "Je hebt op dit moment geen open dossiers." in logged_in.get("/?pagina=99").text


def test_teamlead_sees_every_case_and_assigns(app, client, auth, consultant, make_user, make_case):
    other = make_user(name="Tom Janssens")
    case = make_case(other, family_name="Janssens")
    lead = make_user(role="teamlead", name="Els")
    auth.login(consultant)
    assert client.get(f"/dossiers/{case.id}").status_code == 404
    auth.logout()
    auth.login(lead)
    assert "Janssens" not in client.get("/").text  # not assigned to the lead
    assert "Janssens" in client.get("/?alle=1").text
    assert client.get(f"/dossiers/{case.id}").status_code == 200
    client.post(f"/dossiers/{case.id}/consulenten", data={"user_id": consultant.id})
    response = client.post(f"/dossiers/{case.id}/consulenten/{other.id}/verwijderen")
    assert response.status_code == 302
    response = client.post(f"/dossiers/{case.id}/consulenten/{consultant.id}/verwijderen")
    assert response.status_code == 409 and "minstens één consulent" in response.text
    assert client.post(f"/dossiers/{case.id}/consulenten", data={"user_id": 999}).status_code == 422
    auth.logout()
    auth.login(consultant)
    assert client.get(f"/dossiers/{case.id}").status_code == 200
    assert audit_actions(app, case.id) == ["consultant_assigned", "consultant_unassigned"]


def test_consultant_cannot_assign(logged_in, consultant, make_user, make_case):
    case = make_case(consultant)
    assert logged_in.post(f"/dossiers/{case.id}/consulenten", data={"user_id": make_user().id}).status_code == 403


def test_add_edit_remove_a_child_inline(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    base = f"/dossiers/{case.id}/kinderen"
    response = logged_in.post(base, headers=HX, data={
        "new-child-first_name": "Lotte", "new-child-date_of_birth": "2018-03-14"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="children"')
    assert "Lotte" in response.text and "14 maart 2018" in response.text
    with app.app_context():
        child_id = db.session.scalar(select(Child.id))
    form = logged_in.get(f"{base}/{child_id}/bewerken", headers=HX).text
    assert f'id="child-{child_id}"' in form and 'value="Lotte"' in form
    response = logged_in.post(f"{base}/{child_id}", headers=HX, data={
        f"child-{child_id}-first_name": "", f"child-{child_id}-date_of_birth": "2018-03-14"})
    assert response.status_code == 422 and "Vul een voornaam in." in response.text
    response = logged_in.post(f"{base}/{child_id}", headers=HX, data={
        f"child-{child_id}-first_name": "Lotte-Marie", f"child-{child_id}-date_of_birth": "2018-03-15"})
    assert response.status_code == 200 and "Lotte-Marie" in response.text
    assert "Lotte-Marie" in logged_in.get(f"{base}/{child_id}", headers=HX).text
    response = logged_in.post(f"{base}/{child_id}/verwijderen", headers=HX)
    assert "Nog geen kinderen" in response.text
    assert audit_actions(app, case.id) == ["child_added", "child_updated", "child_removed"]


def test_add_network_member_with_errors_next_to_fields(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    data = {"new-network_member-name": "Oma Rita", "new-network_member-relation": "",
            "new-network_member-role": "network", "new-network_member-phone": "bel me",
            "new-network_member-email": "geen-adres", "new-network_member-support_figure": "y"}
    response = logged_in.post(f"/dossiers/{case.id}/netwerk", headers=HX, data=data)
    assert response.status_code == 422
    for message in ("Vul de relatie tot het kind in.", "Vul een telefoonnummer in met cijfers",
                    "Vul een geldig e-mailadres in."):
        assert message in response.text
    assert 'value="Oma Rita"' in response.text and 'value="bel me"' in response.text
    assert 'aria-invalid="true"' in response.text
    data |= {"new-network_member-relation": "oma", "new-network_member-phone": "0473 11 22 33",
             "new-network_member-email": ""}
    response = logged_in.post(f"/dossiers/{case.id}/netwerk", headers=HX, data=data)
    assert response.status_code == 200 and "Steunfiguur" in response.text
    with app.app_context():
        member = db.session.scalar(select(NetworkMember))
        assert (member.relation, member.phone, member.email, member.support_figure) == (
            "oma", "0473 11 22 33", None, True)


def test_inline_forms_work_without_htmx(logged_in, consultant, make_case):
    case = make_case(consultant)
    response = logged_in.post(f"/dossiers/{case.id}/kinderen", data={
        "new-child-first_name": "Finn", "new-child-date_of_birth": "2021-09-02"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#children")
    response = logged_in.post(f"/dossiers/{case.id}/kinderen", data={
        "new-child-first_name": "Mila", "new-child-date_of_birth": "morgen"})
    assert response.status_code == 422 and response.text.startswith("<!doctype html>")
    assert "Vul een geldige geboortedatum in." in response.text and 'value="Mila"' in response.text


TEXT_FIELDS = [
    ("kinderen", "new-child-first_name", 80, {"new-child-date_of_birth": "2018-01-01"}),
    ("netwerk", "new-network_member-name", 120, {"new-network_member-relation": "oma"}),
    ("netwerk", "new-network_member-relation", 80, {"new-network_member-name": "Rita"}),
]
OPTIONAL_FIELDS = [
    ("new-network_member-phone", 30, "telefoonnummer"),
    ("new-network_member-email", 254, "e-mailadres"),
]


@pytest.mark.parametrize("field,limit,word", OPTIONAL_FIELDS)
def test_bad_optional_contact_fields_never_break(logged_in, consultant, make_case, field, limit, word):
    case = make_case(consultant)
    url = f"/dossiers/{case.id}/netwerk"
    rest = {"new-network_member-name": "Rita", "new-network_member-relation": "oma",
            "new-network_member-role": "network"}
    assert logged_in.post(url, headers=HX, data=rest | {field: ""}).status_code == 200
    long = logged_in.post(url, headers=HX, data=rest | {field: "1" * (limit + 1)})
    assert long.status_code == 422 and f"hoogstens {limit} tekens" in long.text
    script = logged_in.post(url, headers=HX, data=rest | {field: "<script>x()</script>"})
    assert script.status_code == 422 and word in script.text
    assert "&lt;script&gt;x()&lt;/script&gt;" in script.text and "<script>x()" not in script.text


@pytest.mark.parametrize("collection,field,limit,rest", TEXT_FIELDS)
def test_bad_text_input_never_breaks(logged_in, consultant, make_case, collection, field, limit, rest):
    case = make_case(consultant)
    url = f"/dossiers/{case.id}/{collection}"
    rest = rest | {"new-network_member-role": "network"}
    empty = logged_in.post(url, headers=HX, data=rest | {field: ""})
    assert empty.status_code == 422 and "Vul " in empty.text
    long = logged_in.post(url, headers=HX, data=rest | {field: "a" * (limit + 1)})
    assert long.status_code == 422 and f"hoogstens {limit} tekens" in long.text
    assert "a" * (limit + 1) in long.text
    script = logged_in.post(url, headers=HX, data=rest | {field: "<script>x()</script>"})
    assert script.status_code == 200
    assert "<script>x()" not in script.text and "&lt;script&gt;x()&lt;/script&gt;" in script.text


def test_entries_of_another_case_are_not_found(app, logged_in, consultant, make_user, make_case):
    mine, theirs = make_case(consultant), make_case(make_user())
    with app.app_context():
        child = Child(case_id=theirs.id, first_name="Geheim", date_of_birth=date(2015, 1, 1))
        db.session.add(child)
        save()
        child_id = child.id
    for url in (f"/dossiers/{mine.id}/kinderen/{child_id}", f"/dossiers/{mine.id}/kinderen/{child_id}/bewerken"):
        assert logged_in.get(url).status_code == 404
    assert logged_in.post(f"/dossiers/{mine.id}/kinderen/{child_id}/verwijderen").status_code == 404
    assert logged_in.get(f"/dossiers/{theirs.id}").status_code == 404
    assert "Geheim" not in logged_in.get(f"/dossiers/{theirs.id}").text


def test_close_makes_the_case_read_only_until_reopened(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    assert logged_in.post(f"/dossiers/{case.id}/afsluiten").status_code == 302
    page = logged_in.get(f"/dossiers/{case.id}").text
    assert "is afgesloten op" in page and "Kind toevoegen" not in page
    response = logged_in.post(f"/dossiers/{case.id}/kinderen", headers=HX, data={
        "new-child-first_name": "Finn", "new-child-date_of_birth": "2021-09-02"})
    assert response.status_code == 409
    assert "afgesloten" in response.text and response.headers["HX-Retarget"] == "#notices"
    assert logged_in.post(f"/dossiers/{case.id}/bewerken", data={"family_name": "X", "service": "OCJ"}).status_code == 409
    logged_in.post(f"/dossiers/{case.id}/heropenen")
    with app.app_context():
        reopened = db.session.get(Case, case.id)
        assert reopened.is_open and reopened.closed_on is None
    assert audit_actions(app, case.id) == ["case_closed", "case_reopened"]


def test_history_tab_tells_who_changed_what(logged_in, consultant, make_case):
    case = make_case(consultant)
    logged_in.post(f"/dossiers/{case.id}/netwerk", data={
        "new-network_member-name": "Rita", "new-network_member-relation": "oma",
        "new-network_member-role": "network", "new-network_member-phone": "0473 11 22 33"})
    logged_in.post(f"/dossiers/{case.id}/bewerken", data={"family_name": "Maes-Claes", "service": "OCJ"})
    page = logged_in.get(f"/dossiers/{case.id}/geschiedenis").text
    assert "Sarah Peeters" in page
    assert "voegde iemand toe aan het netwerk" in page and "0473 11 22 33" in page
    assert "wijzigde het dossier" in page and "Maes-Claes" in page


def test_writes_and_their_audit_share_one_transaction(app, consultant, make_case, monkeypatch):
    """If recording the audit event fails, the change itself is not kept either."""
    from samenveilig import audit
    from samenveilig.cases import services

    case = make_case(consultant)

    def broken(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(audit, "record", broken)
    with app.app_context():
        from samenveilig.models import User

        actor = db.session.get(User, consultant.id)
        with pytest.raises(RuntimeError):
            services.add_entry(actor, db.session.get(Case, case.id), Child,
                               {"first_name": "Finn", "date_of_birth": date(2021, 1, 1)})
        db.session.rollback()
        assert db.session.scalar(select(func.count(Child.id))) == 0


def test_a_family_name_holds_the_name_and_the_screens_add_gezin_once(app, logged_in):
    form = logged_in.get("/dossiers/nieuw").text
    assert "gezin Zonnebloem" not in form and "zetten we er zelf voor" in form
    response = logged_in.post("/dossiers/nieuw", data={"family_name": "  gezin   Testers", "service": "OCJ"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Case.family_name)) == "Testers"
    page = logged_in.get(response.headers["Location"]).text
    assert "<h1>Gezin Testers</h1>" in page and "Gezin Gezin" not in page
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    logged_in.post(f"/dossiers/{case_id}/bewerken", data={"family_name": "Gezinsman", "service": "OCJ",
                                                          "family_language": "nl"})
    with app.app_context():
        assert db.session.get(Case, case_id).family_name == "Gezinsman"  # a name that starts so stays


def test_the_family_name_is_the_rows_link_and_without_open_cases_home_points_to_the_closed_ones(
        app, logged_in, consultant, make_case):
    case = make_case(consultant, family_name="Maes")
    page = logged_in.get("/").text
    assert f'<th scope="row"><a href="/dossiers/{case.id}">Maes</a></th>' in page
    assert "Toon je afgesloten dossiers" not in page
    assert logged_in.post(f"/dossiers/{case.id}/afsluiten").status_code == 302
    page = logged_in.get("/").text
    assert "nog geen open dossiers" not in page
    assert "Je hebt op dit moment geen open dossiers." in page
    assert '<a href="/?afgesloten=1">Toon je afgesloten dossiers (1)</a>' in page
    assert "Maes" in logged_in.get("/?afgesloten=1").text


def test_a_team_lead_sees_the_teams_acute_cases_and_overdue_actions_without_ticking(
        app, client, auth, consultant, make_user, make_case):
    from datetime import timedelta

    from samenveilig.dates import today
    from samenveilig.models import PlanAction

    tom = make_user(name="Tom Janssens")
    acute = make_case(tom, family_name="Acuutgezin")
    calm = make_case(consultant, family_name="Rustiggezin")
    with app.app_context():
        db.session.get(Case, acute.id).acute_review_on = today() + timedelta(days=2)
        db.session.add_all([PlanAction(case_id=calm.id, what="TE-LAAT-IN-HET-TEAM", status="todo",
                                       due_on=today() - timedelta(days=3)),
                            PlanAction(case_id=calm.id, what="NOG-OP-TIJD", status="todo",
                                       due_on=today() + timedelta(days=30))])
        save()
    auth.login(make_user(role="teamlead", name="Els Vermeulen"))
    home = client.get("/").text
    acute_part = home[home.index('id="acute-title"'):home.index("</section>", home.index('id="acute-title"'))]
    assert "Acuut onveilig in het team" in acute_part and "Acuutgezin" in acute_part and "Tom Janssens" in acute_part
    overdue = home[home.index('id="team-overdue"'):home.index("</section>", home.index('id="team-overdue"'))]
    assert "TE-LAAT-IN-HET-TEAM" in overdue and "Rustiggezin" in overdue and "Sarah Peeters" in overdue
    assert "NOG-OP-TIJD" not in home
    assert "Je hebt op dit moment geen open dossiers." in home and "Alle dossiers van het team" in home
    auth.logout()
    auth.login(consultant)  # a consultant's home stays their own
    mine = client.get("/").text
    assert "Acuutgezin" not in mine and 'id="team-overdue"' not in mine
