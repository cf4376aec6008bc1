"""Logging in and out, throttling, passwords, the user administration and the CLI."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig.extensions import db
from samenveilig.models import AuditEvent, LoginFailure, User

from .conftest import PASSWORD

pytestmark = pytest.mark.db


def test_login_page_is_dutch(client):
    response = client.get("/aanmelden")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "E-mailadres" in response.text and "Wachtwoord" in response.text


def test_login_and_logout(client, auth, make_user):
    user = make_user(name="Sarah Peeters")
    response = auth.login(user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Sarah Peeters" in client.get("/").text
    assert client.get("/afmelden").status_code == 405  # logging out is a POST
    response = auth.logout()
    assert response.headers["Location"] == "/aanmelden"
    assert client.get("/").headers["Location"].startswith("/aanmelden?next=")


@pytest.mark.parametrize("email,password", [
    ("consultant1@test.be", "verkeerd-wachtwoord"),
    ("niemand@test.be", PASSWORD),
])
def test_wrong_credentials_get_one_generic_answer(client, make_user, email, password):
    make_user()
    response = client.post("/aanmelden", data={"email": email, "password": password})
    assert response.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in response.text
    assert email in response.text  # what was typed stays


def test_email_is_matched_without_case_or_spaces(client, make_user):
    make_user(email="sarah@test.be")
    response = client.post("/aanmelden", data={"email": "  Sarah@Test.BE ", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("target,lands_on", [
    ("/dossiers/nieuw", "/dossiers/nieuw"),
    ("https://elders.example/", "/"),
    ("//elders.example/", "/"),
    ("/\\elders.example", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_only_leads_inside_the_app(client, make_user, target, lands_on):
    user = make_user()
    response = client.post("/aanmelden", query_string={"next": target},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == lands_on


def test_five_failures_for_one_account_block_it_for_a_while(app, client, make_user):
    user = make_user()
    for n in range(5):
        client.post("/aanmelden", data={"email": user.email, "password": "fout"},
                    environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
    response = client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.text
    assert "15 minuten" in response.text
    # Once the failures are older than the window, the right password works again.
    with app.app_context():
        for failure in db.session.scalars(select(LoginFailure)):
            failure.at -= timedelta(minutes=16)
        db.session.commit()
    assert client.post("/aanmelden", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_five_failures_from_one_address_block_that_address(client, make_user):
    user = make_user()
    for n in range(5):
        client.post("/aanmelden", data={"email": f"gok{n}@test.be", "password": "fout"})
    response = client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    other = client.post("/aanmelden", data={"email": user.email, "password": PASSWORD},
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302


def test_a_successful_login_clears_the_account_failures(app, client, make_user):
    user = make_user()
    for _ in range(3):
        client.post("/aanmelden", data={"email": user.email, "password": "fout"})
    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    with app.app_context():
        assert not db.session.scalars(select(LoginFailure).where(LoginFailure.email == user.email)).all()


def login_admin(app, make_user):
    admin = make_user(role="admin", name="Beheerder")
    client = app.test_client()
    client.post("/aanmelden", data={"email": admin.email, "password": PASSWORD})
    return admin, client


def test_deactivation_stops_login_and_open_sessions(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    assert client.get("/").status_code == 200
    _, admin = login_admin(app, make_user)
    assert admin.post(f"/beheer/gebruikers/{user.id}/actief").status_code == 302
    assert client.get("/").headers["Location"].startswith("/aanmelden")
    assert auth.login(user).status_code == 401


def test_htmx_request_with_an_ended_session_redirects_the_whole_page(client):
    response = client.get("/?q=maes", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/aanmelden?next=")


def test_temporary_password_must_be_changed_first(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    _, admin = login_admin(app, make_user)
    admin.post(f"/beheer/gebruikers/{user.id}/wachtwoord", data={"password": "tijdelijk-123"})
    assert client.get("/").headers["Location"].startswith("/aanmelden")  # old session ended
    auth.login(user, "tijdelijk-123")
    assert client.get("/").headers["Location"] == "/wachtwoord"
    response = client.post("/wachtwoord", data={
        "current": "tijdelijk-123", "new": "mijn-eigen-wachtwoord", "confirm": "mijn-eigen-wachtwoord"})
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200  # this session carries on


def test_change_password_errors_are_dutch(client, auth, make_user):
    auth.login(make_user())
    response = client.post("/wachtwoord", data={"current": "fout", "new": "kort", "confirm": "anders"})
    assert response.status_code == 422
    assert "minstens 10 tekens" in response.text
    assert "niet gelijk" in response.text
    response = client.post("/wachtwoord", data={
        "current": "fout-wachtwoord", "new": "nieuw-wachtwoord-1", "confirm": "nieuw-wachtwoord-1"})
    assert "Je huidige wachtwoord klopt niet." in response.text


def test_admin_adds_a_user_with_dutch_errors(app, make_user):
    admin, client = login_admin(app, make_user)
    response = client.post("/beheer/gebruikers", data={
        "name": "", "email": "geen-adres", "role": "consultant", "password": "kort"})
    assert response.status_code == 422
    for message in ("Vul een naam in.", "Vul een geldig e-mailadres in.", "minstens 10 tekens"):
        assert message in response.text
    data = {"name": "Tom Janssens", "email": "Tom@Test.be", "role": "consultant",
            "password": "tijdelijk-wachtwoord", "work_phone": ""}
    assert client.post("/beheer/gebruikers", data=data).status_code == 302
    response = client.post("/beheer/gebruikers", data=data)
    assert "Er bestaat al een gebruiker met dit e-mailadres." in response.text
    with app.app_context():
        tom = db.session.scalar(select(User).where(User.email == "tom@test.be"))
        assert tom.must_change_password
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_created"))
        assert event.actor_id == admin.id and "password_hash" not in event.after


def test_admin_changes_a_role_but_not_their_own(app, make_user):
    admin, client = login_admin(app, make_user)
    user = make_user()
    client.post(f"/beheer/gebruikers/{user.id}/rol", data={"role": "teamlead"})
    with app.app_context():
        assert db.session.get(User, user.id).role == "teamlead"
    response = client.post(f"/beheer/gebruikers/{admin.id}/rol", data={"role": "consultant"})
    assert response.status_code == 409
    assert "Je kunt je eigen rol niet wijzigen." in response.text
    assert client.post(f"/beheer/gebruikers/{admin.id}/actief").status_code == 409


def test_user_pages_are_for_administrators_only(client, auth, make_user):
    auth.login(make_user(role="teamlead"))
    response = client.get("/beheer/gebruikers")
    assert response.status_code == 403
    assert "Geen toegang" in response.text


def test_cli_create_user(app, runner):
    result = runner.invoke(args=["create-user", "Els@Test.be", "--name", "Els Vermeulen",
                                 "--role", "teamlead", "--password-stdin"],
                           input="een-lang-wachtwoord\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "els@test.be", "--name", "Els"],
                           input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert result.exit_code != 0 and "bestaat al" in result.output
    result = runner.invoke(args=["create-user", "kort@test.be", "--name", "K", "--password-stdin"],
                           input="kort\n")
    assert result.exit_code != 0 and "minstens 10 tekens" in result.output
    result = runner.invoke(args=["create-user", "twee@test.be", "--name", "Twee"],
                           input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        els = db.session.scalar(select(User).where(User.email == "els@test.be"))
        assert els.role == "teamlead" and els.check_password("een-lang-wachtwoord")
        assert els.password_hash.startswith("scrypt:")


def test_cli_seed_demo(app, runner, client):
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0
    assert "sarah.peeters@demo.samenveilig.be" in result.output
    assert "geen demogegevens" in runner.invoke(args=["seed-demo", "--if-empty"]).output
    response = client.post("/aanmelden", data={
        "email": "sarah.peeters@demo.samenveilig.be", "password": "samen-veilig-demo"})
    assert response.status_code == 302
    assert "Maes" in client.get("/").text
    with app.app_context():
        from samenveilig.models import MappingItem

        worries = db.session.scalars(select(MappingItem.text).where(MappingItem.category == "worry")).all()
        assert len(worries) >= 2 and any("drinkt" in w for w in worries)


def test_a_copied_session_cookie_is_worthless_after_logout(app, client, auth, make_user, make_case):
    user = make_user()
    case = make_case(user)
    auth.login(user)
    assert client.get(f"/dossiers/{case.id}").status_code == 200
    copy = app.test_client()
    copy.set_cookie("samenveilig_session", client.get_cookie("samenveilig_session").value)
    assert copy.get(f"/dossiers/{case.id}").status_code == 200
    auth.logout()
    replay = copy.get(f"/dossiers/{case.id}")
    assert replay.status_code == 302 and replay.headers["Location"].startswith("/aanmelden")
    assert auth.login(user).status_code == 302  # logging in again simply works
    assert client.get(f"/dossiers/{case.id}").status_code == 200
