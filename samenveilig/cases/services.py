"""Case files: creating, editing, closing, assigning, and their children and network."""

import csv
import io
from datetime import date

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit, live
from ..dates import BRUSSELS, today
from ..extensions import db
from ..models import (
    Answer,
    AuditEvent,
    Case,
    CaseMember,
    CaseStatus,
    Child,
    Meeting,
    MeetingStatus,
    NetworkMember,
    SafetyDecision,
    User,
)
from ..services import Refused
from .access import visible_cases
from .history import children_read, describe

CLOSED = live.CASE_CLOSED
ENTRY_ACTIONS = {Child: "child", NetworkMember: "network_member"}
# What an open meeting's screens show of the network: who can still join (the participants
# form) and whom to call (the plan's contacts, and the family's plan that follows them).
NETWORK_REGIONS = ("participants", "plan_contacts")


def _entry_write(case: Case, model: type):
    """A child changes only the case; a network member also what its open meetings show."""
    return live.case_write(case, *NETWORK_REGIONS) if model is NetworkMember else live.write(case)


def list_cases(
    user: User, *, query: str = "", page: int = 1, everyone: bool = False, closed: bool = False
) -> Pagination:
    """My cases (or, for a team lead, all cases), newest first, filtered by reference or name."""
    stmt = visible_cases(user)
    if not (everyone and user.is_teamlead):
        stmt = stmt.where(Case.members.any(CaseMember.user_id == user.id))
    if not closed:
        stmt = stmt.where(Case.status == CaseStatus.OPEN)
    if query:
        pattern = f"%{query.lower()}%"
        stmt = stmt.where(
            or_(func.lower(Case.reference).like(pattern), func.lower(Case.family_name).like(pattern))
        )
    stmt = stmt.order_by(
        Case.acute_review_on.is_(None), Case.status.desc(), Case.opened_on.desc(), Case.id.desc()
    ).options(selectinload(Case.members).joinedload(CaseMember.user))  # the list shows them
    per_page = current_app.config["CASES_PER_PAGE"]
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def acute_cases(user: User, *, team: bool = False) -> list[tuple[Case, SafetyDecision | None]]:
    """My open cases where the child is not safe now, the soonest review first, each with the
    "nee" that made it acute (when it was answered); with `team`, a team lead's view: those of
    the whole team. A case stays here until a later meeting answers otherwise."""
    stmt = visible_cases(user).where(Case.status == CaseStatus.OPEN, Case.acute_review_on.is_not(None))
    if not (team and user.is_teamlead):
        stmt = stmt.where(Case.members.any(CaseMember.user_id == user.id))
    stmt = stmt.options(selectinload(Case.members).joinedload(CaseMember.user))  # the list names them
    cases = list(db.session.scalars(stmt.order_by(Case.acute_review_on, Case.id)))
    if not cases:
        return []
    answered = db.session.execute(
        select(Meeting.case_id, SafetyDecision).join(SafetyDecision, SafetyDecision.meeting_id == Meeting.id)
        .where(Meeting.case_id.in_([case.id for case in cases]), SafetyDecision.answer == Answer.NO)
        .order_by(SafetyDecision.decided_at)).all()
    latest = {case_id: decision for case_id, decision in answered}  # the last "nee" of each case
    return [(case, latest.get(case.id)) for case in cases]


def closed_count(user: User) -> int:
    """How many closed cases I was assigned to: Mijn dossiers points to them when none is open."""
    stmt = visible_cases(user).where(Case.members.any(CaseMember.user_id == user.id),
                                     Case.status == CaseStatus.CLOSED)
    return db.session.scalar(stmt.with_only_columns(func.count(Case.id)))


def _next_reference(service: str, year: int) -> str:
    """OCJ-2026-0007: the service, the year and a number that follows the last one."""
    prefix = f"{service}-{year}-"
    last = db.session.scalar(select(func.max(Case.reference)).where(Case.reference.like(prefix + "%")))
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def create_case(actor: User, *, family_name: str, service: str, opened_on: date | None = None) -> Case:
    """Open a case; the consultant who opens it is assigned to it. `opened_on`: today unless
    the case is entered afterwards (the demo's families have a past)."""
    for _attempt in range(3):
        try:
            with live.write():
                case = _open_case(actor, family_name, service, opened_on or today())
            return case
        except IntegrityError:  # someone took the same reference at the same moment (rolled back)
            continue
    raise Refused("Het dossier kon niet aangemaakt worden. Probeer het opnieuw.")


def _open_case(actor: User, family_name: str, service: str, opened: date) -> Case:
    case = Case(
        reference=_next_reference(service, opened.year),
        family_name=family_name,
        service=service,
        opened_on=opened,
    )
    case.members.append(CaseMember(user=actor))
    db.session.add(case)
    audit.record(actor, case, "case_created", case, None, audit.snapshot(case))
    return case


def update_case(actor: User, case: Case, *, family_name: str, service: str, family_language: str,
                more_languages: list[str] | None = None) -> None:
    """`more_languages`: the family's other languages (a translation line is asked for each)."""
    others = " ".join(code for code in dict.fromkeys(more_languages or []) if code != family_language)
    with live.write(case):
        _update(actor, case, case, "case_updated", {"family_name": family_name, "service": service,
                                                     "family_language": family_language, "other_languages": others})


def close_case(actor: User, case: Case) -> None:
    with live.write(case):
        if db.session.scalar(select(Meeting.id).where(Meeting.case_id == case.id,
                                                      Meeting.status == MeetingStatus.OPEN)):
            raise Refused("Er loopt nog een overleg in dit dossier. Sluit dat eerst af.")
        _update(actor, case, case, "case_closed", {"status": CaseStatus.CLOSED, "closed_on": today()})


def reopen_case(actor: User, case: Case) -> None:
    """Reopen a closed case: the only write a closed case accepts."""
    with live.write():  # the case is closed: this is the write that opens it
        if case.is_open:
            raise Refused("Dit dossier is al open.")
        _update(actor, case, case, "case_reopened", {"status": CaseStatus.OPEN, "closed_on": None})


def assignable_users() -> list[User]:
    stmt = select(User).where(User.active, User.role.in_(("consultant", "teamlead")))
    return list(db.session.scalars(stmt.order_by(User.name)))


def assign(actor: User, case: Case, user: User) -> None:
    """A team lead assigns a consultant to the case."""
    with live.write(case):
        if any(m.user_id == user.id for m in case.members):
            raise Refused(f"{user.name} is al aan dit dossier toegewezen.", status=422)
        member = CaseMember(case=case, user=user)
        db.session.add(member)
        audit.record(actor, case, "consultant_assigned", user, None, {"consultant": user.name})


def unassign(actor: User, case: Case, user: User) -> None:
    with live.write(case):
        member = next((m for m in case.members if m.user_id == user.id), None)
        if member is None:
            raise Refused(f"{user.name} is niet aan dit dossier toegewezen.", status=422)
        if len(case.members) == 1:
            raise Refused("Een dossier heeft altijd minstens één consulent.")
        case.members.remove(member)
        audit.record(actor, case, "consultant_unassigned", user, {"consultant": user.name}, None)


def add_entry(actor: User, case: Case, model: type, values: dict):
    """Add a child or network member to the case."""
    with _entry_write(case, model):
        entry = model(case=case, **values)
        db.session.add(entry)
        audit.record(actor, case, f"{ENTRY_ACTIONS[model]}_added", entry, None, audit.snapshot(entry))
    return entry


def update_entry(actor: User, entry, values: dict) -> None:
    with _entry_write(entry.case, type(entry)):
        _update(actor, entry.case, entry, f"{ENTRY_ACTIONS[type(entry)]}_updated", values)


def confirm_member(actor: User, member: NetworkMember, on: date) -> None:
    """A safety-network member confirmed that they still do what they promised."""
    with _entry_write(member.case, NetworkMember):
        _update(actor, member.case, member, "network_member_confirmed", {"confirmed_on": on})


def remove_entry(actor: User, entry) -> None:
    case = entry.case
    with _entry_write(case, type(entry)):
        audit.record(
            actor, case, f"{ENTRY_ACTIONS[type(entry)]}_removed", entry, audit.snapshot(entry), None
        )
        db.session.delete(entry)


def _update(actor: User, case: Case, entity, action: str, values: dict) -> None:
    """Apply values and record the change; nothing is recorded when nothing changed."""
    before = audit.snapshot(entity)
    for key, value in values.items():
        setattr(entity, key, value)
    after = audit.snapshot(entity)
    if audit.changes(before, after):
        audit.record(actor, case, action, entity, before, after)


def history(case: Case, page: int = 1) -> Pagination:
    """The case's changes, newest first (reads are listed apart, see views())."""
    stmt = _trail(case).where(AuditEvent.action.not_in(audit.VIEW_LABELS))
    return db.paginate(stmt, page=page, per_page=50, error_out=False)


def views(case: Case, limit: int = 50) -> list[tuple[AuditEvent, str | None]]:
    """Bekeken door: the latest reads of the case, newest first, each with the first name of
    the child whose words, drawing or explanation was read (None for the rest)."""
    events = list(db.session.scalars(_trail(case).where(AuditEvent.action.in_(audit.VIEW_LABELS)).limit(limit)))
    children = children_read(events)
    return [(event, children.get(event.id)) for event in events]


def _trail(case: Case):
    return (select(AuditEvent).where(AuditEvent.case_id == case.id)
            .options(selectinload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()))


ACCESS_LOG_COLUMNS = ["Datum en uur", "Naam", "E-mailadres", "Rol", "Soort", "Wat"]


def access_log_csv(actor: User, case: Case) -> str:
    """The case's whole access log (reads and changes, oldest first) as CSV for a
    data-subject request; the export itself goes into the trail."""
    with live.write():  # also of a closed case: a data-subject request may come later
        audit.record(actor, case, "access_log_exported", case)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(ACCESS_LOG_COLUMNS)
    for event in reversed(db.session.scalars(_trail(case)).all()):
        who = event.actor
        writer.writerow([_cell(v) for v in (
            event.at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M:%S"),
            who.name if who else "Samenveilig (gezin of deelnemer via een link)",
            who.email if who else "", who.role_label if who else "",
            _kind(event.action), describe(event))])
    return "\ufeff" + out.getvalue()  # the BOM lets a spreadsheet read the accents


def _kind(action: str) -> str:
    if action in audit.VIEW_LABELS:
        return "bekeken"
    return "geëxporteerd" if action == "access_log_exported" else "gewijzigd"


# What a spreadsheet may read as the start of a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet never runs as a formula."""
    return "'" + value if value[:1] in _FORMULA_START else value
