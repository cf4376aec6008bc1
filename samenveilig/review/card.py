"""The closing contact card: when the help stops, the network carries on. Whom the family
calls: the safety-network members who promised something, with their promise; the agency's
general line (never the consultant who leaves); and the lines every Flemish family can call
(1712, Awel, the CAW). The lines are set per installation (config.py: AGENCY_LINES,
HELP_LINES). The family link, the printed plan and the family's PDF show the card once the
help has ended, beside the plan as agreed."""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Case, ClosingSummary, Meeting, NetworkMember


@dataclass(frozen=True)
class Line:
    """A phone line the family can call; `about` (Dutch) says what it is for."""

    name: str
    phone: str
    about: str | None = None

    @property
    def dial(self) -> str:
        """The number for a tel: link."""
        return "".join(char for char in self.phone if char.isdigit() or char == "+")


@dataclass(frozen=True)
class ContactCard:
    ended_on: date
    summary: str | None
    network: list[NetworkMember]
    agency: Line | None
    lines: list[Line]


def promised(case_id: int) -> list[NetworkMember]:
    """The safety-network members who promised something, by name."""
    return list(db.session.scalars(
        select(NetworkMember)
        .where(NetworkMember.case_id == case_id, NetworkMember.in_safety_network.is_(True),
               NetworkMember.commitment.is_not(None), NetworkMember.commitment != "")
        .order_by(NetworkMember.name, NetworkMember.id)))


def _line(entry) -> Line | None:
    if not isinstance(entry, dict) or not entry.get("phone"):
        return None
    return Line(str(entry.get("name") or entry["phone"]), str(entry["phone"]), entry.get("about") or None)


def agency_line(service: str) -> Line | None:
    """The general line of the service that had the case, when the installation set one."""
    return _line((current_app.config.get("AGENCY_LINES") or {}).get(service))


def help_lines() -> list[Line]:
    return [line for line in map(_line, current_app.config.get("HELP_LINES") or []) if line]


def closing_card(case: Case) -> ContactCard | None:
    """The card of a case whose help has ended; None while it goes on."""
    if case.is_open or case.closed_on is None:
        return None
    summary = db.session.scalar(
        select(ClosingSummary.summary).join(Meeting).where(Meeting.case_id == case.id)
        .order_by(ClosingSummary.written_at.desc()).limit(1))
    return ContactCard(ended_on=case.closed_on, summary=summary, network=promised(case.id),
                       agency=agency_line(case.service), lines=help_lines())
