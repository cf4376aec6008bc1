"""The family's side shows the why: each danger statement marked for the family with its
safety goal and how the family sees it, the answer to "Is het kind nu veilig?", the scale of
the last meetings and what comes next, on the family link, its printed plan and the family's
PDF, as agreed at the last closed meeting. Bottom lines (niet-onderhandelbare voorwaarden):
written by the consultant with their reason and danger, carried into review meetings, on the
board, the projector, the family's outputs and the proposal to the judge, with history and
visibility as every item. Nothing marked for professionals or no one reaches the family."""

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from samenveilig import dates, lifecycle
from samenveilig.extensions import db
from samenveilig.meetings import analysis
from samenveilig.models import (
    BottomLine,
    Case,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    User,
)
from samenveilig.review import proposal, worker

from .conftest import save

pytestmark = pytest.mark.db
HX = {"HX-Request": "true"}
FAMILY, PROF, SECRET = "family", "professional", "confidential"


def link_for(client, case_id: int) -> str:
    form = {"recipient": "voor mama", "expires_on": (dates.today() + timedelta(days=90)).isoformat()}
    page = client.post(f"/dossiers/{case_id}/gezinslinks", data=form)
    assert page.status_code == 200, page.text
    return re.search(r'value="http://localhost/gezin/([^"]+)"', page.text).group(1)


def family_pdf(client, case_id: int, meeting_id: int) -> str:
    response = client.post(f"/overleg/{meeting_id}/pdf", headers=HX, data={"audience": "family"})
    assert response.status_code == 200, response.text
    polling = re.search(r'hx-get="([^"]+)"', response.text).group(1)
    assert worker.work_once(client.application) is not None
    download = re.search(r'href="([^"]+/download)"', client.get(polling).text).group(1)
    pdf = client.get(download)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)


def flat(text: str) -> str:
    """A PDF's text with its line breaks as spaces."""
    return " ".join(text.split())


def scale(meeting: Meeting, scores: dict[Participant, int]) -> None:
    actor = db.session.get(User, meeting.created_by_id)
    scale_round = analysis.start_round(actor, meeting, None)
    for participant, score in scores.items():
        analysis.enter_score(actor, scale_round, participant, score=score, why_high=None, one_higher=None)
    analysis.reveal(actor, scale_round)


@pytest.fixture
def story(app, consultant, make_case, logged_in):
    """A first mapping ten days ago, closed with "onduidelijk": a danger, goal and bottom line
    for each visibility, and a scale round of mama (a parent) and the school; a review planned
    in two weeks."""
    case = make_case(consultant, family_name="Wouters")
    with app.app_context():
        actor = db.session.get(User, consultant.id)
        mama = NetworkMember(case_id=case.id, name="Lien Wouters", relation="mama", role="parent")
        juf = NetworkMember(case_id=case.id, name="Juf An", relation="juf", role="professional")
        db.session.add_all([mama, juf])
        save()
        meeting = lifecycle.create_meeting(actor, db.session.get(Case, case.id), kind="mapping",
                                           held_on=dates.today() - timedelta(days=10),
                                           present=[f"n:{mama.id}", f"n:{juf.id}"], others=[])
        dangers = {}
        for visibility, marker in ((FAMILY, "GEZIN"), (PROF, "PROF-MARKER"), (SECRET, "GEHEIM-MARKER")):
            danger = analysis.add_danger(actor, meeting, worried=f"{marker}-WIE", behaviour=f"{marker}-GEDRAG",
                                         outcome=f"{marker}-GEVOLG", term="short", speaker="",
                                         family_view=f"{marker}-ZIENSWIJZE", visibility=visibility,
                                         text=f"{marker}-WIE maakt zich zorgen dat {marker}-GEDRAG. "
                                              f"Als er niets verandert, {marker}-GEVOLG.")
            analysis.add_goal(actor, meeting, danger_id=danger.id, behaviour=f"{marker}-DOEL", duration="drie maanden",
                              speaker="", visibility=visibility)
            analysis.add_bottom_line(actor, meeting, text=f"{marker}-VOORWAARDE", reason=f"{marker}-REDEN",
                                     danger_id=danger.id, visibility=visibility)
            dangers[visibility] = danger.id
        # A bottom line for the family that belongs to a danger for the professionals: the
        # family reads the bottom line and its reason, never that danger.
        analysis.add_bottom_line(actor, meeting, text="GEZIN-TWEEDE-VOORWAARDE", reason="GEZIN-TWEEDE-REDEN",
                                 danger_id=dangers[PROF], visibility=FAMILY)
        by_name = {p.name: p for p in meeting.participants}
        scale(meeting, {by_name["Lien Wouters"]: 6, by_name["Juf An"]: 3})
        analysis.decide(actor, meeting, answer="unclear", reasoning="REDENERING", urgency="week",
                        arrangement_who=None, arrangement_what=None, arrangement_until=None, review_on=None,
                        clarify_step="Juf An vraagt het aan de school")
        lifecycle.close_meeting(actor, meeting, without_plan=True)
        review = lifecycle.create_meeting(actor, meeting.case, kind="review",
                                          held_on=dates.today() + timedelta(days=14),
                                          present=[f"n:{mama.id}"], others=[])
        ids = dict(case=case.id, meeting=meeting.id, review=review.id, dangers=dangers)
    ids["token"] = link_for(logged_in, case.id)
    return ids


def test_the_family_link_print_and_pdf_show_the_why_and_nothing_for_professionals(app, client, consultant, story):
    family = app.test_client()
    outputs = {
        "link": family.get(f"/gezin/{story['token']}").text,
        "print": client.get(f"/dossiers/{story['case']}/plan/afdrukken").text,
        "pdf": flat(family_pdf(client, story["case"], story["meeting"])),
    }
    for name, text in outputs.items():
        for part in ("Waar we bang voor zijn als er niets verandert", "GEZIN-WIE", "GEZIN-GEDRAG",
                     "Hoe ziet het gezin het?", "GEZIN-ZIENSWIJZE", "Wat we willen zien:", "GEZIN-DOEL",
                     "Is het kind nu veilig?", "Onduidelijk", "Dat zoeken we snel uit.",
                     "Wat zeker moet gebeuren", "GEZIN-VOORWAARDE", "GEZIN-REDEN", "GEZIN-TWEEDE-VOORWAARDE",
                     "GEZIN-TWEEDE-REDEN", "Veiligheidsschaal", "Het gezin", "Iedereen samen",
                     "Wat komt er nog?", "Volgend overleg"):
            assert part in text, (name, part)
        assert "MARKER" not in text, name
    for name in ("link", "print"):  # the reasoning is marked for no one: it stays in the meeting
        assert "REDENERING" not in outputs[name], name
    page = outputs["link"]
    assert "<script" not in page and " style=" not in page
    chart = re.search(r"<svg[^>]*data-scale-chart.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in chart and 'aria-describedby="why-scale-table"' in chart
    assert re.search(r'data-who="family" data-score="6"', chart) and re.search(r'data-who="everyone" data-score="4,5"', chart)
    table = re.search(r'<table id="why-scale-table".*?</table>', page, re.S).group(0)
    assert re.search(r"<td>6</td><td>4,5</td>", table)  # the same numbers, as text
    assert (dates.today() + timedelta(days=14)).strftime("%Y") in page.split("Wat komt er nog?")[1]
    # The goal beside its danger is not repeated under "Wat moet er veranderen?".
    assert page.count("GEZIN-DOEL") == 1
    # An open meeting adds nothing to the why until it closes.
    with app.app_context():
        actor = db.session.get(User, consultant.id)
        review = db.session.get(Meeting, story["review"])
        danger = next(i for i in analysis.dangers(review.id, audience="consultant") if i.text.startswith("GEZIN"))
        analysis.add_bottom_line(actor, review, text="NIEUWE-VOORWAARDE", reason="NIEUW", danger_id=danger.id,
                                 visibility=FAMILY)
        analysis.decide(actor, review, answer="yes", reasoning="REDENERING", urgency=None,
                        arrangement_who=None, arrangement_what=None, arrangement_until=None, review_on=None)
    page = app.test_client().get(f"/gezin/{story['token']}").text
    assert "NIEUWE-VOORWAARDE" not in page and "In het overleg vonden we dat de kinderen nu veilig zijn." not in page
    assert "GEZIN-VOORWAARDE" in page and "Onduidelijk" in page
    with app.app_context():
        lifecycle.close_meeting(db.session.get(User, consultant.id), db.session.get(Meeting, story["review"]),
                                without_plan=True)
    page = app.test_client().get(f"/gezin/{story['token']}").text
    assert "NIEUWE-VOORWAARDE" in page and "In het overleg vonden we dat de kinderen nu veilig zijn." in page
    assert "Er is nog geen nieuw overleg gepland." in page and "MARKER" not in page


def test_bottom_lines_are_written_with_reason_and_danger_and_carried_into_the_review(app, client, story):
    review = story["review"]
    with app.app_context():
        copies = {i.carried_from_id: i for i in db.session.scalars(
            select(MappingItem).where(MappingItem.meeting_id == review))}
        originals = db.session.scalars(select(BottomLine).join(MappingItem, MappingItem.id == BottomLine.item_id)
                                       .where(MappingItem.meeting_id == story["meeting"])).all()
        assert len(originals) == 4
        for original in originals:
            copy = copies[original.item_id]
            assert copy.category == "bottom_line" and copy.visibility == original.item.visibility
            assert copy.bottom_line.reason == original.reason
            assert copy.bottom_line.danger_item_id == copies[original.danger_item_id].id  # this meeting's danger
        danger_id = next(i.id for i in copies.values() if i.text.startswith("GEZIN-WIE"))
    refused = client.post(f"/overleg/{review}/voorwaarden", headers=HX, data={
        "bottom-text": "ZONDER-GEVAAR", "bottom-reason": "", "bottom-danger": "", "bottom-visibility": FAMILY})
    assert refused.status_code == 422
    assert "Kies bij welk gevaar dit hoort." in refused.text and "ZONDER-GEVAAR" in refused.text  # nothing lost
    added = client.post(f"/overleg/{review}/voorwaarden", headers=HX, data={
        "bottom-text": "BORD-VOORWAARDE", "bottom-reason": "BORD-REDEN", "bottom-danger": str(danger_id),
        "bottom-visibility": FAMILY})
    assert added.status_code == 200 and "bottom_line-changed" in added.headers["HX-Trigger"]
    board = client.get(f"/overleg/{review}").text
    assert "BORD-VOORWAARDE" in board and "Waarom: BORD-REDEN" in board
    assert "PROF-MARKER-VOORWAARDE" in board  # the consultant sees every visibility, marked
    projector = client.get(f"/overleg/{review}/projectie/analyse").text
    assert "Wat zeker moet gebeuren" in projector and "BORD-VOORWAARDE" in projector
    assert "BORD-REDEN" in projector and "GEZIN-TWEEDE-VOORWAARDE" in projector
    assert "MARKER" not in projector
    region = client.get(f"/overleg/{review}/projectie/regio/bottom_line").text
    assert "BORD-VOORWAARDE" in region and "MARKER" not in region
    history = client.get(f"/dossiers/{story['case']}/geschiedenis").text
    assert "schreef een niet-onderhandelbare voorwaarde" in history and "BORD-REDEN" in history
    with app.app_context():
        item = db.session.scalar(select(MappingItem).where(MappingItem.text == "BORD-VOORWAARDE"))
        item_id = item.id
    client.post(f"/overleg/{review}/items/{item_id}/zichtbaarheid", headers=HX)
    projector = client.get(f"/overleg/{review}/projectie/analyse").text
    assert "BORD-VOORWAARDE" not in projector  # narrowed like any item
    moved = client.post(f"/overleg/{review}/items/{item_id}/verplaatsen", headers=HX, data={"category": "worry"})
    assert moved.status_code == 422
    # The proposal to the judge names the bottom lines for the file, never a confidential one.
    with app.app_context():
        lines = proposal.assemble(db.session.get(Meeting, story["meeting"]).case)["bottom_lines"]
    family_line = next(line for line in lines if "GEZIN-VOORWAARDE" in line["text"])
    assert "GEZIN-REDEN" in family_line["reason"] and "GEZIN-WIE" in family_line["danger"]
    professional_line = next(line for line in lines if "PROF-MARKER-VOORWAARDE" in line["text"])
    assert "PROF-MARKER-WIE" in professional_line["danger"]
    assert "GEHEIM-MARKER" not in repr(lines)
