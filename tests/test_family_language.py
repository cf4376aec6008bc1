"""The family's screens in the family's language: the family link (and its explanation for a
child, its error pages), the printed plan, the family's PDF and the explanation on paper speak
the case's language; a family member picks another on the page itself (`?taal=`, no cookie);
the desk, the file's PDF and the desk's pages stay Dutch."""

import re
import unicodedata
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Case, Child, Export, MappingItem, Meeting, Participant, PlanAction, User
from samenveilig.review import worker
from samenveilig.stories import services as stories

from .conftest import save
from .helpers import HX, agreed_meeting, discuss_and_share, pdf_text
from .helpers import exported_pdf_text as meeting_pdf_text
from .helpers import family_form_token as form_token
from .helpers import make_family_link as make_link

pytestmark = pytest.mark.db
ACTION = "Oma Rita haalt Yasmine op na school"  # typed: never translated
WORDS = "Mama en papa maken ruzie. Dat is niet jouw schuld."


@pytest.fixture
def case(app, consultant, make_case, logged_in):
    """An Arabic-speaking family's case with a family action on its plan and a child."""
    case = make_case(consultant, family_name="Haddad")
    with app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        db.session.add_all([PlanAction(case_id=case.id, what=ACTION, visibility="family"),
                            Child(case_id=case.id, first_name="Yasmine", date_of_birth=date(2014, 5, 1))])
        save()
    agreed_meeting(app, case.id)  # the action was agreed at a meeting: the family's outputs show it
    return case


@pytest.fixture
def token(logged_in, case):
    return make_link(logged_in, case.id)


@pytest.fixture
def shared_story(app, logged_in, case, consultant):
    """Yasmine's explanation, discussed with the parents and shared on the family link."""
    with app.app_context():
        yasmine = db.session.scalar(db.select(Child).where(Child.case_id == case.id))
        version = stories.create_story(db.session.get(User, consultant.id), db.session.get(Case, case.id), yasmine,
                                       [(WORDS, stories.Picture(figure="huis"))])
        child = dict(case=case.id, id=yasmine.id, url=f"/dossiers/{case.id}/kinderen/{yasmine.id}/uitleg")
        version_id = version.id
    discuss_and_share(logged_in, child, version_id)
    return child | dict(version=version_id)


class Links(HTMLParser):
    """Every link's href and every form's action of a page (pictures are not links)."""

    def __init__(self, html: str):
        super().__init__()
        self.targets: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        if tag == "form":
            self.targets.append(attrs.get("action") or "")


def family_links(html: str) -> list[str]:
    """The page's own links; the accessibility statement is in Dutch only (hreflang="nl")."""
    return [t for t in Links(html).targets if not t.startswith(("#", "tel:", "mailto:", "/toegankelijkheid"))]


def test_the_arabic_family_link_is_arabic_right_to_left_without_a_cookie(app, token, shared_story):
    family = app.test_client()
    page = family.get(f"/gezin/{token}")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="ar" dir="rtl">' in html
    for arabic in ("خطتكم", "هنا تجدون ما اتفقنا عليه معًا", "كيف يسير التعاون معنا؟", "إرسال", "شرح لـ Yasmine"):
        assert arabic in html, arabic
    assert "Jullie plan" not in html and "Versturen" not in html
    assert ACTION in html  # what people typed stays as typed
    assert "Set-Cookie" not in page.headers
    # The picker: the case's language first, then Dutch, then the others by their own name.
    picker = html.split('class="language-picker')[1].split("</nav>")[0]
    names = re.findall(r'lang="(\w+)"[^>]*>([^<]+)</a>', picker)
    assert [code for code, _ in names] == ["ar", "nl", "fr", "en", "tr", "pl", "ro"]
    assert dict(names)["ar"] == "العربية" and dict(names)["nl"] == "Nederlands" and dict(names)["pl"] == "Polski"
    assert re.search(r'href="\?taal=ar"[^>]*aria-current="true"', picker)


def test_a_family_member_picks_french_and_every_link_and_form_keeps_it(app, token, shared_story):
    family = app.test_client()
    page = family.get(f"/gezin/{token}?taal=fr")
    html = page.text
    assert '<html lang="fr" dir="ltr">' in html and "Votre plan" in html and "Envoyer" in html
    assert "خطتكم" not in html
    assert "Set-Cookie" not in page.headers
    links = family_links(html)
    assert any("/uitleg/" in link for link in links) and any("/feedback" in link for link in links)
    assert all("taal=" in link for link in links), links
    kept = [link for link in links if "/gezin/" in link]
    assert kept and all("taal=fr" in link for link in kept), kept
    story = family.get(f"/gezin/{token}/uitleg/{shared_story['id']}?taal=fr")
    assert story.status_code == 200 and "Explication pour Yasmine" in story.text and WORDS in story.text
    assert "← Retour à votre plan" in story.text
    assert all("taal=" in link for link in family_links(story.text))
    assert f'href="/gezin/{token}?taal=fr"' in story.text  # back to the plan, still in French


def test_the_story_page_speaks_the_cases_language(app, token, shared_story):
    page = app.test_client().get(f"/gezin/{token}/uitleg/{shared_story['id']}")
    assert '<html lang="ar" dir="rtl">' in page.text and "شرح لـ Yasmine" in page.text and WORDS in page.text
    assert f'href="/gezin/{token}"' in page.text  # nothing chosen: nothing to carry


@pytest.mark.parametrize("taal", ["xx", "nl+ar", "", "AR"])
def test_an_unknown_language_falls_back_to_the_cases_language(app, token, taal):
    page = app.test_client().get(f"/gezin/{token}?taal={taal}")
    assert page.status_code == 200 and '<html lang="ar" dir="rtl">' in page.text and "خطتكم" in page.text
    assert f"taal={taal}&" not in page.text and f"/feedback?taal={taal}" not in page.text


def test_feedback_in_french_answers_in_french_after_the_redirect_and_in_its_error(app, token):
    family = app.test_client()
    url = f"/gezin/{token}/feedback?taal=fr"
    wrong = family.post(url, data={"form_token": form_token(app, token), "text": "x" * 1001})
    assert wrong.status_code == 422 and '<html lang="fr"' in wrong.text
    assert "Choisissez un chiffre de 1 à 5." in wrong.text and "Utilisez 1000 caractères au maximum." in wrong.text
    assert "Kies een cijfer" not in wrong.text
    assert "x" * 1001 in wrong.text  # nothing typed is lost
    assert f"/gezin/{token}/feedback?taal=fr" in wrong.text
    tampered = family.post(url, data={"form_token": form_token(app, token), "rating": "9"})
    assert tampered.status_code == 422 and "pas un choix valide" in tampered.text  # WTForms' own, in French
    sent = family.post(url, data={"form_token": form_token(app, token), "rating": "4", "text": "Merci"})
    assert sent.status_code == 303 and sent.headers["Location"] == f"/gezin/{token}?bedankt=1&taal=fr#feedback"
    assert "Set-Cookie" not in sent.headers
    thanks = family.get(sent.headers["Location"])
    assert '<html lang="fr"' in thanks.text and "Merci ! Votre intervenant·e lira ce que vous avez écrit." in thanks.text


def test_the_link_that_works_no_more_is_dutch_unless_a_language_was_picked(app):
    family = app.test_client()
    dutch = family.get("/gezin/bestaat-niet")
    assert dutch.status_code == 404 and '<html lang="nl"' in dutch.text and "Deze link werkt niet" in dutch.text
    arabic = family.get("/gezin/bestaat-niet?taal=ar")
    assert arabic.status_code == 404 and '<html lang="ar" dir="rtl">' in arabic.text and "هذا الرابط لا يعمل" in arabic.text
    assert 'href="?taal=nl"' in arabic.text  # the picker, also here


def test_an_error_on_the_family_link_speaks_the_familys_language_and_the_desks_stays_dutch(app, logged_in, token):
    family = app.test_client()
    missing = family.get("/gezin/een/pad/dat/niet/bestaat?taal=ar")
    assert missing.status_code == 404 and '<html lang="ar" dir="rtl">' in missing.text
    assert "غير موجود" in missing.text and "رمز الخطأ 404" in missing.text
    assert app.extensions["inline_assets"]["css/family.css"].text in missing.text  # the family's own stylesheet
    assert 'class="site-nav' not in missing.text
    assert "Niet gevonden" in family.get("/gezin/een/pad/dat/niet/bestaat").text
    not_allowed = family.put(f"/gezin/{token}?taal=fr")  # no route answers: no case, the picked language
    assert not_allowed.status_code == 405 and '<html lang="fr"' in not_allowed.text and "Pas autorisé" in not_allowed.text
    desk = logged_in.get("/dossiers/999999/bestaat-niet?taal=ar")
    assert desk.status_code == 404 and '<html lang="nl" dir="ltr">' in desk.text and "Niet gevonden" in desk.text


def test_the_printed_plan_speaks_the_cases_language_or_the_one_picked(logged_in, case):
    printed = logged_in.get(f"/dossiers/{case.id}/plan/afdrukken")
    assert '<html lang="ar" dir="rtl">' in printed.text and "خطتكم" in printed.text and "عائلة Haddad" in printed.text
    assert ACTION in printed.text
    english = logged_in.get(f"/dossiers/{case.id}/plan/afdrukken?taal=en")
    assert '<html lang="en" dir="ltr">' in english.text and "Your plan" in english.text and "Haddad family" in english.text
    assert "Jullie plan" in logged_in.get(f"/dossiers/{case.id}/plan/afdrukken?taal=nl").text


def test_the_desk_plan_page_stays_dutch_and_offers_the_print_in_the_cases_language(logged_in, case):
    page = logged_in.get(f"/dossiers/{case.id}/plan").text
    assert '<html lang="nl" dir="ltr">' in page and "Afdrukken voor het gezin" in page and "Het plan nu" in page
    form = page.split('class="print-choice"')[1].split("</form>")[0]
    assert 'name="taal"' in form and 'value="ar" selected' in form and ">Arabisch<" in form
    assert "Taal van de afdruk" in form and "other-language" not in page


def family_pdf_text(text: str) -> str:
    """Arabic as the PDF holds it (shaped letters) back to plain letters, for comparing."""
    return unicodedata.normalize("NFKC", text)


def test_the_family_pdf_of_an_arabic_case_is_arabic_and_the_files_stays_dutch(app, logged_in, case, consultant):
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=1), status="closed")
        meeting.participants.append(Participant(user_id=consultant.id, name="Sarah Peeters"))
        db.session.add(meeting)
        db.session.flush()
        db.session.add(MappingItem(meeting_id=meeting.id, category="worry", text="ZORGITEM", visibility="family"))
        save()
        meeting_id = meeting.id
    family = family_pdf_text(meeting_pdf_text(logged_in, case.id, f"/overleg/{meeting_id}/pdf", "family"))
    for arabic in ("الخطة", "الأمان", "للعائلة", "الصفحة", "الصورة الكاملة"):  # the plan, the scale, the margins
        assert family_pdf_text(arabic) in family, arabic
    assert "ZORGITEM" in family and "Het plan" not in family and "Veiligheidsschaal" not in family
    assert family_pdf_text("المسؤول") in family and "consulent" not in family and "iedereen" not in family
    for_file = meeting_pdf_text(logged_in, case.id, f"/overleg/{meeting_id}/pdf", "file")
    assert "Het plan" in for_file and "Veiligheidsschaal" in for_file and "voor het dossier" in for_file
    assert "Pagina 1 van" in for_file and "الخطة" not in for_file
    assert "Sarah Peeters (consulent)" in for_file and "(iedereen)" in for_file


def test_the_explanation_on_paper_speaks_the_cases_language(app, logged_in, shared_story):
    url = f"{shared_story['url']}/versie/{shared_story['version']}"
    printed = logged_in.get(f"{url}/afdrukken")
    assert '<html lang="ar" dir="rtl">' in printed.text and "إلى Yasmine" in printed.text and WORDS in printed.text
    french = logged_in.get(f"{url}/afdrukken?taal=fr")
    assert "Pour Yasmine" in french.text and "Retour au dossier" in french.text
    assert "Voor Yasmine" in logged_in.get(f"{url}/afdrukken?taal=nl").text
    queued = logged_in.post(f"{url}/pdf", data={"audience": "family"}, headers=HX)
    assert queued.status_code == 200
    export_id = worker.work_once(app)
    with app.app_context():
        made = db.session.get(Export, export_id)
        assert made.status == "done", made.error
        text = family_pdf_text(pdf_text(made.pdf))
    assert family_pdf_text("إلى") in text and family_pdf_text("الصفحة") in text
    assert "Mama en papa maken ruzie" in text and "Voor Yasmine" not in text and "Pagina" not in text


def test_too_much_and_too_large_answer_in_the_cases_language_once_the_link_is_known(app, token):
    app.config["FEEDBACK_PER_LINK_PER_DAY"] = 0
    family = app.test_client()
    limited = family.post(f"/gezin/{token}/feedback", data={"form_token": form_token(app, token), "rating": "4"})
    assert limited.status_code == 429 and '<html lang="ar" dir="rtl">' in limited.text and "انتظروا قليلًا" in limited.text
    large = family.post(f"/gezin/{token}/feedback?taal=pl", data={"form_token": form_token(app, token),
                                                                   "text": "x" * (1024 * 1024 + 1)})
    assert large.status_code == 413 and '<html lang="pl"' in large.text and "Za długa wiadomość" in large.text


def test_speaking_a_language_outside_a_request_and_back(app):
    """What the PDF worker does: no request, only the app; afterwards Dutch again."""
    from flask import render_template_string

    from samenveilig import i18n

    with app.app_context():
        with i18n.speaking("ar"):
            assert render_template_string('{{ page_language() }} {{ both("Jullie plan") }}') == "ar خطتكم"
            assert i18n.date_shown(date(2026, 11, 28)) == "28 نوفمبر 2026"
        assert render_template_string('{{ page_language() }} {{ both("Jullie plan") }}') == "nl Jullie plan"
        assert i18n.date_shown(date(2026, 11, 28)) == "28 november 2026"
