"""De gezinslink: the family's read-only link to their plan, its openings, and what parents
say about the collaboration."""

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .cases import Case
from .types import UTCDateTime, utcnow


class FamilyLink(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    recipient: Mapped[Optional[str]] = mapped_column(String(80))
    show_phone: Mapped[bool] = mapped_column(default=False)
    show_email: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_opened_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    open_count: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship()
    created_by: Mapped[Optional[User]] = relationship()

    def state(self, now: datetime) -> str:
        if self.revoked_at:
            return "ingetrokken"
        return "verlopen" if self.expires_at <= now else "actief"


class FamilyLinkView(db.Model):
    """One opening of a family link: when, and which link. Never the visitor's address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("family_link.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_family_link_view_link_at", "link_id", "at"),)


class Feedback(db.Model):
    """Feedback over de samenwerking, left by a parent on the family link."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    link_id: Mapped[Optional[int]] = mapped_column(ForeignKey("family_link.id"))
    rating: Mapped[int]
    text: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[Optional[FamilyLink]] = relationship()
