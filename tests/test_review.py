"""Opvolging en afsluiting: carry-over and what changed, reviewing the plan, progress over
time, the proposal to the judge, closing the help, and PDFs for the file."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    Case,
    Child,
    ChildHouseEntry,
    ChildScore,
    DangerStatement,
    Export,
    Feedback,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    ReviewAnswers,
    SafetyDecision,
    SafetyGoal,
    ScaleRound,
    ScaleScore,
)
from samenveilig.models.cases import birthday

from .conftest import decide_safe, save
from .helpers import HX, close_as_agreed, new_review, review_case
from .helpers import exported_pdf_text as pdf_text

pytestmark = pytest.mark.db
case = review_case  # the fixture, under the name these tests ask for


def first_meeting(app, case_id, *, held_on):
    """A closed first mapping with a worry, a strength, a harm, a danger with its goal, and a plan."""
    with app.app_context():
        mama = db.session.scalar(select(NetworkMember).where(NetworkMember.case_id == case_id,
                                                             NetworkMember.relation == "mama"))
        meeting = Meeting(case_id=case_id, kind="mapping", held_on=held_on, status="closed")
        meeting.participants.append(Participant(network_member_id=mama.id, name=mama.name, relation="mama"))
        db.session.add(meeting)
        db.session.flush()
        speaker = meeting.participants[0].id
        items = {}
        for key, category, text in [("A", "worry", "Mama drinkt"), ("B", "strength", "Oma helpt"),
                                    ("C", "harm", "Finn viel"), ("D", "danger", "Finn kan vallen"),
                                    ("G", "safety_goal", "Mama is nuchter")]:
            items[key] = MappingItem(meeting_id=meeting.id, category=category, text=text, speaker_id=speaker)
        db.session.add_all(items.values())
        db.session.flush()
        db.session.add(DangerStatement(item_id=items["D"].id, worried="De juf", behaviour="drinken", outcome="vallen"))
        db.session.add(SafetyGoal(item_id=items["G"].id, danger_item_id=items["D"].id, behaviour="nuchter", duration="3 maanden"))
        db.session.add(SafetyDecision(meeting_id=meeting.id, answer="yes", reasoning="ok", urgency="month"))
        save()
        return meeting.id, {k: v.id for k, v in items.items()}


def test_a_review_carries_over_the_mapping_and_lists_what_changed(app, client, case):
    first, old = first_meeting(app, case.id, held_on=dates.today() - timedelta(days=30))
    review = new_review(client, case.id)
    with app.app_context():
        copies = {i.carried_from_id: i for i in db.session.scalars(
            select(MappingItem).where(MappingItem.meeting_id == review))}
        assert set(copies) == set(old.values())
        assert copies[old["A"]].speaker.name == "Sofie Maes"  # still said by mama
        goal = db.session.get(SafetyGoal, copies[old["G"]].id)
        assert goal.danger_item_id == copies[old["D"]].id  # the goal still answers its danger
        assert db.session.get(DangerStatement, copies[old["D"]].id).worried == "De juf"
        new = {k: copies[v].id for k, v in old.items()}
    board = client.get(f"/overleg/{review}").text
    assert "uit vorig overleg" in board
    client.post(f"/overleg/{review}/items", headers=HX, data={
        "quick-text": "Papa is terug", "quick-category": "strength", "quick-visibility": "family"})
    client.post(f"/overleg/{review}/items/{new['A']}", headers=HX, data={
        f"item-{new['A']}-version": 1, f"item-{new['A']}-text": "Mama drinkt minder",
        f"item-{new['A']}-speaker": "", f"item-{new['A']}-visibility": "family"})
    client.post(f"/overleg/{review}/items/{new['B']}/verplaatsen", headers=HX, data={"category": "existing_safety"})
    client.post(f"/overleg/{review}/items/{new['C']}/verwijderen", headers=HX)
    page = client.get(f"/overleg/{review}/veranderd").text
    added = page.split('id="changes-added"')[1].split("</div>")[0]
    changed = page.split('id="changes-changed"')[1].split("</div>")[0]
    removed = page.split('id="changes-removed"')[1].split("</div>")[0]
    assert "Papa is terug" in added and "Mama drinkt" not in added
    assert "Mama drinkt minder" in changed and "was: ‘Mama drinkt’" in changed
    assert "verplaatst van Wat gaat goed naar Wat heeft al gewerkt" in changed
    assert "Finn viel" in removed and "Oma helpt" not in removed
    assert "Finn kan vallen" not in added + changed + removed  # unchanged


def test_the_plan_changes_since_last_time(app, client, case):
    with app.app_context():
        kept, dropped = PlanAction(case_id=case.id, what="Oma belt"), PlanAction(case_id=case.id, what="Huisarts")
        db.session.add_all([kept, dropped])
        save()
        kept_id, dropped_id = kept.id, dropped.id
    meeting_id = new_review(client, case.id, kind="mapping")
    decide_safe(client, meeting_id)
    client.post(f"/overleg/{meeting_id}/afsluiten")
    review = new_review(client, case.id)
    client.post(f"/overleg/{review}/plan/acties", headers=HX, data={"new-action-what": "Naar de school"})
    client.post(f"/overleg/{review}/plan/acties/{dropped_id}/verwijderen", headers=HX)
    client.post(f"/overleg/{review}/plan/acties/{kept_id}/beoordeling", headers=HX, data={
        f"review-{kept_id}-verdict": "done", f"review-{kept_id}-comment": "Elke avond gebeld"})
    page = client.get(f"/overleg/{review}/veranderd").text
    assert "Naar de school" in page.split('id="plan-added"')[1].split("</div>")[0]
    assert "Huisarts" in page.split('id="plan-removed"')[1].split("</div>")[0]
    assert "Oma belt" in page.split('id="plan-changed"')[1].split("</div>")[0]


def test_each_action_is_reviewed_and_the_questions_answered(app, client, case):
    with app.app_context():
        action = PlanAction(case_id=case.id, what="Oma belt elke avond")
        db.session.add(action)
        save()
        action_id = action.id
    review = new_review(client, case.id)
    page = client.get(f"/overleg/{review}/plan").text
    assert "Hoe ging het?" in page
    response = client.post(f"/overleg/{review}/plan/acties/{action_id}/beoordeling", headers=HX, data={
        f"review-{action_id}-verdict": "adjust", f"review-{action_id}-comment": "Oma kan niet op zondag"})
    assert response.status_code == 200 and "In dit overleg: bijsturen" in response.text
    with app.app_context():
        assert db.session.get(PlanAction, action_id).status == "stuck"
    bad = client.post(f"/overleg/{review}/plan/acties/{action_id}/beoordeling", headers=HX, data={
        f"review-{action_id}-verdict": "super"})
    assert bad.status_code == 422
    response = client.post(f"/overleg/{review}/opvolging", headers=HX, data={
        "review-going_well": "Ja, mama drinkt minder.", "review-to_adjust": "Zondagen regelen.",
        "review-can_stop": "not_yet", "review-can_stop_why": "Nog twee maanden volgen."})
    assert response.status_code == 200 and "Bewaard" in response.text
    with app.app_context():
        answers = db.session.get(Meeting, review).review_answers
        assert (answers.can_stop, answers.to_adjust) == ("not_yet", "Zondagen regelen.")


def scores_in_meetings(app, case_id, series: dict[str, list[int]]):
    """Revealed overall rounds in one meeting per column, with these scores per person."""
    with app.app_context():
        members = {m.relation: m for m in db.session.scalars(select(NetworkMember).where(NetworkMember.case_id == case_id))}
        length = len(next(iter(series.values())))
        for n in range(length):
            meeting = Meeting(case_id=case_id, kind="review", held_on=date(2026, 1, 1) + timedelta(days=30 * n),
                              status="closed")
            for relation in series:
                member = members[relation]
                meeting.participants.append(Participant(network_member_id=member.id, name=member.name, relation=relation))
            db.session.add(meeting)
            db.session.flush()
            scale_round = ScaleRound(meeting_id=meeting.id, status="revealed")
            db.session.add(scale_round)
            db.session.flush()
            for p in meeting.participants:
                db.session.add(ScaleScore(round_id=scale_round.id, participant_id=p.id, score=series[p.relation][n]))
        save()


def test_the_progress_chart_has_the_right_points_and_a_table(app, client, case):
    scores_in_meetings(app, case.id, {"mama": [3, 5, 8], "oma": [6, 6, 9]})
    page = client.get(f"/dossiers/{case.id}/voortgang").text
    svg = re.search(r'<svg viewBox="0 0 760 320".*?</svg>', page, re.S).group(0)
    root = ET.fromstring(svg)
    points = [el.attrib for el in root.iter() if "data-score" in el.attrib]
    found = {(p["data-person"], p["data-meeting"]): int(p["data-score"]) for p in points}
    assert found == {
        ("Sofie (mama)", "2026-01-01"): 3, ("Sofie (mama)", "2026-01-31"): 5, ("Sofie (mama)", "2026-03-02"): 8,
        ("Rita (oma)", "2026-01-01"): 6, ("Rita (oma)", "2026-01-31"): 6, ("Rita (oma)", "2026-03-02"): 9,
    }
    plot_top, plot_height = 20, 320 - 20 - 46
    for el in root.iter():
        if el.attrib.get("data-score"):
            y = float(el.attrib["cy"]) if el.tag.endswith("circle") else float(el.attrib["y"]) + 6
            assert y == pytest.approx(plot_top + (10 - int(el.attrib["data-score"])) * plot_height / 10, abs=0.2)
    table = page.split('class="table progress-chart__table"')[1].split("</table>")[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', table)
    assert {name: re.findall(r"<td>([^<]+)</td>", cells) for name, cells in rows} == {
        "Rita (oma)": ["6", "6", "9"], "Sofie (mama)": ["3", "5", "8"]}


def test_the_destruction_date_is_when_the_youngest_turns_35(app, client, case):
    assert birthday(date(2012, 2, 29), 35) == date(2047, 3, 1)
    assert birthday(date(2012, 2, 29), 36) == date(2048, 2, 29)
    with app.app_context():
        db.session.add(Child(case_id=case.id, first_name="Mila", date_of_birth=date(2024, 2, 29)))
        save()
        assert db.session.get(Case, case.id).destroy_on == date(2059, 3, 1)


def close_with_contact_card(app, client, case_id):
    closing = new_review(client, case_id, kind="closure")
    refused = client.post(f"/overleg/{closing}/afsluiting", headers=HX, data={"summary": "Het gaat goed."})
    assert refused.status_code == 409 and "contactkaart" in refused.text and "Is het kind nu veilig?" in refused.text
    with app.app_context():
        oma = db.session.scalar(select(NetworkMember.id).where(NetworkMember.relation == "oma"))
    client.post(f"/overleg/{closing}/plan/contacten", headers=HX, data={
        "new-contact-worry": "mama's drinken", "new-contact-member": oma})
    no_decision = client.post(f"/overleg/{closing}/afsluiting", headers=HX, data={"summary": "Het gaat goed."})
    assert no_decision.status_code == 409 and "Is het kind nu veilig?" in no_decision.text
    assert "contactkaart" not in no_decision.text
    decide_safe(client, closing)
    response = client.post(f"/overleg/{closing}/afsluiting", headers=HX, data={"summary": "Mama drinkt niet meer."})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/dossiers/{case_id}"
    return closing


def test_closing_the_help_keeps_the_contact_card_for_the_family(app, client, case):
    token_page = client.post(f"/dossiers/{case.id}/gezinslinks", data={
        "expires_on": (dates.today() + timedelta(days=30)).isoformat()}).text
    token = re.search(r"/gezin/([A-Za-z0-9_-]+)", token_page).group(1)
    close_with_contact_card(app, client, case.id)
    with app.app_context():
        closed = db.session.get(Case, case.id)
        assert closed.status == "closed" and closed.closed_on == dates.today()
    page = client.get(f"/dossiers/{case.id}").text
    assert "is afgesloten op" in page and "Het wordt vernietigd op 2 september 2056" in page
    family = app.test_client()
    family_page = family.get(f"/gezin/{token}").text
    assert "Onze hulp is gestopt" in family_page and "Mama drinkt niet meer." in family_page
    assert "mama&#39;s drinken" in family_page and "0473 11 22 33" in family_page
    from samenveilig.linktokens import form_token
    from samenveilig.share.family import PURPOSE

    with app.test_request_context():
        ft = form_token(PURPOSE, token)
    thanks = family.post(f"/gezin/{token}/feedback", data={"form_token": ft, "rating": "5"}, follow_redirects=True)
    assert thanks.status_code == 200 and "Bedankt" in thanks.text  # parents may still give feedback


def test_a_closed_case_refuses_every_write(app, client, case, consultant):
    """Every POST route about this case answers the same clear refusal."""
    from .helpers import build_world, url_variants

    users = {"assigned": consultant.id}
    world = build_world(app, users)
    with app.app_context():
        db.session.get(Case, world.case_id).status = "closed"
        save()
    adapter = app.url_map.bind("localhost")
    exempt = {"cases.reopen_case", "review.export_meeting", "review.export_proposal"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not ({"case_id", "meeting_id"} & set(rule.arguments)):
            continue
        if rule.endpoint == "cases.reopen_case":
            continue  # the one write a closed case takes: checked last
        for values in url_variants(rule, world):
            url = adapter.build(rule.endpoint, values)
            response = client.post(url, data={}, headers=HX)
            if rule.endpoint in exempt:
                assert response.status_code < 500, url
                continue
            assert response.status_code == 409, f"{url}: {response.status_code}"
            assert "afgesloten" in response.text, url
            checked += 1
    assert checked > 30
    assert client.post(f"/dossiers/{world.case_id}/heropenen").status_code == 302


def test_a_proposal_to_the_judge_is_drafted_edited_and_kept(app, client, case):
    first, _ = first_meeting(app, case.id, held_on=dates.today() - timedelta(days=10))
    with app.app_context():
        db.session.add(MappingItem(meeting_id=first, category="worry", text="GEHEIM-MARKER", visibility="confidential"))
        db.session.add(PlanAction(case_id=case.id, what="Oma belt elke avond"))
        save()
    scores_in_meetings(app, case.id, {"mama": [4, 7]})
    assert client.post(f"/dossiers/{case.id}/voorstel").status_code == 302
    page = client.get(f"/dossiers/{case.id}/voorstel").text
    for part in ("Finn kan vallen", "Mama drinkt", "Sofie (mama)", ": 4", ": 7", "Oma belt elke avond",
                 "Ons voorstel aan de jeugdrechter"):
        assert part in page, part
    assert "GEHEIM-MARKER" not in page
    draft_id = int(re.search(r"/voorstel/(\d+)\"", page).group(1))
    assert re.search(r"<textarea[^>]*>\s*</textarea>", page)  # the proposal itself is still to write
    empty = client.post(f"/dossiers/{case.id}/voorstel/{draft_id}/definitief")
    assert empty.status_code == 409 and "Schrijf eerst ons voorstel aan de jeugdrechter" in empty.text
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}", data={
        "body": "Wij stellen voor de maatregel af te bouwen.", "version": 1})
    stale = client.post(f"/dossiers/{case.id}/voorstel/{draft_id}", data={"body": "oud", "version": 1})
    assert stale.status_code == 409
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}/definitief")
    final = client.get(f"/dossiers/{case.id}/voorstel").text
    assert "Voorstel 1, definitief" in final and "Wij stellen voor de maatregel af te bouwen." in final
    assert "Finn kan vallen" in final  # the parts drawn from the case are kept with it
    pdf_button = final.index(f'hx-post="/dossiers/{case.id}/voorstel/{draft_id}/pdf"')
    folded = [(m.start(), m.end()) for m in re.finditer(r"<details.*?</details>", final, re.S)]
    assert not any(start < pdf_button < end for start, end in folded)  # in view, not folded away
    again = client.post(f"/dossiers/{case.id}/voorstel/{draft_id}", data={"body": "x", "version": 2})
    assert again.status_code == 409 and "definitief" in again.text
    client.post(f"/dossiers/{case.id}/voorstel")
    assert "Ontwerp 2" in client.get(f"/dossiers/{case.id}/voorstel").text


def test_the_proposal_to_the_judge_is_a_structured_document_with_the_child_s_and_the_family_s_view(
        app, client, case):
    """Read from its PDF: the title and the family once, the children with their ages, the
    impact and the complicating factors, the safety network, what each child shared with the
    professionals or everyone (never with no one), the child's own scores and wishes, the
    family's view of each danger and its feedback, and "kan onze hulp stoppen?"."""
    first, items = first_meeting(app, case.id, held_on=dates.today() - timedelta(days=10))
    talked = dates.today() - timedelta(days=20)
    with app.app_context():
        lotte = db.session.scalar(select(Child).where(Child.case_id == case.id, Child.first_name == "Lotte"))
        oma = db.session.scalar(select(NetworkMember).where(NetworkMember.case_id == case.id,
                                                            NetworkMember.relation == "oma"))
        oma.in_safety_network, oma.knows_danger, oma.commitment = True, True, "Oma belt elke avond om acht uur."
        db.session.get(DangerStatement, items["D"]).family_view = "Mama: ik drink niet meer als de kinderen thuis zijn."
        db.session.add_all([
            MappingItem(meeting_id=first, category="impact", text="IMPACT: Lotte is moe op school"),
            MappingItem(meeting_id=first, category="complicating", text="COMPLICEREND: papa woont ver weg"),
            MappingItem(meeting_id=first, category="worry", text="PROF-MARKER", visibility="professional"),
            MappingItem(meeting_id=first, category="worry", text="GEHEIM-MARKER", visibility="confidential"),
            ReviewAnswers(meeting_id=first, can_stop="not_yet", can_stop_why="STOPPEN-WAAROM: nog drie maanden.",
                          going_well="Mama vraagt oma op tijd."),
            Feedback(case_id=case.id, rating=4, text="FEEDBACK: fijn dat jullie luisteren"),
            ChildScore(case_id=case.id, child_id=lotte.id, scored_on=talked, score=3),
            ChildScore(case_id=case.id, child_id=lotte.id, scored_on=dates.today() - timedelta(days=10), score=6),
        ])
        for house, text, visibility in [("worries", "KIND-PROF: ik ben bang als mama slaapt", "professional"),
                                        ("good", "KIND-IEDEREEN: de soep van oma", "family"),
                                        ("dreams", "KIND-WENS: dat mama 's avonds wakker blijft", "family"),
                                        ("worries", "KIND-NIEMAND", "confidential")]:
            db.session.add(ChildHouseEntry(case_id=case.id, child_id=lotte.id, house=house, text=text,
                                           talked_on=talked, visibility=visibility))
        save()
        lotte_age, finn_age = dates.age(date(2018, 3, 14)), dates.age(date(2021, 9, 2))
    client.post(f"/dossiers/{case.id}/voorstel")
    draft_id = int(re.search(r"/voorstel/(\d+)\"", client.get(f"/dossiers/{case.id}/voorstel").text).group(1))
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}", data={
        "body": "Wij stellen voor de maatregel af te bouwen.", "version": 1})
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}/definitief")
    text = " ".join(pdf_text(client, case.id, f"/dossiers/{case.id}/voorstel/{draft_id}/pdf", "file").split())
    assert text.count("Voorstel aan de jeugdrechter") == 1 and text.count("Gezin Maes") == 1
    in_order = ["De kinderen", f"Lotte, {lotte_age} jaar (geboren 14 maart 2018)",
                f"Finn, {finn_age} jaar (geboren 2 september 2021)",
                "De situatie", "Impact op het kind", "IMPACT: Lotte is moe op school", "Gevaar als er niets verandert",
                "Finn kan vallen", "Complicerende factoren", "COMPLICEREND: papa woont ver weg",
                "Wat de kinderen zelf zeggen", "KIND-PROF: ik ben bang als mama slaapt", "KIND-IEDEREEN: de soep van oma",
                "Wat Lotte wil", "KIND-WENS: dat mama 's avonds wakker blijft",
                f"{dates.date_nl(talked)}: 3", ": 6",
                "Wat het gezin zegt", "Finn kan vallen", "Het gezin: Mama: ik drink niet meer als de kinderen thuis zijn.",
                "4 op 5: “FEEDBACK: fijn dat jullie luisteren”",
                "Het veiligheidsnetwerk", "Rita Claes (oma)", "Oma belt elke avond om acht uur.",
                "Verloop van de veiligheidsschaal", "Is het kind nu veilig?",
                "Kan onze hulp stoppen?", "Nog niet", "STOPPEN-WAAROM: nog drie maanden.", "Mama vraagt oma op tijd.",
                "Het plan", "Ons voorstel", "Wij stellen voor de maatregel af te bouwen."]
    at = 0
    for part in in_order:
        found = text.find(part, at)
        assert found >= 0, (part, text[at:at + 300])
        at = found + len(part)
    assert "PROF-MARKER" in text  # for the file and the judge, not for the family
    assert "GEHEIM-MARKER" not in text and "KIND-NIEMAND" not in text


def test_no_proposal_for_an_ocj_case(client, auth, consultant, make_case):
    ocj = make_case(consultant, service="OCJ")
    auth.login(consultant)
    response = client.post(f"/dossiers/{ocj.id}/voorstel")
    assert response.status_code == 409 and "SDJ" in response.text


def test_no_pdf_for_the_family_ever_holds_a_professional_item(app, client, case):
    """Every export kind and audience, with marker texts in worries, dangers and plan actions."""
    meeting_id = new_review(client, case.id, kind="mapping")
    markers = {"family": "GEZIN-MARKER", "professional": "PROF-MARKER", "confidential": "GEHEIM-MARKER"}
    for visibility, marker in markers.items():
        for category in ("worry", "harm"):
            client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
                "quick-text": f"{marker} {category}", "quick-category": category, "quick-visibility": visibility})
    with app.app_context():
        db.session.add_all([PlanAction(case_id=case.id, what=f"{marker} actie", visibility=visibility)
                            for visibility, marker in markers.items()])
        save()
    decide_safe(client, meeting_id)
    client.post(f"/dossiers/{case.id}/voorstel")
    draft_id = int(re.search(r"/voorstel/(\d+)\"", client.get(f"/dossiers/{case.id}/voorstel").text).group(1))
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}/definitief")
    page = client.get(f"/dossiers/{case.id}/voorstel").text
    assert "PROF-MARKER worry" in page and 'value="family"' not in page.split("Definitieve voorstellen")[1]
    meeting_url, proposal_url = f"/overleg/{meeting_id}/pdf", f"/dossiers/{case.id}/voorstel/{draft_id}/pdf"
    for url in (meeting_url, proposal_url):
        text = pdf_text(client, case.id, url, "file")
        assert "voor het dossier" in text
        for part in ("GEZIN-MARKER worry", "PROF-MARKER worry", "PROF-MARKER harm", "PROF-MARKER actie"):
            assert part in text, (url, part)
        assert "GEHEIM-MARKER" not in text
    close_as_agreed(app, meeting_id)  # a PDF for the family holds what a closed meeting agreed
    family = pdf_text(client, case.id, meeting_url, "family")
    assert "voor het gezin" in family and "GEZIN-MARKER worry" in family and "GEZIN-MARKER actie" in family
    assert "PROF-MARKER" not in family and "GEHEIM-MARKER" not in family
    with app.app_context():
        made = db.session.scalar(select(func.count(Export.id)))
    refused = client.post(proposal_url, headers=HX, data={"audience": "family"})
    assert refused.status_code == 422 and "geen versie voor het gezin" in refused.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Export.id))) == made


def test_pdfs_for_the_file_and_for_the_family(app, client, case):
    meeting_id = new_review(client, case.id, kind="mapping")
    for text, visibility in [("GEZIN-ITEM", "family"), ("PROF-ITEM", "professional"), ("VERTROUWELIJK-ITEM", "confidential")]:
        client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
            "quick-text": text, "quick-category": "worry", "quick-visibility": visibility})
    decide_safe(client, meeting_id)
    for_file = pdf_text(client, case.id, f"/overleg/{meeting_id}/pdf", "file")
    close_as_agreed(app, meeting_id)
    for_family = pdf_text(client, case.id, f"/overleg/{meeting_id}/pdf", "family")
    assert "GEZIN-ITEM" in for_file and "PROF-ITEM" in for_file and "VERTROUWELIJK-ITEM" not in for_file
    assert "GEZIN-ITEM" in for_family and "PROF-ITEM" not in for_family and "VERTROUWELIJK-ITEM" not in for_family
    for text in (for_file, for_family):
        assert "VERTROUWELIJK · beroepsgeheim" in text and "Pagina 1 van" in text
        assert dates.today().strftime("%Y") in text
    assert "voor het dossier" in for_file and "voor het gezin" in for_family
    client.post(f"/dossiers/{case.id}/voorstel")
    page = client.get(f"/dossiers/{case.id}/voorstel").text
    draft_id = int(re.search(r"/voorstel/(\d+)\"", page).group(1))
    client.post(f"/dossiers/{case.id}/voorstel/{draft_id}/definitief")
    proposal = pdf_text(client, case.id, f"/dossiers/{case.id}/voorstel/{draft_id}/pdf", "file")
    assert "Voorstel aan de jeugdrechter" in proposal and "VERTROUWELIJK-ITEM" not in proposal


def test_the_help_closes_from_the_state_its_refusal_asks_for(app, client, case):
    first_meeting(app, case.id, held_on=dates.today() - timedelta(days=30))
    closing = new_review(client, case.id, kind="closure")
    refused = client.post(f"/overleg/{closing}/afsluiting", headers=HX, data={"summary": "Het gaat goed."})
    assert refused.status_code == 409 and refused.headers["HX-Retarget"] == "#notices"
    # Everything missing at once, each with a link to where it is done.
    assert f'href="/overleg/{closing}#decision-form"' in refused.text
    assert f'href="/overleg/{closing}/plan#add-contacten"' in refused.text
    assert "sluit dan het overleg af" not in refused.text
    with app.app_context():
        oma = db.session.scalar(select(NetworkMember.id).where(NetworkMember.relation == "oma"))
    client.post(f"/overleg/{closing}/plan/contacten", headers=HX, data={
        "new-contact-worry": "mama's drinken", "new-contact-member": oma})
    decide_safe(client, closing)
    # What the old refusal asked: answer, then close the meeting. The help still closes after.
    assert client.post(f"/overleg/{closing}/afsluiten", headers=HX).status_code == 204
    board = client.get(f"/overleg/{closing}").text
    assert 'id="closure-form"' in board and "Dit overleg is afgesloten, de hulp nog niet." in board
    response = client.post(f"/overleg/{closing}/afsluiting", headers=HX, data={"summary": "Mama drinkt niet meer."})
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/dossiers/{case.id}"
    with app.app_context():
        assert db.session.get(Case, case.id).status == "closed"
        assert db.session.get(Meeting, closing).closing_summary.summary == "Mama drinkt niet meer."


def test_a_carried_next_step_planned_last_time_needs_no_warning(app, client, case):
    first, old = first_meeting(app, case.id, held_on=dates.today() - timedelta(days=30))
    with app.app_context():
        step = MappingItem(meeting_id=first, category="next_step", text="Oma belt de huisarts", urgency="week")
        new_step = MappingItem(meeting_id=first, category="next_step", text="Mama zoekt hulp", urgency="week")
        db.session.add_all([step, new_step])
        db.session.flush()
        db.session.add(PlanAction(case_id=case.id, what="Oma belt de huisarts", source_item_id=step.id))
        save()
    review = new_review(client, case.id)
    decide_safe(client, review)
    refused = client.post(f"/overleg/{review}/afsluiten", headers=HX)
    assert refused.status_code == 409 and "Toch afsluiten zonder plan" in refused.text
    assert "Mama zoekt hulp" in refused.text and "Oma belt de huisarts" not in refused.text
    assert client.post(f"/overleg/{review}/afsluiten", headers=HX, data={"zonder_plan": "1"}).status_code == 204
