"""The family's link, its printed plan and the family's PDF show the plan as agreed when the
case's last meeting closed: what an open meeting adds reaches them when it closes (the
projector and the phones in the meeting show it live). After the help has ended, no action
reads as work still going on."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates, lifecycle
from samenveilig.extensions import db
from samenveilig.i18n import FAMILY_LANGUAGES
from samenveilig.models import (
    Case,
    Child,
    ChildHouseEntry,
    FamilyLink,
    Meeting,
    NetworkMember,
    PlanAction,
    PlanContact,
    PlanRule,
    User,
    WarningSign,
)

from .conftest import decide_safe, save
from .helpers import HX, family_form_token, new_review
from .helpers import exported_pdf_text as pdf_text
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db
AGREED = ("AFGESPROKEN-DOEL", "AFGESPROKEN-ACTIE", "AFGESPROKEN-REGEL", "AFGESPROKEN-SIGNAAL", "AFGESPROKEN-CONTACT",
          "AFGESPROKEN-WIE")
NEW = ("NIEUW-DOEL", "NIEUW-ACTIE", "NIEUW-REGEL", "NIEUW-SIGNAAL", "NIEUW-CONTACT", "GEWIJZIGDE-REGEL")
NO = {"decision-answer": "no", "decision-reasoning": "Papa dronk gisteren.", "decision-urgency": "today",
      "decision-arrangement_who": "AFGESPROKEN-WIE: oma Rita slaapt bij het gezin",
      "decision-arrangement_what": "Papa drinkt niet als de kinderen thuis zijn."}


@pytest.fixture
def case(app, consultant, make_case, logged_in):
    case = make_case(consultant, family_name="Wouters")
    with app.app_context():
        db.session.add(NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network",
                                     phone="0473 11 22 33"))
        save()
    return case


def quick_add(client, meeting_id: int, text: str, category: str = "safety_goal") -> None:
    response = client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
        "quick-text": text, "quick-category": category, "quick-visibility": "family"})
    assert response.status_code in (200, 204), response.text


def add_plan(app, case_id: int, meeting_id: int, prefix: str) -> dict[str, int]:
    """One of each part of the plan, visible to the family, as made in this meeting."""
    with app.app_context():
        oma = db.session.scalar(select(NetworkMember).where(NetworkMember.case_id == case_id))
        entries = dict(
            action=PlanAction(case_id=case_id, meeting_id=meeting_id, what=f"{prefix}-ACTIE", status="stuck"),
            rule=PlanRule(case_id=case_id, meeting_id=meeting_id, text=f"{prefix}-REGEL"),
            sign=WarningSign(case_id=case_id, meeting_id=meeting_id, sign=f"{prefix}-SIGNAAL", response="oma bellen"),
            contact=PlanContact(case_id=case_id, meeting_id=meeting_id, worry=f"{prefix}-CONTACT",
                                network_member_id=oma.id))
        db.session.add_all(entries.values())
        save()
        return {name: entry.id for name, entry in entries.items()}


def close(app, meeting_id: int, consultant) -> None:
    with app.app_context():
        lifecycle.close_meeting(db.session.get(User, consultant.id), db.session.get(Meeting, meeting_id))


def family_pdf(client, case_id: int, meeting_id: int) -> str:
    return pdf_text(client, case_id, f"/overleg/{meeting_id}/pdf", "family")


def test_the_family_sees_what_the_last_closed_meeting_agreed_and_not_what_is_discussed_today(
        app, logged_in, case, consultant):
    first = new_review(logged_in, case.id, kind="mapping")
    quick_add(logged_in, first, "AFGESPROKEN-DOEL")
    agreed = add_plan(app, case.id, first, "AFGESPROKEN")
    assert logged_in.post(f"/overleg/{first}/veiligheid", headers=HX, data=NO).status_code == 200
    close(app, first, consultant)

    today = new_review(logged_in, case.id)  # today's meeting, open
    quick_add(logged_in, today, "NIEUW-DOEL")
    add_plan(app, case.id, today, "NIEUW")
    decide_safe(logged_in, today)  # "ja" today: the arrangement holds until the meeting closes
    with app.app_context():
        db.session.get(PlanRule, agreed["rule"]).text = "GEWIJZIGDE-REGEL"  # changed in the meeting
        save()
    for live in (f"/overleg/{today}/projectie/plan", f"/overleg/{today}/projectie/regio/plan"):
        html = logged_in.get(live).text
        assert "NIEUW-DOEL" in html and "NIEUW-ACTIE" in html and "GEWIJZIGDE-REGEL" in html, live

    token = make_link(logged_in, case.id)
    family = app.test_client()
    outputs = {f"link {code}": family.get(f"/gezin/{token}?taal={code}").text for code in FAMILY_LANGUAGES}
    outputs |= {f"print {code}": logged_in.get(f"/dossiers/{case.id}/plan/afdrukken?taal={code}").text
                for code in FAMILY_LANGUAGES}
    outputs["family pdf of the closed meeting"] = family_pdf(logged_in, case.id, first)
    for output, text in outputs.items():
        for marker in AGREED:
            assert marker in text, (output, marker)
        for marker in NEW:
            assert marker not in text, (output, marker)
    dutch = outputs["link nl"]
    assert "Er is nu een overleg bezig" in dutch and "Onze veiligheidsafspraak voor nu" in dutch
    assert "Zo afgesproken in het overleg van" in dutch and "Zo afgesproken in het overleg van" in outputs["print nl"]
    for code in FAMILY_LANGUAGES:
        if code != "nl":
            assert "Er is nu een overleg bezig" not in outputs[f"link {code}"], code  # in their language

    refused = logged_in.post(f"/overleg/{today}/pdf", headers=HX, data={"audience": "family"})
    assert refused.status_code == 422 and "kan pas als het overleg is afgesloten" in refused.text

    with app.app_context():  # narrowed in the meeting: off the family's screens at once
        db.session.get(WarningSign, agreed["sign"]).visibility = "professional"
        save()
    assert "AFGESPROKEN-SIGNAAL" not in family.get(f"/gezin/{token}").text

    close(app, today, consultant)
    page = family.get(f"/gezin/{token}").text
    closed = {"link": page, "print": logged_in.get(f"/dossiers/{case.id}/plan/afdrukken").text,
              "family pdf": family_pdf(logged_in, case.id, today)}
    for output, text in closed.items():
        for marker in ("NIEUW-DOEL", "NIEUW-ACTIE", "GEWIJZIGDE-REGEL", "NIEUW-CONTACT"):
            assert marker in text, (output, marker)
        assert "AFGESPROKEN-WIE" not in text and "AFGESPROKEN-SIGNAAL" not in text, output
    assert "Er is nu een overleg bezig" not in page


def test_before_a_first_meeting_closes_the_family_link_says_the_plan_comes_after_it(app, logged_in, case):
    meeting = new_review(logged_in, case.id, kind="mapping")
    quick_add(logged_in, meeting, "NIEUW-DOEL")
    add_plan(app, case.id, meeting, "NIEUW")
    page = app.test_client().get(f"/gezin/{make_link(logged_in, case.id)}").text
    assert "Na het eerste overleg staat hier wat jullie samen afspreken." in page
    assert "NIEUW" not in page
    assert "NIEUW" not in logged_in.get(f"/dossiers/{case.id}/plan/afdrukken").text


def test_after_the_help_ended_no_action_reads_as_work_going_on(app, logged_in, case, consultant):
    first = new_review(logged_in, case.id, kind="mapping")
    agreed = add_plan(app, case.id, first, "AFGESPROKEN")
    with app.app_context():
        db.session.add(PlanAction(case_id=case.id, meeting_id=first, what="GEDAAN-ACTIE", status="done"))
        save()
    decide_safe(logged_in, first)
    close(app, first, consultant)
    token = make_link(logged_in, case.id)
    closure = new_review(logged_in, case.id, kind="closure")
    decide_safe(logged_in, closure)
    with app.app_context():
        lifecycle.close_help(db.session.get(User, consultant.id), db.session.get(Meeting, closure),
                             summary="Het gaat goed; de zorgen zijn weg.")
        assert not db.session.get(Case, case.id).is_open
        assert db.session.get(PlanAction, agreed["action"]).status == "stuck"
        assert db.session.scalar(select(FamilyLink).where(FamilyLink.case_id == case.id)) is not None
    family = app.test_client()
    outputs = {"link": family.get(f"/gezin/{token}").text,
               "print": logged_in.get(f"/dossiers/{case.id}/plan/afdrukken").text}
    english = family.get(f"/gezin/{token}?taal=en").text
    for output, text in outputs.items():
        assert "AFGESPROKEN-ACTIE" in text and "GEDAAN-ACTIE" in text, output
        assert "loopt niet: bijsturen" not in text and "nog te doen" not in text, output
        assert "nog niet klaar toen de hulp stopte" in text and "gedaan" in text, output
    assert "Onze hulp is gestopt" in outputs["link"]
    assert "needs adjusting" not in english and "not finished when" in english


def test_after_the_help_ended_the_family_keeps_the_card_the_promises_and_the_plan_as_agreed(
        app, logged_in, case, consultant):
    """The link, the printed plan and the family's PDF: since when the help stopped, whom to
    call (the safety network with each promise, the agency's general line, 1712, Awel, the
    CAW), the plan as agreed; never what is for professionals or for no one, nor the
    consultant who leaves."""
    app.config["AGENCY_LINES"] = {"OCJ": {"name": "OCJ Teststad", "phone": "03 123 45 67"}}
    markers = {"family": "GEZIN-MARKER", "professional": "PROF-MARKER", "confidential": "GEHEIM-MARKER"}
    with app.app_context():
        oma = db.session.scalar(select(NetworkMember).where(NetworkMember.case_id == case.id))
        oma.in_safety_network, oma.commitment = True, "Ik kom elke avond langs als mama moet werken."
        lotte = Child(case_id=case.id, first_name="Lotte", date_of_birth=dates.today() - timedelta(days=3000))
        db.session.add_all([
            lotte,
            NetworkMember(case_id=case.id, name="Nadia Benali", relation="buurvrouw", in_safety_network=True),
            NetworkMember(case_id=case.id, name="Ann De Smet", relation="juf", role="professional",
                          commitment="BELOFTE-BUITEN-HET-NETWERK"),
        ])
        save()
        oma_id, lotte_id = oma.id, lotte.id
    first = new_review(logged_in, case.id, kind="mapping")
    with app.app_context():
        for visibility, marker in markers.items():
            db.session.add_all([
                PlanAction(case_id=case.id, meeting_id=first, what=f"{marker} actie", visibility=visibility),
                PlanRule(case_id=case.id, meeting_id=first, text=f"{marker} regel", visibility=visibility),
                PlanContact(case_id=case.id, meeting_id=first, worry=f"{marker} contact", network_member_id=oma_id,
                            visibility=visibility),
                ChildHouseEntry(case_id=case.id, child_id=lotte_id, house="good", text=f"{marker} huis",
                                talked_on=dates.today(), visibility=visibility)])
        save()
    decide_safe(logged_in, first)
    close(app, first, consultant)
    token = make_link(logged_in, case.id, show_email="y")
    family = app.test_client()
    assert consultant.email in family.get(f"/gezin/{token}").text  # while the help goes on
    closure = new_review(logged_in, case.id, kind="closure")
    decide_safe(logged_in, closure)
    with app.app_context():
        lifecycle.close_help(db.session.get(User, consultant.id), db.session.get(Meeting, closure),
                             summary="Het gaat goed; de zorgen zijn weg.")
    logged_in.post("/mijn-account", data={"work_phone": "02 553 10 02"})
    outputs = {"link": family.get(f"/gezin/{token}").text,
               "print": logged_in.get(f"/dossiers/{case.id}/plan/afdrukken?werknummer=1").text,
               "pdf": family_pdf(logged_in, case.id, closure)}
    ended = f"Onze hulp is gestopt op {dates.date_nl(dates.today())}."
    for output, raw in outputs.items():
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", raw)).split())  # the words, as read
        for part in (ended, "Het gaat goed; de zorgen zijn weg.", "Jullie veiligheidsnetwerk", "Rita (oma)",
                     "Belofte: Ik kom elke avond langs als mama moet werken.",
                     "Het algemene nummer van onze dienst", "OCJ Teststad: 03 123 45 67", "Voor elk gezin in Vlaanderen",
                     "1712 · bij geweld, misbruik en kindermishandeling", "Awel: 102", "CAW: 0800 13 500",
                     "GEZIN-MARKER actie", "GEZIN-MARKER regel", "GEZIN-MARKER contact"):
            assert part in text, (output, part)
        for absent in ("PROF-MARKER", "GEHEIM-MARKER", "BELOFTE-BUITEN-HET-NETWERK", consultant.email, "02 553 10 02"):
            assert absent not in text, (output, absent)
        card = text[text.index(ended):text.index("Voor elk gezin in Vlaanderen")]
        assert "Nadia" not in card and "Ann (juf)" not in card, output  # who promised nothing is not listed
    link = outputs["link"]
    assert "GEZIN-MARKER huis" in link and 'href="tel:1712"' in link and 'href="tel:080013500"' in link
    assert link.index("Onze hulp is gestopt op") < link.index("Wie doet wat?")  # first, then the plan
    assert "family-consultant-title" not in link  # the consultant who leaves is not on it
    # Nor is any word that the consultant reads what the family writes: the service does now.
    assert "Hoe vond je onze samenwerking?" in link and "Onze dienst leest dit." in link
    assert "Je consulent" not in link
    sent = family.post(f"/gezin/{token}/feedback", data={"form_token": family_form_token(app, token), "rating": "5"})
    thanks = family.get(sent.headers["Location"]).text
    assert "Bedankt! Onze dienst leest wat je schreef." in thanks and "Je consulent" not in thanks


def test_showing_a_work_number_that_does_not_exist_is_refused_in_dutch(app, client, auth, make_user, make_case):
    without = make_user(name="Tom Nieuw")
    case = make_case(without, family_name="Peeters")
    auth.login(without)
    response = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "recipient": "voor papa", "expires_on": (dates.today() + timedelta(days=30)).isoformat(), "show_phone": "y"})
    assert response.status_code == 422
    assert "Je hebt nog geen werknummer" in response.text and 'bij <a href="/mijn-account">Mijn account</a>' in response.text
    assert 'value="voor papa"' in response.text  # nothing typed is lost
    with app.app_context():
        assert db.session.scalar(select(FamilyLink).where(FamilyLink.case_id == case.id)) is None
    made = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "recipient": "voor papa", "expires_on": (dates.today() + timedelta(days=30)).isoformat()})
    assert made.status_code == 200 and "De nieuwe link" in made.text
