"""The follow link in the language each phone picks: a picker on the page, remembered for this
phone on this link, its forms, errors and pushed regions in that language; other phones and
the desk are untouched."""

import re
from datetime import timedelta
from html import unescape

import pytest
from babel.dates import format_date
from sqlalchemy import select

from samenveilig import dates
from samenveilig.dates import date_nl
from samenveilig.extensions import db
from samenveilig.models import Case, Meeting, ScaleScore

from .conftest import decide_safe, save
from .helpers import HX, phone_for, read_until, serving
from .helpers import analysis_meeting as meeting  # noqa: F401 (a fixture)
from .helpers import quick_pings as app_config  # noqa: F401 (a fixture)
from .sse import EventStream

pytestmark = pytest.mark.db
COOKIE = "sv_device_taal"


def speak(app, case_id: int, language: str) -> None:
    """The consultant sets the case's language (the follow link still starts in Dutch)."""
    with app.app_context():
        db.session.get(Case, case_id).family_language = language
        save()


def html_language(html: str) -> tuple[str, str]:
    return re.search(r'<html lang="([^"]+)" dir="([^"]+)">', html).groups()


def picker(html: str) -> list[tuple[str, str, bool]]:
    """(taal, name, chosen) of each language the page offers, in order."""
    nav = re.search(r'<nav class="follow-languages".*?</nav>', html, re.S).group(0)
    return [(code, name, "aria-current" in attrs) for code, attrs, name in
            re.findall(r'<a href="[^"]*\?taal=(\w+)"([^>]*)>([^<]+)</a>', nav)]


def test_a_phone_picks_its_language_and_the_bare_link_keeps_it(app, client, meeting):  # noqa: F811
    speak(app, meeting["case_id"], "ar")
    phone, token, _ = phone_for(app, client, meeting["id"])
    first = phone.get(f"/meekijken/{token}")
    assert html_language(first.text) == ("nl", "ltr")  # a phone that never chose reads Dutch
    assert "Je kijkt mee met het overleg." in first.text and "Set-Cookie" not in first.headers
    assert picker(first.text)[:2] == [("ar", "العربية", False), ("nl", "Nederlands", True)]
    assert [name for _, name, _ in picker(first.text)[2:]] == ["Français", "English", "Türkçe", "Polski", "Română"]

    chosen = phone.get(f"/meekijken/{token}?taal=ar")
    assert html_language(chosen.text) == ("ar", "rtl")
    assert "أنتم تتابعون الاجتماع." in chosen.text and "Je kijkt mee" not in chosen.text
    assert ("ar", "العربية", True) in picker(chosen.text)
    cookie = chosen.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE}=ar;") and f"Path=/meekijken/{token}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=43200" in cookie
    page = unescape(chosen.text)
    assert f"/meekijken/{token}/events?since=" in page and re.search(r"/events\?since=\d+&taal=ar", page)
    assert f"/meekijken/{token}/regio/worry?taal=ar" in page  # the regions' refresh keeps it
    assert f"/meekijken/{token}/mijn-score?taal=ar" in page

    reloaded = phone.get(f"/meekijken/{token}")  # as scanned again from the QR code
    assert html_language(reloaded.text) == ("ar", "rtl") and "أنتم تتابعون الاجتماع." in reloaded.text
    assert "Set-Cookie" not in reloaded.headers
    assert html_language(phone.get(f"/meekijken/{token}?taal=klingon").text) == ("ar", "rtl")

    other = app.test_client()
    assert html_language(other.get(f"/meekijken/{token}").text) == ("nl", "ltr")
    assert html_language(other.get(f"/meekijken/{token}?taal=klingon").text) == ("nl", "ltr")
    desk = client.get(f"/overleg/{meeting['id']}")
    assert html_language(desk.text) == ("nl", "ltr") and "other-language" not in desk.text

    back = phone.get(f"/meekijken/{token}?taal=nl")
    assert html_language(back.text) == ("nl", "ltr") and back.headers["Set-Cookie"].startswith(f"{COOKIE}=nl;")
    assert html_language(phone.get(f"/meekijken/{token}").text) == ("nl", "ltr")


def test_the_score_form_and_its_errors_speak_the_phone_s_language(app, client, meeting):  # noqa: F811
    m, people = meeting["id"], meeting["people"]
    phone, token, form_token = phone_for(app, client, m)
    dutch = app.test_client()
    assert client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""}).status_code == 204
    phone.get(f"/meekijken/{token}?taal=fr")

    anonymous = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "4"})
    assert anonymous.status_code == 403 and "Choisissez d'abord qui vous êtes." in unescape(anonymous.text)
    assert "Pas possible" in anonymous.text
    own = unescape(phone.get(f"/meekijken/{token}/mijn-score").text)
    assert "Votre note" in own and "Qui êtes-vous ?" in own and "Choisissez votre nom" in own and "C'est moi" in own
    nobody = phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": ""})
    assert nobody.status_code == 422 and "Choisissez votre nom dans la liste." in unescape(nobody.text)
    assert phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={
        "form_token": form_token, "participant": people["Rita"]}).status_code == 200
    taken = dutch.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": people["Rita"]})
    assert taken.status_code == 422 and "Kies je naam uit de lijst." in taken.text  # the other phone: Dutch

    too_long = "x" * 301
    for data, message in [({"score": "zeven"}, "Choisissez une note de 0 à 10."),
                          ({"score": "11"}, "Choisissez une note de 0 à 10."),
                          ({"score": ""}, "Choisissez une note de 0 à 10."),
                          ({"score": "6", "why_high": too_long}, "Utilisez au maximum 300 caractères.")]:
        response = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token} | data)
        text = unescape(response.text)
        assert response.status_code == 422 and message in text, data
        assert "Rita, quelle note donnez-vous ?" in text and "Envoyer la note" in text
        assert data.get("why_high", "") in text  # what was typed stays
    assert db_scores(app) == []

    done = unescape(phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={
        "form_token": form_token, "score": "6", "why_high": "Oma komt elke dag"}).text)
    assert "Merci, Rita. Votre note a été envoyée." in done and "Changer la note" in done
    assert db_scores(app) == [(people["Rita"], 6)]
    assert "Oma komt elke dag" not in dutch.get(f"/meekijken/{token}").text  # a score stays private
    assert "Oma komt elke dag" not in dutch.get(f"/meekijken/{token}/regio/scale").text

    dutch.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": people["Kevin"]})
    kevin = dutch.get(f"/meekijken/{token}/mijn-score").text
    assert "Kevin, welk cijfer geef jij?" in kevin and "Score doorgeven" in kevin and "quelle note" not in kevin

    # The round is revealed while Rita's phone still shows the form: the refusal is in French.
    assert client.post(f"/overleg/{m}/schaal/onthullen", headers=HX).status_code == 204
    late = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "8"})
    assert late.status_code == 409 and "Il n'y a pas de tour de l'échelle de sécurité en ce moment." in unescape(late.text)
    assert db_scores(app) == [(people["Rita"], 6)]


def db_scores(app) -> list[tuple[int, int]]:
    with app.app_context():
        return [(s.participant_id, s.score) for s in db.session.scalars(select(ScaleScore))]


def test_the_arabic_score_form_answers_in_arabic(app, client, meeting):  # noqa: F811
    m = meeting["id"]
    phone, token, form_token = phone_for(app, client, m)
    client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""})
    phone.get(f"/meekijken/{token}?taal=ar")
    phone.post(f"/meekijken/{token}/ik-ben", headers=HX, data={"form_token": form_token, "participant": meeting["people"]["Sofie"]})
    wrong = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "zeven"})
    assert wrong.status_code == 422 and "اختاروا درجة من 0 إلى 10." in wrong.text
    done = phone.post(f"/meekijken/{token}/mijn-score", headers=HX, data={"form_token": form_token, "score": "3"})
    assert "شكرًا، Sofie. تم إرسال درجتكم." in done.text and "تغيير الدرجة" in done.text


def test_a_phone_without_its_script_yet_scores_with_plain_forms(app, client, meeting):  # noqa: F811
    """Sent before the page's script arrived: each answer is the whole follow page (a 303 back
    to it, at the score; an error re-renders it), in the phone's language."""
    m = meeting["id"]
    phone, token, form_token = phone_for(app, client, m)
    client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""})
    phone.get(f"/meekijken/{token}?taal=fr")
    nobody = phone.post(f"/meekijken/{token}/ik-ben?taal=fr", data={"form_token": form_token, "participant": ""})
    assert nobody.status_code == 422 and "<html" in nobody.text and 'id="my-score"' in nobody.text
    assert "Choisissez votre nom dans la liste." in unescape(nobody.text)
    claimed = phone.post(f"/meekijken/{token}/ik-ben?taal=fr", data={"form_token": form_token,
                                                                   "participant": meeting["people"]["Sofie"]})
    assert claimed.status_code == 303 and claimed.headers["Location"] == f"/meekijken/{token}?taal=fr#my-score"
    page = unescape(phone.get(claimed.headers["Location"]).text)
    assert 'name="score"' in page and "<html" in page
    wrong = phone.post(f"/meekijken/{token}/mijn-score?taal=fr", data={"form_token": form_token, "score": "zeven"})
    assert wrong.status_code == 422 and "<html" in wrong.text and 'name="score"' in wrong.text
    done = phone.post(f"/meekijken/{token}/mijn-score?taal=fr", data={"form_token": form_token, "score": "3"})
    assert done.status_code == 303 and done.headers["Location"].endswith("#my-score")
    with app.app_context():
        assert db.session.scalar(select(ScaleScore.score).where(ScaleScore.participant_id == meeting["people"]["Sofie"])) == 3


def test_the_end_and_gone_pages_speak_the_phone_s_language(app, client, meeting):  # noqa: F811
    m = meeting["id"]
    phone, token, _ = phone_for(app, client, m)
    gone = app.test_client().get("/meekijken/" + "x" * 43 + "?taal=tr")
    assert gone.status_code == 404 and html_language(gone.text) == ("tr", "ltr")
    assert "Bağlantı doğru değil ya da toplantı bitti." in gone.text
    assert "Deze link werkt niet" in app.test_client().get("/meekijken/" + "x" * 43).text
    phone.get(f"/meekijken/{token}?taal=ar")
    decide_safe(client, m)
    assert client.post(f"/overleg/{m}/afsluiten", headers=HX).status_code in (200, 204)
    ended = phone.get(f"/meekijken/{token}")
    assert ended.status_code == 410 and html_language(ended.text) == ("ar", "rtl")
    assert "انتهى الاجتماع. شكرًا لمشاركتكم في التفكير معنا." in ended.text
    assert "Het overleg is afgelopen" in app.test_client().get(f"/meekijken/{token}").text


def events_path(html: str) -> str:
    return unescape(re.search(r'sse-connect="([^"]+)"', html).group(1))


def test_two_phones_receive_the_meeting_each_in_its_own_language(app, client, meeting, monkeypatch):  # noqa: F811
    renderer = app.extensions["live_render"]
    rendered = []
    real = renderer._render

    def recording(meeting_id, name, audience, base_url, language):
        rendered.append((name, language))
        return real(meeting_id, name, audience, base_url, language)

    monkeypatch.setattr(renderer, "_render", recording)
    m = meeting["id"]
    arabic, token, _ = phone_for(app, client, m)
    dutch = app.test_client()
    paths = {"ar": events_path(arabic.get(f"/meekijken/{token}?taal=ar").text),
             "nl": events_path(dutch.get(f"/meekijken/{token}").text)}
    assert paths["ar"].endswith("&taal=ar") and paths["nl"].endswith("&taal=nl")
    due = dates.today() + timedelta(days=9)
    with serving(app) as port:
        streams = {language: EventStream("127.0.0.1", port, path) for language, path in paths.items()}
        response = client.post(f"/overleg/{m}/plan/acties", headers=HX, data={
            "new-action-what": "Oma haalt Finn op", "new-action-due_on": due.isoformat(),
            "new-action-visibility": "family"})
        assert response.status_code == 204
        assert client.post(f"/overleg/{m}/schaal", headers=HX, data={"about": ""}).status_code == 204
        with app.app_context():
            last = str(db.session.get(Meeting, m).version)
        pushed = {language: {e.event: e.data for e in read_until(stream, last)} for language, stream in streams.items()}
        for stream in streams.values():
            stream.close()
    assert ("plan", "ar") in rendered and ("plan", "nl") in rendered
    # What people typed is the same on both; the date is in each phone's language.
    for language in ("ar", "nl"):
        assert "Oma haalt Finn op" in pushed[language]["plan-changed"]
        region = (arabic if language == "ar" else dutch).get(f"/meekijken/{token}/regio/plan?taal={language}").text
        assert pushed[language]["plan-changed"] == region
    assert format_date(due, format="long", locale="ar") in pushed["ar"]["plan-changed"]
    assert date_nl(due) in pushed["nl"]["plan-changed"] and date_nl(due) not in pushed["ar"]["plan-changed"]
    # The scale's event asks each phone for its own score, which answers in that phone's language.
    assert "scale-changed" in pushed["ar"] and "scale-changed" in pushed["nl"]
    mine = arabic.get(f"/meekijken/{token}/mijn-score?taal=ar").text
    assert "درجتكم" in mine and "Jouw score" not in mine
    assert "Jouw score" in dutch.get(f"/meekijken/{token}/mijn-score?taal=nl").text
