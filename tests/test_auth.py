"""Logging in and out, throttling, passwords, the user administration and the CLI."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from samenveilig.auth import services
from samenveilig.extensions import db
from samenveilig.models import AccountChange, AuditEvent, LoginThrottle, User, accounts, utcnow

from .conftest import PASSWORD, save

pytestmark = pytest.mark.db


def test_login_page_is_dutch(client):
    response = client.get("/aanmelden")
    assert response.status_code == 200
    assert '<html lang="nl" dir="ltr">' in response.text
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


@pytest.fixture
def delays(monkeypatch):
    """The waits of the login throttle, recorded instead of slept."""
    waited = []
    monkeypatch.setattr(services, "sleep", waited.append)
    return waited


def wrong(client, email, address="10.0.0.1"):
    response = client.post("/aanmelden", data={"email": email, "password": "fout"},
                           environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 401 and "klopt niet" in response.text
    return response


def expected_delays(app, failures_before):
    with app.test_request_context():
        return [services.login_delay(n, 0) for n in failures_before]


def test_failures_slow_the_account_down_more_and_more(app, client, make_user, delays):
    user = make_user()
    for n in range(9):
        wrong(client, user.email, address=f"10.0.0.{n}")
    assert delays == expected_delays(app, range(9)) == [0, 0, 0, 0, 0, 1.0, 2.0, 4.0, 8.0]
    assert expected_delays(app, [9, 40]) == [app.config["LOGIN_DELAY_MAX"]] * 2 == [10.0, 10.0]
    response = client.post("/aanmelden", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and len(delays) == 9  # the right password never waits


def test_the_owner_logs_in_during_an_attack_on_their_account(app, client, make_user, delays):
    owner = make_user()
    attacker = app.test_client()
    for n in range(60):
        wrong(attacker, owner.email, address=f"203.0.113.{n}")
    assert max(delays) == app.config["LOGIN_DELAY_MAX"]
    response = client.post("/aanmelden", data={"email": owner.email, "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "192.0.2.50"})
    assert response.status_code == 302 and len(delays) == 60  # in at once
    assert client.get("/").status_code == 200
    wrong(attacker, owner.email)
    assert delays[-1] == 0  # the owner's login cleared the account's count


def test_colleagues_behind_one_address_are_not_locked_out(app, client, make_user, delays):
    """A NAT, a Citrix farm or a proxy without TRUSTED_PROXIES: everyone shares one address."""
    typist, colleague = make_user(), make_user()
    for _ in range(5):
        wrong(client, typist.email)
    for n in range(40):
        wrong(client, f"gok{n}@test.be")
    assert 0 < delays[-1] <= app.config["LOGIN_DELAY_MAX"]  # the guesses from the address are slowed
    response = app.test_client().post("/aanmelden", data={"email": colleague.email, "password": PASSWORD},
                                      environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 302 and len(delays) == 45  # the colleague is not
    response = app.test_client().post("/aanmelden", data={"email": typist.email, "password": PASSWORD},
                                      environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert response.status_code == 302


def test_parallel_guesses_are_each_counted(app, make_user, delays):
    """Thirty wrong passwords at once (with room for all of them in flight): each gets its own
    count, so only five go unslowed."""
    app.config.update(LOGIN_IN_FLIGHT_PER_ACCOUNT=30, LOGIN_IN_FLIGHT_PER_ADDRESS=30)
    user = make_user()
    barrier = threading.Barrier(30)

    def guess(n):
        barrier.wait()
        return app.test_client().post("/aanmelden", data={"email": user.email, "password": f"fout{n}"},
                                      environ_base={"REMOTE_ADDR": f"198.51.100.{n}"}).status_code

    with ThreadPoolExecutor(30) as pool:
        assert list(pool.map(guess, range(30))) == [401] * 30
    assert sorted(delays) == sorted(expected_delays(app, range(30)))
    assert delays.count(0) == 5
    with app.app_context():
        assert db.session.get(LoginThrottle, f"account:{user.email}").failures == 30


def test_a_quiet_window_resets_the_count(app, client, make_user, delays):
    user = make_user()
    for _ in range(7):
        wrong(client, user.email)
    with app.app_context():
        for row in db.session.scalars(select(LoginThrottle)):
            row.last_at -= timedelta(minutes=16)
        save()
    wrong(client, user.email)
    assert delays[-1] == 0
    with app.app_context():
        assert db.session.get(LoginThrottle, f"account:{user.email}").failures == 1


def test_a_successful_login_clears_the_account_failures(app, client, make_user, delays):
    user = make_user()
    for _ in range(3):
        wrong(client, user.email)
    client.post("/aanmelden", data={"email": user.email, "password": PASSWORD},
                environ_base={"REMOTE_ADDR": "10.0.0.1"})
    with app.app_context():
        assert db.session.get(LoginThrottle, f"account:{user.email}") is None
        assert db.session.get(LoginThrottle, "address:10.0.0.1").failures == 3


def login_admin(app, make_user):
    admin = make_user(role="admin", name="Beheerder")
    client = app.test_client()
    client.post("/aanmelden", data={"email": admin.email, "password": PASSWORD})
    return admin, client


def confirm_every_change(app, make_user):
    """A team lead, a colleague long before the changes were asked for, who confirms every
    waiting account change."""
    lead = app.test_client()
    lead.post("/aanmelden", data={"email": make_user(role="teamlead", created_at=utcnow() - timedelta(days=30)).email,
                                  "password": PASSWORD})
    with app.app_context():
        waiting = db.session.scalars(select(AccountChange.id).where(AccountChange.status == "pending")).all()
    for change_id in waiting:
        assert lead.post(f"/accountwijzigingen/{change_id}/bevestigen").status_code == 302
    return lead


def test_an_administrator_cannot_make_themselves_a_team_lead(app, make_user, make_case):
    admin, admin_client = login_admin(app, make_user)
    case = make_case(make_user(), family_name="Wouters")
    els = make_user(role="teamlead", name="Els Vermeulen")  # there before the request
    response = admin_client.post("/beheer/gebruikers", data={
        "name": "Nep Teamlead", "email": "nep@test.be", "role": "teamlead", "password": "ik-weet-het-wel"},
        follow_redirects=True)
    assert "pas in als een andere teamverantwoordelijke of beheerder" in response.text
    with app.app_context():
        fake = db.session.scalar(select(User).where(User.email == "nep@test.be"))
        change = db.session.scalar(select(AccountChange))
        assert fake.role == "consultant" and change.status == "pending" and change.requested_by_id == admin.id
    own = admin_client.post(f"/accountwijzigingen/{change.id}/bevestigen")
    assert own.status_code == 403 and "Een andere teamverantwoordelijke of beheerder" in own.text
    as_fake = app.test_client()
    as_fake.post("/aanmelden", data={"email": "nep@test.be", "password": "ik-weet-het-wel"})
    as_fake.post("/wachtwoord", data={"current": "ik-weet-het-wel", "new": "nu-van-mij-123", "confirm": "nu-van-mij-123"})
    assert as_fake.get(f"/dossiers/{case.id}").status_code == 404  # no case before a second person confirms
    assert as_fake.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 403
    lead = app.test_client()
    lead.post("/aanmelden", data={"email": els.email, "password": PASSWORD})
    home = lead.get("/").text
    assert 'id="account-changes"' in home and "Nep Teamlead" in home and "wordt teamverantwoordelijke" in home
    assert "wacht op bevestiging" in home and f"/accountwijzigingen/{change.id}/bevestigen" in home
    assert lead.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 302
    assert as_fake.get(f"/dossiers/{case.id}").status_code == 200
    home = lead.get("/").text
    assert "bevestigd door Els Vermeulen" in home and "/bevestigen" not in home
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.case_id.is_(None))).all()
        assert {"user_created", "account_change_requested", "user_role_changed", "account_change_confirmed"} <= set(actions)


def test_a_password_for_someone_who_sees_cases_waits_for_a_second_person(app, client, auth, make_user):
    user = make_user(name="Sarah Peeters")
    auth.login(user)
    _, admin = login_admin(app, make_user)
    admin.post(f"/beheer/gebruikers/{user.id}/wachtwoord", data={"password": "tijdelijk-123"})
    assert client.get("/").status_code == 200  # nothing changed yet
    assert app.test_client().post("/aanmelden", data={"email": user.email, "password": "tijdelijk-123"}).status_code == 401
    assert "Sarah Peeters" in admin.get("/beheer/gebruikers").text
    with app.app_context():
        change = db.session.scalar(select(AccountChange))
        assert change.kind == "password" and change.password_hash
    assert client.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 403  # not for oneself
    second_admin, other = login_admin(app, make_user)
    assert other.post(f"/accountwijzigingen/{change.id}/weigeren").status_code == 302
    assert other.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 409
    assert client.get("/").status_code == 200
    with app.app_context():
        assert db.session.get(AccountChange, change.id).password_hash is None
    admin.post(f"/beheer/gebruikers/{user.id}/wachtwoord", data={"password": "tijdelijk-456"})
    confirm_every_change(app, make_user)
    assert client.get("/").status_code == 302
    assert auth.login(user, "tijdelijk-456").status_code == 302


def test_a_consultant_cannot_confirm(app, make_user):
    _, admin = login_admin(app, make_user)
    consultant = make_user()
    admin.post(f"/beheer/gebruikers/{consultant.id}/rol", data={"role": "teamlead"})
    with app.app_context():
        change_id = db.session.scalar(select(AccountChange.id))
        assert db.session.get(User, consultant.id).role == "consultant"
    colleague = app.test_client()
    colleague.post("/aanmelden", data={"email": make_user(created_at=utcnow() - timedelta(days=1)).email,
                                       "password": PASSWORD})
    assert colleague.post(f"/accountwijzigingen/{change_id}/bevestigen").status_code == 403
    assert "account-changes" not in colleague.get("/").text


def log_in_as_new(app, email: str, temporary: str):
    """Log in with a temporary password and pick one's own, as the first login asks."""
    client = app.test_client()
    assert client.post("/aanmelden", data={"email": email, "password": temporary}).status_code == 302
    client.post("/wachtwoord", data={"current": temporary, "new": "nu-van-mij-123", "confirm": "nu-van-mij-123"})
    assert client.get("/wachtwoord").status_code == 200
    return client


def pending_change(app) -> AccountChange:
    with app.app_context():
        return db.session.scalar(select(AccountChange).where(AccountChange.status == "pending"))


@pytest.fixture
def quick_hashes(monkeypatch):
    """Passwords set through the app are hashed cheaply here; scrypt is tested in test_cli_create_user."""
    monkeypatch.setattr(accounts, "generate_password_hash",
                        lambda password, method: generate_password_hash(password, "pbkdf2:sha256:1"))


@pytest.mark.usefixtures("quick_hashes")
def test_every_grant_of_power_waits_for_an_independent_second_person(app, make_user):
    """Creating an administrator or a team lead, giving that role, or resetting such an
    account's password: nothing changes until someone independent of the requester confirms,
    and the account made so can never confirm what its maker asks for (the sock puppet)."""
    requester, admin = login_admin(app, make_user)
    second = make_user(role="admin", name="Bert Beheerder", created_at=utcnow() - timedelta(days=30))
    bert = app.test_client()
    bert.post("/aanmelden", data={"email": second.email, "password": PASSWORD})
    for n, (how, role) in enumerate([("create", "admin"), ("create", "teamlead"), ("promote", "admin"),
                                     ("promote", "teamlead"), ("reset", "admin"), ("reset", "teamlead")]):
        if how == "create":
            assert admin.post("/beheer/gebruikers", data={
                "name": "Nieuwe Collega", "email": f"nieuw{n}@test.be", "role": role,
                "password": "tijdelijk-123"}, follow_redirects=True).status_code == 200
            with app.app_context():
                target = db.session.scalar(select(User).where(User.email == f"nieuw{n}@test.be"))
        elif how == "promote":
            target = make_user(name="Nieuwe Collega")
            admin.post(f"/beheer/gebruikers/{target.id}/rol", data={"role": role})
        else:
            target = make_user(role=role, name="Nieuwe Collega")
            admin.post(f"/beheer/gebruikers/{target.id}/wachtwoord", data={"password": "tijdelijk-123"})
        change = pending_change(app)
        assert change.user_id == target.id and change.kind == (role if how != "reset" else "password"), how
        with app.app_context():
            assert db.session.get(User, target.id).role == ("consultant" if how != "reset" else role), how
        if how == "reset":
            assert app.test_client().post("/aanmelden", data={"email": target.email,
                                                              "password": "tijdelijk-123"}).status_code == 401
        page = admin.get("/beheer/gebruikers").text
        assert "wacht op bevestiging" in page and f"/accountwijzigingen/{change.id}/bevestigen" not in page
        own = admin.post(f"/accountwijzigingen/{change.id}/bevestigen")
        assert own.status_code == 403 and "Een andere teamverantwoordelijke of beheerder" in own.text, how
        late = app.test_client()  # an administrator added (by whatever means) after the request
        late.post("/aanmelden", data={"email": make_user(role="admin").email, "password": PASSWORD})
        refused = late.post(f"/accountwijzigingen/{change.id}/bevestigen")
        assert refused.status_code == 403 and "Je account bestond nog niet" in refused.text, how

        assert bert.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 302, how
        with app.app_context():
            assert db.session.get(User, target.id).role == role, how
            assert db.session.get(AccountChange, change.id).decided_by_id == second.id

        # The account the requester made, promoted or reset cannot confirm the requester's next request.
        puppet = log_in_as_new(app, target.email, PASSWORD if how == "promote" else "tijdelijk-123")
        consultant = make_user()
        admin.post(f"/beheer/gebruikers/{consultant.id}/rol", data={"role": "teamlead"})
        next_change = pending_change(app)
        refused = puppet.post(f"/accountwijzigingen/{next_change.id}/bevestigen")
        assert refused.status_code == 403, how
        assert (f"{requester.name} heeft jouw account aangemaakt, je rol gevraagd of je een tijdelijk wachtwoord "
                "gegeven") in refused.text, how
        with app.app_context():
            assert db.session.get(User, consultant.id).role == "consultant", how
        assert bert.post(f"/accountwijzigingen/{next_change.id}/bevestigen").status_code == 302, how


@pytest.mark.usefixtures("quick_hashes")
def test_whoever_made_the_requesters_account_cannot_confirm_for_it(app, make_user):
    """The other way round: an administrator who made an account cannot confirm what that
    account asks for, and sees why on the page."""
    earlier = utcnow() - timedelta(days=30)
    maker, admin = login_admin(app, make_user)
    second = make_user(role="admin", name="Bert Beheerder", created_at=earlier)
    admin.post("/beheer/gebruikers", data={"name": "Sok Pop", "email": "sok@test.be", "role": "admin",
                                           "password": "tijdelijk-123"})
    bert = app.test_client()
    bert.post("/aanmelden", data={"email": second.email, "password": PASSWORD})
    assert bert.post(f"/accountwijzigingen/{pending_change(app).id}/bevestigen").status_code == 302
    sok = log_in_as_new(app, "sok@test.be", "tijdelijk-123")
    lead = make_user(role="teamlead", name="Els Vermeulen")
    sok.post(f"/beheer/gebruikers/{lead.id}/wachtwoord", data={"password": "tijdelijk-456"})
    change = pending_change(app)
    assert change.kind == "password" and change.requested_by_id != maker.id
    page = admin.get("/beheer/gebruikers").text
    assert f"/accountwijzigingen/{change.id}/bevestigen" not in page
    assert "Jij kunt dit niet bevestigen. Jij hebt het account van Sok Pop aangemaakt" in page
    refused = admin.post(f"/accountwijzigingen/{change.id}/bevestigen")
    assert refused.status_code == 403 and "Jij hebt het account van Sok Pop aangemaakt" in refused.text
    assert f"/accountwijzigingen/{change.id}/bevestigen" in bert.get("/beheer/gebruikers").text
    assert bert.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 302
    assert app.test_client().post("/aanmelden", data={"email": lead.email, "password": "tijdelijk-456"}).status_code == 302


def test_a_one_person_agency_switches_the_rule_off(app, make_user):
    app.config["TWO_PERSON_RULE"] = False
    _, admin = login_admin(app, make_user)
    admin.post("/beheer/gebruikers", data={
        "name": "Els Vermeulen", "email": "els@test.be", "role": "teamlead", "password": "tijdelijk-wachtwoord"})
    with app.app_context():
        assert db.session.scalar(select(User.role).where(User.email == "els@test.be")) == "teamlead"
        assert db.session.scalar(select(AccountChange.status)) == "applied"
    lead = app.test_client()
    lead.post("/aanmelden", data={"email": make_user(role="teamlead").email, "password": PASSWORD})
    home = lead.get("/").text
    assert "Els Vermeulen" in home and "meteen doorgevoerd" in home and "/bevestigen" not in home


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
    confirm_every_change(app, make_user)
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


def work_phone_of(app, user_id: int) -> str | None:
    with app.app_context():
        return db.session.get(User, user_id).work_phone


def test_staff_set_change_and_clear_their_own_work_number(app, client, auth, make_user):
    user = make_user(role="admin")  # their own number is no power: every role sets it
    auth.login(user)
    page = client.get("/")
    assert 'href="/mijn-account">Mijn account</a>' in page.text
    page = client.get("/mijn-account")
    assert page.status_code == 200 and "Telefoonnummer op het werk" in page.text
    response = client.post("/mijn-account", data={"work_phone": " 02 553 10 02 "})
    assert response.status_code == 302 and response.headers["Location"] == "/mijn-account"
    page = client.get("/mijn-account")
    assert "Je werknummer is bewaard." in page.text and 'value="02 553 10 02"' in page.text
    assert work_phone_of(app, user.id) == "02 553 10 02"
    client.post("/mijn-account", data={"work_phone": "+32 2/553.10-03"})
    assert work_phone_of(app, user.id) == "+32 2/553.10-03"
    client.post("/mijn-account", data={"work_phone": "+32 2/553.10-03"})  # unchanged: no audit line
    client.post("/mijn-account", data={"work_phone": "  "})
    assert "Je werknummer is gewist." in client.get("/mijn-account").text
    assert work_phone_of(app, user.id) is None
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "work_phone_changed")
                                    .order_by(AuditEvent.id)).all()
        assert [(e.actor_id, e.entity_id, e.before["work_phone"], e.after["work_phone"]) for e in events] == [
            (user.id, user.id, None, "02 553 10 02"),
            (user.id, user.id, "02 553 10 02", "+32 2/553.10-03"),
            (user.id, user.id, "+32 2/553.10-03", None),
        ]
        assert "password_hash" not in events[0].after


@pytest.mark.parametrize("typed", ["bel me maar", "12345", "0471 23 45 67 89 01 23 45 67 89 01"])
def test_an_invalid_work_number_keeps_what_was_typed_with_a_dutch_error(app, client, auth, make_user, typed):
    user = make_user(work_phone="02 553 10 02")
    auth.login(user)
    response = client.post("/mijn-account", data={"work_phone": typed})
    assert response.status_code == 422
    assert "Vul een telefoonnummer in met cijfers" in response.text or "hoogstens 30 tekens" in response.text
    assert f'value="{typed}"' in response.text and 'aria-invalid="true"' in response.text
    assert work_phone_of(app, user.id) == "02 553 10 02"


def test_only_my_own_work_number_can_be_changed(app, client, auth, make_user):
    me, colleague = make_user(), make_user(work_phone="09 123 45 67")
    auth.login(me)
    client.post("/mijn-account", data={"work_phone": "02 553 10 02", "user_id": colleague.id,
                                       "id": colleague.id, "email": colleague.email})
    assert client.post(f"/mijn-account/{colleague.id}", data={"work_phone": "1"}).status_code == 404
    assert work_phone_of(app, colleague.id) == "09 123 45 67"
    assert work_phone_of(app, me.id) == "02 553 10 02"
    with app.app_context():
        assert not any("<" in rule.rule for rule in app.url_map.iter_rules() if rule.endpoint == "auth.account")
    assert app.test_client().get("/mijn-account").headers["Location"].startswith("/aanmelden?next=")


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


def test_admin_takes_a_role_away_at_once_but_not_their_own(app, make_user):
    admin, client = login_admin(app, make_user)
    user, lead = make_user(role="admin"), make_user(role="teamlead")
    for target in (user, lead):
        client.post(f"/beheer/gebruikers/{target.id}/rol", data={"role": "consultant"})
        with app.app_context():
            assert db.session.get(User, target.id).role == "consultant"  # less power needs nobody else
    with app.app_context():
        assert db.session.scalar(select(func.count(AccountChange.id))) == 0
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


def test_an_administrator_or_team_lead_activated_again_waits_for_a_second_person(app, make_user):
    """Activating a deactivated team lead or administrator gives their power back: it waits for
    an independent second person. A consultant's account is activated at once."""
    _, admin = login_admin(app, make_user)
    second = app.test_client()
    second.post("/aanmelden", data={"email": make_user(role="teamlead", created_at=utcnow() - timedelta(days=30)).email,
                                    "password": PASSWORD})
    for role in ("admin", "teamlead"):
        sleeping = make_user(role=role, active=False)
        answer = admin.post(f"/beheer/gebruikers/{sleeping.id}/actief", follow_redirects=True)
        assert "wordt weer actief zodra een andere teamverantwoordelijke of beheerder het bevestigt" in answer.text
        change = pending_change(app)
        assert change.user_id == sleeping.id and change.kind == "active" and change.label == "wordt weer actief"
        with app.app_context():
            assert not db.session.get(User, sleeping.id).active, role
        assert app.test_client().post("/aanmelden", data={"email": sleeping.email, "password": PASSWORD}).status_code == 401
        assert admin.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 403
        assert second.post(f"/accountwijzigingen/{change.id}/bevestigen").status_code == 302
        with app.app_context():
            assert db.session.get(User, sleeping.id).active, role
    consultant = make_user(active=False)
    admin.post(f"/beheer/gebruikers/{consultant.id}/actief")
    with app.app_context():
        assert db.session.get(User, consultant.id).active and pending_change(app) is None
