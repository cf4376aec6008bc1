"""Bounds on what a request may carry: ids the database can hold, no NUL bytes in text."""

from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest id the database can store (ids are INTEGER: signed 32-bit on PostgreSQL); a
# larger one in a URL is a page that cannot exist, so it gets the 404 of any other unknown id.
MAX_ID = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` in every route: a non-negative integer the database can compare with."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max,
                         signed=signed)


def page_number(value: str) -> int:
    """A page number from the query string; out of range means the first page."""
    number = int(value)
    return number if 1 <= number <= MAX_ID else 1


def without_nul(value):
    """Drop NUL bytes: PostgreSQL cannot store them in text, and no one types them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
