"""The projector in the family's language: Dutch with the family's language beside it by
default (headings and the method's questions in both, the rest in Dutch), Dutch only, or the
family's language alone (right to left for Arabic); the tabs keep the choice, the pushed
regions come in each screen's own language, and the desk of the same meeting stays Dutch.
Asserts on the translations drafted in translations/drafts/projector.json."""

import re
from datetime import date

import pytest
from babel.dates import format_date

from samenveilig.dates import age
from samenveilig.extensions import db
from samenveilig.models import Case, Child, MappingItem, Meeting, NetworkMember, PlanAction

from .conftest import decide_safe, save
from .helpers import HX, current_version, read_until, serving, session_cookie
from .sse import EventStream

HELD_ON = date(2026, 11, 28)
TABS = {"": "Mapping", "/analyse": "Analyse", "/plan": "Plan", "/netwerk": "Netwerk"}


def pair(dutch: str, arabic: str) -> str:
    return f'{dutch}<span class="other-language" lang="ar" dir="rtl">{arabic}</span>'


# One heading or question per tab, as a pair on the wall (Dutch, then Arabic beside it).
PAIRS = {
    "": [("Waar maken we ons zorgen over?", "ما الذي يقلقنا؟"), ("Wat gaat er goed?", "ما الذي يسير بشكل جيد؟"),
         ("Wat moet er gebeuren?", "ما الذي يجب أن يحدث؟"), ("Zorgen", "المخاوف"),
         ("Gevaar als er niets verandert", "الخطر إذا لم يتغيّر شيء")],
    "/analyse": [("Veiligheidsschaal", "مقياس الأمان"), ("Is het kind nu veilig?", "هل الطفل آمن الآن؟"),
                 ("Gevaar en wat er moet veranderen", "الخطر وما يجب أن يتغيّر")],
    "/plan": [("Wie doet wat?", "من يفعل ماذا؟"), ("Onze afspraken", "اتفاقاتنا"), ("Wie bel je?", "بمن تتصلون؟")],
    "/netwerk": [("Wie doet wat voor de veiligheid?", "من يفعل ماذا من أجل الأمان؟")],
}


@pytest.fixture
def app_config():
    return {"LIVE_PING_SECONDS": 0.3}


@pytest.fixture
def meeting(app, make_user, make_case):
    """A mapping meeting of a case whose family speaks Arabic, with a worry and a danger the
    family may see."""
    consultant = make_user(name="Sarah Peeters")
    case = make_case(consultant, family_name="Haddad")
    with app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=HELD_ON)
        db.session.add(meeting)
        save()
        return dict(id=meeting.id, case_id=case.id, consultant=consultant)


@pytest.fixture
def consultant_client(client, meeting):
    client.post("/aanmelden", data={"email": meeting["consultant"].email, "password": "een-goed-wachtwoord"})
    for text, category in (("Papa roept als hij gedronken heeft", "worry"),
                           ("Yasmine kan gewond raken als papa drinkt", "danger")):
        response = client.post(f"/overleg/{meeting['id']}/items", headers=HX, data={
            "quick-text": text, "quick-category": category, "quick-visibility": "family", "quick-term": "short"})
        assert response.status_code == 204
    return client


def tab(client, meeting, path: str, taal: str | None = None):
    response = client.get(f"/overleg/{meeting['id']}/projectie{path}", query_string={"taal": taal} if taal else {})
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("path", list(TABS))
def test_each_tab_shows_headings_in_dutch_with_arabic_beside_them(consultant_client, meeting, path):
    html = tab(consultant_client, meeting, path, "nl+ar")
    assert '<html lang="nl" dir="ltr">' in html
    for dutch, arabic in PAIRS[path]:
        assert pair(dutch, arabic) in html
    # Every tab link keeps the language; the picker offers the three choices.
    for other in TABS:
        assert f'href="/overleg/{meeting["id"]}/projectie{other}?taal=nl%2Bar"' in html
    assert 'data-taal="nl+ar" aria-current="true"' in html
    assert 'data-taal="ar"' in html and 'data-taal="nl"' in html


def test_the_wall_of_an_arabic_family_is_bilingual_by_default(consultant_client, meeting):
    html = tab(consultant_client, meeting, "")
    assert pair("Waar maken we ons zorgen over?", "ما الذي يقلقنا؟") in html
    assert f'href="/overleg/{meeting["id"]}/projectie/analyse?taal=nl%2Bar"' in html
    # What people typed stays as typed; the rest of the chrome is Dutch.
    assert "Papa roept als hij gedronken heeft" in html and "Volledig scherm" in html
    assert "korte termijn" in html and "iedereen" in html


def test_a_language_the_projector_does_not_know_falls_back_to_the_room_default(consultant_client, meeting):
    html = tab(consultant_client, meeting, "", "nl+klingon")
    assert pair("Zorgen", "المخاوف") in html


@pytest.mark.parametrize("taal", ["ar", "nl"])
@pytest.mark.parametrize("path", list(TABS))
def test_one_language_alone_has_no_second_one(consultant_client, meeting, path, taal):
    """Arabic alone is right to left with no Dutch heading; Dutch alone has no Arabic one."""
    html = tab(consultant_client, meeting, path, taal)
    assert f'<html lang="{taal}" dir="{"rtl" if taal == "ar" else "ltr"}">' in html
    assert "other-language" not in html
    for dutch, arabic in PAIRS[path]:
        shown, hidden = (arabic, dutch) if taal == "ar" else (dutch, arabic)
        # A wall column's heading carries its count after the words: "Zorgen (3)".
        assert re.search(f">{re.escape(shown)}\\s*<", html) and not re.search(f">{re.escape(hidden)}\\s*<", html)
    for other in TABS:
        assert f'href="/overleg/{meeting["id"]}/projectie{other}?taal={taal}"' in html


def test_arabic_alone_says_the_chrome_and_the_date_in_arabic(consultant_client, meeting):
    html = tab(consultant_client, meeting, "", "ar")
    assert "ملء الشاشة" in html and "Volledig scherm" not in html  # the full-screen button
    assert "على المدى القصير" in html and "korte termijn" not in html  # the danger's term
    assert "الجميع" in html  # "iedereen": said by everyone
    assert format_date(HELD_ON, format="long", locale="ar") in html
    assert "Papa roept als hij gedronken heeft" in html  # typed words are never translated
    # What notices.js writes when the connection drops, and the skip link.
    assert 'data-close="إغلاق"' in html and 'data-reconnecting="جارٍ إعادة الاتصال…"' in html
    assert "Naar de inhoud" not in html


def test_the_desk_board_of_the_same_meeting_stays_dutch(consultant_client, meeting):
    tab(consultant_client, meeting, "", "ar")  # the projector speaking Arabic changes nothing on the desk
    html = consultant_client.get(f"/overleg/{meeting['id']}").text
    assert '<html lang="nl" dir="ltr">' in html
    assert "other-language" not in html and "المخاوف" not in html
    assert "Waar maken we ons zorgen over?" in html and "Zorgen" in html


def test_a_childs_own_words_say_who_said_them_in_the_screens_language(app, consultant_client, meeting):
    born = date(2012, 3, 4)
    with app.app_context():
        yasmine = Child(case_id=meeting["case_id"], first_name="Yasmine", date_of_birth=born)
        db.session.add(yasmine)
        db.session.flush()
        db.session.add(MappingItem(meeting_id=meeting["id"], category="strength", text="Bij oma is het rustig",
                                   child_id=yasmine.id, child_words=True, visibility="family"))
        save()
    years = age(born)
    assert f"zegt Yasmine ({years})" in tab(consultant_client, meeting, "", "nl+ar")
    arabic = tab(consultant_client, meeting, "", "ar")
    assert f"كلام Yasmine ({years} سنة)" in arabic and "zegt" not in arabic
    assert "“Bij oma is het rustig”" in arabic


def test_the_analysis_plan_and_network_with_content_speak_arabic(app, consultant_client, meeting):
    m = meeting["id"]
    with app.app_context():
        yasmine = Child(case_id=meeting["case_id"], first_name="Yasmine", date_of_birth=date(2012, 3, 4))
        oma = NetworkMember(case_id=meeting["case_id"], name="Fatima", relation="oma", closeness="very_close",
                            in_safety_network=True, commitment="Haalt de kinderen op")
        db.session.add_all([yasmine, oma])
        db.session.add(PlanAction(case_id=meeting["case_id"], meeting_id=m, what="Oma belt elke avond",
                                  due_on=date(2026, 12, 15), visibility="family", status="doing"))
        save()
        child_id = yasmine.id
    decide_safe(consultant_client, m)
    assert consultant_client.post(f"/overleg/{m}/schaal", headers=HX,
                                  data={"about": "", "child": str(child_id)}).status_code == 204
    analysis = tab(consultant_client, meeting, "/analyse", "ar")
    assert "بخصوص: Yasmine." in analysis  # what the open round is about
    assert "هل الطفل آمن الآن؟ <strong>نعم</strong>" in analysis and "Oma is er elke avond." in analysis
    assert "خلال الشهر" in analysis  # the next step: within the month
    plan = tab(consultant_client, meeting, "/plan", "ar")
    assert "Oma belt elke avond" in plan and "قيد التنفيذ" in plan  # "bezig"
    assert f"قبل {format_date(date(2026, 12, 15), format='long', locale='ar')}" in plan
    network = tab(consultant_client, meeting, "/netwerk", "ar")
    assert "من حول Yasmine؟" in network and "قريب جدًا" in network and "شبكة الأمان" in network
    assert "Haalt de kinderen op" in network


def test_a_dutch_family_gets_no_language_choice(app, consultant_client, meeting):
    with app.app_context():
        db.session.get(Case, meeting["case_id"]).family_language = "nl"
        save()
    html = tab(consultant_client, meeting, "")
    assert "present-language" not in html and "other-language" not in html
    assert f'href="/overleg/{meeting["id"]}/projectie/plan?taal=nl"' in html


def test_a_board_change_reaches_each_projector_in_its_own_language(app, consultant_client, meeting):
    """One meeting on three walls: Dutch with Arabic, Dutch only, Arabic only. A worry added
    on the board is pushed to each in its own language (the renderer keys on the language)."""
    m = meeting["id"]
    since = current_version(app, m)
    with serving(app) as port:
        streams = {taal: EventStream("127.0.0.1", port, f"/overleg/{m}/projectie/events?since={since}&taal={code}",
                                     session_cookie(consultant_client))
                   for taal, code in (("nl+ar", "nl%2Bar"), ("nl", "nl"), ("ar", "ar"))}
        assert all(stream.status == 200 for stream in streams.values())
        response = consultant_client.post(f"/overleg/{m}/items", headers=HX, data={
            "quick-text": "Mama is bang als papa thuiskomt", "quick-category": "worry", "quick-visibility": "family"})
        assert response.status_code == 204
        last = current_version(app, m)
        pushed = {taal: [e for e in read_until(stream, last) if e.event == "worry-changed"]
                  for taal, stream in streams.items()}
        for stream in streams.values():
            stream.close()
    assert all(len(events) == 1 for events in pushed.values()), pushed
    both, dutch, arabic = (pushed[taal][0].data for taal in ("nl+ar", "nl", "ar"))
    assert all("Mama is bang als papa thuiskomt" in data for data in (both, dutch, arabic))
    assert pair("Zorgen", "المخاوف") in both
    assert ">Zorgen<" in dutch and "المخاوف" not in dutch and "other-language" not in dutch
    assert ">المخاوف<" in arabic and "Zorgen" not in arabic and "other-language" not in arabic
    assert "iedereen" in dutch and "الجميع" in arabic
