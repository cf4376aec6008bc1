"""Staff accounts, login throttling, and changes to accounts that wait for a second person."""

from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..offload import beside_the_loop
from .types import UTCDateTime, utcnow


def hash_password(password: str) -> str:
    """scrypt, beside the event loop (see offload.py): it holds a core for a tenth of a second."""
    return beside_the_loop(generate_password_hash, password, "scrypt")

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
    # "Sneltoetsen uit": the board's single-key shortcuts (j, k, n, 1-9, ...) do nothing for me.
    shortcuts_off: Mapped[bool] = mapped_column(default=False, server_default=false())
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
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return beside_the_loop(check_password_hash, self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_version += 1


class LoginThrottle(db.Model):
    """Recent login attempts that did not succeed, per account or per address ("account:..."
    or "address:..."), counted in one statement; it slows the next attempt, never blocks it."""

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AccountChangeKind(StrEnum):
    TEAMLEAD = "teamlead"  # the team-lead role, for a new account or an existing one
    ADMIN = "admin"  # the administrator role, for a new account or an existing one
    PASSWORD = "password"  # a temporary password, for any account
    ACTIVE = "active"  # a team lead's or administrator's account activated again


class AccountChangeStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUSED = "refused"
    APPLIED = "applied"  # at once: the two-person rule is switched off


ACCOUNT_CHANGE_LABELS = {
    AccountChangeKind.TEAMLEAD: "wordt teamverantwoordelijke",
    AccountChangeKind.ADMIN: "wordt beheerder",
    AccountChangeKind.PASSWORD: "krijgt een tijdelijk wachtwoord",
    AccountChangeKind.ACTIVE: "wordt weer actief",
}
ACCOUNT_CHANGE_STATUS_LABELS = {
    AccountChangeStatus.PENDING: "wacht op bevestiging",
    AccountChangeStatus.CONFIRMED: "bevestigd",
    AccountChangeStatus.REFUSED: "geweigerd",
    AccountChangeStatus.APPLIED: "meteen doorgevoerd (geen tweede persoon nodig)",
}


class AccountChange(db.Model):
    """A change that gives an account power (a role, or a password someone else chose): it
    waits for a second, independent team lead or administrator (auth/changes.py), and every
    team lead sees it on their home page."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=AccountChangeStatus.PENDING, index=True)
    # The temporary password, as a hash, until the change takes effect.
    password_hash: Mapped[Optional[str]] = mapped_column(String(255))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[Optional[User]] = relationship(foreign_keys=[decided_by_id])

    @property
    def label(self) -> str:
        return ACCOUNT_CHANGE_LABELS[AccountChangeKind(self.kind)]

    @property
    def status_label(self) -> str:
        return ACCOUNT_CHANGE_STATUS_LABELS[AccountChangeStatus(self.status)]

    @property
    def is_pending(self) -> bool:
        return self.status == AccountChangeStatus.PENDING
