"""Staff accounts and login throttling."""

from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .types import UTCDateTime, utcnow


class Role(StrEnum):
    CONSULTANT = "consultant"
    TEAMLEAD = "teamlead"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.CONSULTANT: "Consulent",
    Role.TEAMLEAD: "Teamverantwoordelijke",
    Role.ADMIN: "Beheerder",
}


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.CONSULTANT)
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Part of the login session id: bumping it ends every open session of this user.
    session_version: Mapped[int] = mapped_column(default=1)
    work_phone: Mapped[Optional[str]] = mapped_column(String(30))
    # The agency's identity provider's subject ("sub") once this user signed in through it.
    oidc_subject: Mapped[Optional[str]] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def is_teamlead(self) -> bool:
        return self.role == Role.TEAMLEAD

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def works_cases(self) -> bool:
        return self.role in (Role.CONSULTANT, Role.TEAMLEAD)

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_version += 1


class LoginFailure(db.Model):
    """A failed login, kept for the throttle window only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
