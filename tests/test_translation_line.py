"""A translation line under what people typed: the consultant adds what an item or a plan
entry says in the family's language; it shows under the Dutch on the family's screens and in
the family's PDF (marked with the language and its direction), only where the item itself
shows, and the desk asks for it only when the family's language is not Dutch."""

import io
import re
from html import unescape

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Case,
    Export,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    PlanContact,
    PlanRule,
    PlanSnapshot,
    WarningSign,
)
from samenveilig.review import exports, worker

from .conftest import decide_safe, save
from .helpers import HX, close_as_agreed
from .helpers import make_family_link as make_link
from .sse import catch_up_body

pytestmark = pytest.mark.db
ARABIC = "ماما قلقة في المساء"  # "mama is worried in the evening"
PLAN = {"acties": PlanAction, "afspraken": PlanRule, "signalen": WarningSign, "contacten": PlanContact}


@pytest.fixture
def app_config():
    return {"LIVE_PING_SECONDS": 0.2}  # a stream's catch-up ends where its first ping starts


def make_meeting(app, consultant, make_case, language: str) -> dict:
    case = make_case(consultant, family_name="El Amrani")
    with app.app_context():
        db.session.get(Case, case.id).family_language = language
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        oma = NetworkMember(case_id=case.id, name="Samira El Amrani", relation="tante", phone="0473 11 22 33",
                            in_safety_network=True, commitment="Samira belt elke avond")
        db.session.add_all([meeting, oma])
        db.session.flush()
        db.session.add(Participant(meeting_id=meeting.id, name="Sarah Peeters", user_id=consultant.id))
        save()
        return dict(case=case.id, meeting=meeting.id, oma=oma.id)


@pytest.fixture
def arabic(app, consultant, make_case, logged_in):
    return make_meeting(app, consultant, make_case, "ar")


@pytest.fixture
def dutch(app, consultant, make_case, logged_in):
    return make_meeting(app, consultant, make_case, "nl")


def add_item(client, ids, text, category="worry", visibility="family", **extra) -> int:
    response = client.post(f"/overleg/{ids['meeting']}/items", headers=HX, data={
        "quick-text": text, "quick-category": category, "quick-speaker": "", "quick-visibility": visibility,
        "quick-term": extra.get("term", ""), "quick-urgency": extra.get("urgency", "")})
    assert response.status_code == 204, response.text
    with client.application.app_context():
        return db.session.scalar(select(MappingItem.id).where(MappingItem.text == text))


def item_state(app, item_id) -> MappingItem:
    with app.app_context():
        item = db.session.get(MappingItem, item_id)
        db.session.expunge(item)
        return item


def edit_item(client, ids, item_id, translation=None, text=None, visibility="family", term="", language="ar"):
    item = item_state(client.application, item_id)
    p = f"item-{item_id}-"
    data = {p + "version": item.version, p + "text": item.text if text is None else text, p + "speaker": "",
            p + "visibility": visibility, p + "term": term or (item.term or ""), p + "urgency": item.urgency or ""}
    if translation is not None:
        data[p + f"translation_{language}"] = translation
    return client.post(f"/overleg/{ids['meeting']}/items/{item_id}", headers=HX, data=data)


def add_entry(client, ids, kind, visibility="family", marker="") -> int:
    data = {
        "acties": {"new-action-what": f"Mama gaat naar de huisarts {marker}", "new-action-how": "Oma rijdt mee",
                   "new-action-who": f"n:{ids['oma']}"},
        "afspraken": {"new-rule-text": f"Geen alcohol in huis {marker}"},
        "signalen": {"new-sign-sign": f"Mama slaapt overdag {marker}", "new-sign-response": "Tante Samira belt"},
        "contacten": {"new-contact-worry": f"het eten {marker}", "new-contact-member": ids["oma"]},
    }[kind]
    prefix = next(iter(data)).rsplit("-", 1)[0]
    response = client.post(f"/overleg/{ids['meeting']}/plan/{kind}", headers=HX,
                           data=data | {f"{prefix}-visibility": visibility})
    assert response.status_code == 204, response.text
    with client.application.app_context():
        model = PLAN[kind]
        return db.session.scalar(select(model.id).where(model.case_id == ids["case"]).order_by(model.id.desc()))


def edit_entry(client, ids, kind, entry_id, translation=None, language="ar"):
    """Save the entry's edit form as it is, with this translation (None: the field not sent)."""
    form = client.get(f"/overleg/{ids['meeting']}/plan/{kind}/{entry_id}/bewerken").text
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        if attrs.get("type") == "checkbox":
            if "checked" in tag:
                data.setdefault(attrs["name"], []).append(attrs["value"])
        elif "name" in attrs:
            data[attrs["name"]] = attrs.get("value", "")
    data |= {name: value.strip() for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form)}
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body)
        data[name] = chosen.group(1) if chosen else ""
    data = {k: v for k, v in data.items() if "-translation_" not in k}
    if translation is not None:
        data[next(k for k in data if k.endswith("-version")).replace("-version", f"-translation_{language}")] = translation
    return client.post(f"/overleg/{ids['meeting']}/plan/{kind}/{entry_id}", headers=HX, data=data)


def history(client, ids) -> str:
    return client.get(f"/dossiers/{ids['case']}/geschiedenis").text


def audit_translations(app, action) -> list[tuple]:
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        return [(((e.before or {}).get("translations") or {}).get("ar"), ((e.after or {}).get("translations") or {}).get("ar"))
                for e in events]


def test_a_translation_is_added_changed_and_cleared_on_an_item_audited_and_in_the_history(app, logged_in, arabic):
    item_id = add_item(logged_in, arabic, "Mama maakt zich zorgen 's avonds")
    form = logged_in.get(f"/overleg/{arabic['meeting']}/items/{item_id}/bewerken").text
    assert "Vertaling voor het gezin (Arabisch)" in form
    assert re.search(rf'<textarea[^>]*dir="rtl"[^>]*id="item-{item_id}-translation_ar"[^>]*lang="ar"', form)

    answer = edit_item(logged_in, arabic, item_id, translation=ARABIC)
    assert answer.status_code == 200, answer.text
    assert item_state(app, item_id).translations == {"ar": ARABIC}
    assert f'<span class="translation-line" lang="ar" dir="rtl">{ARABIC}</span>' in answer.text  # on the board too
    page = history(logged_in, arabic)
    assert "wijzigde iets in de mapping" in page and "Vertaling voor het gezin" in page and ARABIC in page
    assert "translation" not in page

    assert edit_item(logged_in, arabic, item_id, translation="ماما قلقة").status_code == 200
    assert edit_item(logged_in, arabic, item_id, translation="").status_code == 200
    assert item_state(app, item_id).translations is None
    assert audit_translations(app, "item_updated") == [(None, ARABIC), (ARABIC, "ماما قلقة"), ("ماما قلقة", None)]
    # Undo brings the cleared translation back, as every other field.
    assert logged_in.post(f"/overleg/{arabic['meeting']}/ongedaan-maken", headers=HX).status_code == 204
    assert item_state(app, item_id).translations == {"ar": "ماما قلقة"}


def test_an_edit_without_the_field_keeps_the_translation(app, logged_in, arabic):
    item_id = add_item(logged_in, arabic, "Papa werkt 's nachts")
    assert edit_item(logged_in, arabic, item_id, translation=ARABIC).status_code == 200
    assert edit_item(logged_in, arabic, item_id, text="Papa werkt 's nachts en slaapt overdag").status_code == 200
    item = item_state(app, item_id)
    assert item.text == "Papa werkt 's nachts en slaapt overdag" and item.translations == {"ar": ARABIC}


@pytest.mark.parametrize("kind", PLAN)
def test_a_translation_on_each_kind_of_plan_entry_is_audited_and_in_the_history(app, logged_in, arabic, kind):
    entry_id = add_entry(logged_in, arabic, kind)
    form = logged_in.get(f"/overleg/{arabic['meeting']}/plan/{kind}/{entry_id}/bewerken").text
    assert "Vertaling voor het gezin (Arabisch)" in form and 'lang="ar"' in form and 'dir="rtl"' in form
    answer = edit_entry(logged_in, arabic, kind, entry_id, translation=ARABIC)
    assert answer.status_code == 200, answer.text
    assert f'<span class="translation-line" lang="ar" dir="rtl">{ARABIC}</span>' in answer.text
    with app.app_context():
        assert db.session.get(PLAN[kind], entry_id).translations == {"ar": ARABIC}
    page = history(logged_in, arabic)
    assert "Vertaling voor het gezin" in page and ARABIC in page
    # Saved again without the field (as from a Dutch case) it stays; emptied, it goes.
    assert edit_entry(logged_in, arabic, kind, entry_id).status_code == 200
    assert edit_entry(logged_in, arabic, kind, entry_id, translation="").status_code == 200
    with app.app_context():
        assert db.session.get(PLAN[kind], entry_id).translations is None
    action = {"acties": "plan_action", "afspraken": "plan_rule", "signalen": "warning_sign",
              "contacten": "plan_contact"}[kind]
    assert audit_translations(app, f"{action}_updated") == [(None, ARABIC), (ARABIC, None)]


def test_a_too_long_translation_gives_the_dutch_error_and_keeps_what_was_typed(app, logged_in, arabic):
    item_id = add_item(logged_in, arabic, "Mama is moe")
    too_long = "ب" * 501
    answer = edit_item(logged_in, arabic, item_id, translation=too_long, text="Mama is erg moe")
    assert answer.status_code == 422
    assert "Gebruik hoogstens 500 tekens." in answer.text
    assert too_long in answer.text and "Mama is erg moe" in answer.text
    assert item_state(app, item_id).translations is None and item_state(app, item_id).text == "Mama is moe"

    rule_id = add_entry(logged_in, arabic, "afspraken")
    answer = edit_entry(logged_in, arabic, "afspraken", rule_id, translation=too_long)
    assert answer.status_code == 422
    assert "Gebruik hoogstens 500 tekens." in answer.text and too_long in answer.text
    with app.app_context():
        assert db.session.get(PlanRule, rule_id).translations is None


def test_the_desk_asks_for_no_translation_for_a_dutch_case_and_the_family_sees_none(app, logged_in, dutch):
    item_id = add_item(logged_in, dutch, "Oma komt elke dag")
    rule_id = add_entry(logged_in, dutch, "afspraken")
    assert "Vertaling voor het gezin" not in logged_in.get(f"/overleg/{dutch['meeting']}/items/{item_id}/bewerken").text
    form = logged_in.get(f"/overleg/{dutch['meeting']}/plan/afspraken/{rule_id}/bewerken").text
    assert "Vertaling voor het gezin" not in form and "translation" not in form
    # A translation from when the case had another language is kept by a Dutch edit, and not shown.
    with app.app_context():
        db.session.get(MappingItem, item_id).translations = {"ar": "LEFT-OVER"}
        save()
    assert edit_item(logged_in, dutch, item_id, text="Oma komt elke dag langs").status_code == 200
    assert item_state(app, item_id).translations == {"ar": "LEFT-OVER"}
    assert edit_item(logged_in, dutch, item_id, translation="").status_code == 200  # not asked: not taken
    assert edit_entry(logged_in, dutch, "afspraken", rule_id, translation="NIET GEVRAAGD").status_code == 200
    assert item_state(app, item_id).translations == {"ar": "LEFT-OVER"}
    with app.app_context():
        assert db.session.get(PlanRule, rule_id).translations is None
    assert "LEFT-OVER" not in logged_in.get(f"/overleg/{dutch['meeting']}/projectie").text
    assert "LEFT-OVER" not in logged_in.get(f"/overleg/{dutch['meeting']}").text


def follow_token(client, meeting_id) -> str:
    panel = client.post(f"/overleg/{meeting_id}/meekijklink", headers=HX).text
    return re.search(r'value="http://localhost/meekijken/([^"]+)"', panel).group(1)


def pdf(client, ids, audience="family") -> str:
    response = client.post(f"/overleg/{ids['meeting']}/pdf", headers=HX, data={"audience": audience})
    assert worker.work_once(client.application) is not None
    polling = re.search(r'hx-get="([^"]+)"', response.text).group(1)
    download = re.search(r'href="([^"]+/download)"', client.get(polling).text).group(1)
    data = client.get(download).data
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def family_outputs(app, client, ids, language="ar") -> dict[str, str]:
    """Every screen and document the family sees of this meeting and case."""
    m, c = ids["meeting"], ids["case"]
    follow, family = follow_token(client, m), make_link(client, c)
    public = app.test_client()  # the family's phones: no login
    public.get(f"/meekijken/{follow}?taal={language}")  # the phone picks the family's language (a line shows in it)
    outputs = {url: client.get(url).text for url in (
        f"/overleg/{m}/projectie", f"/overleg/{m}/projectie/analyse", f"/overleg/{m}/projectie/plan",
        f"/overleg/{m}/projectie/netwerk",
        *(f"/overleg/{m}/projectie/regio/{r}" for r in ("worry", "danger", "safety_goal", "pairs", "plan")))}
    outputs |= {url: public.get(url).text for url in (
        f"/meekijken/{follow}", *(f"/meekijken/{follow}/regio/{r}" for r in ("worry", "pairs", "plan")))}
    outputs["projector stream"] = catch_up_body(client, f"/overleg/{m}/projectie/events?since=0")
    outputs["follow stream"] = catch_up_body(public, f"/meekijken/{follow}/events?since=0")
    close_as_agreed(app, m)  # the family's link and paper show the plan once the meeting agreed it
    outputs[f"/dossiers/{c}/plan/afdrukken"] = client.get(f"/dossiers/{c}/plan/afdrukken").text
    outputs[f"/gezin/{family}"] = public.get(f"/gezin/{family}").text
    return outputs


def translate(client, ids, item_id, text, **extra):
    assert edit_item(client, ids, item_id, translation=text, **extra).status_code == 200


def test_the_translation_shows_under_the_text_on_every_family_screen_marked_with_its_language(app, logged_in, arabic):
    worry = add_item(logged_in, arabic, "Mama drinkt 's avonds")
    translate(logged_in, arabic, worry, f"{ARABIC} ZORG-VERTALING")
    danger = add_item(logged_in, arabic, "Als er niets verandert, kan Yasmine gewond raken", category="danger",
                      term="short")
    translate(logged_in, arabic, danger, "GEVAAR-VERTALING", term="short")
    goal = add_item(logged_in, arabic, "Mama is 's avonds nuchter", category="safety_goal")
    translate(logged_in, arabic, goal, "DOEL-VERTALING")
    for kind in PLAN:
        entry_id = add_entry(logged_in, arabic, kind)
        assert edit_entry(logged_in, arabic, kind, entry_id, translation=f"{kind.upper()}-VERTALING").status_code == 200

    line = '<span class="translation-line" lang="ar" dir="rtl">{}</span>'
    outputs = family_outputs(app, logged_in, arabic)
    for url, html in outputs.items():
        if "regio/" in url or "stream" in url:
            continue
        assert html.count('class="translation-line" lang="ar" dir="rtl"') >= 1, url
    plan = [f"{k.upper()}-VERTALING" for k in PLAN]
    wanted = {  # by how the output's name ends
        "/projectie": ["ZORG-VERTALING"], "/projectie/analyse": ["GEVAAR-VERTALING", "DOEL-VERTALING"],
        "/projectie/plan": ["DOEL-VERTALING", *plan], "/projectie/netwerk": ["ACTIES-VERTALING"],
        "/regio/worry": ["ZORG-VERTALING"],
        "/regio/pairs": ["GEVAAR-VERTALING", "DOEL-VERTALING"], "/regio/plan": plan, "/plan/afdrukken": plan,
        "projector stream": ["ZORG-VERTALING", "GEVAAR-VERTALING", "DOEL-VERTALING", "AFSPRAKEN-VERTALING"],
        "follow stream": ["ZORG-VERTALING", "GEVAAR-VERTALING", "DOEL-VERTALING", "AFSPRAKEN-VERTALING"],
    }
    wanted |= {url: ["DOEL-VERTALING", *plan] for url in outputs if url.startswith("/gezin/")}
    for url, html in outputs.items():
        for end, markers in wanted.items():
            if url.endswith(end):
                for marker in markers:
                    text = f"{ARABIC} {marker}" if marker == "ZORG-VERTALING" else marker
                    assert line.format(text) in html, (url, marker)
    assert sum(url.endswith(end) for url in outputs for end in wanted) == 14
    # The follow page: the board in it, the analysis and the plan in the folds it fetches when opened.
    follow = {url.split("/", 3)[-1] if url.count("/") > 2 else "page": html
              for url, html in outputs.items() if url.startswith("/meekijken/")}
    assert "ZORG-VERTALING" in follow["page"]
    assert "GEVAAR-VERTALING" in follow["regio/pairs"] and "DOEL-VERTALING" in follow["regio/pairs"]
    assert "ACTIES-VERTALING" in follow["regio/plan"] and "CONTACTEN-VERTALING" in follow["regio/plan"]
    # Under the Dutch text, not instead of it.
    board = outputs[f"/overleg/{arabic['meeting']}/projectie"]
    assert board.index("Mama drinkt &#39;s avonds") < board.index("ZORG-VERTALING")

    text = pdf(logged_in, arabic)
    assert "ZORG-VERTALING" in text and "AFSPRAKEN-VERTALING" in text and "CONTACTEN-VERTALING" in text
    with app.app_context():  # the document the PDF was made from, with its markup
        html = exports.document_html(db.session.scalars(select(Export).order_by(Export.id.desc())).first())
    for marker in ("GEVAAR-VERTALING", *plan):
        assert line.format(marker) in html, marker
    assert line.format(f"{ARABIC} ZORG-VERTALING") in html

def test_a_translation_in_french_is_marked_left_to_right(app, consultant, make_case, logged_in):
    ids = make_meeting(app, consultant, make_case, "fr")
    item_id = add_item(logged_in, ids, "Papa roept")
    form = logged_in.get(f"/overleg/{ids['meeting']}/items/{item_id}/bewerken").text
    assert "Vertaling voor het gezin (Frans)" in form
    translate(logged_in, ids, item_id, "Papa crie", language="fr")
    region = logged_in.get(f"/overleg/{ids['meeting']}/projectie/regio/worry").text
    assert '<span class="translation-line" lang="fr" dir="ltr">Papa crie</span>' in region


def test_the_translation_of_a_professional_item_never_reaches_a_family_screen(app, logged_in, arabic):
    for category in ("worry", "danger", "safety_goal"):
        item_id = add_item(logged_in, arabic, f"Alleen voor de hulpverleners {category}", category=category,
                           visibility="professional", term="short" if category == "danger" else "")
        translate(logged_in, arabic, item_id, f"PROF-VERTALING {category}", visibility="professional",
                  term="short" if category == "danger" else "")
    for kind in PLAN:
        entry_id = add_entry(logged_in, arabic, kind, visibility="professional")
        assert edit_entry(logged_in, arabic, kind, entry_id, translation=f"PROF-VERTALING {kind}").status_code == 200
    visible = add_item(logged_in, arabic, "Oma helpt elke dag")
    translate(logged_in, arabic, visible, "GEZIN-VERTALING")

    outputs = family_outputs(app, logged_in, arabic)
    outputs["family pdf"] = pdf(logged_in, arabic)
    for url, text in outputs.items():
        assert "PROF-VERTALING" not in text, url
    for url in ("/projectie", "stream", "family pdf"):
        assert any("GEZIN-VERTALING" in text for name, text in outputs.items() if url in name), url
    # The consultant sees them, on the board and in the plan tab.
    assert logged_in.get(f"/overleg/{arabic['meeting']}").text.count("PROF-VERTALING") == 3
    assert logged_in.get(f"/overleg/{arabic['meeting']}/plan").text.count("PROF-VERTALING") == 4


def test_the_translation_is_kept_with_the_plan_and_carried_into_the_next_meeting(app, logged_in, arabic):
    worry = add_item(logged_in, arabic, "Mama slaapt slecht")
    translate(logged_in, arabic, worry, ARABIC)
    rule_id = add_entry(logged_in, arabic, "afspraken")
    assert edit_entry(logged_in, arabic, "afspraken", rule_id, translation="AFSPRAAK-VERTALING").status_code == 200
    decide_safe(logged_in, arabic["meeting"])
    assert logged_in.post(f"/overleg/{arabic['meeting']}/afsluiten").status_code == 302
    with app.app_context():
        snapshot = db.session.get(PlanSnapshot, arabic["meeting"])
        assert [r["translations"] for r in snapshot.content["rules"]] == [{"ar": "AFSPRAAK-VERTALING"}]
    assert "AFSPRAAK-VERTALING" in pdf(logged_in, arabic)  # the closed meeting's plan, as agreed
    response = logged_in.post(f"/dossiers/{arabic['case']}/overleggen", data={
        "kind": "review", "held_on": dates.today().isoformat(), "present": []})
    review = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        carried = db.session.scalar(select(MappingItem).where(MappingItem.meeting_id == review))
        assert carried.text == "Mama slaapt slecht" and carried.translations == {"ar": ARABIC}


def test_a_stale_translation_edit_gets_409_and_keeps_what_was_typed(app, logged_in, arabic):
    item_id = add_item(logged_in, arabic, "Mama is vaak moe")
    version = item_state(app, item_id).version
    assert edit_item(logged_in, arabic, item_id, translation=ARABIC).status_code == 200
    p = f"item-{item_id}-"
    stale = logged_in.post(f"/overleg/{arabic['meeting']}/items/{item_id}", headers=HX, data={
        p + "version": version, p + "text": "Mama is vaak moe", p + "speaker": "", p + "visibility": "family",
        p + "term": "", p + "urgency": "", p + "translation_ar": "ماما متعبة"})
    assert stale.status_code == 409
    assert "ماما متعبة" in stale.text and "Vertaling voor het gezin (Arabisch)" in stale.text
    assert item_state(app, item_id).translations == {"ar": ARABIC}


def test_a_family_reading_two_languages_gets_a_line_in_each_and_a_note_where_one_is_missing(app, logged_in, arabic):
    """Mama reads Arabic, papa French: the case has both, the desk asks a line in each, each
    line keeps its language, and a screen in one of them shows that line or says, small and
    in its own language, that the text is not translated."""
    c, m = arabic["case"], arabic["meeting"]
    edit = logged_in.post(f"/dossiers/{c}/bewerken", data={
        "family_name": "El Amrani", "service": "OCJ", "family_language": "ar", "more_languages": ["fr", "nl", "ar"]})
    assert edit.status_code == 302, edit.text
    with app.app_context():
        case = db.session.get(Case, c)
        assert case.other_languages == "fr nl" and case.translated_languages == ["ar", "fr"]
    assert "Andere talen van het gezin" in history(logged_in, arabic)
    form = logged_in.get(f"/dossiers/{c}/bewerken").text
    assert re.search(r'<input (?=[^>]*\bchecked\b)(?=[^>]*name="more_languages")[^>]*value="fr"', form)

    both = add_item(logged_in, arabic, "Papa roept 's avonds")
    none = add_item(logged_in, arabic, "Oma komt op zondag")
    form = logged_in.get(f"/overleg/{m}/items/{both}/bewerken").text
    assert "Vertaling voor het gezin (Arabisch)" in form and "Vertaling voor het gezin (Frans)" in form
    assert "Vertaling voor het gezin (Nederlands)" not in form
    translate(logged_in, arabic, both, ARABIC)
    translate(logged_in, arabic, both, "Papa crie le soir", language="fr")  # the Arabic line stays
    assert item_state(app, both).translations == {"ar": ARABIC, "fr": "Papa crie le soir"}
    board = logged_in.get(f"/overleg/{m}").text  # the desk shows every line
    assert f'<span class="translation-line" lang="ar" dir="rtl">{ARABIC}</span>' in board
    assert '<span class="translation-line" lang="fr" dir="ltr">Papa crie le soir</span>' in board
    assert "translation-missing" not in board

    wall = logged_in.get(f"/overleg/{m}/projectie").text  # "Taal op het scherm" offers each language
    assert [code for code in ("nl", "nl+ar", "ar", "nl+fr", "fr") if f'data-taal="{code}"' in wall] == [
        "nl", "nl+ar", "ar", "nl+fr", "fr"]

    def region(taal):
        return logged_in.get(f"/overleg/{m}/projectie/regio/worry?taal={taal}").text

    french = region("nl%2Bfr")
    assert '<span class="translation-line" lang="fr" dir="ltr">Papa crie le soir</span>' in french
    assert ARABIC not in french
    assert french.count('<span class="translation-missing" lang="fr" dir="ltr">non traduit</span>') == 1
    assert french.index("Oma komt op zondag") < french.index("non traduit")
    arabic_wall = region("ar")
    assert f'<span class="translation-line" lang="ar" dir="rtl">{ARABIC}</span>' in arabic_wall
    assert arabic_wall.count('<span class="translation-missing" lang="ar" dir="rtl">غير مترجم</span>') == 1
    dutch = region("nl")
    assert "translation-line" not in dutch and "translation-missing" not in dutch

    translate(logged_in, arabic, both, "")  # clears the Arabic line only
    assert item_state(app, both).translations == {"fr": "Papa crie le soir"}
    assert region("ar").count("غير مترجم") == 2
    assert item_state(app, none).translations is None


def test_an_interpreter_is_recorded_among_those_present_and_shown_on_the_projector_and_in_the_record(
        app, logged_in, arabic):
    m = arabic["meeting"]
    refused = logged_in.post(f"/overleg/{m}/aanwezigen", headers=HX, data={
        "participant-who": f"n:{arabic['oma']}", "participant-name": "", "participant-interpreter": "ar"})
    assert refused.status_code == 422 and "Typ de naam van de tolk" in refused.text
    added = logged_in.post(f"/overleg/{m}/aanwezigen", headers=HX, data={
        "participant-who": "", "participant-name": "Karim Haddad", "participant-interpreter": "ar"})
    assert added.status_code == 200, added.text
    with app.app_context():
        interpreter = db.session.scalar(select(Participant).where(Participant.meeting_id == m,
                                                                 Participant.name == "Karim Haddad"))
        assert interpreter.interpreter_language == "ar"
    assert "Karim Haddad (tolk Arabisch)" in unescape(added.text)  # the meeting's own list
    assert "Tolk voor" in history(logged_in, arabic) and "Arabisch" in history(logged_in, arabic)

    wall = logged_in.get(f"/overleg/{m}/projectie?taal=nl").text
    attendance = re.search(r'<p class="present-attendance"[^>]*>(.*?)</p>', wall, re.S).group(1)
    assert "Aanwezig:" in attendance and "Sarah Peeters" in attendance
    assert re.search(r"Karim Haddad(?:</bdi>)? \(tolk, العربية\)", attendance)
    arabic_wall = logged_in.get(f"/overleg/{m}/projectie/regio/attendance?taal=ar").text
    assert "الترجمة الفورية: العربية" in arabic_wall and "Karim Haddad" in arabic_wall
    pushed = catch_up_body(logged_in, f"/overleg/{m}/projectie/events?since=0&taal=nl")  # live, no reload
    assert "attendance-changed" in pushed and "(tolk, العربية)" in pushed

    close_as_agreed(app, m)
    for audience in ("file", "family"):
        response = logged_in.post(f"/overleg/{m}/pdf", headers=HX, data={"audience": audience})
        assert response.status_code == 200, response.text
    with app.app_context():
        file, family = (exports.document_html(export) for export in db.session.scalars(
            select(Export).where(Export.meeting_id == m).order_by(Export.id)))
    assert re.search(r"Karim Haddad(?:</bdi>)? \(tolk, العربية\)", file)  # the record, in Dutch
    assert re.search(r"Karim Haddad(?:</bdi>)? \(الترجمة الفورية: العربية\)", family)
