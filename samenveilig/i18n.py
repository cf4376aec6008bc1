"""The family's language: gettext catalogues for the screens a family sees. The desk stays
Dutch; only a request marked family-facing (by its blueprint or route) gets another locale.

A screen's language is a short code, the value of its `?taal=`: one language (`ar`), or
Dutch with a second language beside it (`nl+ar`, the projector in a room with an
interpreter). Texts are wrapped as `_("…")` (the screen's language) or, for headings and the
method's questions, `both("…")` (both languages when the screen has two). Python marks its
Dutch texts with `N_("…")` and the template translates them where they are shown."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.support import NullTranslations, Translations
from flask import Flask, g, has_app_context, request
from flask_babel import Babel, get_locale
from markupsafe import Markup, escape

from .dates import BRUSSELS, date_nl, datetime_nl, weekday_nl
from .models import FAMILY_LANGUAGE_LABELS
from .models.types import N_ as N_  # the one marker for Dutch texts in code (the models use it too)

SOURCE = "nl"
FAMILY_LANGUAGES = tuple(FAMILY_LANGUAGE_LABELS)
RTL = frozenset({"ar"})
# Each language by its own name, for the pickers a family member reads.
ENDONYMS = {"nl": "Nederlands", "fr": "Français", "en": "English", "ar": "العربية",
            "tr": "Türkçe", "pl": "Polski", "ro": "Română"}
CATALOGUES = Path(__file__).parent / "translations"

babel = Babel()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_locale=SOURCE,
                   default_timezone="Europe/Brussels")
    app.jinja_env.globals.update(page_language=page_language, text_direction=text_direction,
                                 both=both, screen_language=screen_language,
                                 language_choices=language_choices)
    app.jinja_env.filters.update(date_nl=date_shown, datetime_nl=datetime_shown, weekday_nl=weekday_shown,
                                 list_shown=list_shown)


def parse(value: str | None, default: str = SOURCE) -> str:
    """A valid screen language from `?taal=` (`ar`, `nl+ar`), or the default."""
    if value in FAMILY_LANGUAGES:
        return value
    first, _, second = (value or "").partition("+")
    if first == SOURCE and second in FAMILY_LANGUAGES and second != SOURCE:
        return value
    return default


def room_default(family_language: str | None) -> str:
    """The projector's language: Dutch, with the family's language beside it when it differs."""
    if family_language in FAMILY_LANGUAGES and family_language != SOURCE:
        return f"{SOURCE}+{family_language}"
    return SOURCE


def speak(language: str) -> None:
    """Render this request in a screen language (see `parse`); Dutch if unknown."""
    language = parse(language)
    first, _, second = language.partition("+")
    g.family_language = first
    g.second_language = second or None
    g.screen_language = language
    g.pop("_flask_babel", None)  # Flask-Babel keeps the locale it chose first: choose again


SPOKEN = ("family_language", "second_language", "screen_language", "_flask_babel")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Render in this screen language for a while, also outside a request (the PDF worker),
    and speak as before afterwards."""
    before = {key: g.get(key) for key in SPOKEN if key in g}
    speak(language)
    try:
        yield
    finally:
        for key in SPOKEN:
            g.pop(key, None)
        for key, value in before.items():
            setattr(g, key, value)


def speak_to_family(language: str | None) -> None:
    """Mark this request as one the family reads, in their language (Dutch if unknown)."""
    speak(language if language in FAMILY_LANGUAGES else SOURCE)


def picked() -> str | None:
    """The one language picked for a family's screen with `?taal=`; None if none (or unknown)."""
    chosen = request.args.get("taal")
    return chosen if chosen in FAMILY_LANGUAGES else None


def speak_to_family_of(case) -> None:
    """A screen printed or shown for this case's family: in the language picked with
    `?taal=`, else the case's language."""
    speak_to_family(picked() or case.family_language)


def select_locale() -> str:
    """The family's language on family-facing requests, Dutch everywhere else."""
    return g.get("family_language") or SOURCE


def page_language() -> str:
    """The language of the page being rendered, for `<html lang>`."""
    return str(get_locale() or SOURCE)


def screen_language() -> str:
    """This request's screen language (`nl`, `ar`, `nl+ar`): what its links carry on."""
    return g.get("screen_language", SOURCE) if has_app_context() else SOURCE


def text_direction(language: str) -> str:
    return "rtl" if language in RTL else "ltr"


@cache
def catalogue(language: str) -> NullTranslations:
    if language == SOURCE:
        return NullTranslations()
    return Translations.load(str(CATALOGUES), [language])


def translate(text: str, language: str) -> str:
    return catalogue(language).gettext(text)


def both(text: str, **params) -> Markup:
    """A heading or question: in the screen's language, and when the screen has a second
    language, that one beside it (marked with its own `lang` and `dir`). `params` fill its
    placeholders ("Wat doet dit met %(names)s?"), escaped unless they are markup."""
    second = g.get("second_language") if has_app_context() else None
    first = g.get("family_language", SOURCE) if has_app_context() else SOURCE
    shown = escape(translate(text, first)) % params if params else escape(translate(text, first))
    if not second:
        return shown
    other = escape(translate(text, second)) % params if params else escape(translate(text, second))
    return Markup('{}<span class="other-language" lang="{}" dir="{}">{}</span>').format(
        shown, second, text_direction(second), other)


def language_choices(current: str | None = None, first: str | None = None) -> list[tuple[str, str, bool]]:
    """(code, name in its own language, chosen) for a picker; `first` (the family's) leads."""
    current = current or page_language()
    codes = sorted(FAMILY_LANGUAGES, key=lambda code: (code != first, code != SOURCE))
    return [(code, ENDONYMS[code], code == current) for code in codes]


def _language() -> str:
    return page_language() if has_app_context() else SOURCE


def date_shown(value, default: str = "") -> str:
    """28 november 2026, or the same in the screen's language (also from an ISO date, as a
    plan kept at closing holds them)."""
    language = _language()
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    if value is None or language == SOURCE:
        return date_nl(value, default)
    if hasattr(value, "astimezone"):
        value = value.astimezone(BRUSSELS).date()
    return format_date(value, format="long", locale=language)


def datetime_shown(value, default: str = "") -> str:
    """28 november 2026 om 14:03, or the same in the screen's language."""
    language = _language()
    if value is None or language == SOURCE:
        return datetime_nl(value, default)
    day = format_date(value.astimezone(BRUSSELS).date(), format="long", locale=language)
    time = format_time(value, format="short", tzinfo=BRUSSELS, locale=language)
    return Locale.parse(language).datetime_formats["long"].format(time, day)  # "{1}, {0}"


def weekday_shown(value) -> str:
    language = _language()
    return weekday_nl(value) if language == SOURCE else format_date(value, format="EEEE", locale=language)


def list_shown(names: list[str]) -> str:
    """"Yasmine, Noah en Lotte", in the screen's language (the desk's Dutch by default); each
    name stays isolated when it comes as markup (`names|map("bdi")|list_shown`)."""
    names = list(names)
    if any(isinstance(name, Markup) for name in names):
        return Markup(format_list([str(escape(name)) for name in names], locale=_language()))
    return format_list(names, locale=_language()) if names else ""
