"""Network meetings (netwerkoverleg): who is there, the mapping, and the live version."""

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dates import age
from ..extensions import db
from .accounts import User
from .cases import FAMILY_LANGUAGE_LABELS, Case, Child, NetworkMember, called
from .types import N_, UTCDateTime, Visibility, utcnow

if TYPE_CHECKING:
    from .analysis import ScaleRound
    from .children import ChildHouseEntry, ChildScore


class MeetingKind(StrEnum):
    MAPPING = "mapping"
    REVIEW = "review"
    CLOSURE = "closure"


MEETING_KIND_LABELS = {
    MeetingKind.MAPPING: N_("Eerste mapping"),
    MeetingKind.REVIEW: N_("Opvolging"),
    MeetingKind.CLOSURE: N_("Afsluiting"),
}


# How the family's screens and prints name a meeting: no method words ("mapping").
FAMILY_MEETING_KIND_LABELS = {
    MeetingKind.MAPPING: N_("Eerste overleg"),
    MeetingKind.REVIEW: N_("Opvolging"),
    MeetingKind.CLOSURE: N_("Afsluiting"),
}


# How a sentence names a meeting: "vergeleken met de eerste mapping van 3 maart".
MEETING_KIND_IN_SENTENCE = {
    MeetingKind.MAPPING: "de eerste mapping",
    MeetingKind.REVIEW: "de opvolging",
    MeetingKind.CLOSURE: "de afsluiting",
}


class MeetingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Category(StrEnum):
    WORRY = "worry"
    HARM = "harm"
    IMPACT = "impact"
    DANGER = "danger"
    COMPLICATING = "complicating"
    STRENGTH = "strength"
    EXISTING_SAFETY = "existing_safety"
    SAFETY_GOAL = "safety_goal"
    NEXT_STEP = "next_step"
    # What the agency requires whatever else is agreed: its own part, not a column of the
    # board (and last here, so the quick add's numbers stay as they are).
    BOTTOM_LINE = "bottom_line"


CATEGORY_LABELS = {
    Category.WORRY: N_("Zorgen"),
    Category.HARM: N_("Schade uit het verleden"),
    Category.IMPACT: N_("Impact op het kind"),
    Category.DANGER: N_("Gevaar als er niets verandert"),
    Category.COMPLICATING: N_("Complicerende factoren"),
    Category.STRENGTH: N_("Wat gaat goed"),
    Category.EXISTING_SAFETY: N_("Wat heeft al gewerkt"),
    Category.SAFETY_GOAL: N_("Wat moet er veranderen"),
    Category.NEXT_STEP: N_("Volgende stappen"),
    Category.BOTTOM_LINE: N_("Wat zeker moet gebeuren"),
}

# The family's screens and prints name two categories in plain words; "Wat doet dit met …?"
# names the children (`both(…, names=…)`).
FAMILY_CATEGORY_LABELS = CATEGORY_LABELS | {
    Category.IMPACT: N_("Wat doet dit met %(names)s?"),
    Category.COMPLICATING: N_("Wat maakt het moeilijker?"),
}

# The three columns of the mapping, with the question each one answers.
COLUMNS = [
    (N_("Waar maken we ons zorgen over?"),
     [Category.WORRY, Category.HARM, Category.IMPACT, Category.DANGER, Category.COMPLICATING]),
    (N_("Wat gaat er goed?"), [Category.STRENGTH, Category.EXISTING_SAFETY]),
    (N_("Wat moet er gebeuren?"), [Category.SAFETY_GOAL, Category.NEXT_STEP]),
]


class Term(StrEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


TERM_LABELS = {Term.SHORT: N_("kort"), Term.MEDIUM: N_("middellang"), Term.LONG: N_("lang")}


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    held_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(10), default=MeetingStatus.OPEN)
    # Bumped by every write to the meeting, in that write's transaction: the live sync's clock.
    version: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Participant.id"
    )
    # Read-only, so a page can load them with the meeting; they are written as rows of their own.
    scale_rounds: Mapped[list["ScaleRound"]] = relationship(viewonly=True, order_by="ScaleRound.id")
    # The children's own scores given for this meeting on their own link ("Yasmine (14) zelf").
    child_scores: Mapped[list["ChildScore"]] = relationship(viewonly=True, order_by="ChildScore.id")
    open_follow_links: Mapped[list["FollowLink"]] = relationship(
        viewonly=True, primaryjoin="and_(FollowLink.meeting_id == Meeting.id, FollowLink.revoked_at.is_(None))")

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN

    @property
    def kind_label(self) -> str:
        return MEETING_KIND_LABELS[MeetingKind(self.kind)]

    @property
    def family_kind_label(self) -> str:
        """"Eerste overleg": the meeting as the family's screens name it."""
        return FAMILY_MEETING_KIND_LABELS[MeetingKind(self.kind)]

    @property
    def kind_in_sentence(self) -> str:
        return MEETING_KIND_IN_SENTENCE[MeetingKind(self.kind)]


class Participant(db.Model):
    """Someone present at a meeting: from the network, a consultant, or a name typed there."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    network_member_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("network_member.id", ondelete="SET NULL")
    )
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[Optional[str]] = mapped_column(String(80))
    # Set for an interpreter: the language they interpret into (a family language's code).
    interpreter_language: Mapped[Optional[str]] = mapped_column(String(5))
    # The phone that said "this is me" through the follow link (a hash of its random key).
    device_hash: Mapped[Optional[str]] = mapped_column(String(64))

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    network_member: Mapped[Optional[NetworkMember]] = relationship()
    user: Mapped[Optional[User]] = relationship()

    @property
    def label(self) -> str:
        """"Sofie Maes (mama)": how the consultant's board names someone."""
        if self.user_id:
            return f"{self.name} (consulent)"
        if self.interpreter_language:
            return f"{self.name} (tolk {FAMILY_LANGUAGE_LABELS.get(self.interpreter_language, self.interpreter_language)})"
        return f"{self.name} ({self.relation})" if self.relation else self.name

    @property
    def spoken_name(self) -> str:
        """"Samira (tante)": how the family's screens say who said something, first name and
        relation (never the relation alone)."""
        return self.name if self.user_id else called(self.name, self.relation)


def merged_translations(current: dict | None, sent: dict | None) -> dict | None:
    """The translation lines after an edit: each language `sent` replaces its line ("" or
    None clears it); the lines of languages not sent stay."""
    merged = dict(current or {})
    for language, text in (sent or {}).items():
        if text:
            merged[language] = text
        else:
            merged.pop(language, None)
    return merged or None


class MappingItem(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # Who said it; empty means everyone ("iedereen").
    speaker_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))
    visibility: Mapped[str] = mapped_column(String(15), default=Visibility.FAMILY)
    term: Mapped[Optional[str]] = mapped_column(String(10))
    # A next step's urgency, and who takes it.
    urgency: Mapped[Optional[str]] = mapped_column(String(10))
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("participant.id"))
    # The safety goal a next step serves.
    goal_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"))
    # The item of the previous meeting this one was carried over from.
    carried_from_id: Mapped[Optional[int]] = mapped_column(ForeignKey("mapping_item.id"))
    # The child a danger statement or safety goal is about; empty means all children.
    child_id: Mapped[Optional[int]] = mapped_column(ForeignKey("child.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(default=0)
    # Bumped by every change to this item; a save based on an older one is refused.
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    updated_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # The key the quick add sent with it: a resend of the same submission finds this item.
    submission: Mapped[Optional[str]] = mapped_column(String(64))
    # A child's own words, brought onto the board from the three houses ("Op het bord"): the
    # entry they came from (empty again once the entry is deleted), and that they are the
    # child's (`child_id`), which stays when the entry goes.
    house_entry_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("child_house_entry.id", ondelete="SET NULL"))
    child_words: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What it says in the family's languages, typed by the consultant (or the interpreter
    # through them), one line per language ({"ar": "…", "fr": "…"}): shown under the text on
    # the family's screens in the screen's language, never machine-made.
    translations: Mapped[Optional[dict[str, str]]] = mapped_column(JSON)

    meeting: Mapped[Meeting] = relationship()
    speaker: Mapped[Optional[Participant]] = relationship(foreign_keys=[speaker_id])
    owner: Mapped[Optional[Participant]] = relationship(foreign_keys=[owner_id])
    serves: Mapped[Optional["MappingItem"]] = relationship(foreign_keys=[goal_id], remote_side=[id])
    carried_from: Mapped[Optional["MappingItem"]] = relationship(foreign_keys=[carried_from_id], remote_side=[id])
    updated_by: Mapped[Optional[User]] = relationship(foreign_keys=[updated_by_id])
    child: Mapped[Optional[Child]] = relationship(lazy="joined")  # no query of its own on any page
    house_entry: Mapped[Optional["ChildHouseEntry"]] = relationship(lazy="joined")

    __table_args__ = (
        Index("ix_mapping_item_meeting_category", "meeting_id", "category", "position"),
        UniqueConstraint("meeting_id", "submission"),
        # A child's words come onto a board once (the naming convention names by the first column).
        UniqueConstraint("meeting_id", "house_entry_id", name="uq_mapping_item_meeting_id_house_entry_id"),
    )

    @property
    def speaker_label(self) -> str:
        return self.speaker.label if self.speaker else "iedereen"

    @property
    def term_label(self) -> str | None:
        return TERM_LABELS[Term(self.term)] if self.term else None

    @property
    def child_says(self) -> str | None:
        """"zegt Yasmine (14)": a child's own words, by first name and age today."""
        if not self.child_words or self.child is None:
            return None
        return f"zegt {self.child.first_name} ({age(self.child.date_of_birth)})"


class LiveChange(db.Model):
    """Which regions of a meeting one version changed: what a reconnecting screen missed."""

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    regions: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UndoStep(db.Model):
    """A consultant's own change on the board, so that they can undo their last one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("mapping_item.id"))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    item_version: Mapped[int]  # the item's version right after this change
    done: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (Index("ix_undo_step_meeting_user", "meeting_id", "user_id", "done"),)


class FollowLink(db.Model):
    """A meekijklink: read-only, no login, for participants' phones while the meeting is open."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The random seed the token is made from with the secret key (linktokens.seeded_token), so
    # every consultant of the case sees the link's QR code while it works; never the token.
    token_seed: Mapped[Optional[str]] = mapped_column(String(64))
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
