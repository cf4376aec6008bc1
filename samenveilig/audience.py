"""Who a screen or a document is for, and the one rule for what that audience may see.

The audience is fixed by the route that serves a screen (the board and the desk are for the
consultant; the projector, the follow link, the family link, the printed plan and the PDF
"voor het gezin" are for the family; the PDF "voor het dossier" and the proposal to the
judge leave the agency for the case file). Every query and export filters through
`visible()` or `shown()`, never a visibility test of its own."""

from enum import StrEnum

from sqlalchemy import ColumnElement, true

from .models import Visibility


class Audience(StrEnum):
    CONSULTANT = "consultant"  # the consultant's own screens: everything, marked
    FILE = "file"  # documents for the case file or the court: no confidential notes
    FAMILY = "family"  # the family's screens and papers: only what is marked for the family


SHOWN: dict[Audience, tuple[Visibility, ...]] = {
    Audience.CONSULTANT: (Visibility.FAMILY, Visibility.PROFESSIONAL, Visibility.CONFIDENTIAL),
    Audience.FILE: (Visibility.FAMILY, Visibility.PROFESSIONAL),
    Audience.FAMILY: (Visibility.FAMILY,),
}


def shown(audience: Audience) -> tuple[Visibility, ...]:
    """The visibilities this audience may see."""
    return SHOWN[Audience(audience)]


def visible(column, audience: Audience) -> ColumnElement[bool]:
    """The SQL condition on a `visibility` column for this audience."""
    allowed = shown(audience)
    return true() if len(allowed) == len(Visibility) else column.in_(allowed)
