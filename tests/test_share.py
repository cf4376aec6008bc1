"""De gezinslink: only the family's plan, for whoever holds a working link, and nothing else."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    FamilyLink,
    FamilyLinkView,
    Feedback,
    MappingItem,
    Meeting,
    NetworkMember,
    PlanAction,
    PlanContact,
    PlanRule,
    User,
    WarningSign,
    utcnow,
)
from samenveilig.plan.services import take_snapshot

from .conftest import save
from .helpers import family_form_token as form_token
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db


@pytest.fixture
def consultant(make_user):
    return make_user(name="Sarah Peeters", work_phone="02 553 10 02")


@pytest.fixture
def case(app, consultant, make_case, make_user, client, auth):
    """A case whose plan, agreed at a closed meeting, holds family, professional and
    confidential items, next to another case with a plan of its own; the next meeting is in
    two weeks."""
    case = make_case(consultant, family_name="Maes")
    other = make_case(make_user(), family_name="Anders")
    with app.app_context():
        oma = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network", phone="0473 11 22 33")
        db.session.add(oma)
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=7), status="closed")
        db.session.add_all([meeting, Meeting(case_id=case.id, kind="review", held_on=dates.today() + timedelta(days=14))])
        db.session.flush()
        for visibility, marker in [("family", "GEZIN"), ("professional", "PROF-MARKER"),
                                   ("confidential", "VERTROUWELIJK-MARKER")]:
            db.session.add_all([
                MappingItem(meeting_id=meeting.id, category="safety_goal", text=f"{marker} doel", visibility=visibility),
                MappingItem(meeting_id=meeting.id, category="worry", text=f"{marker} zorg", visibility=visibility),
                PlanAction(case_id=case.id, what=f"{marker} actie", visibility=visibility),
                PlanRule(case_id=case.id, text=f"{marker} afspraak", visibility=visibility),
                WarningSign(case_id=case.id, sign=f"{marker} signaal", response="bellen", visibility=visibility),
                PlanContact(case_id=case.id, worry=f"{marker} contact", network_member_id=oma.id, visibility=visibility),
            ])
        db.session.add(PlanAction(case_id=other.id, what="ANDER-DOSSIER-MARKER actie"))
        db.session.flush()
        take_snapshot(meeting)  # as closing the meeting keeps it
        save()
    auth.login(consultant)
    return case


def test_the_family_sees_only_their_family_plan(app, client, case):
    token = make_link(client, case.id, show_phone="y")
    family = app.test_client()
    responses = [
        family.get(f"/gezin/{token}"),
        family.post(f"/gezin/{token}/feedback", data={"form_token": form_token(app, token), "rating": "4",
                                                     "text": "Fijn"}),
        family.post(f"/gezin/{token}/feedback", data={"form_token": form_token(app, token), "rating": "9"}),
        family.post(f"/gezin/{token}/feedback", data={"form_token": "vals", "rating": "4"}),
        family.get("/gezin/" + "x" * 43),
    ]
    page = responses[0].text
    for part in ("GEZIN doel", "GEZIN actie", "GEZIN afspraak", "GEZIN signaal", "GEZIN contact", "0473 11 22 33",
                 "02 553 10 02", "Volgend overleg"):
        assert part in page, part
    assert "GEZIN zorg" not in page  # the mapping itself is not on the family's page
    for response in responses:
        assert "MARKER" not in response.text
        assert "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response.headers["X-Robots-Tag"]
        assert "<script" not in response.text
        assert "@test.be" not in response.text  # no staff email unless chosen


def test_unknown_revoked_and_expired_links_answer_identically(app, client, case):
    revoked, expired = make_link(client, case.id), make_link(client, case.id, recipient="voor oma")
    with app.app_context():
        links = db.session.scalars(select(FamilyLink).order_by(FamilyLink.id)).all()
        links[0].revoked_at = utcnow()
        links[1].expires_at = utcnow() - timedelta(seconds=1)
        save()
    family = app.test_client()
    answers = [family.get(f"/gezin/{t}") for t in (revoked, expired, "x" * 43, "kort")]
    assert {a.status_code for a in answers} == {404}
    assert len({a.text for a in answers}) == 1 and "Deze link werkt niet" in answers[0].text
    assert len({tuple(sorted((k, v) for k, v in a.headers.items() if k != "Date")) for a in answers}) == 1


def test_the_token_is_random_and_only_its_hash_is_stored(app, client, case):
    token = make_link(client, case.id)
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with app.app_context():
        [link] = db.session.scalars(select(FamilyLink)).all()
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in str({c.name: getattr(link, c.name) for c in FamilyLink.__table__.columns})
        assert link.recipient == "voor mama"
        assert (link.expires_at.date() - dates.today()).days in (89, 90)


def test_openings_are_counted_without_the_visitor_address(app, client, case):
    token = make_link(client, case.id)
    family = app.test_client()
    for _ in range(3):
        family.get(f"/gezin/{token}", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    with app.app_context():
        [link] = db.session.scalars(select(FamilyLink)).all()
        assert link.open_count == 3 and link.last_opened_at is not None
        views = db.session.scalars(select(FamilyLinkView)).all()
        assert len(views) == 3 and {c.name for c in FamilyLinkView.__table__.columns} == {"id", "link_id", "at"}
    page = client.get(f"/dossiers/{case.id}/gezinslinks").text
    assert "voor mama" in page and ">3<" in page and "nog niet" not in page.split("voor mama")[1][:400]


def test_link_expiry_is_at_most_a_year_and_a_link_can_be_revoked(app, client, case):
    too_long = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "expires_on": (dates.today() + timedelta(days=366)).isoformat()})
    assert too_long.status_code == 422 and "binnen 365 dagen" in too_long.text
    past = client.post(f"/dossiers/{case.id}/gezinslinks", data={"expires_on": dates.today().isoformat()})
    assert past.status_code == 422
    token = make_link(client, case.id)
    with app.app_context():
        link_id = db.session.scalar(select(FamilyLink.id))
    assert client.post(f"/dossiers/{case.id}/gezinslinks/{link_id}/intrekken").status_code == 302
    assert app.test_client().get(f"/gezin/{token}").status_code == 404
    assert "ingetrokken" in client.get(f"/dossiers/{case.id}/gezinslinks").text


def test_staff_contact_details_only_when_chosen(app, client, case):
    plain = make_link(client, case.id)
    page = app.test_client().get(f"/gezin/{plain}").text
    assert "02 553 10 02" not in page and 'id="family-consultant-title"' not in page, page[page.find('02 553') - 300:page.find('02 553') + 50]
    with_email = make_link(client, case.id, show_email="y")
    page = app.test_client().get(f"/gezin/{with_email}").text
    with app.app_context():
        email = db.session.scalar(select(User.email).where(User.name == "Sarah Peeters"))
    assert email in page and "02 553 10 02" not in page


def test_without_a_work_number_the_link_form_points_to_my_account(app, client, auth, make_user, make_case):
    without = make_user(name="Tom Nieuw")
    case = make_case(without, family_name="Peeters")
    auth.login(without)
    link = '<a href="/mijn-account">Mijn account</a>'
    page = client.get(f"/dossiers/{case.id}/gezinslinks").text
    assert f'<span class="field__hint" id="show_phone-hint">Je hebt nog geen werknummer. Vul je werknummer in bij {link}.' in page
    assert "beheerder" not in page
    refused = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "recipient": "voor papa", "expires_on": (dates.today() + timedelta(days=30)).isoformat(), "show_phone": "y"})
    assert refused.status_code == 422
    assert f'id="show_phone-error">Je hebt nog geen werknummer in je account, dus het gezin zou alleen je naam zien. ' \
           f'Vul je werknummer in bij {link}, of vink dit uit.</span>' in refused.text
    assert refused.text.count(link) == 2  # the error's and the page header's: the hint gives way to the error
    # The printed plan: the number is asked for first, then offered, and shown when chosen.
    plan = client.get(f"/dossiers/{case.id}/plan").text
    assert 'name="werknummer" value="1" disabled aria-describedby="print-phone-hint"' in plan
    assert f'id="print-phone-hint">Je hebt nog geen werknummer. Vul je werknummer in bij {link}.' in plan
    printed = client.get(f"/dossiers/{case.id}/plan/afdrukken?werknummer=1").text
    assert 'id="family-consultant-title"' not in printed  # never a name the family cannot call
    client.post("/mijn-account", data={"work_phone": "02 553 10 02"})
    page = client.get(f"/dossiers/{case.id}/gezinslinks").text
    assert "Jouw werknummer: " in page and "02 553 10 02" in page and "Vul je werknummer in" not in page
    make_link(client, case.id, show_phone="y")
    plan = client.get(f"/dossiers/{case.id}/plan").text
    assert '<input type="checkbox" name="werknummer" value="1"> Toon mijn werknummer op de afdruk' in plan
    assert "print-phone-hint" not in plan
    assert "02 553 10 02" not in client.get(f"/dossiers/{case.id}/plan/afdrukken").text  # only when chosen
    for language in ("nl", "ar"):
        printed = client.get(f"/dossiers/{case.id}/plan/afdrukken?taal={language}&werknummer=1").text
        assert 'id="family-consultant-title"' in printed, language
        assert 'Tom Nieuw: <a class="phone" href="tel:025531002">02 553 10 02</a>' in printed, language


def test_feedback_reaches_the_case_page_and_is_limited(app, client, case):
    token = make_link(client, case.id)
    family = app.test_client()
    good = {"form_token": form_token(app, token), "rating": "4", "text": "We voelen ons gehoord."}
    response = family.post(f"/gezin/{token}/feedback", data=good)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/gezin/{token}?bedankt=1#feedback"
    assert "Bedankt! Je consulent leest wat je schreef." in family.get(response.headers["Location"]).text
    page = client.get(f"/dossiers/{case.id}/gezinslinks").text
    assert "4 op 5" in page and "We voelen ons gehoord." in page
    too_long = family.post(f"/gezin/{token}/feedback", data=good | {"text": "x" * 1001})
    assert too_long.status_code == 422 and "Gebruik hoogstens 1000 tekens." in too_long.text
    no_rating = family.post(f"/gezin/{token}/feedback", data={"form_token": good["form_token"]})
    assert no_rating.status_code == 422 and "Kies een cijfer van 1 tot 5." in no_rating.text
    forged = family.post(f"/gezin/{token}/feedback", data=good | {"form_token": "0" * 64})
    assert forged.status_code == 404
    other = good | {"text": "Het gaat beter."}
    assert family.post(f"/gezin/{token}/feedback", data=other).status_code == 303  # the 5th post this hour
    limited = family.post(f"/gezin/{token}/feedback", data=good)
    assert limited.status_code == 429 and "Even wachten" in limited.text
    with app.app_context():
        assert len(db.session.scalars(select(Feedback)).all()) == 2


@pytest.fixture
def app_config():
    return {"FAMILY_LINK_RATE": (10, 300), "FAMILY_ADDRESS_RATE": (15, 300)}


def test_the_family_link_is_limited_per_link_and_only_loosely_per_address(app, client, case):
    """Families behind one address (a carrier's NAT, a shelter's Wi-Fi) each keep their own
    limit; one link asked for too often waits; the address has a ceiling of its own."""
    hammered, *others = [make_link(client, case.id) for _ in range(3)]
    family = app.test_client()
    answers = [family.get(f"/gezin/{hammered}").status_code for _ in range(11)]
    assert answers[:10] == [200] * 10 and answers[10] == 429
    limited = family.get(f"/gezin/{hammered}", environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert limited.status_code == 429 and "Even wachten" in limited.text and 'lang="nl"' in limited.text
    # The other families behind the same address are not held up by it.
    assert [family.get(f"/gezin/{token}").status_code for token in others for _ in range(2)] == [200] * 4
    # Past the address's ceiling (15 here) everything from it waits, an unknown link too.
    assert family.get(f"/gezin/{others[0]}").status_code == 429
    slow = family.get("/gezin/" + "x" * 43)
    assert slow.status_code == 429 and "Even wachten" in slow.text
    elsewhere = family.get(f"/gezin/{others[0]}", environ_base={"REMOTE_ADDR": "198.51.100.4"})
    assert elsewhere.status_code == 200


def test_a_closed_case_makes_no_new_links(app, client, case):
    response = client.post(f"/dossiers/{case.id}/afsluiten")
    assert response.status_code == 409 and "Er loopt nog een overleg" in response.text
    with app.app_context():
        from samenveilig.models import Case

        db.session.get(Case, case.id).status = "closed"
        save()
    response = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "expires_on": (dates.today() + timedelta(days=30)).isoformat()})
    assert response.status_code == 409 and "afgesloten" in response.text


def test_feedback_per_link_is_limited_per_day(app, client, case):
    app.config["FEEDBACK_PER_LINK_PER_DAY"] = 2
    token = make_link(client, case.id)
    answers = [app.test_client().post(f"/gezin/{token}/feedback",
                                      data={"form_token": form_token(app, token), "rating": str(n + 3)},
                                      environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code for n in range(3)]
    assert answers == [303, 303, 429]


def test_feedback_is_answered_with_a_redirect_and_never_stored_twice(app, client, case):
    token = make_link(client, case.id)
    family = app.test_client()
    good = {"form_token": form_token(app, token), "rating": "4", "text": "Oma helpt echt.\r\nBedankt."}
    first = family.post(f"/gezin/{token}/feedback", data=good, follow_redirects=True)
    assert first.status_code == 200 and "Bedankt! Je consulent leest wat je schreef." in first.text
    assert 'name="rating"' not in first.text  # the thanks stands where the form was
    again = family.post(f"/gezin/{token}/feedback", data=good)
    assert again.status_code == 303 and again.headers["Location"] == f"/gezin/{token}?bedankt=al#feedback"
    assert "Dit had je al gestuurd. We bewaren het één keer." in family.get(again.headers["Location"]).text
    family.post(f"/gezin/{token}/feedback", data=good | {"rating": "5"})  # a different answer is kept
    with app.app_context():
        stored = db.session.scalars(select(Feedback).order_by(Feedback.id)).all()
        assert [(f.rating, f.text) for f in stored] == [(4, "Oma helpt echt.\nBedankt."), (5, "Oma helpt echt.\nBedankt.")]
        assert db.session.get(FamilyLink, stored[0].link_id).open_count == 0  # the thanks is no new opening
