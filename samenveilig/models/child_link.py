"""Een eigen link voor het kind: a young person's own read-only link, separate from the family
link (its own random token, its own table) and never derivable from it, and its openings."""

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .cases import Case, Child
from .types import UTCDateTime, utcnow


class ChildLink(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_opened_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    open_count: Mapped[int] = mapped_column(default=0)

    case: Mapped[Case] = relationship()
    # A child removed from the case takes its links (and their openings) along.
    child: Mapped[Child] = relationship(backref=backref("links", cascade="all, delete-orphan"))
    created_by: Mapped[Optional[User]] = relationship()
    views: Mapped[list["ChildLinkView"]] = relationship(cascade="all, delete-orphan")

    def state(self, now: datetime) -> str:
        if self.revoked_at:
            return "ingetrokken"
        return "verlopen" if self.expires_at <= now else "actief"


class ChildLinkView(db.Model):
    """One opening of a child's link: when, and which link. Never the visitor's address."""

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("child_link.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_child_link_view_link_at", "link_id", "at"),)
