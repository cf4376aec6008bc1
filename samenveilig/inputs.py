"""Bounds on what a request may carry: ids the database can hold, no NUL bytes and no bidi
controls in text."""

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


# Unicode's explicit bidi controls: embeddings and overrides (U+202A-U+202E) and isolates
# (U+2066-U+2069). No one needs them to type a name or a sentence, and one left open in a name
# (U+202E, "right-to-left override") turns the text after it around on every screen that shows it.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# The marks (left-to-right, right-to-left, Arabic letter mark) open nothing and so cannot spill
# past their own text, and people writing Arabic use them in sentences to put punctuation in its
# place. A name or another one-line text loses them too: at its start a mark decides which way
# the name is read, whatever its letters say.
BIDI_MARKS = "\u200e\u200f\u061c"
_NO_CONTROLS = str.maketrans(dict.fromkeys(map(ord, "\x00" + BIDI_CONTROLS)))
_NO_MARKS = str.maketrans(dict.fromkeys(map(ord, "\x00" + BIDI_CONTROLS + BIDI_MARKS)))


def without_bidi_controls(value):
    """A longer text as it may be stored: no NUL bytes, no bidi controls (marks stay)."""
    return value.translate(_NO_CONTROLS) if isinstance(value, str) else value


def one_line(value):
    """A name or another one-line text as it may be stored: no NUL bytes, no bidi controls and
    no bidi marks. Also for names that come from elsewhere (the command line, the sign-in
    provider)."""
    return value.translate(_NO_MARKS) if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
