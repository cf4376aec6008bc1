"""Template filters and globals: audit wording, labels, what people typed isolated from the
text around it (dates: i18n.py, in the screen's language), the page's script."""

import unicodedata
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import segno
from flask import Flask, current_app, g, has_app_context, url_for
from flask_babel import gettext
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from . import models
from .assets import BUNDLES
from .audience import child_drawing_shown, shown_to
from .cases import history
from .children.card import card as child_card
from .dates import age, today
from .i18n import ENDONYMS, SOURCE, page_language, text_direction, translate
from .inputs import without_bidi_controls
from .meetings.scaleline import layout
from .models.types import N_


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters.update(
        count_nl=count_nl,
        age=age,
        audit_label=history.describe,
        audit_changes=history.readable_changes,
        qr_svg=qr_svg,
        bdi=bdi,
        plain=plain,
        child_card=child_card,
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
        faces=models.FACE_LABELS,
    )
    app.jinja_env.globals.update(
        today=today,
        timedelta=timedelta,
        labels=labels,
        scale_layout=layout,
        csrf_token=csrf_token,
        child_drawing_shown=child_drawing_shown,
        shown_to=shown_to,
        translation_line=translation_line,
        translation_lines=translation_lines,
        language_name=language_name,
        field_attrs=field_attrs,
        live_ping_ms=live_ping_ms,
    )
    scripts = PageScripts(Path(app.static_folder))
    app.jinja_env.globals.update(hx_ext=scripts.switch_on, page_scripts=scripts.tags)


def compile_all(app: Flask) -> int:
    """Compile every template now, so the first page or pushed region after a start does not
    wait for it (the app server calls this before freezing what start-up loaded)."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


class PageScripts:
    """The page's script is htmx and the extensions it switches on: `{{ hx_ext("board-keys") }}`
    on an element writes its `hx-ext` and has the page load `static/js/board-keys.js`;
    `{{ page_scripts() }}`, at the end of the page's body, writes those `<script>` tags (htmx
    first). A page that switches nothing on loads no script at all. A phone page loads one
    bundle of them instead (assets.BUNDLES), in its `<head>` so that it arrives while the page
    does: `{{ page_scripts(bundle="phone") }}`; what the page switches on outside the bundle
    still follows at the end of its body."""

    HTMX = "vendor/htmx/htmx.min.js"
    VENDORED = {"sse": "vendor/htmx-ext-sse/sse.min.js"}

    def __init__(self, static: Path) -> None:
        self.files = {**self.VENDORED, **{path.stem: f"js/{path.name}" for path in (static / "js").glob("*.js")}}
        names = {file: name for name, file in self.files.items()} | {self.HTMX: "htmx"}
        self.bundles = {Path(file).stem: (file, {names[part] for part in parts}) for file, parts in BUNDLES.items()}

    def switch_on(self, *names: str | None) -> Markup:
        """` hx-ext="a, b"` for the names given; a false name (`meeting.is_open and "keys"`) is left out."""
        names = tuple(name for name in names if name)
        unknown = [name for name in names if name not in self.files]
        if unknown:
            raise ValueError(f"no htmx extension {', '.join(unknown)} in static/js")
        used = g.setdefault("htmx_extensions", [])
        used.extend(name for name in names if name not in used)
        return Markup(' hx-ext="{}"').format(", ".join(names))

    def tags(self, bundle: str | None = None) -> Markup:
        sent = g.setdefault("htmx_scripts_sent", set())
        if bundle:
            file, names = self.bundles[bundle]
            sent |= names
            return self.script(file)
        used = [name for name in g.get("htmx_extensions", []) if name not in sent]
        files = [*([] if "htmx" in sent else [self.HTMX]), *(self.files[name] for name in used)] if used else []
        return Markup("\n").join(self.script(file) for file in files)

    @staticmethod
    def script(file: str) -> Markup:
        return Markup('<script src="{}" defer></script>').format(url_for("static", filename=file))


def live_ping_ms() -> int:
    """How often a live page's stream pings, in ms (`data-ping-ms`): a page that hears nothing
    for about two of these opens its stream anew (static/js/live.js)."""
    return round(current_app.config["LIVE_PING_SECONDS"] * 1000)


def csrf_token() -> str:
    """The session's CSRF token; none in HTML pushed to many screens at once (their htmx
    requests carry each browser's own token in the X-CSRFToken header)."""
    return "" if g.get("pushed") else generate_csrf()


def field_attrs(field, hint: bool = False, first_option: bool = True, **attrs) -> dict:
    """The attributes of a form control (`_macros/forms.html`): its hint and error tied to it
    (aria-describedby, aria-invalid), and after a refused submit the focus on the first field in
    error of its form, in the order the page shows them (autofocus: the browser, or htmx after a
    swap, puts it there; any other field of that form gives up its own). For a group of radios
    or checkboxes, `field` is the group and `first_option` says whether this is its first one."""
    described = [f"{field.id}-hint"] if hint else []
    if field.errors:
        described.append(f"{field.id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    form = getattr(field, "_form", None)
    if form is not None and any(other.errors and not hidden(other) for other in form):
        attrs["autofocus"] = bool(field.errors) and first_option and focus_first(form)
    return attrs


def hidden(field) -> bool:
    return getattr(field.widget, "input_type", None) == "hidden"


def focus_first(form) -> bool:
    """True once per form and page: for the first field in error that the page renders."""
    focused = g.setdefault("forms_focused", [])
    if any(other is form for other in focused):
        return False
    focused.append(form)
    return True


NOT_TRANSLATED = N_("niet vertaald")


def translation_lines_of(entry) -> dict[str, str]:
    """An entry's translation lines, {language: text}: a board item, a plan entry, or a plan
    kept at closing (a dict)."""
    lines = entry.get("translations") if isinstance(entry, dict) else getattr(entry, "translations", None)
    return dict(lines or {})


def translation_line(entry, language: str | None = None) -> Markup:
    """The line under what people typed on a family's screen: what a board item or plan entry
    says in the screen's language (its second one on a screen with two), typed by the
    consultant (never machine-made), marked with that language and its direction. Where the
    entry has no line in that language, a small note says so, in that language ("niet
    vertaald"). Nothing on a Dutch screen. Call it only where the entry itself is shown: it
    reveals nothing of its own."""
    language = language or screen_translation_language()
    if not language or language == SOURCE:
        return Markup("")
    text = translation_lines_of(entry).get(language)
    if not text:
        return Markup('<span class="translation-missing" lang="{}" dir="{}">{}</span>').format(
            language, text_direction(language), translate(NOT_TRANSLATED, language))
    return Markup('<span class="translation-line" lang="{}" dir="{}">{}</span>').format(
        language, text_direction(language), text)


def translation_lines(entry, languages) -> Markup:
    """Every translation line of an entry in these languages (the case's), for the desk."""
    lines = translation_lines_of(entry)
    return Markup("").join(
        Markup('<span class="translation-line" lang="{}" dir="{}">{}</span>').format(
            language, text_direction(language), lines[language])
        for language in languages if lines.get(language))


def language_name(code: str) -> str:
    """A language by its own name ("العربية"), as every family's screen names it."""
    return ENDONYMS.get(code, code)


def screen_translation_language() -> str | None:
    """The language a family's screen shows translation lines in: its second language on a
    screen with two (`nl+ar`), else its own."""
    if not has_app_context():
        return None
    return g.get("second_language") or g.get("family_language")


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
