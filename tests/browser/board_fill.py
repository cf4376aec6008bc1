"""Fill a meeting's board straight in the live server's database, as after a long mapping."""

from samenveilig.extensions import db
from samenveilig.models import COLUMNS, Category, MappingItem, Meeting

from ..conftest import save

CATEGORIES = [category for _, categories in COLUMNS for category in categories]  # the board's nine


def fill_board(app, meeting_id: int, count: int, *, category: str | None = None, words: int = 9) -> None:
    """`count` family-visible items, spread over the nine categories (or all in one), each a
    sentence of about `words` words, as people say them in a meeting."""
    with app.app_context():
        for n in range(count):
            where = category or CATEGORIES[n % len(CATEGORIES)]
            text = f"Punt {n + 1}: " + " ".join(["oma haalt de kinderen op school"] * max(1, words // 6))
            db.session.add(MappingItem(meeting_id=meeting_id, category=where, text=text,
                                       position=n + 1, urgency="week" if where == Category.NEXT_STEP else None,
                                       term="short" if where == Category.DANGER else None))
        save()


def make_kind(app, meeting_id: int, kind: str) -> None:
    with app.app_context():
        db.session.get(Meeting, meeting_id).kind = kind
        save()
