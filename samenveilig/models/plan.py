"""Het plan (veiligheidsplan): who does what by when, the agreements, the warning signs and
whom to call. It belongs to the case; meetings build it, and each closed meeting keeps the
plan as it was agreed that day."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .cases import Case, Child, NetworkMember
from .meetings import MappingItem, Meeting
from .types import N_, UTCDateTime, Visibility, utcnow


class ActionStatus(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    STUCK = "stuck"


ACTION_STATUS_LABELS = {
    ActionStatus.TODO: N_("nog te doen"),
    ActionStatus.DOING: N_("bezig"),
    ActionStatus.DONE: N_("gedaan"),
    ActionStatus.STUCK: N_("loopt niet: bijsturen"),
}
# The family reads how an action goes without the method's words.
FAMILY_ACTION_STATUS_LABELS = ACTION_STATUS_LABELS | {
    ActionStatus.STUCK: N_("loopt nog niet goed: we zoeken samen een oplossing"),
}


class PlanEntry:
    """What every part of the plan has: its case, the meeting it was made in, who may see
    it, its place in the list, a version for safe concurrent edits, and soft deletion."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id"))
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    visibility: Mapped[str] = mapped_column(String(15), default=Visibility.FAMILY)
    position: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # What it says in the family's languages, typed by the consultant, one line per language
    # ({"ar": "…"}): shown under it on the family's screens in the screen's language (for a
    # warning sign or an action: all of its text together).
    translations: Mapped[Optional[dict[str, str]]] = mapped_column(JSON)
    # Added at the desk while no meeting is open: the consultant's proposal, still to be
    # discussed. It is agreed (and this goes back to False) when the next meeting closes.
    proposal: Mapped[bool] = mapped_column(default=False, server_default=false())

    @declared_attr
    def updated_by(cls) -> Mapped[Optional[User]]:
        return relationship(foreign_keys=[cls.updated_by_id])

    @declared_attr
    def case(cls) -> Mapped[Case]:
        return relationship()


class PlanAction(PlanEntry, db.Model):
    """Wie doet wat tegen wanneer: what must change, how, who, by when, and how it goes."""

    goal_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"))
    source_item_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"))
    what: Mapped[str] = mapped_column(Text)
    how: Mapped[Optional[str]] = mapped_column(Text)
    due_on: Mapped[Optional[date]]
    due_text: Mapped[Optional[str]] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(10), default=ActionStatus.TODO)
    note: Mapped[Optional[str]] = mapped_column(Text)

    goal_item: Mapped[Optional[MappingItem]] = relationship(foreign_keys=[goal_item_id])
    people: Mapped[list["ActionPerson"]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="ActionPerson.id")

    @property
    def status_label(self) -> str:
        return ACTION_STATUS_LABELS[ActionStatus(self.status)]

    @property
    def family_status_label(self) -> str:
        return FAMILY_ACTION_STATUS_LABELS[ActionStatus(self.status)]

    def is_overdue(self, today: date) -> bool:
        return self.due_on is not None and self.due_on < today and self.status != ActionStatus.DONE

    @property
    def who(self) -> str:
        return ", ".join(person.label for person in self.people)


class ActionPerson(db.Model):
    """One of the people who take an action: a child, a network member or a consultant of
    the case (never typed again, always chosen)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_action.id"), index=True)
    child_id: Mapped[Optional[int]] = mapped_column(ForeignKey("child.id", ondelete="SET NULL"))
    network_member_id: Mapped[Optional[int]] = mapped_column(ForeignKey("network_member.id", ondelete="SET NULL"))
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(String(160))  # kept if the person leaves the case file

    action: Mapped[PlanAction] = relationship(back_populates="people")
    # Loaded with the person: how the family reads them comes from the child or the member.
    child: Mapped[Optional[Child]] = relationship(lazy="joined")
    network_member: Mapped[Optional[NetworkMember]] = relationship(lazy="joined")
    user: Mapped[Optional[User]] = relationship()

    @property
    def key(self) -> str:
        if self.child_id:
            return f"c:{self.child_id}"
        if self.network_member_id:
            return f"n:{self.network_member_id}"
        return f"u:{self.user_id}"

    @property
    def label(self) -> str:
        """"Yasmine", "Samira (tante)", "Sarah Peeters": as the family reads who takes an action."""
        if self.child is not None:
            return self.child.first_name
        if self.network_member is not None:
            return self.network_member.called
        return self.name


class PlanRule(PlanEntry, db.Model):
    """An afspraak: a house rule everyone agreed to."""

    text: Mapped[str] = mapped_column(Text)


class WarningSign(PlanEntry, db.Model):
    """A signaal: what tells us worries are back, and what each person does then."""

    sign: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text)


class PlanContact(PlanEntry, db.Model):
    """Whom to call about a worry; the phone number comes from the network member."""

    worry: Mapped[str] = mapped_column(Text)
    network_member_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("network_member.id", ondelete="SET NULL"))

    network_member: Mapped[Optional[NetworkMember]] = relationship()


class PlanSnapshot(db.Model):
    """The plan as it was agreed at a meeting, kept when the meeting closes."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    meeting: Mapped[Meeting] = relationship(backref=db.backref("plan_snapshot", uselist=False))
