"""Woorden en beelden: a child's explanation in panels, its versions, the review with the
parents, the family link page, the A4 print and the PDF."""

import io
import os
import re
from datetime import date, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, insert, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Child,
    ChildHouseEntry,
    Drawing,
    Export,
    Meeting,
    StoryImage,
    StoryPanel,
    StoryVersion,
    User,
)
from samenveilig.review import worker
from samenveilig.stories import services as stories

from .conftest import save
from .formdata import read_form
from .helpers import discuss_and_share, jpeg_with_gps, pdf_text, png
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db
CONCEPT_MARKER = "GEHEIMCONCEPT7Q"
SHARED_MARKER = "Mama en papa maken ruzie. Dat is niet jouw schuld."


@pytest.fixture
def child(app, consultant, make_case, logged_in):
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=dates.today() - timedelta(days=14 * 366))
        db.session.add_all([yasmine, Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=20))])
        save()
        url = f"/dossiers/{case.id}/kinderen/{yasmine.id}/uitleg"
        return dict(case=case.id, id=yasmine.id, url=url)


def post(client, url: str, data: dict, upload: tuple[bytes, str] | None = None):
    """A form post with an optional file, encoded in memory."""
    if upload:
        data = data | {"upload": FileStorage(io.BytesIO(upload[0]), filename=upload[1])}
    boundary, body = encode_multipart(data)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def start(client, child) -> int:
    assert client.post(child["url"]).status_code == 302
    return newest(client.application, child)


def newest(app, child) -> int:
    with app.app_context():
        return db.session.scalar(select(func.max(StoryVersion.id)).where(StoryVersion.child_id == child["id"]))


def panels(app, version_id: int) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(StoryPanel).where(StoryPanel.version_id == version_id)
                                  .order_by(StoryPanel.position)).all()
        return [(p.text, p.figure) for p in rows]


def panel_ids(app, version_id: int) -> list[int]:
    with app.app_context():
        return db.session.scalars(select(StoryPanel.id).where(StoryPanel.version_id == version_id)
                                  .order_by(StoryPanel.position)).all()


def headings(app, version_id: int) -> list[str | None]:
    with app.app_context():
        return db.session.scalars(select(StoryPanel.heading).where(StoryPanel.version_id == version_id)
                                  .order_by(StoryPanel.position)).all()


def add_panel(client, child, version_id, text, picture="geen", upload=None, heading=""):
    return post(client, f"{child['url']}/versie/{version_id}/panelen",
                {"heading": heading, "text": text, "picture": picture}, upload)


def actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("story%"))
                                  .order_by(AuditEvent.id)).all()


def test_the_case_page_and_the_three_houses_lead_to_the_story_and_the_page_is_a_recorded_read(app, logged_in, child):
    assert child["url"] in logged_in.get(f"/dossiers/{child['case']}").text
    assert child["url"] in logged_in.get(f"/dossiers/{child['case']}/kinderen/{child['id']}/huizen").text
    with app.app_context():
        db.session.execute(db.delete(AuditEvent))
        save()
    page = logged_in.get(child["url"])
    assert page.status_code == 200 and "Woorden en beelden: uitleg voor Yasmine (14)" in page.text
    assert "Uitleg maken" in page.text
    assert actions(app) == ["story_viewed"]
    assert "bekeek de uitleg voor een kind" in logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text


def test_a_new_story_starts_with_editable_suggested_panels_tied_to_the_latest_meeting(app, logged_in, child):
    with app.app_context():
        later = Meeting(case_id=child["case"], kind="review", held_on=dates.today() - timedelta(days=2))
        db.session.add(later)
        save()
        later_id = later.id
        version_id = start(logged_in, child)
        version = db.session.get(StoryVersion, version_id)
        assert (version.version_number, version.status, version.meeting_id) == (1, "concept", later_id)
    assert headings(app, version_id) == ["Wat zijn de zorgen?", "Wat is er gebeurd?", "Wie helpt er?",
                                         "Wat gaat er nu gebeuren?", "Wat doe ik als het weer gebeurt?",
                                         "Met wie kan ik praten?", "Mijn rechten"]  # an OCJ case, Yasmine is 14
    assert panels(app, version_id)[0] == ("De grote mensen maken zich zorgen over wat er thuis gebeurt.", "huis")
    page = logged_in.get(child["url"]).text
    assert "Versie 1" in page and "Status: concept" in page and "/static/figures/huis" in page
    assert logged_in.post(child["url"]).status_code == 409  # one story per child; versions follow
    assert "bewerken" not in page.lower() or "Bewerken" in page


def test_panels_are_added_edited_moved_and_deleted_each_audited(app, logged_in, child):
    version_id = start(logged_in, child)
    assert add_panel(logged_in, child, version_id, "Juf Ann op school luistert ook.", "figuur:school").status_code == 302
    ids = panel_ids(app, version_id)
    assert panels(app, version_id)[-1] == ("Juf Ann op school luistert ook.", "school")
    edited = post(logged_in, f"{child['url']}/panelen/{ids[-1]}", {"text": "Juf Ann luistert.", "picture": "figuur:telefoon"})
    assert edited.status_code == 302
    assert panels(app, version_id)[-1] == ("Juf Ann luistert.", "telefoon")
    assert logged_in.post(f"{child['url']}/panelen/{ids[-1]}/omhoog").status_code == 302
    assert panel_ids(app, version_id) == [*ids[:-2], ids[-1], ids[-2]]
    assert logged_in.post(f"{child['url']}/panelen/{ids[-1]}/omlaag").status_code == 302
    assert panel_ids(app, version_id) == ids
    assert logged_in.post(f"{child['url']}/panelen/{ids[0]}/omhoog").status_code == 302  # already first
    assert panel_ids(app, version_id) == ids
    assert logged_in.post(f"{child['url']}/panelen/{ids[1]}/verwijderen").status_code == 302
    assert panel_ids(app, version_id) == [ids[0], *ids[2:]]
    assert actions(app) == ["story_created", "story_panel_added", "story_panel_updated", "story_panel_moved",
                            "story_panel_moved", "story_panel_removed"]
    history = logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text
    assert "voegde een deel toe aan de uitleg" in history and "Een telefoon" in history


def test_long_words_get_a_gentle_hint_but_are_saved(app, logged_in, child):
    version_id = start(logged_in, child)
    long_sentence = " ".join(["heel"] * 24) + " lang."
    response = add_panel(logged_in, child, version_id, long_sentence)
    assert response.status_code == 302
    page = logged_in.get(child["url"]).text
    assert "Een zin heeft 25 woorden" in page
    assert add_panel(logged_in, child, version_id, "Kort. " * 60).status_code == 302
    assert "Deze tekst is lang (359 tekens)" in logged_in.get(child["url"]).text
    too_long = add_panel(logged_in, child, version_id, "x" * 1001)
    assert too_long.status_code == 422 and "hoogstens 1000 tekens" in too_long.text


def test_an_uploaded_image_is_re_encoded_without_gps_served_privately_and_deleted_with_its_panel(app, logged_in, child):
    version_id = start(logged_in, child)
    original = jpeg_with_gps()
    assert add_panel(logged_in, child, version_id, "Dit is het huis van oma.", "eigen",
                     upload=(original, "oma.jpg")).status_code == 302
    panel_id = panel_ids(app, version_id)[-1]
    with app.app_context():
        stored = db.session.scalars(select(StoryImage)).one()
        assert stored.panel_id == panel_id and b"Telefoonmerk" not in stored.image and b"Exif" not in stored.image
        assert not Image.open(io.BytesIO(stored.image)).getexif().get_ifd(0x8825)
        data = stored.image
    served = logged_in.get(f"{child['url']}/panelen/{panel_id}/beeld")
    assert served.data == data and served.headers["Cache-Control"] == "private, no-store"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert f"{child['url']}/panelen/{panel_id}/beeld" in logged_in.get(child["url"]).text
    assert logged_in.post(f"{child['url']}/panelen/{panel_id}/verwijderen").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(StoryImage.id))) == 0


@pytest.mark.parametrize("upload, message", [
    ((b"%PDF-1.7 dit is geen afbeelding" * 100, "tekening.jpg"), "geen foto of scan die we kunnen lezen"),
    (None, "Kies een afbeelding om op te laden"),
])
def test_a_bad_upload_gets_a_dutch_error_keeps_the_words_and_stores_nothing(app, logged_in, child, upload, message):
    version_id = start(logged_in, child)
    before = panel_ids(app, version_id)
    response = add_panel(logged_in, child, version_id, "Wat ik typte blijft staan", "eigen", upload=upload)
    assert response.status_code == 422
    assert message in response.text and "Wat ik typte blijft staan" in response.text
    assert panel_ids(app, version_id) == before
    with app.app_context():
        assert db.session.scalar(select(func.count(StoryImage.id))) == 0


def drawing_entry(app, child, visibility: str, child_id: int | None = None) -> int:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 0, 0)).save(out, "PNG")
    with app.app_context():
        entry = ChildHouseEntry(case_id=child["case"], child_id=child_id or child["id"], house="dreams",
                                text="Een tekening", talked_on=dates.today(), visibility=visibility,
                                drawing=Drawing(mimetype="image/png", width=40, height=30, image=out.getvalue(),
                                                thumbnail=out.getvalue()))
        db.session.add(entry)
        save()
        return entry.drawing.id


def test_a_panel_can_show_the_childs_own_drawing_but_not_another_childs(app, logged_in, child):
    version_id = start(logged_in, child)
    own = drawing_entry(app, child, "family")
    with app.app_context():
        brother = Child(case_id=child["case"], first_name="Finn", date_of_birth=date(2018, 1, 1))
        db.session.add(brother)
        save()
        brother_id = brother.id
    other = drawing_entry(app, child, "family", child_id=brother_id)
    assert "Tekening van het kind: huis van de dromen" in logged_in.get(child["url"]).text
    refused = add_panel(logged_in, child, version_id, "Niet van Yasmine", f"tekening:{other}")
    assert refused.status_code == 422
    assert add_panel(logged_in, child, version_id, "Dit tekende je zelf.", f"tekening:{own}").status_code == 302
    panel_id = panel_ids(app, version_id)[-1]
    with app.app_context():
        assert db.session.get(StoryPanel, panel_id).drawing_id == own
        db.session.delete(db.session.get(Drawing, own).entry)  # the house entry goes, its drawing too
        save()
        db.session.expire_all()
        assert db.session.get(StoryPanel, panel_id).drawing_id is None


def test_review_then_share_and_only_the_shared_version_reaches_the_family(app, logged_in, child):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, CONCEPT_MARKER)
    token = make_link(logged_in, child["case"])
    family = app.test_client()
    story_url = f"/gezin/{token}/uitleg/{child['id']}"
    assert family.get(story_url).status_code == 404
    assert "Uitleg voor Yasmine" not in family.get(f"/gezin/{token}").text
    refused = logged_in.post(f"{child['url']}/versie/{version_id}/delen")
    assert refused.status_code == 409 and "Bespreek deze versie eerst met de ouders" in refused.text
    bad = logged_in.post(f"{child['url']}/versie/{version_id}/besproken", data={"discussed_on": "", "discussed_with": ""})
    assert bad.status_code == 422 and "Vul in wie erbij was." in bad.text
    discuss_and_share(logged_in, child, version_id)
    with app.app_context():
        version = db.session.get(StoryVersion, version_id)
        assert (version.status, version.discussed_with, version.shared_on) == ("shared", "mama en papa", dates.today())
    main = family.get(f"/gezin/{token}").text
    assert story_url in main and "Uitleg voor Yasmine" in main
    page = family.get(story_url)
    assert page.status_code == 200 and CONCEPT_MARKER in page.text and "<script" not in page.text
    assert "<style>" in page.text and 'rel="stylesheet"' not in page.text  # the family's own stylesheet, inside
    assert '<h2 class="story-panel__heading" dir="auto">Wat zijn de zorgen?</h2>' in page.text  # heading and words
    assert "De grote mensen maken zich zorgen over wat er thuis gebeurt." in page.text
    # Once discussed, the version stays as it was: a change needs a new version.
    panel_id = panel_ids(app, version_id)[-1]
    frozen = post(logged_in, f"{child['url']}/panelen/{panel_id}", {"text": "Anders", "picture": "geen"})
    assert frozen.status_code == 409 and "nieuwe versie" in frozen.text
    assert logged_in.post(f"{child['url']}/versie/{version_id}/niet-meer-delen").status_code == 302
    assert family.get(story_url).status_code == 404
    assert actions(app)[-3:] == ["story_discussed", "story_shared", "story_unshared"]


def test_two_new_versions_at_once_give_the_second_a_dutch_answer(app, logged_in, child, monkeypatch):
    version_id = start(logged_in, child)
    discuss_and_share(logged_in, child, version_id)
    real = stories.latest_meeting

    def a_colleague_is_quicker(case_id):  # between our count and our insert
        with db.engine.begin() as connection:
            connection.execute(insert(StoryVersion).values(
                case_id=case_id, child_id=child["id"], version_number=2, status="concept"))
        return real(case_id)

    monkeypatch.setattr(stories, "latest_meeting", a_colleague_is_quicker)
    crossed = logged_in.post(f"{child['url']}/versie/{version_id}/nieuw")
    assert crossed.status_code == 409 and "Intussen maakte iemand anders een nieuwe versie" in crossed.text
    with app.app_context():
        assert db.session.scalar(select(func.count(StoryVersion.id))) == 2


def test_a_new_version_copies_the_panels_and_pictures_and_the_family_keeps_the_shared_one(app, logged_in, child):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, SHARED_MARKER, "eigen", upload=(png(), "gezin.png"))
    refused = logged_in.post(f"{child['url']}/versie/{version_id}/nieuw")
    assert refused.status_code == 409  # a concept is updated itself
    discuss_and_share(logged_in, child, version_id)
    with app.app_context():
        meeting = Meeting(case_id=child["case"], kind="review", held_on=dates.today())
        db.session.add(meeting)
        save()
        meeting_id = meeting.id
    assert logged_in.post(f"{child['url']}/versie/{version_id}/nieuw").status_code == 302
    with app.app_context():
        copy_id = newest(app, child)
        copy = db.session.get(StoryVersion, copy_id)
        assert (copy.version_number, copy.status, copy.meeting_id) == (2, "concept", meeting_id)
        assert db.session.scalar(select(func.count(StoryImage.id))) == 2
    assert panels(app, copy_id) == panels(app, version_id)
    old_panel, new_panel = panel_ids(app, version_id)[-1], panel_ids(app, copy_id)[-1]
    post(logged_in, f"{child['url']}/panelen/{new_panel}", {"text": CONCEPT_MARKER, "picture": "eigen"})
    assert panels(app, copy_id)[-1][0] == CONCEPT_MARKER
    with app.app_context():
        assert db.session.get(StoryPanel, new_panel).image is not None  # kept without a new upload
    earlier = logged_in.get(f"{child['url']}/versie/{version_id}").text
    assert "Een eerdere versie" in earlier and SHARED_MARKER in earlier and "/omhoog" not in earlier
    token = make_link(logged_in, child["case"])
    family = app.test_client()
    page = family.get(f"/gezin/{token}/uitleg/{child['id']}").text
    assert SHARED_MARKER in page and CONCEPT_MARKER not in page
    picture = family.get(f"/gezin/{token}/uitleg/beeld/{old_panel}")
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert max(Image.open(io.BytesIO(picture.data)).size) == 320  # the thumbnail, light on a phone
    assert picture.headers["Cache-Control"] == "private, no-store"
    assert family.get(f"/gezin/{token}/uitleg/beeld/{new_panel}").status_code == 404  # the concept's copy


def test_a_drawing_the_child_keeps_for_the_professionals_never_reaches_the_family(app, logged_in, child):
    version_id = start(logged_in, child)
    hidden = drawing_entry(app, child, "professional")
    add_panel(logged_in, child, version_id, "Jouw tekening.", f"tekening:{hidden}")
    panel_id = panel_ids(app, version_id)[-1]
    desk = logged_in.get(child["url"]).text
    assert "Yasmine deelt deze tekening niet met iedereen" in desk
    discuss_and_share(logged_in, child, version_id)
    token = make_link(logged_in, child["case"])
    family = app.test_client()
    page = family.get(f"/gezin/{token}/uitleg/{child['id']}").text
    assert "Jouw tekening." in page and f"/uitleg/beeld/{panel_id}" not in page
    assert family.get(f"/gezin/{token}/uitleg/beeld/{panel_id}").status_code == 404
    printed = logged_in.get(f"{child['url']}/versie/{version_id}/afdrukken").text
    assert "Jouw tekening." in printed and "/tekening" not in printed
    pictures = {}
    for audience in ("family", "file"):  # the file may hold what the child shares with the professionals
        assert queue_pdf(logged_in, child, version_id, audience).status_code == 200
        with app.app_context():
            made = db.session.get(Export, worker.work_once(app))
            assert "Jouw tekening." in pdf_text(made.pdf)
            # The pages share their resources: count the distinct raster images.
            pictures[audience] = len({i.name for page in PdfReader(io.BytesIO(made.pdf)).pages for i in page.images})
    assert pictures == {"family": 0, "file": 1}


def test_another_cases_link_sees_nothing_of_this_story(app, logged_in, child, consultant, make_case):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, SHARED_MARKER, "eigen", upload=(png(), "x.png"))
    discuss_and_share(logged_in, child, version_id)
    other = make_case(consultant, family_name="Ander")
    token = make_link(logged_in, other.id)
    family = app.test_client()
    assert family.get(f"/gezin/{token}/uitleg/{child['id']}").status_code == 404
    assert family.get(f"/gezin/{token}/uitleg/beeld/{panel_ids(app, version_id)[-1]}").status_code == 404


def test_the_print_view_puts_the_picture_above_large_words_one_or_two_panels_a_page(app, logged_in, child):
    version_id = start(logged_in, child)
    page = logged_in.get(f"{child['url']}/versie/{version_id}/afdrukken")
    assert page.status_code == 200
    html = page.text
    assert "story-print--1" in html and "Nog niet gedeeld met het gezin (concept)" in html
    assert "<script" not in html and "css/story-print" in html
    first = html.index("story-panel__picture")
    assert first < html.index("Wat zijn de zorgen?")  # the picture above the words
    assert "story-print--2" in logged_in.get(f"{child['url']}/versie/{version_id}/afdrukken?per_pagina=2").text
    css = (app.static_folder + "/css/story-print.css")
    with open(css) as sheet:
        rules = sheet.read()
    assert "size: A4" in rules and "font-size: 20pt" in rules and "break-before: page" in rules


def queue_pdf(client, child, version_id, audience):
    return client.post(f"{child['url']}/versie/{version_id}/pdf", data={"audience": audience})


def test_the_pdf_for_the_family_is_made_only_of_the_shared_version(app, logged_in, child):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, CONCEPT_MARKER, "figuur:school")
    refused = queue_pdf(logged_in, child, version_id, "family")
    assert refused.status_code == 422 and "pas als deze versie gedeeld is" in refused.text
    for_file = queue_pdf(logged_in, child, version_id, "file")
    assert for_file.status_code == 200 and "PDF wordt gemaakt" in for_file.text
    assert worker.work_once(app) is not None
    with app.app_context():
        made = db.session.scalars(select(Export)).one()
        assert made.status == "done", made.error
        text = pdf_text(made.pdf)
    assert CONCEPT_MARKER in text and "Concept" in text and "Voor Yasmine" in text
    discuss_and_share(logged_in, child, version_id)
    logged_in.post(f"{child['url']}/versie/{version_id}/nieuw")
    copy_id = newest(app, child)
    post(logged_in, f"{child['url']}/panelen/{panel_ids(app, copy_id)[0]}",
         {"text": "NIEUWCONCEPT alleen in versie 2", "picture": "geen"})
    assert queue_pdf(logged_in, child, version_id, "family").status_code == 200
    export_id = worker.work_once(app)
    with app.app_context():
        made = db.session.get(Export, export_id)
        assert made.status == "done", made.error
        text = pdf_text(made.pdf)
        assert made.story_version_id == version_id and made.filename.endswith("-versie-1-family.pdf")
    assert CONCEPT_MARKER in text and "NIEUWCONCEPT" not in text and "Wat zijn de zorgen?" in text
    assert "De grote mensen maken zich zorgen over wat" in text  # the words under the heading too
    assert len(re.findall(r"Pagina \d+ van", text)) >= 5  # one panel a page


def test_saving_a_panel_form_unchanged_changes_nothing(app, logged_in, child):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, "Regel een.\nRegel twee.", "eigen", upload=(png(), "x.png"))
    for panel_id in panel_ids(app, version_id):
        url = f"{child['url']}/panelen/{panel_id}"
        with app.app_context():
            panel = db.session.get(StoryPanel, panel_id)
            before = (panel.text, panel.figure, panel.drawing_id, panel.image.image if panel.image else None)
        form = read_form(logged_in.get(url).text, url, page_url=url)
        assert logged_in.post(url, data=MultiDict(form)).status_code == 302
        with app.app_context():
            panel = db.session.get(StoryPanel, panel_id)
            assert (panel.text, panel.figure, panel.drawing_id, panel.image.image if panel.image else None) == before
    assert "story_panel_updated" not in actions(app)


def test_a_closed_case_keeps_its_story_readable_and_unchangeable(app, logged_in, child):
    version_id = start(logged_in, child)
    with app.app_context():
        from samenveilig.models import Case

        db.session.get(Case, child["case"]).status = "closed"
        save()
    page = logged_in.get(child["url"]).text
    assert "Wat zijn de zorgen?" in page and "Deel toevoegen" not in page
    assert add_panel(logged_in, child, version_id, "Te laat").status_code in (403, 409)


def test_the_story_service_makes_a_story_with_given_panels(app, child, consultant):
    """What the demo seed calls: a story with panels and pictures, audited like the pages."""
    from samenveilig.models import Case

    with app.app_context():
        actor, case = db.session.get(User, consultant.id), db.session.get(Case, child["case"])
        yasmine = db.session.get(Child, child["id"])
        version = stories.create_story(actor, case, yasmine, [
            ("Wat zijn de zorgen?", "Papa roept soms heel hard.", stories.Picture(figure="huis")),
            ("Oma Rita komt elke woensdag.", stories.Picture(figure="gezin")),  # no heading
        ])
        assert [(p.heading, p.figure) for p in version.panels] == [("Wat zijn de zorgen?", "huis"), (None, "gezin")]
        assert version.is_concept
        with pytest.raises(stories.Refused):
            stories.create_story(actor, case, yasmine, [(None, "x", stories.Picture(figure="draak"))])


def test_a_picture_larger_than_the_usual_form_limit_is_taken(app, logged_in, child):
    """Uploads are the one place where a body may pass 1 MB (images.UPLOAD_ENDPOINTS)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3)).save(out, "PNG")
    assert len(out.getvalue()) > app.config["MAX_CONTENT_LENGTH"]
    version_id = start(logged_in, child)
    assert add_panel(logged_in, child, version_id, "Een foto van het huis.", "eigen",
                     upload=(out.getvalue(), "huis.png")).status_code == 302
    panel_id = panel_ids(app, version_id)[-1]
    edited = post(logged_in, f"{child['url']}/panelen/{panel_id}", {"text": "Het huis.", "picture": "eigen"},
                  upload=(out.getvalue(), "huis.png"))
    assert edited.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(StoryImage.id))) == 1  # the old one was replaced


def test_removing_the_child_removes_the_story_its_panels_and_pictures(app, logged_in, child):
    version_id = start(logged_in, child)
    add_panel(logged_in, child, version_id, "Een foto.", "eigen", upload=(png(), "x.png"))
    assert queue_pdf(logged_in, child, version_id, "file").status_code == 200
    response = logged_in.post(f"/dossiers/{child['case']}/kinderen/{child['id']}/verwijderen",
                              headers={"HX-Request": "true"})
    assert response.status_code == 200
    with app.app_context():
        for model in (StoryVersion, StoryPanel, StoryImage):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        assert db.session.scalars(select(Export.story_version_id)).all() == [None]  # the PDF stays in the file


def test_new_words_keep_the_heading_and_the_desk_and_print_show_both(app, logged_in, child):
    """The heading ("Wat zijn de zorgen?") is apart from the words: replacing the words keeps
    it; the desk and the A4 print show it as a heading above the words (the family's page and
    the PDF: test_review_then_share_... and test_the_pdf_for_the_family_...)."""
    version_id = start(logged_in, child)
    first = panel_ids(app, version_id)[0]
    url = f"{child['url']}/panelen/{first}"
    form = dict(read_form(logged_in.get(url).text, url, page_url=url))
    assert form["heading"] == "Wat zijn de zorgen?"
    assert post(logged_in, url, form | {"text": "Papa en mama maken vaak ruzie."}).status_code == 302
    assert headings(app, version_id)[0] == "Wat zijn de zorgen?"
    assert panels(app, version_id)[0] == ("Papa en mama maken vaak ruzie.", "huis")
    heading = '<h4 class="story-panel__heading" dir="auto">Wat zijn de zorgen?</h4>'
    desk = logged_in.get(child["url"]).text
    assert heading in desk and desk.index(heading) < desk.index("Papa en mama maken vaak ruzie.")
    assert add_panel(logged_in, child, version_id, "Juf Ann luistert.", heading="Op school?").status_code == 302
    assert headings(app, version_id)[-1] == "Op school?"
    assert add_panel(logged_in, child, version_id, "Zonder kop.").status_code == 302
    assert headings(app, version_id)[-1] is None
    too_long = add_panel(logged_in, child, version_id, "Woorden.", heading="x" * 121)
    assert too_long.status_code == 422 and "Woorden." in too_long.text
    printed = logged_in.get(f"{child['url']}/versie/{version_id}/afdrukken").text
    assert '<h2 class="story-panel__heading" dir="auto">Wat zijn de zorgen?</h2>' in printed
    assert '<h2 class="story-panel__heading" dir="auto">Op school?</h2>' in printed
    assert "Papa en mama maken vaak ruzie." in printed


def test_the_picture_choice_shows_each_drawing_with_its_thumbnail_and_its_own_label(app, logged_in, child):
    """Two drawings of the same house on the same day: two labels that differ, each with a
    thumbnail served by the access-checked route (an <img>, no inline style)."""
    version_id = start(logged_in, child)
    first, second = drawing_entry(app, child, "family"), drawing_entry(app, child, "family")
    page = logged_in.get(child["url"]).text
    chooser = page[page.index('id="panel-add"'):]
    labels = {}
    for drawing_id in (first, second):
        with app.app_context():
            entry_id = db.session.get(Drawing, drawing_id).entry_id
        option = re.search(rf'<label><input[^>]*value="tekening:{drawing_id}"[^>]*> (.*?)</label>', chooser, re.S)
        assert option, drawing_id
        thumb = f'src="{child["url"].removesuffix("/uitleg")}/huizen/{entry_id}/tekening/klein"'
        assert thumb in option.group(1)
        labels[drawing_id] = re.sub(r"<img[^>]*>\s*", "", option.group(1))
        with logged_in.get(re.search(r'src="([^"]+)"', option.group(1)).group(1)) as served:
            assert served.status_code == 200 and served.mimetype == "image/png"
    assert labels[first] != labels[second]
    assert all("Tekening van het kind: huis van de dromen" in label for label in labels.values())
    assert 'style="' not in chooser
    assert add_panel(logged_in, child, version_id, "Dit tekende je.", f"tekening:{second}").status_code == 302
    with app.app_context():
        assert db.session.get(StoryPanel, panel_ids(app, version_id)[-1]).drawing_id == second
