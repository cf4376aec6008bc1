"""From a review meeting to closing the help: carried over, what changed, the plan
reviewed, scaled again, closed with a contact card, progress and a PDF for the file."""

from datetime import date, timedelta

from playwright.sync_api import expect

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    Child,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    SafetyDecision,
    ScaleRound,
    ScaleScore,
)

from ..conftest import save
from .conftest import assert_accessible, login, screenshot


def first_mapping(app, case_id):
    with app.app_context():
        mama = NetworkMember(case_id=case_id, name="Lien Smets", relation="mama", role="parent")
        oma = NetworkMember(case_id=case_id, name="Rita Smets", relation="oma", role="network", phone="0473 11 22 33")
        db.session.add_all([mama, oma, Child(case_id=case_id, first_name="Noah", date_of_birth=date(2020, 2, 29))])
        db.session.flush()
        meeting = Meeting(case_id=case_id, kind="mapping", held_on=dates.today() - timedelta(days=42), status="closed")
        meeting.participants += [Participant(network_member_id=mama.id, name=mama.name, relation="mama"),
                                 Participant(network_member_id=oma.id, name=oma.name, relation="oma")]
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([
            MappingItem(meeting_id=meeting.id, category="worry", text="Mama is 's avonds vaak weg", position=1),
            MappingItem(meeting_id=meeting.id, category="strength", text="Oma woont om de hoek", position=1),
            SafetyDecision(meeting_id=meeting.id, answer="unclear", reasoning="We weten nog te weinig.", urgency="week"),
            PlanAction(case_id=case_id, what="Oma past op als mama weg is"),
        ])
        scale_round = ScaleRound(meeting_id=meeting.id, status="revealed")
        db.session.add(scale_round)
        db.session.flush()
        for participant, score in zip(meeting.participants, (4, 5), strict=True):
            db.session.add(ScaleScore(round_id=scale_round.id, participant_id=participant.id, score=score))
        save()


def test_a_review_meeting_from_start_to_closure(browser, base_url, world, live_server):
    sarah = world.user("Sarah Peeters")
    case = world.case(sarah, family_name="Smets", service="SDJ")
    first_mapping(live_server.app, case.id)
    context = browser.new_context(base_url=base_url, locale="nl-BE", viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    login(page, sarah)

    def start_meeting(kind: str):
        page.goto(f"/dossiers/{case.id}/overleggen")
        page.get_by_label("Soort overleg").select_option(label=kind)
        page.get_by_role("button", name="Overleg starten").click()
        expect(page.get_by_role("heading", name=f"{kind} van")).to_be_visible()

    def decide_yes(reason: str):  # safe now: how fast the next step must be is not asked
        form = page.locator("#decision-form")
        form.get_by_label("Ja").check()
        form.get_by_label("Waarom?").fill(reason)
        form.get_by_role("button", name="Beslissing vastleggen").click()
        expect(page.locator("#decision")).to_contain_text("Is het kind nu veilig? Ja")

    start_meeting("Opvolging")
    worry = page.locator("#category-worry li", has_text="Mama is 's avonds vaak weg")
    expect(worry).to_contain_text("uit vorig overleg")
    worry.hover()
    worry.get_by_role("button", name="Bewerken").click()
    page.locator("#category-worry textarea").fill("Mama is 's avonds soms weg, oma weet het dan")
    page.locator("#category-worry textarea").press("Enter")
    expect(page.locator("#category-worry")).to_contain_text("oma weet het dan")
    page.locator("#quick-text").fill("Noah slaapt beter")
    page.keyboard.press("Escape")
    page.keyboard.press("6")
    page.locator("#quick-text").press("Enter")
    expect(page.locator("#category-strength")).to_contain_text("Noah slaapt beter")

    page.get_by_role("link", name="Wat is er veranderd?").click()
    expect(page.locator("#changes-added")).to_contain_text("Noah slaapt beter")
    expect(page.locator("#changes-changed")).to_contain_text("oma weet het dan")

    page.get_by_role("link", name="Plan", exact=True).click()
    action = page.locator("#plan-actions li", has_text="Oma past op")
    action.get_by_label("Hoe ging het?").select_option(label="gaat goed")
    action.get_by_label("Toelichting").fill("Elke dinsdag en donderdag")
    action.get_by_role("button", name="Bewaar").click()
    expect(page.locator("#plan-actions li", has_text="Oma past op")).to_contain_text("In dit overleg: gaat goed")

    page.get_by_role("link", name="Mapping en analyse").click()
    review = page.locator("#review-form")
    review.get_by_label("Lopen de veranderingen goed?").fill("Ja, mama vraagt oma op tijd.")
    review.get_by_label("nog niet").check()
    review.get_by_role("button", name="Bewaren").click()
    expect(page.locator("#review-form")).to_contain_text("Bewaard")
    page.get_by_role("button", name="Schaalronde starten").click()
    scores = page.locator("#score-form")
    for name, score in [("Lien Smets (mama)", "6"), ("Rita Smets (oma)", "7"), ("Sarah Peeters (consulent)", "6")]:
        scores.get_by_label("Wie scoort?").select_option(label=name)
        scores.get_by_label("Score (0 tot 10)").fill(score)
        scores.get_by_role("button", name="Score bewaren").click()
        expect(scores.get_by_label("Score (0 tot 10)")).to_have_value("")
    expect(page.locator("#scale")).to_contain_text("3 van 3 hebben gescoord")
    page.get_by_role("button", name="Scores tonen").click()
    expect(page.locator("#scale svg.scale-line")).to_be_visible()
    # Closing too early lists everything still missing, each with a link to where it is done.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Overleg afsluiten").click()
    missing = page.locator("#notices .close-check")
    expect(missing).to_contain_text("Het overleg kan nog niet afsluiten.")
    missing.get_by_role("link", name="Beantwoord de vraag ‘Is het kind nu veilig?’").click()
    expect(page.locator("#decision-form").get_by_label("Ja")).to_be_in_viewport()
    page.locator("#decision-form").get_by_label("Onduidelijk").check()  # unclear: the urgency is asked
    page.locator("#decision-form").get_by_role("button", name="Beslissing vastleggen").click()
    expect(page.locator("#decision-form")).to_contain_text("Vul in hoe snel de volgende stap moet.")
    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors
    decide_yes("Oma is er elke avond als het nodig is.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Overleg afsluiten").click()
    expect(page.get_by_text("Dit overleg is afgesloten")).to_be_visible()
    # At the desk after the meeting: the plan grows as the consultant's proposal.
    page.get_by_role("link", name="Plan", exact=True).click()
    expect(page.locator("#plan-desk")).to_contain_text("voorstel van de consulent, nog te bespreken")
    page.locator("#add-acties").get_by_label("Wat gaat er gebeuren?").fill("Mama zegt het aan oma op zondag")
    page.locator("#add-acties").get_by_label("Wat gaat er gebeuren?").press("Enter")
    expect(page.locator("#plan-actions li", has_text="Mama zegt het aan oma")).to_contain_text(
        "voorstel van de consulent, nog te bespreken")

    start_meeting("Afsluiting")
    page.get_by_role("link", name="Plan", exact=True).click()
    contacts = page.locator("#add-contacten")
    contacts.get_by_label("Als je je zorgen maakt over…").fill("mama die 's avonds weg moet")
    contacts.get_by_label("…bel dan").select_option(label="Rita Smets (oma) · 0473 11 22 33")
    contacts.get_by_role("button", name="Contact toevoegen").click()
    expect(page.locator("#plan-contacts")).to_contain_text("0473 11 22 33")
    page.get_by_role("link", name="Mapping en analyse").click()
    # Closing the help before the question is answered: answer it, and close the help.
    page.get_by_label("Samenvatting bij het afsluiten").fill("Mama en oma hebben samen een goed ritme gevonden.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="De hulp afsluiten").click()
    missing = page.locator("#notices .close-check")
    expect(missing).to_contain_text("De hulp kan nog niet afsluiten.")
    expect(missing).not_to_contain_text("contactkaart")
    missing.get_by_role("link", name="Beantwoord de vraag ‘Is het kind nu veilig?’").click()
    decide_yes("Het netwerk draagt het nu zelf.")
    expect(page.get_by_label("Samenvatting bij het afsluiten")).to_have_value("Mama en oma hebben samen een goed ritme gevonden.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="De hulp afsluiten").click()
    expect(page.get_by_role("heading", name="Gezin Smets")).to_be_visible()
    expect(page.locator(".case-head")).to_contain_text("Het wordt vernietigd op 1 maart 2055")
    expect(page.get_by_role("button", name="Kind toevoegen")).to_have_count(0)

    page.get_by_role("link", name="Voortgang").click()
    expect(page.locator(".progress-chart__table")).to_contain_text("Lien (mama)")
    expect(page.locator("svg.progress-chart__svg [data-score]")).to_have_count(5)
    assert_accessible(page)
    screenshot(page, "progress-chart")

    page.get_by_role("link", name="Overleggen").click()
    page.get_by_role("link", name="Afsluiting van").click()
    page.get_by_label("PDF", exact=True).select_option(label="voor het dossier")
    page.get_by_role("button", name="PDF maken").click()
    download = page.get_by_role("link", name="Download")
    expect(download).to_be_visible(timeout=20_000)
    with page.expect_download() as pdf:
        download.click()
    assert pdf.value.suggested_filename.endswith("-file.pdf")
    assert not [error for error in console_errors if "Content Security Policy" in error], console_errors
    context.close()
