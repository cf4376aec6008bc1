"""De drie huizen: the child's own words per house, drawings, sharing, and the child's score."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from samenveilig import dates, images
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Child,
    ChildHouseEntry,
    ChildScore,
    Drawing,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    ScaleRound,
    ScaleScore,
)

from .conftest import save
from .helpers import add_entry as add
from .helpers import entry_data, jpeg_with_gps, multipart, png
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db
@pytest.fixture
def child(app, consultant, make_case, logged_in):
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=dates.today() - timedelta(days=14 * 366))
        db.session.add(yasmine)
        save()
        return dict(case=case.id, id=yasmine.id, url=f"/dossiers/{case.id}/kinderen/{yasmine.id}/huizen")


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_the_case_page_leads_to_the_three_houses_and_the_page_is_a_recorded_read(app, logged_in, child):
    case_page = logged_in.get(f"/dossiers/{child['case']}").text
    assert child["url"] in case_page
    with app.app_context():  # a read right after another read of the case counts once
        db.session.execute(db.delete(AuditEvent))
        save()
    page = logged_in.get(child["url"])
    assert page.status_code == 200
    for text in ("De drie huizen van Yasmine (14)", "Huis van de zorgen", "Huis van de goede dingen",
                 "Huis van de dromen", "Wat zegt Yasmine zelf?", "Hoe veilig voel jij je thuis?"):
        assert text in page.text
    with app.app_context():
        assert db.session.scalars(select(AuditEvent.action)).all() == ["houses_viewed"]
    history = logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text
    assert "bekeek de drie huizen" in history


def test_add_edit_and_delete_an_entry_each_audited(app, logged_in, child, consultant):
    response = add(logged_in, child, consultant, house="good", text="Oma maakt pannenkoeken.",
                   visibility="professional")
    assert response.status_code == 302
    page = logged_in.get(child["url"]).text
    assert "Oma maakt pannenkoeken." in page and "Gedeeld: alleen met de hulpverleners" in page
    assert f"met {consultant.name}" in page
    with app.app_context():
        entry = db.session.scalars(select(ChildHouseEntry)).one()
        entry_id = entry.id
        assert (entry.house, entry.talked_by_id, entry.visibility) == ("good", consultant.id, "professional")
    form = logged_in.get(f"{child['url']}/{entry_id}").text
    assert "Oma maakt pannenkoeken." in form
    edited = logged_in.post(f"{child['url']}/{entry_id}", data=entry_data(
        consultant, house="dreams", text="Ik wil later dierenarts worden.", talker="", talked_by_name="Juf Ann",
        visibility="confidential"), content_type="multipart/form-data")
    assert edited.status_code == 302
    with app.app_context():
        entry = db.session.get(ChildHouseEntry, entry_id)
        assert (entry.house, entry.talked_by_id, entry.talked_by_name) == ("dreams", None, "Juf Ann")
    assert "met Juf Ann" in logged_in.get(child["url"]).text
    assert logged_in.post(f"{child['url']}/{entry_id}/verwijderen").status_code == 302
    assert count(app, ChildHouseEntry) == 0
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("house_entry%"))
                                     .order_by(AuditEvent.id)).all()
        assert actions == ["house_entry_added", "house_entry_updated", "house_entry_removed"]
    history = logged_in.get(f"/dossiers/{child['case']}/geschiedenis").text
    assert "Huis van de dromen" in history and "Juf Ann" in history


def test_bad_input_keeps_what_was_typed(app, logged_in, child, consultant):
    response = add(logged_in, child, consultant, text="Mijn eigen woorden", talker="", talked_by_name="",
                   talked_on=(dates.today() + timedelta(days=2)).isoformat())
    assert response.status_code == 422
    assert "Vul in wie met het kind praatte." in response.text
    assert "Deze datum ligt in de toekomst." in response.text
    assert "Mijn eigen woorden" in response.text
    assert count(app, ChildHouseEntry) == 0


def test_someone_not_on_the_case_cannot_be_named_as_the_consultant(app, logged_in, child, consultant, make_user):
    stranger = make_user(name="Niet Van Hier")
    response = add(logged_in, child, consultant, talker=str(stranger.id))
    assert response.status_code == 422 and count(app, ChildHouseEntry) == 0


def test_a_phone_jpeg_is_stored_turned_scaled_and_without_exif_or_gps(app, logged_in, child, consultant):
    original = jpeg_with_gps(size=(3000, 1000), orientation=6)  # the phone was held on its side
    assert b"Telefoonmerk" in original
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    response = add(logged_in, child, consultant, upload=(original, "tekening.jpg"))
    assert response.status_code == 302
    with app.app_context():
        drawing = db.session.scalars(select(Drawing)).one()
        entry_id = drawing.entry_id
        stored, thumbnail = drawing.image, drawing.thumbnail
    for data in (stored, thumbnail):
        assert b"Exif" not in data and b"Telefoonmerk" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert not image.getexif() and not image.getexif().get_ifd(0x8825)
            assert "exif" not in image.info
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (667, 2000)  # turned upright, then scaled to at most 2000 px
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert max(image.size) == 320
    served = logged_in.get(f"{child['url']}/{entry_id}/tekening")
    assert served.data == stored and served.mimetype == "image/jpeg"
    assert served.headers["Cache-Control"] == "private, no-store"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    small = logged_in.get(f"{child['url']}/{entry_id}/tekening/klein")
    assert small.data == thumbnail and small.headers["Cache-Control"] == "private, no-store"
    assert f"{child['url']}/{entry_id}/tekening/klein" in logged_in.get(child["url"]).text


def test_a_png_stays_a_png_without_its_text_chunks(app, logged_in, child, consultant):
    assert b"geheim" in png()
    assert add(logged_in, child, consultant, upload=(png(), "scan.png")).status_code == 302
    with app.app_context():
        drawing = db.session.scalars(select(Drawing)).one()
        assert drawing.mimetype == "image/png" and b"geheim" not in drawing.image
        assert Image.open(io.BytesIO(drawing.image)).format == "PNG"


def test_a_phone_jpeg_with_more_pictures_in_it_is_stored_as_its_first(app, logged_in, child, consultant):
    """Phones write Multi-Picture JPEGs (MPO): taken as a JPEG, first picture only."""
    first, second = Image.new("RGB", (40, 30), (200, 0, 0)), Image.new("RGB", (40, 30), (0, 0, 200))
    out = io.BytesIO()
    first.save(out, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    assert add(logged_in, child, consultant, upload=(out.getvalue(), "foto.jpg")).status_code == 302
    with app.app_context():
        drawing = db.session.scalars(select(Drawing)).one()
        assert drawing.mimetype == "image/jpeg" and (drawing.width, drawing.height) == (40, 30)
        with Image.open(io.BytesIO(drawing.image)) as image:
            assert image.format == "JPEG" and getattr(image, "n_frames", 1) == 1
            red, _, blue = image.getpixel((20, 15))
            assert red > 150 and blue < 50


@pytest.mark.parametrize("upload, message", [
    ((b"%PDF-1.7 dit is geen afbeelding" * 100, "tekening.jpg"), "geen foto of scan die we kunnen lezen"),
    ((b"GIF89a" + b"\0" * 100, "tekening.jpg"), "geen foto of scan die we kunnen lezen"),
])
def test_a_file_that_is_not_a_jpeg_or_png_is_refused_and_nothing_is_stored(app, logged_in, child, consultant,
                                                                           upload, message):
    response = add(logged_in, child, consultant, upload=upload, text="Wat ik typte blijft staan")
    assert response.status_code == 422
    assert message in response.text and "Wat ik typte blijft staan" in response.text
    assert count(app, ChildHouseEntry) == 0 and count(app, Drawing) == 0


def test_a_gif_is_refused_even_when_it_decodes():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(images.ImageRefused):
        images.process(out.getvalue())


def test_an_image_over_10_mb_is_refused(app, logged_in, child, consultant):
    noise = io.BytesIO()
    Image.frombytes("RGB", (2400, 1600), bytes(range(256)) * (2400 * 1600 * 3 // 256)).save(noise, "PNG")
    big = noise.getvalue() + b"\0" * (images.MAX_BYTES - len(noise.getvalue()) + 10)
    assert images.MAX_BYTES < len(big) < images.UPLOAD_REQUEST_BYTES
    response = add(logged_in, child, consultant, upload=(big, "groot.png"))
    assert response.status_code == 422 and "groter dan 10 MB" in response.text
    assert count(app, ChildHouseEntry) == 0


def test_a_request_body_far_over_the_limit_gets_the_413_page(app, logged_in, child, consultant):
    response = add(logged_in, child, consultant, upload=(b"\0" * (images.UPLOAD_REQUEST_BYTES + 1), "x.jpg"))
    assert response.status_code == 413
    assert count(app, ChildHouseEntry) == 0


def test_the_upload_limit_is_only_for_the_upload_routes(app, logged_in, child):
    response = logged_in.post(f"{child['url']}/score", data={"score": "5", "scored_on": dates.today().isoformat(),
                                                            "x": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_decompression_bomb_is_refused(app, logged_in, child, consultant):
    bomb = io.BytesIO()
    Image.new("1", (8000, 6000)).save(bomb, "PNG")  # 48 megapixels in a few kilobytes
    assert len(bomb.getvalue()) < 100_000
    response = add(logged_in, child, consultant, upload=(bomb.getvalue(), "bom.png"))
    assert response.status_code == 422 and "meer dan 40 megapixels" in response.text
    assert count(app, Drawing) == 0
    huge = io.BytesIO()
    Image.new("1", (12000, 12000)).save(huge, "PNG")  # past Pillow's own error threshold
    with pytest.raises(images.ImageRefused, match="40 megapixels"):
        images.process(huge.getvalue())


def test_a_new_drawing_replaces_the_old_and_deleting_the_entry_deletes_it(app, logged_in, child, consultant):
    add(logged_in, child, consultant, upload=(png(), "eerste.png"))
    with app.app_context():
        entry_id = db.session.scalars(select(ChildHouseEntry.id)).one()
    replaced = multipart(logged_in, f"{child['url']}/{entry_id}", entry_data(consultant), (jpeg_with_gps(), "tweede.jpg"))
    assert replaced.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Drawing.mimetype)).all() == ["image/jpeg"]
    removed = logged_in.post(f"{child['url']}/{entry_id}", content_type="multipart/form-data",
                             data=entry_data(consultant) | {"remove_drawing": "y"})
    assert removed.status_code == 302 and count(app, Drawing) == 0
    add_back = multipart(logged_in, f"{child['url']}/{entry_id}", entry_data(consultant), (png(), "derde.png"))
    assert add_back.status_code == 302 and count(app, Drawing) == 1
    logged_in.post(f"{child['url']}/{entry_id}/verwijderen")
    assert count(app, Drawing) == 0 and count(app, ChildHouseEntry) == 0


def test_a_drawing_of_another_child_or_case_is_not_found(app, logged_in, child, consultant, make_case):
    add(logged_in, child, consultant, upload=(png(), "scan.png"))
    other = make_case(consultant)
    with app.app_context():
        entry_id = db.session.scalars(select(ChildHouseEntry.id)).one()
        sibling = Child(case_id=child["case"], first_name="Noor", date_of_birth=date(2018, 5, 1))
        stranger = Child(case_id=other.id, first_name="Tim", date_of_birth=date(2017, 5, 1))
        db.session.add_all([sibling, stranger])
        save()
        sibling_id, stranger_id = sibling.id, stranger.id
    assert logged_in.get(f"/dossiers/{child['case']}/kinderen/{sibling_id}/huizen/{entry_id}/tekening").status_code == 404
    assert logged_in.get(f"/dossiers/{other.id}/kinderen/{stranger_id}/huizen/{entry_id}/tekening").status_code == 404
    assert logged_in.get(f"/dossiers/{other.id}/kinderen/{child['id']}/huizen").status_code == 404


def test_removing_a_child_removes_its_houses_and_scores(app, logged_in, child, consultant):
    add(logged_in, child, consultant, upload=(png(), "scan.png"))
    logged_in.post(f"{child['url']}/score", data={"score": "4", "scored_on": dates.today().isoformat()})
    response = logged_in.post(f"/dossiers/{child['case']}/kinderen/{child['id']}/verwijderen")
    assert response.status_code in (200, 302)
    assert [count(app, m) for m in (Child, ChildHouseEntry, Drawing, ChildScore)] == [0, 0, 0, 0]


def test_the_childs_own_score_one_per_day(app, logged_in, child):
    day = dates.today() - timedelta(days=3)
    assert logged_in.post(f"{child['url']}/score", data={"score": "4", "scored_on": day.isoformat()}).status_code == 302
    assert logged_in.post(f"{child['url']}/score", data={"score": "6", "scored_on": day.isoformat()}).status_code == 302
    bad = logged_in.post(f"{child['url']}/score", data={"score": "11", "scored_on": dates.today().isoformat()})
    assert bad.status_code == 422 and "Kies een score van 0 tot 10." in bad.text
    with app.app_context():
        scores = db.session.scalars(select(ChildScore)).all()
        assert [(s.scored_on, s.score) for s in scores] == [(day, 6)]
        score_id = scores[0].id
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("child_score%"))
                                     .order_by(AuditEvent.id)).all()
        assert actions == ["child_score_recorded", "child_score_updated"]
    assert logged_in.post(f"{child['url']}/score/{score_id}/verwijderen").status_code == 302
    assert count(app, ChildScore) == 0


def test_a_closed_case_takes_no_new_words(app, logged_in, child, consultant):
    logged_in.post(f"/dossiers/{child['case']}/afsluiten")
    assert add(logged_in, child, consultant).status_code == 409
    assert count(app, ChildHouseEntry) == 0
    assert "Wat zegt Yasmine zelf?" not in logged_in.get(child["url"]).text


def test_the_family_link_shows_only_what_the_child_shares_with_everyone(app, client, logged_in, child, consultant):
    for visibility, marker in [("family", "IEDEREEN-MARKER"), ("professional", "HULPVERLENERS-MARKER"),
                               ("confidential", "NIEMAND-MARKER")]:
        upload = (png(), "scan.png")
        assert add(logged_in, child, consultant, upload=upload, text=f"{marker} woorden",
                   visibility=visibility).status_code == 302
    with app.app_context():
        ids = dict(db.session.execute(select(ChildHouseEntry.visibility, ChildHouseEntry.id)).all())
    token = make_link(logged_in, child["case"])
    family = app.test_client()
    page = family.get(f"/gezin/{token}").text
    assert "Wat Yasmine zelf zegt" in page and "IEDEREEN-MARKER woorden" in page
    assert "HULPVERLENERS-MARKER" not in page and "NIEMAND-MARKER" not in page
    assert f"/gezin/{token}/tekening/{ids['family']}" in page
    assert f"/tekening/{ids['professional']}" not in page and f"/tekening/{ids['confidential']}" not in page
    shared = family.get(f"/gezin/{token}/tekening/{ids['family']}")
    assert shared.status_code == 200 and shared.mimetype == "image/png"
    assert shared.headers["Cache-Control"] == "private, no-store"
    assert shared.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in shared.headers
    for hidden in (ids["professional"], ids["confidential"]):
        assert family.get(f"/gezin/{token}/tekening/{hidden}").status_code == 404
    assert family.get(f"/gezin/niet-geldig/tekening/{ids['family']}").status_code == 404


def test_no_section_on_the_family_link_when_nothing_is_shared(app, logged_in, child, consultant):
    add(logged_in, child, consultant, text="NIEMAND-MARKER", visibility="confidential")
    token = make_link(logged_in, child["case"])
    page = app.test_client().get(f"/gezin/{token}").text
    assert "zelf zegt" not in page and "NIEMAND-MARKER" not in page


def test_another_cases_link_cannot_open_a_shared_drawing(app, logged_in, child, consultant, make_case):
    add(logged_in, child, consultant, upload=(png(), "scan.png"))
    with app.app_context():
        entry_id = db.session.scalars(select(ChildHouseEntry.id)).one()
    other = make_case(consultant)
    token = make_link(logged_in, other.id)
    assert app.test_client().get(f"/gezin/{token}/tekening/{entry_id}").status_code == 404


def chart_points(page: str) -> dict:
    svg = re.search(r'<svg viewBox="0 0 760 320".*?</svg>', page, re.S).group(0)
    root = ET.fromstring(svg)
    return {(p.attrib["data-person"], p.attrib["data-meeting"]): int(p.attrib["data-score"])
            for p in root.iter() if "data-score" in p.attrib}


def test_the_childs_score_is_on_the_progress_chart_beside_the_adults(app, logged_in, child):
    held_on = dates.today() - timedelta(days=20)
    with app.app_context():
        mama = NetworkMember(case_id=child["case"], name="Sofie Maes", relation="mama", role="parent")
        meeting = Meeting(case_id=child["case"], kind="mapping", held_on=held_on, status="closed")
        db.session.add_all([mama, meeting])
        db.session.flush()
        participant = Participant(meeting_id=meeting.id, network_member_id=mama.id, name=mama.name, relation="mama")
        scale_round = ScaleRound(meeting_id=meeting.id, status="revealed")
        db.session.add_all([participant, scale_round])
        db.session.flush()
        db.session.add(ScaleScore(round_id=scale_round.id, participant_id=participant.id, score=5))
        save()
    talk = dates.today() - timedelta(days=2)
    logged_in.post(f"{child['url']}/score", data={"score": "3", "scored_on": held_on.isoformat()})
    logged_in.post(f"{child['url']}/score", data={"score": "7", "scored_on": talk.isoformat()})
    page = logged_in.get(f"/dossiers/{child['case']}/voortgang").text
    assert chart_points(page) == {
        ("Sofie (mama)", held_on.isoformat()): 5,
        ("Yasmine (14) zelf", held_on.isoformat()): 3,
        ("Yasmine (14) zelf", talk.isoformat()): 7,
    }
    assert 'data-own="Yasmine (14) zelf"' in page
    table = page.split('class="table progress-chart__table"')[1].split("</table>")[0]
    assert "(gesprek met het kind)" in table
    assert re.search(r'<th scope="row">Yasmine \(14\) zelf</th><td>3</td><td>7</td>', table)
    assert re.search(r'<th scope="row">Sofie \(mama\)</th><td>5</td><td>—</td>', table)


def test_the_childs_score_alone_makes_a_chart_and_stays_off_the_projector(app, logged_in, child):
    logged_in.post(f"{child['url']}/score", data={"score": "2", "scored_on": dates.today().isoformat()})
    page = logged_in.get(f"/dossiers/{child['case']}/voortgang").text
    assert chart_points(page) == {("Yasmine (14) zelf", dates.today().isoformat()): 2}
    with app.app_context():
        meeting = Meeting(case_id=child["case"], kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        db.session.add(MappingItem(meeting=meeting, category="worry", text="x", visibility="family"))
        save()
        meeting_id = meeting.id
    projector = logged_in.get(f"/overleg/{meeting_id}/projectie/analyse")
    assert "Yasmine (14) zelf" not in projector.text


def test_a_refused_drawing_on_edit_keeps_the_entry_and_its_drawing(app, logged_in, child, consultant):
    add(logged_in, child, consultant, upload=(png(), "scan.png"), text="Eerste woorden")
    with app.app_context():
        entry_id = db.session.scalars(select(ChildHouseEntry.id)).one()
        before = db.session.scalars(select(Drawing.image)).one()
    response = multipart(logged_in, f"{child['url']}/{entry_id}", entry_data(consultant, text="Nieuwe woorden"),
                         (b"geen afbeelding", "tekening.jpg"))
    assert response.status_code == 422
    assert "geen foto of scan die we kunnen lezen" in response.text and "Nieuwe woorden" in response.text
    with app.app_context():
        assert db.session.scalars(select(ChildHouseEntry.text)).one() == "Eerste woorden"
        assert db.session.scalars(select(Drawing.image)).one() == before
