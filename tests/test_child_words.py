"""The child's own words on the board: one action brings a shared house entry onto the mapping
as the child's ("zegt Yasmine (14)"), with the drawing only where its sharing allows, and the
family's outputs carry only what the child shares with everyone."""

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Child,
    ChildHouseEntry,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
)
from samenveilig.review import worker

from .conftest import decide_safe, save
from .helpers import HX, close_as_agreed, entry_data, png
from .helpers import add_entry as add
from .helpers import exported_pdf_text as pdf_text
from .helpers import make_family_link as make_link
from .sse import catch_up_body

pytestmark = pytest.mark.db


@pytest.fixture
def app_config():
    return {"LIVE_PING_SECONDS": 0.2}  # a stream's catch-up ends where the first ping starts


@pytest.fixture
def child(app, consultant, make_case, logged_in):
    """Yasmine (14) in an open meeting of her family's case."""
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        born = dates.today().replace(year=dates.today().year - 14) - timedelta(days=30)
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=born)
        mama = NetworkMember(case_id=case.id, name="Sofie Maes", relation="mama", role="parent")
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add_all([yasmine, mama, meeting])
        save()
        return dict(case=case.id, id=yasmine.id, meeting=meeting.id,
                    url=f"/dossiers/{case.id}/kinderen/{yasmine.id}/huizen")


def entry(app, logged_in, child, consultant, upload=None, **values) -> int:
    assert add(logged_in, child, consultant, upload=upload, **values).status_code == 302
    with app.app_context():
        return db.session.scalar(select(func.max(ChildHouseEntry.id)))


def bring(client, child, entry_id: int):
    return client.post(f"/overleg/{child['meeting']}/kinderwoorden/{entry_id}", headers=HX)


def board_items(app, meeting_id: int) -> list[MappingItem]:
    with app.app_context():
        return db.session.scalars(select(MappingItem).where(MappingItem.meeting_id == meeting_id)
                                  .order_by(MappingItem.id)).unique().all()


def follow_token(client, meeting_id: int) -> str:
    panel = client.post(f"/overleg/{meeting_id}/meekijklink", headers=HX).text
    return re.search(r'value="http://localhost/meekijken/([^"]+)"', panel).group(1)


def test_each_house_goes_to_its_column_in_one_action(app, logged_in, child, consultant):
    worry = entry(app, logged_in, child, consultant, house="worries", text="Ik ben bang als papa roept.")
    good = entry(app, logged_in, child, consultant, house="good", text="Oma maakt pannenkoeken.",
                 visibility="professional")
    dream = entry(app, logged_in, child, consultant, house="dreams", text="Dat iedereen rustig praat.")
    secret = entry(app, logged_in, child, consultant, house="worries", text="Dit blijft geheim.",
                   visibility="confidential")
    board = logged_in.get(f"/overleg/{child['meeting']}").text
    panel = board.split('id="child-words"')[1].split("</section>")[0]
    assert "Wat de kinderen zelf zeggen (3)" in panel
    for entry_id in (worry, good, dream):
        assert f"/kinderwoorden/{entry_id}\"" in panel
    assert "Dit blijft geheim." not in panel and f"/kinderwoorden/{secret}\"" not in panel

    for entry_id in (worry, good, dream):
        response = bring(logged_in, child, entry_id)
        assert response.status_code == 200
        assert "Staat op het bord" in response.text
    items = board_items(app, child["meeting"])
    assert [(i.category, i.text, i.visibility, i.child_id, i.house_entry_id, i.child_words, i.speaker_id)
            for i in items] == [
        ("worry", "Ik ben bang als papa roept.", "family", child["id"], worry, True, None),
        ("strength", "Oma maakt pannenkoeken.", "professional", child["id"], good, True, None),
        ("safety_goal", "Dat iedereen rustig praat.", "family", child["id"], dream, True, None),
    ]
    with app.app_context():
        added = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "item_added")).all()
        assert [(e.after["house_entry_id"], e.after["child_words"]) for e in added] == [
            (worry, True), (good, True), (dream, True)]
    history = logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text
    assert "Woorden van het kind (uit de drie huizen)" in history


def test_a_second_post_of_the_same_entry_makes_no_second_item(app, logged_in, child, consultant):
    worry = entry(app, logged_in, child, consultant, text="Ik ben bang als papa roept.")
    first = bring(logged_in, child, worry)
    with app.app_context():
        version = db.session.get(Meeting, child["meeting"]).version
        events = db.session.scalar(select(func.count(AuditEvent.id)))
    again = bring(logged_in, child, worry)
    assert first.status_code == again.status_code == 200
    assert first.headers["HX-Trigger"] == again.headers["HX-Trigger"]
    assert len(board_items(app, child["meeting"])) == 1
    with app.app_context():
        assert db.session.get(Meeting, child["meeting"]).version == version  # nothing announced
        assert db.session.scalar(select(func.count(AuditEvent.id))) == events


def test_a_deleted_childs_item_comes_back_and_undo_takes_it_off_again(app, logged_in, child, consultant):
    worry = entry(app, logged_in, child, consultant, text="Ik ben bang als papa roept.")
    bring(logged_in, child, worry)
    item = board_items(app, child["meeting"])[0]
    moved = logged_in.post(f"/overleg/{child['meeting']}/items/{item.id}/verplaatsen", headers=HX,
                           data={"category": "impact"})
    assert moved.status_code == 204
    assert logged_in.post(f"/overleg/{child['meeting']}/items/{item.id}/verwijderen", headers=HX).status_code == 200
    assert "Ik ben bang als papa roept." not in logged_in.get(f"/overleg/{child['meeting']}/regio/impact").text
    back = bring(logged_in, child, worry)
    assert back.status_code == 200 and "impact-changed" in back.headers["HX-Trigger"]
    items = board_items(app, child["meeting"])
    assert len(items) == 1 and items[0].deleted_at is None
    assert "Ik ben bang als papa roept." in logged_in.get(f"/overleg/{child['meeting']}/regio/impact").text
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "child_words_back"
    assert logged_in.post(f"/overleg/{child['meeting']}/ongedaan-maken", headers=HX).status_code == 204
    assert board_items(app, child["meeting"])[0].deleted_at is not None


def test_words_shared_with_nobody_another_cases_words_and_a_closed_meeting_are_refused(
        app, logged_in, child, consultant, make_case):
    secret = entry(app, logged_in, child, consultant, text="Dit blijft geheim.", visibility="confidential")
    refused = bring(logged_in, child, secret)
    assert refused.status_code == 422 and "Yasmine deelt dit met niemand" in refused.text
    other_case = make_case(consultant)
    with app.app_context():
        other_child = Child(case_id=other_case.id, first_name="Noah", date_of_birth=date(2015, 1, 1))
        db.session.add(other_child)
        save()
        other = dict(case=other_case.id, id=other_child.id,
                     url=f"/dossiers/{other_case.id}/kinderen/{other_child.id}/huizen")
    elsewhere = entry(app, logged_in, other, consultant, text="Van een ander dossier.")
    assert bring(logged_in, child, elsewhere).status_code == 404
    shared = entry(app, logged_in, child, consultant, text="Ik ben bang als papa roept.")
    decide_safe(logged_in, child["meeting"])
    logged_in.post(f"/overleg/{child['meeting']}/afsluiten")
    assert bring(logged_in, child, shared).status_code == 409
    assert board_items(app, child["meeting"]) == []
    assert 'id="child-words"' not in logged_in.get(f"/overleg/{child['meeting']}").text


def test_the_edit_form_shows_the_child_as_the_speaker_and_a_save_keeps_it(app, logged_in, child, consultant):
    m = child["meeting"]
    bring(logged_in, child, entry(app, logged_in, child, consultant, text="Ik ben bang als papa roept."))
    [item] = board_items(app, m)
    with app.app_context():
        mama = db.session.scalar(select(NetworkMember.id).where(NetworkMember.case_id == child["case"]))
        meeting = db.session.get(Meeting, m)
        meeting.participants.append(Participant(network_member_id=mama, name="Sofie Maes", relation="mama"))
        save()
        mama = meeting.participants[-1].id
    form = logged_in.get(f"/overleg/{m}/items/{item.id}/bewerken", headers=HX).text
    assert re.search(rf'<label for="item-{item.id}-speaker">Wie zegt het\?</label>\s*'
                     rf'<input id="item-{item.id}-speaker" type="text" readonly value="Yasmine \(het kind zelf\)">', form)
    assert f'name="item-{item.id}-speaker"' not in form and "Iedereen" not in form
    p = f"item-{item.id}-"
    saved = logged_in.post(f"/overleg/{m}/items/{item.id}", headers=HX, data={
        p + "version": item.version, p + "text": "Ik ben bang als papa 's avonds roept.", p + "visibility": "family",
        p + "speaker": str(mama)})  # not a choice on the form: the words stay the child's
    assert saved.status_code == 200 and "zegt Yasmine (14)" in saved.text
    [item] = board_items(app, m)
    assert (item.text, item.speaker_id, item.child_words) == ("Ik ben bang als papa 's avonds roept.", None, True)


def test_the_item_reads_as_the_childs_with_the_drawing_where_it_is_shared(app, logged_in, child, consultant):
    m = child["meeting"]
    worry = entry(app, logged_in, child, consultant, upload=(png(), "tekening.png"), text="Ik ben bang als papa roept.")
    good = entry(app, logged_in, child, consultant, upload=(png(), "scan.png"), house="good",
                 text="Oma maakt pannenkoeken.", visibility="professional")
    bring(logged_in, child, worry)
    bring(logged_in, child, good)
    worry_item, good_item = (i.id for i in board_items(app, m))
    token = follow_token(logged_in, m)

    board = logged_in.get(f"/overleg/{m}").text
    for item_id, entry_id in ((worry_item, worry), (good_item, good)):
        html = re.search(rf'<li id="item-{item_id}".*?</li>', board, re.S).group(0)
        assert "item--child" in html and "zegt Yasmine (14)" in html
        assert f'src="/dossiers/{child["case"]}/kinderen/{child["id"]}/huizen/{entry_id}/tekening/klein"' in html
        assert 'alt="Tekening van Yasmine"' in html
    assert "“Ik ben bang als papa roept.”" in board

    family_html = {
        "projector": logged_in.get(f"/overleg/{m}/projectie").text,
        "projector region": logged_in.get(f"/overleg/{m}/projectie/regio/worry").text,
        "follow": app.test_client().get(f"/meekijken/{token}").text,
        "follow region": app.test_client().get(f"/meekijken/{token}/regio/worry").text,
    }
    for screen, html in family_html.items():
        item = re.search(rf'<li id="shared-item-{worry_item}".*?</li>', html, re.S).group(0)
        assert "“Ik ben bang als papa roept.”" in item and "zegt Yasmine (14)" in item, screen
        assert f'data-drawing="{worry_item}"' in item and 'alt="Tekening van Yasmine"' in item, screen
        assert 'width="320" height="240"' in item, screen  # the thumbnail's size holds its place
        assert "Oma maakt pannenkoeken." not in html, screen
    assert f'data-drawing-url="/overleg/{m}/projectie/tekening/{{item}}"' in family_html["projector"]
    assert f'data-drawing-url="/meekijken/{token}/tekening/{{item}}"' in family_html["follow"]

    for url in (f"/overleg/{m}/projectie/tekening/{worry_item}", f"/meekijken/{token}/tekening/{worry_item}"):
        shown = (logged_in if "projectie" in url else app.test_client()).get(url)
        assert shown.status_code == 200 and shown.mimetype == "image/png"
        assert shown.headers["Cache-Control"] == "private, no-store"
        assert shown.headers["X-Content-Type-Options"] == "nosniff"
    # Professional words: no drawing for the family, whatever the URL.
    assert logged_in.get(f"/overleg/{m}/projectie/tekening/{good_item}").status_code == 404
    assert app.test_client().get(f"/meekijken/{token}/tekening/{good_item}").status_code == 404
    assert app.test_client().get(f"/meekijken/niet-geldig/tekening/{worry_item}").status_code == 404


def test_narrowed_sharing_or_a_deleted_entry_keeps_the_words_but_stops_the_drawing(
        app, logged_in, child, consultant):
    m = child["meeting"]
    worry = entry(app, logged_in, child, consultant, upload=(png(), "tekening.png"), text="Ik ben bang als papa roept.")
    bring(logged_in, child, worry)
    item_id = board_items(app, m)[0].id
    token = follow_token(logged_in, m)
    drawing_urls = (f"/overleg/{m}/projectie/tekening/{item_id}", f"/meekijken/{token}/tekening/{item_id}")
    assert [logged_in.get(url).status_code for url in drawing_urls] == [200, 200]

    narrowed = logged_in.post(f"{child['url']}/{worry}", data=entry_data(
        consultant, text="Ik ben bang als papa roept.", visibility="professional"), content_type="multipart/form-data")
    assert narrowed.status_code == 302
    assert [logged_in.get(url).status_code for url in drawing_urls] == [404, 404]
    for html in (logged_in.get(f"/overleg/{m}/projectie/regio/worry").text,
                 app.test_client().get(f"/meekijken/{token}").text):
        assert "“Ik ben bang als papa roept.”" in html and "zegt Yasmine (14)" in html  # the words stay
        assert "data-drawing=" not in html
    assert "/tekening/klein" in logged_in.get(f"/overleg/{m}/regio/worry").text  # the consultant still sees it

    assert logged_in.post(f"{child['url']}/{worry}/verwijderen").status_code == 302
    items = board_items(app, m)
    assert (items[0].house_entry_id, items[0].child_words, items[0].text) == (None, True, "Ik ben bang als papa roept.")
    board = logged_in.get(f"/overleg/{m}/regio/worry").text
    assert "zegt Yasmine (14)" in board and "/tekening" not in board
    projector = logged_in.get(f"/overleg/{m}/projectie/regio/worry").text
    assert "zegt Yasmine (14)" in projector and "data-drawing=" not in projector
    assert [logged_in.get(url).status_code for url in drawing_urls] == [404, 404]


def test_the_childs_words_are_carried_into_the_next_meeting_and_its_changes(app, logged_in, child, consultant):
    worry = entry(app, logged_in, child, consultant, upload=(png(), "tekening.png"), text="Ik ben bang als papa roept.")
    bring(logged_in, child, worry)
    decide_safe(logged_in, child["meeting"])
    assert logged_in.post(f"/overleg/{child['meeting']}/afsluiten").status_code == 302
    summary = logged_in.get(f"/overleg/{child['meeting']}").text
    assert "zegt Yasmine (14)" in summary
    response = logged_in.post(f"/dossiers/{child['case']}/overleggen", data={
        "kind": "review", "held_on": dates.today().isoformat(), "present": []})
    review = int(response.headers["Location"].rsplit("/", 1)[1])
    carried = board_items(app, review)
    assert [(i.text, i.child_words, i.house_entry_id) for i in carried] == [("Ik ben bang als papa roept.", True, worry)]
    projector = logged_in.get(f"/overleg/{review}/projectie/regio/worry").text
    assert "zegt Yasmine (14)" in projector and f'data-drawing="{carried[0].id}"' in projector
    assert logged_in.get(f"/overleg/{review}/projectie/tekening/{carried[0].id}").status_code == 200
    # Brought again in the new meeting: it is there already, carried.
    assert logged_in.post(f"/overleg/{review}/kinderwoorden/{worry}", headers=HX).status_code == 200
    assert len(board_items(app, review)) == 1
    dream = entry(app, logged_in, child, consultant, house="dreams", text="Dat iedereen rustig praat.")
    assert logged_in.post(f"/overleg/{review}/kinderwoorden/{dream}", headers=HX).status_code == 200
    changes = logged_in.get(f"/overleg/{review}/veranderd").text
    added = changes.split('id="changes-added"')[1].split("</div>")[0]
    assert "“Dat iedereen rustig praat.”" in added and "zegt Yasmine (14)" in added


MARKERS = {"family": "IEDEREEN-MARKER", "professional": "HULPVERLENERS-MARKER", "confidential": "NIEMAND-MARKER"}


def test_marker_texts_reach_only_the_outputs_their_sharing_allows(app, logged_in, child, consultant):
    """Entries of every sharing level, one of each with a drawing, brought onto the board where
    they may be: every family-facing output holds only the "met iedereen" words."""
    m, case_id = child["meeting"], child["case"]
    for visibility, marker in MARKERS.items():
        for house in ("worries", "dreams"):
            upload = (png(), "tekening.png") if house == "worries" else None
            entry_id = entry(app, logged_in, child, consultant, upload=upload, house=house,
                             text=f"{marker} {house}", visibility=visibility)
            bring(logged_in, child, entry_id)
    follow = follow_token(logged_in, m)
    family = make_link(logged_in, case_id)

    public = app.test_client()  # no login: the family's phones
    family_outputs = {url: (public if url.startswith(("/gezin", "/meekijken")) else logged_in).get(url).text for url in (
        f"/gezin/{family}", f"/meekijken/{follow}", f"/overleg/{m}/projectie", f"/overleg/{m}/projectie/analyse",
        *(f"/overleg/{m}/projectie/regio/{r}" for r in ("worry", "safety_goal", "pairs")),
        *(f"/meekijken/{follow}/regio/{r}" for r in ("worry", "safety_goal", "pairs")))}
    family_outputs["projector stream"] = catch_up_body(logged_in, f"/overleg/{m}/projectie/events?since=0")
    family_outputs["follow stream"] = catch_up_body(app.test_client(), f"/meekijken/{follow}/events?since=0")
    close_as_agreed(app, m)  # a PDF for the family is made of a closed meeting
    family_outputs["family pdf"] = pdf_text(logged_in, case_id, f"/overleg/{m}/pdf", "family")
    for output, text in family_outputs.items():
        assert MARKERS["professional"] not in text and MARKERS["confidential"] not in text, output
    for output in ("/gezin/", "/meekijken/", "projector stream", "follow stream", "family pdf"):
        text = next(t for o, t in family_outputs.items() if output in o)
        assert MARKERS["family"] in text, output
    assert "event: worry-changed" in family_outputs["follow stream"]
    assert "zegt Yasmine (14)" in family_outputs["projector stream"]
    assert "Wat Yasmine zelf zegt" in family_outputs["family pdf"]
    assert "zegt Yasmine (14)" in family_outputs["family pdf"]  # the item, in the mapping

    professional = {
        "board": logged_in.get(f"/overleg/{m}").text,
        "region": logged_in.get(f"/overleg/{m}/regio/worry").text,
        "file pdf": pdf_text(logged_in, case_id, f"/overleg/{m}/pdf", "file"),
    }
    for output, text in professional.items():
        assert MARKERS["professional"] in text and MARKERS["confidential"] not in text, output
    assert MARKERS["confidential"] in logged_in.get(child["url"]).text  # only the child's page holds it


def test_the_family_pdf_holds_the_shared_words_and_drawings_per_child(app, logged_in, child, consultant):
    entry(app, logged_in, child, consultant, upload=(png(), "tekening.png"), text="IEDEREEN-MARKER met tekening")
    entry(app, logged_in, child, consultant, upload=(png(), "scan.png"), text="HULPVERLENERS-MARKER",
          visibility="professional")
    close_as_agreed(app, child["meeting"])
    response = logged_in.post(f"/overleg/{child['meeting']}/pdf", headers=HX, data={"audience": "family"})
    assert worker.work_once(app) is not None
    polling = re.search(r'hx-get="([^"]+)"', response.text).group(1)
    download = re.search(r'href="([^"]+/download)"', logged_in.get(polling).text).group(1)
    data = logged_in.get(download).data
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Wat Yasmine zelf zegt" in text and "IEDEREEN-MARKER met tekening" in text
    assert "HULPVERLENERS-MARKER" not in text
    assert sum(len(page.images) for page in reader.pages) == 1  # the shared drawing only
