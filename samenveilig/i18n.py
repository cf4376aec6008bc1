"""The family's language: gettext catalogues for the screens a family sees. The desk stays
Dutch; only a request marked family-facing (by its blueprint or route) gets another locale."""

from flask import Flask, g
from flask_babel import Babel, get_locale

from .models import FAMILY_LANGUAGE_LABELS

SOURCE = "nl"
FAMILY_LANGUAGES = tuple(FAMILY_LANGUAGE_LABELS)
RTL = frozenset({"ar"})

babel = Babel()


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_locale=SOURCE,
                   default_timezone="Europe/Brussels")
    app.jinja_env.globals.update(page_language=page_language, text_direction=text_direction)


def speak_to_family(language: str | None) -> None:
    """Mark this request as one the family reads, in their language (Dutch if unknown)."""
    g.family_language = language if language in FAMILY_LANGUAGES else SOURCE


def select_locale() -> str:
    """The family's language on family-facing requests, Dutch everywhere else."""
    return g.get("family_language") or SOURCE


def page_language() -> str:
    """The language of the page being rendered, for `<html lang>`."""
    return str(get_locale() or SOURCE)


def text_direction(language: str) -> str:
    return "rtl" if language in RTL else "ltr"
