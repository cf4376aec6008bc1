"""Case files (dossiers), who may see them, the children and their network."""

from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from ..extensions import db
from .accounts import User
from .types import N_, UTCDateTime, utcnow


class Service(StrEnum):
    OCJ = "OCJ"
    SDJ = "SDJ"


SERVICE_LABELS = {
    Service.OCJ: "OCJ (ondersteuningscentrum jeugdzorg)",
    Service.SDJ: "SDJ (sociale dienst jeugdrechtbank)",
}


# The languages the family's screens speak (samenveilig/translations), named in Dutch for the desk.
FAMILY_LANGUAGE_LABELS = {
    "nl": "Nederlands",
    "fr": "Frans",
    "en": "Engels",
    "ar": "Arabisch",
    "tr": "Turks",
    "pl": "Pools",
    "ro": "Roemeens",
}


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Closeness(StrEnum):
    VERY_CLOSE = "very_close"
    CLOSE = "close"
    FURTHER = "further"


CLOSENESS_LABELS = {
    Closeness.VERY_CLOSE: N_("heel dichtbij"),
    Closeness.CLOSE: N_("dichtbij"),
    Closeness.FURTHER: N_("verder weg"),
}


class NetworkRole(StrEnum):
    PARENT = "parent"
    NETWORK = "network"
    PROFESSIONAL = "professional"


NETWORK_ROLE_LABELS = {
    NetworkRole.PARENT: "Ouder",
    NetworkRole.NETWORK: "Netwerk",
    NetworkRole.PROFESSIONAL: "Professional",
}


def short_relation(relation: str | None) -> str:
    """"tante (zus van mama)" as "tante", "mama van Lise, Yasmines beste vriendin" as "mama van Lise"."""
    return (relation or "").split("(", 1)[0].split(",", 1)[0].strip()


def called(name: str, relation: str | None = None) -> str:
    """How the family's screens and the composed sentences name someone: first name and
    relation, "Samira (tante)"; a name typed in lower case ("de buurvrouw") stays whole."""
    name = " ".join((name or "").split())
    first = name.split(" ", 1)[0] if name[:1].isupper() else name
    relation = short_relation(relation)
    return f"{first} ({relation})" if relation and relation.lower() != first.lower() else first


def birthday(born: date, years: int) -> date:
    """The day someone turns `years`; born on 29 February, that is 1 March in other years."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a year without it
        return date(born.year + years, 3, 1)


class Case(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    family_name: Mapped[str] = mapped_column(String(120), index=True)
    service: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10), default=CaseStatus.OPEN, index=True)
    opened_on: Mapped[date] = mapped_column(default=dates.today)
    closed_on: Mapped[Optional[date]]
    family_language: Mapped[str] = mapped_column(String(5), default="nl", server_default="nl")
    # The family's other languages, space-separated codes ("nl" when papa reads Dutch and
    # mama Arabic): the desk asks a translation line for each one that is not Dutch.
    other_languages: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Set while the latest "is het kind nu veilig?" said no: the review is due by then.
    acute_review_on: Mapped[Optional[date]]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["CaseMember"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )
    children: Mapped[list["Child"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Child.date_of_birth"
    )
    network: Mapped[list["NetworkMember"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="NetworkMember.name"
    )

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def family_languages(self) -> list[str]:
        """Every language of the family: the case's own first, then the others."""
        others = [code for code in (self.other_languages or "").split() if code in FAMILY_LANGUAGE_LABELS]
        return list(dict.fromkeys([self.family_language, *others]))

    @property
    def translated_languages(self) -> list[str]:
        """The family's languages a translation line is typed in: all but Dutch."""
        return [code for code in self.family_languages if code != "nl"]

    @property
    def is_acute(self) -> bool:
        return self.acute_review_on is not None

    @property
    def destroy_on(self) -> date | None:
        """Case files are kept until the youngest child turns 35, then destroyed."""
        if not self.children:
            return None
        return birthday(max(child.date_of_birth for child in self.children), 35)

    @property
    def consultants(self) -> list[User]:
        return sorted((m.user for m in self.members), key=lambda u: u.name)


class CaseMember(db.Model):
    """A consultant assigned to a case: only they (and team leads) may see it."""

    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True, index=True)
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Child(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date]

    case: Mapped[Case] = relationship(back_populates="children")
    house_entries: Mapped[list["ChildHouseEntry"]] = relationship(  # noqa: F821
        back_populates="child", cascade="all, delete-orphan",
        order_by="(ChildHouseEntry.talked_on.desc(), ChildHouseEntry.id.desc())")
    scores: Mapped[list["ChildScore"]] = relationship(  # noqa: F821
        back_populates="child", cascade="all, delete-orphan", order_by="ChildScore.scored_on")


class NetworkMember(db.Model):
    """Someone around the child: a parent, a network or support figure, a professional."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(20), default=NetworkRole.NETWORK)
    phone: Mapped[Optional[str]] = mapped_column(String(30))
    email: Mapped[Optional[str]] = mapped_column(String(254))
    support_figure: Mapped[bool] = mapped_column(default=False)
    closeness: Mapped[str] = mapped_column(String(12), default=Closeness.CLOSE)
    # Het veiligheidsnetwerk: who protects the child, what they promised, whether they know
    # the danger statement (they must, to protect) and when they last said they still do.
    in_safety_network: Mapped[bool] = mapped_column(default=False)
    commitment: Mapped[Optional[str]] = mapped_column(String(500))
    knows_danger: Mapped[bool] = mapped_column(default=False)
    confirmed_on: Mapped[Optional[date]]

    case: Mapped[Case] = relationship(back_populates="network")

    @property
    def called(self) -> str:
        """"Samira (tante)"."""
        return called(self.name, self.relation)

    @property
    def role_label(self) -> str:
        return NETWORK_ROLE_LABELS[NetworkRole(self.role)]

    @property
    def closeness_label(self) -> str:
        return CLOSENESS_LABELS[Closeness(self.closeness)]

    @property
    def needs_danger_talk(self) -> bool:
        """A safety-network member who does not know the danger statement cannot protect."""
        return self.in_safety_network and not self.knows_danger
