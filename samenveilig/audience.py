"""Who a screen or a document is for, and the one rule for what that audience may see.

The audience is fixed by the route that serves a screen (the board and the desk are for the
consultant; the projector, the follow link, the family link, the printed plan and the PDF
"voor het gezin" are for the family; the PDF "voor het dossier" and the proposal to the
judge leave the agency for the case file). Every query, export and template asks this module,
never a visibility test of its own (tests/test_visibility_rule.py holds the code to that):

- `visible(column, audience)`: the SQL condition, for a query;
- `shown_to(row, audience)`: one row (or an entry of a plan's snapshot) already loaded;
- `child_drawing_shown(row, audience)`: the child's drawing with a board item or a story panel;
- `shown(audience)`: the visibilities themselves, for what the three are made of;
- `own_words(column)`: the child's own link, for what she said herself (see below)."""

from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import ColumnElement, true

from .models import SafetyPlan, StoryPanel, Visibility


class Audience(StrEnum):
    CONSULTANT = "consultant"  # the consultant's own screens: everything, marked
    FILE = "file"  # documents for the case file or the court: no confidential notes
    FAMILY = "family"  # the family's screens and papers: only what is marked for the family
    # The professionals around the case: what a child shares with them (or with everyone) may
    # come onto a meeting's board; what the child shares with no one stays in the file.
    PROFESSIONALS = "professionals"
    # The child's own link, for what is hers: her words in the three houses, her safety plan
    # and her Safety House, each marked with who may hear it (she chose that), also what she
    # shares with no one. Nothing of another child, ever; for the rest her link is FAMILY.
    CHILD = "child"


SHOWN: dict[Audience, tuple[Visibility, ...]] = {
    Audience.CONSULTANT: (Visibility.FAMILY, Visibility.PROFESSIONAL, Visibility.CONFIDENTIAL),
    Audience.FILE: (Visibility.FAMILY, Visibility.PROFESSIONAL),
    Audience.FAMILY: (Visibility.FAMILY,),
    Audience.PROFESSIONALS: (Visibility.FAMILY, Visibility.PROFESSIONAL),
    Audience.CHILD: tuple(Visibility),
}


def shown(audience: Audience) -> tuple[Visibility, ...]:
    """The visibilities this audience may see."""
    return SHOWN[Audience(audience)]


def visible(column, audience: Audience) -> ColumnElement[bool]:
    """The SQL condition on a `visibility` column for this audience."""
    allowed = shown(audience)
    return true() if len(allowed) == len(Visibility) else column.in_(allowed)


# Her own words on her own link (Audience.CHILD).
OWN_WORDS: tuple[Visibility, ...] = SHOWN[Audience.CHILD]


def own_words(column) -> ColumnElement[bool]:
    """The SQL condition on the `visibility` of the child's own words, on her own link."""
    return column.in_(OWN_WORDS)


def shown_to(row, audience: Audience) -> bool:
    """Whether this audience may see `row`: anything with a visibility, a row or an entry of a
    plan's snapshot (a dict; one without a visibility is shown to no one)."""
    value = row.get("visibility") if isinstance(row, Mapping) else row.visibility
    return value in shown(audience)


def child_drawing_shown(row, audience: Audience) -> bool:
    """Whether this audience sees the child's drawing that `row` shows: a story panel's drawing,
    or the drawing of the house entry a child's item on a board came from, or the picture of her
    safety plan. The drawing is still there and the child shares its entry with this audience;
    an item or a safety plan is shown to it as well."""
    if isinstance(row, SafetyPlan):
        entry = row.drawing.entry if row.drawing is not None and shown_to(row, audience) else None
    elif isinstance(row, StoryPanel):
        entry = row.drawing.entry if row.drawing is not None else None
    elif not shown_to(row, audience):
        return False
    else:
        entry = row.house_entry
    return entry is not None and entry.drawing is not None and shown_to(entry, audience)
