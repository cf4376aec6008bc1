"""Opvolging en afsluiting: how each action went, the review questions, the proposal to the
juvenile judge, the closing summary, and PDF exports for the case file."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .cases import Case
from .meetings import Meeting
from .plan import PlanAction
from .types import N_, UTCDateTime, utcnow


class Verdict(StrEnum):
    GOING_WELL = "going_well"
    STUCK = "stuck"
    DONE = "done"
    ADJUST = "adjust"


VERDICT_LABELS = {
    Verdict.GOING_WELL: N_("gaat goed"),
    Verdict.STUCK: N_("loopt niet"),
    Verdict.DONE: N_("gedaan"),
    Verdict.ADJUST: N_("bijsturen"),
}


class ActionReview(db.Model):
    """How a plan action went, looked at together in a review meeting."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"))
    verdict: Mapped[str] = mapped_column(String(12))
    comment: Mapped[Optional[str]] = mapped_column(Text)
    reviewed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[PlanAction] = relationship()

    __table_args__ = (UniqueConstraint("meeting_id", "action_id"),)

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[Verdict(self.verdict)]


class CanStop(StrEnum):
    YES = "yes"
    NOT_YET = "not_yet"
    NO = "no"


CAN_STOP_LABELS = {CanStop.YES: "ja", CanStop.NOT_YET: "nog niet", CanStop.NO: "nee"}


class ReviewAnswers(db.Model):
    """The brochure's questions, answered in the meeting."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    going_well: Mapped[Optional[str]] = mapped_column(Text)  # Lopen de veranderingen goed?
    to_adjust: Mapped[Optional[str]] = mapped_column(Text)  # Wat moet er bijgestuurd worden?
    can_stop: Mapped[Optional[str]] = mapped_column(String(10))  # Kan onze hulp hier stoppen?
    can_stop_why: Mapped[Optional[str]] = mapped_column(Text)
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(backref=db.backref("review_answers", uselist=False))

    @property
    def can_stop_label(self) -> str | None:
        return CAN_STOP_LABELS[CanStop(self.can_stop)] if self.can_stop else None


class ClosingSummary(db.Model):
    """Afsluiting: what the closing meeting says about the help that ends."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    summary: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(backref=db.backref("closing_summary", uselist=False))


class ProposalStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class JudgeProposal(db.Model):
    """Voorstel aan de jeugdrechter (SDJ): drafted from the case, edited, then final and kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=ProposalStatus.DRAFT)
    body: Mapped[str] = mapped_column(Text)  # the consultant's own proposal ("Ons voorstel")
    # The parts drawn from the case (review/proposal.py), as the consultant last saw them;
    # kept as they are once final. Empty for proposals written before: their body holds it all.
    content: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finalised_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    finalised_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    finalised_by: Mapped[Optional[User]] = relationship(foreign_keys=[finalised_by_id])

    __table_args__ = (UniqueConstraint("case_id", "number"),)

    @property
    def is_final(self) -> bool:
        return self.status == ProposalStatus.FINAL


class ExportStatus(StrEnum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Export(db.Model):
    """A PDF for the case file: the queue of the PDF worker and the progress the consultant sees.

    A worker claims a row by setting `claimed_by` and a lease (`lease_until`) that it renews
    while it renders; a row whose lease ran out (its worker died) is claimed again."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id"))
    proposal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("judge_proposal.id"))
    story_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("story_version.id", ondelete="SET NULL"))
    audience: Mapped[str] = mapped_column(String(12))  # "file" or "family"
    status: Mapped[str] = mapped_column(String(10), default=ExportStatus.WAITING, index=True)
    claimed_by: Mapped[Optional[str]] = mapped_column(String(80))
    lease_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    progress: Mapped[int] = mapped_column(default=0)
    filename: Mapped[str] = mapped_column(String(160))
    pdf: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    error: Mapped[Optional[str]] = mapped_column(String(300))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    WAITING_TOO_LONG = timedelta(seconds=30)  # a free worker starts a PDF within a second

    @property
    def waits_too_long(self) -> bool:
        """Queued for so long that no PDF worker seems to run."""
        return self.status == ExportStatus.WAITING and utcnow() - self.created_at > self.WAITING_TOO_LONG


class Heartbeat(db.Model):
    """When a background process (the PDF worker: `name` "pdf-worker") last said it runs; one
    row per kind of process, whichever of its processes wrote last. /gezond reads it."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime)
