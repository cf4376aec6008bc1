"""A child's own safety: her safety plan ("Als het weer gebeurt") and her Safety House
(Veiligheidshuis), each one version per meeting, with what the child agreed to share."""

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .cases import Child
from .children import SHARING_LABELS, Drawing
from .meetings import Meeting
from .types import UTCDateTime, Visibility, utcnow

# Who the child always can call, in every plan: the free, anonymous line for children in Flanders.
AWEL = {"name": "Awel", "phone": "102"}


class _Versioned:
    """One version per meeting of the case: made for the case's latest meeting, changed while
    that is still the latest, and kept as it was once a newer meeting has begun."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    version_number: Mapped[int]
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    visibility: Mapped[str] = mapped_column(String(15), default=Visibility.CONFIDENTIAL)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def sharing_label(self) -> str:
        return SHARING_LABELS[Visibility(self.visibility)]


class SafetyPlan(_Versioned, db.Model):
    """"Als het weer gebeurt": what I do, where I go, whom I call (name and number, copied from
    the safety network when chosen, so a version stays as it was), the signal we agreed, and a
    picture (a built-in figure or one of the child's drawings)."""

    __tablename__ = "child_safety_plan"
    __table_args__ = (UniqueConstraint("child_id", "version_number"),)

    what_i_do: Mapped[str] = mapped_column(Text, default="")
    where_i_go: Mapped[str] = mapped_column(Text, default="")
    signal: Mapped[str] = mapped_column(Text, default="")
    calls: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    figure: Mapped[Optional[str]] = mapped_column(String(20))
    drawing_id: Mapped[Optional[int]] = mapped_column(ForeignKey("drawing.id", ondelete="SET NULL"), index=True)

    child: Mapped[Child] = relationship(backref=db.backref(
        "safety_plans", cascade="all, delete-orphan", order_by="SafetyPlan.version_number"))
    meeting: Mapped[Optional[Meeting]] = relationship()
    drawing: Mapped[Optional[Drawing]] = relationship()


class SafetyHouse(_Versioned, db.Model):
    """The Safety House: the people inside who keep me safe and what each one does (the path to
    the house), the roof (rules everyone keeps), who may not come in and who only with someone
    there, and where I am on the path (0-10)."""

    __tablename__ = "child_safety_house"
    __table_args__ = (UniqueConstraint("child_id", "version_number"),)

    inside: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"name", "does"}]
    rules: Mapped[list[str]] = mapped_column(JSON, default=list)
    not_in: Mapped[list[str]] = mapped_column(JSON, default=list)
    with_someone: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale: Mapped[Optional[int]]

    child: Mapped[Child] = relationship(backref=db.backref(
        "safety_houses", cascade="all, delete-orphan", order_by="SafetyHouse.version_number"))
    meeting: Mapped[Optional[Meeting]] = relationship()
