"""The child's own voice: the three houses, the drawings that go with them, the child's own score."""

from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..dates import age
from ..extensions import db
from .accounts import User
from .cases import Child
from .types import N_, Thumbnailed, UTCDateTime, Visibility, utcnow


class House(StrEnum):
    WORRIES = "worries"
    GOOD = "good"
    DREAMS = "dreams"


HOUSE_LABELS = {
    House.WORRIES: N_("Huis van de zorgen"),
    House.GOOD: N_("Huis van de goede dingen"),
    House.DREAMS: N_("Huis van de dromen"),
}

# What the child agreed to share, on the existing visibility values.
SHARING_LABELS = {
    Visibility.FAMILY: "Met iedereen in het overleg",
    Visibility.PROFESSIONAL: "Alleen met de hulpverleners",
    Visibility.CONFIDENTIAL: "Met niemand (enkel voor het dossier)",
}

# The same, as the child reads it on her own link: who may hear what she said.
CHILD_SHARING_LABELS = {
    Visibility.FAMILY: N_("Iedereen in het overleg mag dit horen."),
    Visibility.PROFESSIONAL: N_("Alleen de hulpverleners mogen dit horen."),
    Visibility.CONFIDENTIAL: N_("Niemand. Het staat alleen in je dossier."),
}

# A young child scores with five faces; each stands for a number on the 0-10 scale that everyone
# else uses. The faces lie at even steps and as far from the middle on both sides (3 and 7 around
# 5), so a charted face reads like a number and no face weighs more than its mirror image.
FACE_LABELS = {
    0: N_("Helemaal niet veilig"),
    3: N_("Niet zo veilig"),
    5: N_("Een beetje veilig"),
    7: N_("Best veilig"),
    10: N_("Helemaal veilig"),
}


class ChildHouseEntry(db.Model):
    """What the child said about one house in one conversation, in the child's own words."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    house: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    talked_on: Mapped[date]
    talked_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))
    talked_by_name: Mapped[Optional[str]] = mapped_column(String(120))
    visibility: Mapped[str] = mapped_column(String(15), default=Visibility.CONFIDENTIAL)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    child: Mapped[Child] = relationship(back_populates="house_entries")
    talked_by: Mapped[Optional[User]] = relationship()
    # Loaded with the entry (and with a board item brought from it), without the image bytes.
    drawing: Mapped[Optional["Drawing"]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", single_parent=True, lazy="joined"
    )

    @property
    def house_label(self) -> str:
        return HOUSE_LABELS[House(self.house)]

    @property
    def sharing_label(self) -> str:
        return SHARING_LABELS[Visibility(self.visibility)]

    @property
    def child_sharing_label(self) -> str:
        return CHILD_SHARING_LABELS[Visibility(self.visibility)]

    @property
    def talked_by_label(self) -> str:
        return self.talked_by.name if self.talked_by else (self.talked_by_name or "")


class Drawing(Thumbnailed, db.Model):
    """The child's drawing for a house entry: re-encoded without metadata, with a thumbnail.
    Kept in the database, so backups, access checks and destruction need nothing extra."""

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("child_house_entry.id"), unique=True)
    mimetype: Mapped[str] = mapped_column(String(20))
    width: Mapped[int]
    height: Mapped[int]
    image: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only when served
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entry: Mapped[ChildHouseEntry] = relationship(back_populates="drawing")


class ChildScore(db.Model):
    """The child's own answer to "Hoe veilig voel jij je thuis?" (0-10), one per day. Given on
    the child's own link, it belongs to the meeting it was given for (`meeting_id`: it shows in
    that meeting's scale round as "Yasmine (14) zelf"), with whom the child shares it; a young
    child picks one of five faces (`as_face`), kept as the number the face stands for."""

    __table_args__ = (UniqueConstraint("child_id", "scored_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    scored_on: Mapped[date]
    score: Mapped[int]
    recorded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"))  # empty: the child's link
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    meeting_id: Mapped[Optional[int]] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    as_face: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Who may see it beside the consultants: a score written down at the desk stays with them.
    visibility: Mapped[str] = mapped_column(String(15), default=Visibility.PROFESSIONAL,
                                            server_default=Visibility.PROFESSIONAL.value)

    child: Mapped[Child] = relationship(back_populates="scores")
    meeting: Mapped[Optional["Meeting"]] = relationship()  # noqa: F821

    @property
    def years(self) -> int:
        """The child's age today, as the round and the charts name her: "Yasmine (14) zelf"."""
        return age(self.child.date_of_birth)

    @property
    def own_label(self) -> str:
        return f"{self.child.first_name} ({self.years}) zelf"

    @property
    def face_label(self) -> str | None:
        """The face the child chose ("Best veilig"), or None for a number."""
        return FACE_LABELS.get(self.score) if self.as_face else None
