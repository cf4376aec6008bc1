"""Woorden en beelden: an explanation for a child in panels (short words and a picture),
one version per meeting, reviewed with the parents before the family sees it."""

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .cases import Child
from .children import Drawing
from .meetings import Meeting
from .types import N_, Thumbnailed, UTCDateTime, utcnow


class StoryStatus(StrEnum):
    CONCEPT = "concept"
    DISCUSSED = "discussed"
    SHARED = "shared"


STORY_STATUS_LABELS = {
    StoryStatus.CONCEPT: "concept",
    StoryStatus.DISCUSSED: "besproken met de ouders",
    StoryStatus.SHARED: "gedeeld met het gezin",
}

# The built-in figures: static/figures/<name>.svg, the project's own drawings.
FIGURE_LABELS = {
    "huis": N_("Een huis"),
    "gezin": N_("Een gezin"),
    "school": N_("Een school"),
    "telefoon": N_("Een telefoon"),
    "hart": N_("Iemand om mee te praten (een hart)"),
}


# A gentle hint, never a refusal: past these a panel is probably hard for a child to read.
LONG_TEXT, LONG_SENTENCE = 300, 20
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def text_hints(text: str) -> list[str]:
    """What could make a panel's words easier for a child."""
    hints = []
    if len(text) > LONG_TEXT:
        hints.append(f"Deze tekst is lang ({len(text)} tekens). Minder woorden zijn makkelijker voor een kind.")
    longest = max((len(s.split()) for s in SENTENCE_END.split(text)), default=0)
    if longest > LONG_SENTENCE:
        hints.append(f"Een zin heeft {longest} woorden. Korte zinnen (tot {LONG_SENTENCE} woorden) zijn "
                     "makkelijker te begrijpen.")
    return hints


class StoryVersion(db.Model):
    """One version of a child's explanation, made for (and tied to) a meeting of the case."""

    __table_args__ = (UniqueConstraint("child_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    version_number: Mapped[int]
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=StoryStatus.CONCEPT)
    discussed_on: Mapped[Optional[date]]
    discussed_with: Mapped[Optional[str]] = mapped_column(String(200))
    shared_on: Mapped[Optional[date]]
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship(backref=db.backref(
        "story_versions", cascade="all, delete-orphan", order_by="StoryVersion.version_number"))
    meeting: Mapped[Optional[Meeting]] = relationship()
    panels: Mapped[list["StoryPanel"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="StoryPanel.position")

    @property
    def status_label(self) -> str:
        return STORY_STATUS_LABELS[StoryStatus(self.status)]

    @property
    def is_concept(self) -> bool:
        return self.status == StoryStatus.CONCEPT

    @property
    def is_shared(self) -> bool:
        return self.status == StoryStatus.SHARED


PANEL_HEADING_MAX = 120


class StoryPanel(db.Model):
    """A heading (a question such as "Wat zijn de zorgen?", may be empty), a few sentences
    and at most one picture: a built-in figure, one of the child's own drawings (by
    reference, so the child's choice of who may see it still holds), or an image uploaded
    for this panel. Heading and words are kept apart, so new words keep the heading."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("story_version.id"), index=True)
    position: Mapped[int]
    heading: Mapped[Optional[str]] = mapped_column(String(PANEL_HEADING_MAX))
    text: Mapped[str] = mapped_column(Text)
    figure: Mapped[Optional[str]] = mapped_column(String(20))
    drawing_id: Mapped[Optional[int]] = mapped_column(ForeignKey("drawing.id", ondelete="SET NULL"), index=True)

    version: Mapped[StoryVersion] = relationship(back_populates="panels")
    drawing: Mapped[Optional[Drawing]] = relationship()
    image: Mapped[Optional["StoryImage"]] = relationship(
        back_populates="panel", cascade="all, delete-orphan", single_parent=True)

    @property
    def case_id(self) -> int:
        """The case and the child of the story the panel is part of (the loaders reach it by them)."""
        return self.version.case_id

    @property
    def child_id(self) -> int:
        return self.version.child_id

    @property
    def figure_label(self) -> str | None:
        return FIGURE_LABELS.get(self.figure) if self.figure else None

    @property
    def hints(self) -> list[str]:
        return text_hints(self.text)


class StoryImage(Thumbnailed, db.Model):
    """An image uploaded for one panel: re-encoded without metadata, with a thumbnail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    panel_id: Mapped[int] = mapped_column(ForeignKey("story_panel.id"), unique=True)
    mimetype: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    image: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    panel: Mapped[StoryPanel] = relationship(back_populates="image")
