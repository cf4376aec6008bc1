"""Template filters and globals: audit wording, labels, what people typed isolated from the
text around it (dates: i18n.py, in the screen's language)."""

import unicodedata
from datetime import timedelta
from types import SimpleNamespace

import segno
from flask import Flask, g, has_app_context
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from . import audit, models
from .dates import age, today
from .i18n import SOURCE, page_language, text_direction
from .inputs import without_bidi_controls
from .meetings.scaleline import layout
from .meetings.voice import drawing_shown


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        count_nl=count_nl,
        age=age,
        audit_label=audit.describe,
        audit_changes=audit.readable_changes,
        qr_svg=qr_svg,
        bdi=bdi,
        plain=plain,
    )
    labels = SimpleNamespace(
        categories=models.CATEGORY_LABELS,
        family_categories=models.FAMILY_CATEGORY_LABELS,
        family_statuses=models.FAMILY_ACTION_STATUS_LABELS,
        columns=models.COLUMNS,
        visibilities=models.VISIBILITY_LABELS,
        terms=models.TERM_LABELS,
        kinds=models.MEETING_KIND_LABELS,
        services=models.SERVICE_LABELS,
        urgencies=models.URGENCY_LABELS,
        answers=models.ANSWER_LABELS,
        statuses=models.ACTION_STATUS_LABELS,
        verdicts=models.VERDICT_LABELS,
        houses=models.HOUSE_LABELS,
    )
    app.jinja_env.globals.update(
        today=today,
        timedelta=timedelta,
        labels=labels,
        scale_layout=layout,
        csrf_token=csrf_token,
        child_drawing_shown=drawing_shown,
        translation_line=translation_line,
    )


def compile_all(app: Flask) -> int:
    """Compile every template now, so the first page or pushed region after a start does not
    wait for it (the app server calls this before freezing what start-up loaded)."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def csrf_token() -> str:
    """The session's CSRF token; none in HTML pushed to many screens at once (their htmx
    requests carry each browser's own token in the X-CSRFToken header)."""
    return "" if g.get("pushed") else generate_csrf()


def translation_line(entry, language: str | None = None) -> Markup:
    """The line under what people typed: what a board item or plan entry says in the family's
    language, typed by the consultant (never machine-made), marked with that language and its
    direction. `language`: the case's, unless the entry knows it (a stored plan's dict does not).
    Call it only where the entry itself is shown: it reveals nothing of its own."""
    text = entry.get("translation") if isinstance(entry, dict) else entry.translation
    language = language or getattr(entry, "family_language", None)
    if not text or not language or language == SOURCE:
        return Markup("")
    return Markup('<span class="translation-line" lang="{}" dir="{}">{}</span>').format(
        language, text_direction(language), text)


def first_strong_direction(text: str) -> str:
    """"ltr" or "rtl": the direction of the first letter that has one, as `dir="auto"` finds it;
    "ltr" for a text without letters (a phone number reads left to right on an Arabic page too)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def bdi(value, svg: bool = False) -> Markup:
    """What someone typed (a name, a sentence, a list of names), isolated from the text around
    it on every screen, print and PDF: "(zes maanden lang)." stays in that order on an Arabic
    page, and nothing in it turns the text after it around. A `<bdi>` with the direction of its
    first letter written out where it differs from the page's: `dir="auto"` would pick the same,
    but WeasyPrint reads only "ltr" and "rtl". Stored bidi controls (from before they were
    refused) are dropped. In SVG text
    (`svg=True`) a `<tspan>` does it. `{{ x|bdi }}` for one value; `(a or "—")|bdi` for a
    choice; in a translated sentence the name, not the sentence: `name=case.family_name|bdi`."""
    if value is None:
        return Markup("")
    html = escape(value)
    html = Markup(without_bidi_controls(str(html)))
    direction = first_strong_direction(html.striptags() if isinstance(value, Markup) else str(value))
    if svg:
        return Markup('<tspan direction="{}" unicode-bidi="isolate">{}</tspan>').format(direction, html)
    if direction == text_direction(page_language() if has_app_context() else SOURCE):
        return Markup("<bdi>{}</bdi>").format(html)  # the page's own direction: a board of 200 items stays light
    return Markup('<bdi dir="{}">{}</bdi>').format(direction, html)


def plain(value):
    """A text where no markup can isolate it (a page's `<title>`): without bidi controls."""
    if isinstance(value, Markup):
        return Markup(without_bidi_controls(str(value)))
    return without_bidi_controls(value)


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG, drawn here: no outside service ever sees the link."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr",
                          title=gettext("QR-code van de meekijklink"), dark="#000", light="#fff")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def count_nl(number: int, one: str, more: str) -> str:
    """"1 actie", "3 acties"."""
    return f"{number} {one if number == 1 else more}"
