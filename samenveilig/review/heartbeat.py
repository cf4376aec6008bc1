"""The PDF worker's heartbeat: the worker writes it every PDF_HEARTBEAT_SECONDS (between PDFs
and while it renders one), and /gezond calls the worker down when it is older than three of
those. One row, whichever worker process wrote last."""

from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..models import Heartbeat, utcnow

PDF_WORKER = "pdf-worker"


def beat(engine: Engine, name: str = PDF_WORKER) -> None:
    """Write the heartbeat now, in a transaction of its own."""
    now = utcnow()
    try:
        with engine.begin() as connection:
            if not connection.execute(update(Heartbeat).where(Heartbeat.name == name).values(beat_at=now)).rowcount:
                connection.execute(insert(Heartbeat).values(name=name, beat_at=now))
    except IntegrityError:  # another worker wrote the first row at the same moment: it beat for us
        pass


def last_beat(connection, name: str = PDF_WORKER) -> datetime | None:
    return connection.scalar(select(Heartbeat.beat_at).where(Heartbeat.name == name))


def recent(beat_at: datetime | None, every_seconds: float) -> bool:
    return beat_at is not None and utcnow() - beat_at <= timedelta(seconds=3 * every_seconds)
