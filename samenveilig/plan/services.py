"""Het plan: actions (who does what by when), agreements, warning signs and contacts.

The plan belongs to the case. A write goes through live.case_write(): every open meeting of
the case is touched first (so the screens of a meeting in progress update), then the change
is audited, committed once and published. A
closing meeting keeps a snapshot of the plan as it was agreed that day."""

from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from .. import audit, dates, live
from ..audience import Audience, visible
from ..cases.access import visible_cases
from ..extensions import db
from ..models import (
    ActionPerson,
    ActionStatus,
    Case,
    CaseMember,
    Category,
    MappingItem,
    Meeting,
    MeetingStatus,
    PlanAction,
    PlanContact,
    PlanRule,
    PlanSnapshot,
    Urgency,
    User,
    WarningSign,
    merged_translations,
    utcnow,
)
from ..services import Conflict, Refused

REGIONS = {PlanAction: "plan_actions", PlanRule: "plan_rules", WarningSign: "plan_signs",
           PlanContact: "plan_contacts"}
AUDIT_NAMES = {PlanAction: "plan_action", PlanRule: "plan_rule", WarningSign: "warning_sign",
               PlanContact: "plan_contact"}
DUE_AFTER = {Urgency.TODAY: 0, Urgency.DAY: 1, Urgency.WEEK: 7, Urgency.MONTH: 30}


# Reading ------------------------------------------------------------------------------------

def entries(case_id: int, model, *, audience: Audience) -> list:
    stmt = (
        select(model)
        .where(model.case_id == case_id, model.deleted_at.is_(None))
        .order_by(model.position, model.id)
    )
    if model is PlanAction:
        stmt = stmt.options(selectinload(PlanAction.people), selectinload(PlanAction.goal_item))
    if model is PlanContact:
        stmt = stmt.options(selectinload(PlanContact.network_member))
    return list(db.session.scalars(stmt.where(visible(model.visibility, audience))))


def meeting_open(case_id: int) -> bool:
    """A meeting of the case is under way: the plan changes there, with everyone."""
    return db.session.scalar(select(Meeting.id).where(
        Meeting.case_id == case_id, Meeting.status == MeetingStatus.OPEN).limit(1)) is not None


def plan(case_id: int, *, audience: Audience) -> dict:
    """The case's current plan, in the order it is shown. Between meetings the family's
    screens and documents leave out the consultant's proposals: they are not agreed (in a
    meeting the projector and the phones show them, as they are discussed there)."""
    found = dict(actions=entries(case_id, PlanAction, audience=audience),
                 rules=entries(case_id, PlanRule, audience=audience),
                 signs=entries(case_id, WarningSign, audience=audience),
                 contacts=entries(case_id, PlanContact, audience=audience))
    if audience is Audience.FAMILY and any(e.proposal for rows in found.values() for e in rows) \
            and not meeting_open(case_id):
        found = {key: [e for e in rows if not e.proposal] for key, rows in found.items()}
    return found


def goals(case_id: int, *, audience: Audience = Audience.CONSULTANT) -> list[MappingItem]:
    """The safety goals of the case's meetings that an action can serve."""
    stmt = (
        select(MappingItem).join(Meeting)
        .where(Meeting.case_id == case_id, MappingItem.category == Category.SAFETY_GOAL,
               MappingItem.deleted_at.is_(None))
        .order_by(Meeting.held_on, MappingItem.position)
    )
    return list(db.session.scalars(stmt.where(visible(MappingItem.visibility, audience))))


def goal_choices(case_id: int, *, keep: int | None = None) -> list[MappingItem]:
    """The safety goals an action can serve, each once: a goal carried into a later meeting is
    offered as that meeting has it (`keep`: the goal an action serves now, offered as it is when
    no later meeting has it)."""
    carried = set(db.session.scalars(select(MappingItem.carried_from_id).join(Meeting).where(
        Meeting.case_id == case_id, MappingItem.carried_from_id.is_not(None))))
    return [goal for goal in goals(case_id) if goal.id not in carried or goal.id == keep]


def latest_goal(goal_id: int | None) -> int | None:
    """The same safety goal as the latest meeting that carried it has it."""
    seen = set()
    while goal_id is not None and goal_id not in seen:
        seen.add(goal_id)
        later = db.session.scalar(select(MappingItem.id).where(
            MappingItem.carried_from_id == goal_id, MappingItem.deleted_at.is_(None)).limit(1))
        if later is None:
            break
        goal_id = later
    return goal_id


def current_goals(case_id: int, *, audience: Audience) -> list[MappingItem]:
    """The safety goals as the latest meeting has them: a goal carried into a review is one
    goal, not one per meeting, and a goal the review let go is gone."""
    latest = (select(Meeting.id).where(Meeting.case_id == case_id)
              .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1).scalar_subquery())
    stmt = (select(MappingItem)
            .where(MappingItem.meeting_id == latest, MappingItem.category == Category.SAFETY_GOAL,
                   MappingItem.deleted_at.is_(None), visible(MappingItem.visibility, audience))
            .order_by(MappingItem.position))
    return list(db.session.scalars(stmt))


def people(case: Case) -> list[tuple[str, str]]:
    """Everyone who can take an action: the children, the network, the consultants."""
    result = [(f"c:{c.id}", f"{c.first_name} (kind)") for c in case.children]
    result += [(f"n:{m.id}", f"{m.name} ({m.relation})") for m in case.network]
    result += [(f"u:{u.id}", f"{u.name} (consulent)") for u in case.consultants]
    return result


# Writing ------------------------------------------------------------------------------------

AGREED_STAYS = ("Wat in een overleg is afgesproken, verander je in het volgende overleg. "
                "Voeg hier een voorstel toe om het dan te bespreken.")


def latest_meeting(case_id: int) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case_id)
                             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def _at_the_desk(entry, changed: set[str]) -> None:
    """Between meetings the consultant changes only their own proposals (and how an action goes)."""
    if entry.proposal or changed <= {"status"} or meeting_open(entry.case_id):
        return
    raise Refused(AGREED_STAYS, status=422)


def _check_references(case: Case, values: dict) -> None:
    goal_id = values.get("goal_item_id")
    if goal_id and goal_id not in {g.id for g in goals(case.id)}:
        raise Refused("Kies een veiligheidsdoel van dit dossier.", status=422)
    member_id = values.get("network_member_id")
    if member_id and member_id not in {m.id for m in case.network}:
        raise Refused("Kies iemand uit het netwerk van dit dossier.", status=422)


def _people(case: Case, keys: list[str]) -> list[ActionPerson]:
    """ActionPerson rows for the chosen keys; anyone outside this case is refused."""
    known = dict(people(case))
    names = {f"c:{c.id}": c.first_name for c in case.children} | {f"n:{m.id}": m.name for m in case.network} \
        | {f"u:{u.id}": u.name for u in case.consultants}
    if any(key not in known for key in keys):
        raise Refused("Kies mensen uit dit dossier.", status=422)
    result = []
    for key in dict.fromkeys(keys):
        kind, _, raw = key.partition(":")
        person = ActionPerson(name=names[key])  # the name alone: "(kind)" is how a form lists them
        setattr(person, {"c": "child_id", "n": "network_member_id", "u": "user_id"}[kind], int(raw))
        result.append(person)
    return result


def _snapshot(entry) -> dict:
    data = audit.snapshot(entry)
    if isinstance(entry, PlanAction):
        data["who"] = entry.who
    return data


def add_entry(actor: User, case: Case, meeting: Meeting | None, model, values: dict,
              people_keys: list[str] | None = None, also: tuple[str, ...] = ()):
    """Add an action, agreement, warning sign or contact at the end of its list; `also`: other
    regions of the open meetings that show it (a board item that went into the plan)."""
    with live.case_write(case, REGIONS[model], *also):
        _check_references(case, values)
        last = db.session.scalar(select(func.coalesce(func.max(model.position), 0)).where(model.case_id == case.id))
        proposal = not meeting_open(case.id)  # made at the desk: to be discussed at the next meeting
        entry = model(case_id=case.id, meeting_id=meeting.id if meeting and not proposal else None,
                      position=last + 1, updated_by_id=actor.id, proposal=proposal, **values)
        if model is PlanAction:
            entry.people = _people(case, people_keys or [])
        db.session.add(entry)
        audit.record(actor, case, f"{AUDIT_NAMES[model]}_added", entry, None, _snapshot(entry))
    return entry


def update_entry(actor: User, entry, *, version: int, values: dict, people_keys: list[str] | None = None):
    """Save an edit; refused with Conflict if the entry changed since `version`, unless the
    edit changes nothing (a resend of a save whose answer was lost)."""
    case = db.session.get(Case, entry.case_id)
    with live.case_write(case, REGIONS[type(entry)]) as write:
        db.session.refresh(entry)
        if entry.deleted_at is not None:
            raise Conflict(entry)
        _check_references(case, values)
        before = _snapshot(entry)
        if "translations" in values:  # the lines sent, over those of the other languages
            values = values | {"translations": merged_translations(entry.translations, values["translations"])}
        for key, value in values.items():
            setattr(entry, key, value)
        if isinstance(entry, PlanAction) and people_keys is not None:
            if sorted(people_keys) != sorted(p.key for p in entry.people):
                entry.people = _people(case, people_keys)
        after = _snapshot(entry)
        if not audit.changes(before, after):
            write.discard()
            return
        _at_the_desk(entry, set(audit.changes(before, after)))
        if entry.version != version:
            write.discard()  # their version, not the one this save changed in memory
            raise Conflict(entry)
        entry.version += 1
        entry.updated_by_id, entry.updated_at = actor.id, utcnow()
        audit.record(actor, case, f"{AUDIT_NAMES[type(entry)]}_updated", entry, before, after)


def remove_entry(actor: User, entry) -> None:
    case = db.session.get(Case, entry.case_id)
    with live.case_write(case, REGIONS[type(entry)]):
        db.session.refresh(entry)
        if entry.deleted_at is not None:
            raise Conflict(entry)
        _at_the_desk(entry, {"deleted_at"})
        before = _snapshot(entry)
        entry.deleted_at, entry.updated_by_id = utcnow(), actor.id
        entry.version += 1
        audit.record(actor, case, f"{AUDIT_NAMES[type(entry)]}_removed", entry, before, None)


def set_status(actor: User, action: PlanAction, status: str) -> None:
    """How an action is going, from the desk or in a review."""
    update_entry(actor, action, version=action.version, values={"status": ActionStatus(status)})


def action_from_item(actor: User, meeting: Meeting, item: MappingItem) -> PlanAction:
    """"Zet in het plan": a next step or a safety goal becomes a plan action, filled in from it."""
    if item.category not in (Category.NEXT_STEP, Category.SAFETY_GOAL):
        raise Refused("Alleen een volgende stap of een veiligheidsdoel gaat naar het plan.")
    exists = db.session.scalar(select(PlanAction.id).where(
        PlanAction.source_item_id == item.id, PlanAction.deleted_at.is_(None)))
    if exists:
        raise Refused("Dit staat al in het plan.")
    goal_id = item.id if item.category == Category.SAFETY_GOAL else item.goal_id
    due_on = None
    if item.urgency:
        due_on = dates.today() + timedelta(days=DUE_AFTER[Urgency(item.urgency)])
    keys = []
    if item.owner is not None:
        owner = item.owner
        keys = [f"n:{owner.network_member_id}" if owner.network_member_id else f"u:{owner.user_id}"] \
            if owner.network_member_id or owner.user_id else []
    values = dict(what=item.text, due_on=due_on, goal_item_id=goal_id, source_item_id=item.id,
                  visibility=item.visibility)
    return add_entry(actor, meeting.case, meeting, PlanAction, values, keys, also=(item.category,))


# The plan of a meeting ------------------------------------------------------------------------

def agree(meeting: Meeting) -> PlanSnapshot:
    """The plan as it is now is agreed at this meeting: the consultant's proposals are no
    longer proposals, and the meeting keeps a snapshot of it (the caller commits)."""
    for model in REGIONS:
        db.session.execute(update(model).where(model.case_id == meeting.case_id, model.proposal.is_(True))
                           .values(proposal=False))
    return take_snapshot(meeting)


def take_snapshot(meeting: Meeting) -> PlanSnapshot:
    """Keep the plan as agreed today with the meeting (the caller commits)."""
    snapshot = db.session.get(PlanSnapshot, meeting.id) or PlanSnapshot(meeting_id=meeting.id)
    snapshot.content, snapshot.taken_at = content(meeting.case_id, audience=Audience.CONSULTANT), utcnow()
    db.session.add(snapshot)
    return snapshot


def content(case_id: int, *, audience: Audience) -> dict:
    """The current plan as plain data, as a snapshot keeps it and a PDF prints it."""
    current = plan(case_id, audience=audience)
    return {
        "actions": [dict(id=a.id, what=a.what, how=a.how, who=a.who, due_on=a.due_on.isoformat() if a.due_on else None,
                         due_text=a.due_text, status=a.status, note=a.note, visibility=a.visibility,
                         goal=a.goal_item.text if a.goal_item else None, translations=a.translations)
                    for a in current["actions"]],
        "rules": [dict(id=r.id, text=r.text, visibility=r.visibility, translations=r.translations)
                  for r in current["rules"]],
        "signs": [dict(id=s.id, sign=s.sign, response=s.response, visibility=s.visibility, translations=s.translations)
                  for s in current["signs"]],
        "contacts": [dict(id=c.id, worry=c.worry, who=_contact_name(c), phone=_contact_phone(c),
                          visibility=c.visibility, translations=c.translations) for c in current["contacts"]],
    }


def _contact_name(contact: PlanContact) -> str | None:
    member = contact.network_member
    return member.called if member else None


def _contact_phone(contact: PlanContact) -> str | None:
    return contact.network_member.phone if contact.network_member else None


def snapshots(case_id: int) -> list[PlanSnapshot]:
    stmt = (select(PlanSnapshot).join(Meeting).where(Meeting.case_id == case_id)
            .order_by(Meeting.held_on.desc(), Meeting.id.desc()))
    return list(db.session.scalars(stmt))


# Mijn acties --------------------------------------------------------------------------------

def my_actions(user: User, today: date, *, team: bool = False) -> dict[str, list[PlanAction]]:
    """Across my open cases (with `team`, a team lead's: the whole team's): actions overdue,
    due this week, and those that are stuck."""
    mine = visible_cases(user).where(Case.status == "open").with_only_columns(Case.id)
    if not (team and user.is_teamlead):
        mine = mine.where(Case.members.any(CaseMember.user_id == user.id))
    stmt = (
        select(PlanAction)
        .where(PlanAction.case_id.in_(mine), PlanAction.deleted_at.is_(None),
               PlanAction.status != ActionStatus.DONE)
        .options(selectinload(PlanAction.people), selectinload(PlanAction.case))
        .order_by(PlanAction.due_on.is_(None), PlanAction.due_on, PlanAction.id)
    )
    actions = list(db.session.scalars(stmt))
    end_of_week = today + timedelta(days=6 - today.weekday())
    return {
        "overdue": [a for a in actions if a.is_overdue(today)],
        "this_week": [a for a in actions if a.due_on and today <= a.due_on <= end_of_week],
        "stuck": [a for a in actions if a.status == ActionStatus.STUCK],
    }

