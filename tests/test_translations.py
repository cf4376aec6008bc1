"""The family's language: the desk stays Dutch, a family-facing request speaks the family's
language from the committed catalogues, and every catalogue has every message."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import render_template

from samenveilig import i18n
from samenveilig.extensions import db
from samenveilig.models import FAMILY_LANGUAGE_LABELS, Case

from .helpers import TRANSLATIONS, source_messages

ROOT = Path(__file__).resolve().parent.parent
OTHERS = [language for language in i18n.FAMILY_LANGUAGES if language != i18n.SOURCE]
GONE_NL = ("Deze link werkt niet", "Vraag je consulent om een nieuwe link.", "Naar de inhoud")
GONE = {
    "fr": "Ce lien ne fonctionne pas",
    "en": "This link does not work",
    "ar": "هذا الرابط لا يعمل",
    "tr": "Bu bağlantı çalışmıyor",
    "pl": "Ten link nie działa",
    "ro": "Acest link nu funcționează",
}


PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def catalogue(language: str):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def test_the_desk_stays_dutch_left_to_right(client):
    page = client.get("/login")
    assert '<html lang="nl" dir="ltr">' in page.text


def test_only_a_family_facing_request_gets_another_language(app):
    with app.test_request_context("/dossiers"):
        assert i18n.select_locale() == "nl"
    with app.test_request_context("/gezin/x"):
        i18n.speak_to_family("ar")
        assert i18n.select_locale() == "ar"
    with app.test_request_context("/gezin/x"):
        i18n.speak_to_family("klingon")
        assert i18n.select_locale() == "nl"


def test_the_family_link_that_works_no_more_is_dutch_by_default(client):
    page = client.get("/gezin/bestaat-niet")
    assert page.status_code == 404
    assert '<html lang="nl" dir="ltr">' in page.text
    assert all(text in page.text for text in GONE_NL)


@pytest.mark.parametrize("language", OTHERS)
def test_the_gone_page_speaks_each_family_language(app, language):
    with app.test_request_context("/gezin/x"):
        i18n.speak_to_family(language)
        html = render_template("share/gone.html")
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert GONE[language] in html
    assert not any(text in html for text in GONE_NL)


@pytest.mark.parametrize("language", OTHERS)
def test_every_catalogue_has_every_message(language):
    po = catalogue(language)
    assert str(po.locale) == language
    translated = {message.id: message for message in po if message.id}
    assert source_messages() <= translated.keys(), "run `make translations` and translate"
    assert not [message.id for message in translated.values() if not message.string]
    assert not [message.id for message in translated.values() if message.fuzzy]
    assert not placeholder_mistakes(po), "a translation loses or invents a %(placeholder)s"
    assert not plural_mistakes(po), f"plural messages need {po.num_plurals} forms in {language}"


def placeholder_mistakes(po) -> list[tuple[str, str]]:
    """(msgid, translation) for every translation whose %(placeholders)s differ from its msgid's."""
    mistakes = []
    for message in po:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(text) for text in ids))
        # A language with one plural form may leave out the number, never add another name.
        mistakes += [(ids[0], text) for text in strings if text and (
            placeholders(text) - expected or (not message.pluralizable and placeholders(text) != expected))]
    return mistakes


def plural_mistakes(po) -> list[str]:
    return [message.id[0] for message in po if message.id and message.pluralizable
            and len(message.string) != po.num_plurals]


def test_the_catalogue_check_finds_a_lost_placeholder_and_a_missing_plural_form():
    from babel.messages.catalog import Catalog
    po = Catalog(locale="pl")
    po.add("Uitleg voor %(name)s", "Wyjaśnienie dla %(naam)s")
    po.add("Goed gedaan, %(name)s", "Dobra robota, %(name)s")
    po.add(("%(num)s actie", "%(num)s acties"), ("%(num)s działanie", "%(num)s działania"))
    assert placeholder_mistakes(po) == [("Uitleg voor %(name)s", "Wyjaśnienie dla %(naam)s")]
    assert plural_mistakes(po) == ["%(num)s actie"]


@pytest.mark.db
def test_the_consultant_records_the_family_language_on_the_case(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    form = logged_in.get(f"/dossiers/{case.id}/bewerken").text
    assert "Taal van het gezin" in form
    assert all(f">{label}</option>" in form for label in FAMILY_LANGUAGE_LABELS.values())
    data = {"family_name": "Maes", "service": "OCJ", "family_language": "ar"}
    assert logged_in.post(f"/dossiers/{case.id}/bewerken", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(Case, case.id).family_language == "ar"
    history = logged_in.get(f"/dossiers/{case.id}/geschiedenis").text
    assert "Taal van het gezin" in history and "Arabisch" in history


@pytest.mark.db
def test_a_language_we_do_not_speak_is_refused_and_nothing_is_lost(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    data = {"family_name": "Maes-Claes", "service": "OCJ", "family_language": "xx"}
    page = logged_in.post(f"/dossiers/{case.id}/bewerken", data=data)
    assert page.status_code == 422
    assert "Maes-Claes" in page.text and "Ongeldige keuze." in page.text
    with app.app_context():
        assert db.session.get(Case, case.id).family_language == "nl"


def test_a_new_case_speaks_dutch_to_the_family(app, consultant, make_case):
    case = make_case(consultant)
    with app.app_context():
        assert db.session.get(Case, case.id).family_language == "nl"
