"""Template filters and globals: Dutch dates in Brussels time."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import segno
from flask import Flask
from markupsafe import Markup

BRUSSELS = ZoneInfo("Europe/Brussels")
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    from . import audit, models

    app.jinja_env.filters.update(
        date_nl=date_nl,
        datetime_nl=datetime_nl,
        weekday_nl=weekday_nl,
        count_nl=count_nl,
        age=age,
        audit_label=audit.describe,
        audit_changes=audit.readable_changes,
        qr_svg=qr_svg,
    )
    labels = SimpleNamespace(
        categories=models.CATEGORY_LABELS,
        columns=models.COLUMNS,
        visibilities=models.VISIBILITY_LABELS,
        terms=models.TERM_LABELS,
        kinds=models.MEETING_KIND_LABELS,
        services=models.SERVICE_LABELS,
        urgencies=models.URGENCY_LABELS,
        answers=models.ANSWER_LABELS,
        statuses=models.ACTION_STATUS_LABELS,
        verdicts=models.VERDICT_LABELS,
    )
    from .meetings.scaleline import layout

    app.jinja_env.globals.update(
        today=today,
        timedelta=timedelta,
        labels=labels,
        scale_layout=layout,
    )


def qr_svg(url: str) -> Markup:
    """A QR code as inline SVG, drawn here: no outside service ever sees the link."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="qr",
                          title="QR-code van de meekijklink", dark="#000", light="#fff")
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


def today() -> date:
    return datetime.now(BRUSSELS).date()


def date_nl(value: date | datetime | None, default: str = "") -> str:
    """28 november 2026"""
    if value is None:
        return default
    if isinstance(value, datetime):
        value = value.astimezone(BRUSSELS).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def datetime_nl(value: datetime | None, default: str = "") -> str:
    """28 november 2026 om 14:03"""
    if value is None:
        return default
    local = value.astimezone(BRUSSELS)
    return f"{date_nl(local.date())} om {local:%H:%M}"


def count_nl(number: int, one: str, more: str) -> str:
    """"1 actie", "3 acties"."""
    return f"{number} {one if number == 1 else more}"


def weekday_nl(value: date) -> str:
    return WEEKDAYS[value.weekday()]


def age(born: date, on: date | None = None) -> int:
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
