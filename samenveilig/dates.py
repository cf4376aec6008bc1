"""Dutch dates in Brussels time; imports nothing of the app, so any module may use it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]


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


def weekday_nl(value: date) -> str:
    return WEEKDAYS[value.weekday()]


def age(born: date, on: date | None = None) -> int:
    on = on or today()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
