"""The analysis of a meeting: danger statements and their safety goals, the safety scale,
and the decision "is het kind nu veilig?"."""

from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .cases import Child
from .meetings import MappingItem, Meeting, Participant
from .types import N_, UTCDateTime, utcnow


class DangerStatement(db.Model):
    """The parts of a gevaarsinschatting: who worries, about what behaviour, what could happen."""

    item_id: Mapped[int] = mapped_column(ForeignKey("mapping_item.id"), primary_key=True)
    worried: Mapped[str] = mapped_column(String(200))
    behaviour: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)
    family_view: Mapped[Optional[str]] = mapped_column(Text)

    item: Mapped[MappingItem] = relationship(backref=db.backref("danger", uselist=False))


class SafetyGoal(db.Model):
    """A veiligheidsdoel: what we will SEE the parents and network do, for how long, and the
    danger statement it answers."""

    item_id: Mapped[int] = mapped_column(ForeignKey("mapping_item.id"), primary_key=True)
    danger_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"), index=True)
    behaviour: Mapped[str] = mapped_column(Text)
    duration: Mapped[str] = mapped_column(String(120))

    item: Mapped[MappingItem] = relationship(
        foreign_keys=[item_id], backref=db.backref("goal", uselist=False))
    danger_item: Mapped[Optional[MappingItem]] = relationship(foreign_keys=[danger_item_id])


class BottomLine(db.Model):
    """A niet-onderhandelbare voorwaarde: what the agency requires whatever else is agreed,
    in the consultant's words (the item's text), why, and the danger statement it belongs to."""

    item_id: Mapped[int] = mapped_column(ForeignKey("mapping_item.id"), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    danger_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"), index=True)

    item: Mapped[MappingItem] = relationship(
        foreign_keys=[item_id], backref=db.backref("bottom_line", uselist=False))
    danger_item: Mapped[Optional[MappingItem]] = relationship(foreign_keys=[danger_item_id])


class Urgency(StrEnum):
    TODAY = "today"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


URGENCY_LABELS = {
    Urgency.TODAY: N_("vandaag"),
    Urgency.DAY: N_("binnen 24 uur"),
    Urgency.WEEK: N_("deze week"),
    Urgency.MONTH: N_("binnen de maand"),
}


class RoundStatus(StrEnum):
    OPEN = "open"
    REVEALED = "revealed"


class ScaleRound(db.Model):
    """One scaling round: overall or for one danger statement; blind until it is revealed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    danger_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"))
    # The child the round asks about; empty means all children.
    child_id: Mapped[Optional[int]] = mapped_column(ForeignKey("child.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=RoundStatus.OPEN)
    opened_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revealed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    danger_item: Mapped[Optional[MappingItem]] = relationship()
    child: Mapped[Optional[Child]] = relationship(lazy="joined")
    scores: Mapped[list["ScaleScore"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="ScaleScore.id")

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def about(self) -> str:
        return f"gevaar: {self.danger_item.text}" if self.danger_item else "algemeen"


class ScaleScore(db.Model):
    """One participant's number from 0 to 10, with why it is that high and what would make it
    one higher."""

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("scale_round.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    score: Mapped[int]
    why_high: Mapped[Optional[str]] = mapped_column(Text)
    one_higher: Mapped[Optional[str]] = mapped_column(Text)
    entered_on_phone: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    round: Mapped[ScaleRound] = relationship(back_populates="scores")
    participant: Mapped[Participant] = relationship()

    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"


ANSWER_LABELS = {Answer.YES: N_("Ja"), Answer.NO: N_("Nee"), Answer.UNCLEAR: N_("Onduidelijk")}


class SafetyDecision(db.Model):
    """"Is het kind nu veilig?", answered at every meeting. "Nee" needs an arrangement now and
    a next step today or within 24 hours; "onduidelijk" a step to clarify it; both a review
    within days."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    answer: Mapped[str] = mapped_column(String(10))
    reasoning: Mapped[str] = mapped_column(Text)
    urgency: Mapped[Optional[str]] = mapped_column(String(10))  # empty when the child is safe now
    arrangement_who: Mapped[Optional[str]] = mapped_column(Text)
    arrangement_what: Mapped[Optional[str]] = mapped_column(Text)
    arrangement_until: Mapped[Optional[str]] = mapped_column(String(120))
    # "Onduidelijk": what is done to find out, before the review (within days).
    clarify_step: Mapped[Optional[str]] = mapped_column(Text)
    review_on: Mapped[Optional[date]]
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(backref=db.backref("decision", uselist=False))

    @property
    def is_acute(self) -> bool:
        return self.answer == Answer.NO

    @property
    def is_unclear(self) -> bool:
        return self.answer == Answer.UNCLEAR

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[Answer(self.answer)]

    @property
    def urgency_label(self) -> str | None:
        return URGENCY_LABELS[Urgency(self.urgency)] if self.urgency else None
