"""The retention period: a closed case is kept until its youngest child turns 35, then
every row of it is destroyed; one content-free line stays for accountability."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Table, delete, select, tuple_
from sqlalchemy.orm import selectinload

from .. import audit, live
from ..dates import date_nl
from ..extensions import db
from ..models import Case, CaseStatus

WARN_DAYS = 90


@dataclass(frozen=True)
class Due:
    case: Case
    destroy_on: date


def due_cases(on: date, ahead: int = 0) -> list[Due]:
    """Closed cases whose destruction date falls on or before `on` + `ahead` days, soonest
    first. A case without children has no date and is never destroyed here."""
    limit = on + timedelta(days=ahead)
    cases = db.session.scalars(select(Case).where(Case.status == CaseStatus.CLOSED)
                               .options(selectinload(Case.children)))
    due = [Due(c, c.destroy_on) for c in cases if c.destroy_on is not None and c.destroy_on <= limit]
    return sorted(due, key=lambda d: (d.destroy_on, d.case.reference))


def nearing(on: date) -> list[Due]:
    """What the team lead sees: cases to be destroyed within WARN_DAYS (or overdue)."""
    return due_cases(on, ahead=WARN_DAYS)


def accountability_line(reference: str, on: date) -> str:
    return f"dossier {reference} vernietigd op {date_nl(on)}, bewaartermijn verstreken"


def destroy(case: Case, on: date) -> str:
    """Delete every row of the case in one transaction and leave one content-free line."""
    reference = case.reference
    with live.write():  # the case is closed: no open check
        rows = _rows_of(case.id)
        audit.record(None, None, "case_destroyed", case, None,
                     {"reference": reference, "destroyed_on": on.isoformat()})
        db.session.flush()
        db.session.expunge_all()  # from here on the rows go with plain DELETEs
        for table in reversed(db.metadata.sorted_tables):
            for keys in _chunks(sorted(rows.get(table, ()))):
                db.session.execute(delete(table).where(_pk_in(table, keys)))
    return accountability_line(reference, on)


def _rows_of(case_id: int) -> dict[Table, set[tuple]]:
    """The primary keys of every row that belongs to the case: the case itself and, until
    nothing new turns up, every row whose foreign key points at a row already found."""
    case_table = Case.__table__
    rows: dict[Table, set[tuple]] = {case_table: {(case_id,)}}
    grown = True
    while grown:
        grown = False
        for table in db.metadata.sorted_tables:
            for fk in table.foreign_keys:
                target = fk.column.table
                if target not in rows or not fk.column.primary_key or len(target.primary_key) != 1:
                    continue
                ids = [key[0] for key in rows[target]]
                found = set()
                for chunk in _chunks(ids):
                    found |= {tuple(r) for r in db.session.execute(
                        select(*table.primary_key.columns).where(fk.parent.in_(chunk)))}
                new = found - rows.get(table, set())
                if new:
                    rows.setdefault(table, set()).update(new)
                    grown = True
    return rows


def _pk_in(table: Table, keys: list[tuple]):
    columns = list(table.primary_key.columns)
    if len(columns) == 1:
        return columns[0].in_([k[0] for k in keys])
    return tuple_(*columns).in_(keys)


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]
