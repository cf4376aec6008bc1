"""Column types and values shared by the models."""

from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator

from ..images import digest, size_of


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use utcnow()")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def N_(text: str) -> str:
    """Marks a Dutch text for the catalogues (also as `i18n.N_`; it lives here because the models
    sit below i18n): the family's templates translate it where shown, `{{ _(labels.categories[c]) }}`;
    the desk shows it as it is."""
    return text


class Visibility(StrEnum):
    """Who may see an item, a plan entry or a child's words: the family, the services only, or
    nobody outside the case file. Which audience sees which is samenveilig/audience.py."""

    FAMILY = "family"
    PROFESSIONAL = "professional"
    CONFIDENTIAL = "confidential"


VISIBILITY_LABELS = {
    Visibility.FAMILY: "Gezin",
    Visibility.PROFESSIONAL: "Professioneel",
    Visibility.CONFIDENTIAL: "Vertrouwelijk",
}


class Thumbnailed:
    """A stored picture with a thumbnail (a child's drawing, a story panel's image): what its
    thumbnail says of itself is kept beside it when it is set. Its size, so every <img> of it
    has its width and height and the text does not shift while it loads; its digest, the
    version in its URL and its ETag (the bytes never change: a new picture is a new row)."""

    thumb_width: Mapped[int]
    thumb_height: Mapped[int]
    thumb_digest: Mapped[str] = mapped_column(String(16))

    @validates("thumbnail")
    def _thumbnail_facts(self, _key: str, data: bytes) -> bytes:
        self.thumb_digest = digest(data)
        self.thumb_width, self.thumb_height = size_of(data) or (self.width, self.height)
        return data
