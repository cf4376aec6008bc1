"""Record who changed what, in the same transaction as the change itself, and who read what.
How the trail is told in Dutch (the Geschiedenis tab, "Bekeken door") is samenveilig/cases/history.py."""

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect, literal, select
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .models import AuditEvent, Case, User, utcnow
from .services import Refused

# Columns that never go into the audit trail.
_SECRET_COLUMNS = {"password_hash", "token_hash", "token_seed", "session_version", "device_hash"}


def snapshot(entity: Any) -> dict[str, Any]:
    """The entity's column values as JSON-safe data."""
    values = {}
    for attr in inspect(entity).mapper.column_attrs:
        if attr.key in _SECRET_COLUMNS:
            continue
        value = getattr(entity, attr.key)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        values[attr.key] = value
    return values


def record(
    actor: User | None,
    case: Case | None,
    action: str,
    entity: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit makes it permanent."""
    db.session.flush()  # so a new entity has its id
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        case_id=case.id if case else None,
        action=action,
        entity_type=type(entity).__name__,
        entity_id=getattr(entity, "id", None),
        before=before,
        after=after,
    )
    db.session.add(event)
    return event


# Reads. Every page, picture, stream or fragment a person opens of a case leaves a line in the
# case's trail ("Bekeken door" and the CSV access log), written with the page on the request's
# own connection: see `write_read`. Repeats of the same thing by the same person within five
# minutes count once; a download always counts (a copy leaves the system).
VIEW_LABELS = {
    "case_viewed": "bekeek het dossier",
    "meetings_viewed": "bekeek de lijst van netwerkoverleggen",
    "meeting_viewed": "bekeek een netwerkoverleg",
    "changes_viewed": "bekeek wat er veranderde sinds het vorige overleg",
    "plan_viewed": "bekeek het plan",
    "plan_printed": "opende het plan om af te drukken",
    "safety_network_viewed": "bekeek het veiligheidsnetwerk",
    "history_viewed": "bekeek de geschiedenis",
    "family_links_viewed": "bekeek de gezinslinks en de feedback van het gezin",
    "child_links_viewed": "bekeek de eigen links van een kind",
    "progress_viewed": "bekeek de voortgang",
    "proposal_viewed": "bekeek het voorstel aan de jeugdrechter",
    "pdf_downloaded": "downloadde een pdf",
    "houses_viewed": "bekeek de drie huizen van een kind",
    "child_words_viewed": "bekeek één stuk van wat een kind zelf zegt (de drie huizen)",
    "drawing_viewed": "bekeek een tekening van een kind",
    "story_viewed": "bekeek de uitleg voor een kind (woorden en beelden)",
    "panel_viewed": "bekeek een deel van de uitleg voor een kind",
    "safety_plan_viewed": "bekeek het veiligheidsplan van een kind (als het weer gebeurt)",
    "safety_house_viewed": "bekeek het veiligheidshuis van een kind",
    "meeting_projected": "toonde een netwerkoverleg op de projectie",
    "analysis_projected": "toonde de analyse van een overleg op de projectie",
    "plan_projected": "toonde het plan op de projectie",
    "network_projected": "toonde het netwerk op de projectie",
    "child_safety_projected": "toonde de veiligheidsplannen en -huizen van de kinderen op de projectie",
    "drawing_projected": "toonde een tekening van een kind op de projectie",
    "case_part_viewed": "bekeek een deel van het dossier",
}
VIEW_WINDOW = timedelta(minutes=5)
_ALWAYS_COUNTED = {"pdf_downloaded"}


class Read(NamedTuple):
    """What a page reads: the action of its line, and the object read (a model's name and the
    URL argument that holds its id). Repeats fold per (person, case, action, object)."""

    action: str
    entity: str = "Case"
    arg: str = "case_id"


def _meeting(action: str) -> Read:
    return Read(action, "Meeting", "meeting_id")


# What each GET route under a case or a meeting reads. A route that passed the access check
# (cases.access.case_or_404, meetings.access.meeting_or_404) and answers 2xx writes its line;
# a route missing here writes "bekeek een deel van het dossier", and tests/test_read_trail.py
# fails until it is listed. Fragments of a page (a row to edit, a live region, the event
# stream, a choice re-fetched) count as the page they belong to, so they fold with it.
READS: dict[str, Read | None] = {
    "cases.show": Read("case_viewed"),
    "cases.edit_case": Read("case_viewed"),
    "cases.show_entry": Read("case_viewed"),
    "cases.edit_entry": Read("case_viewed"),
    "cases.safety_network": Read("safety_network_viewed"),
    "cases.history": Read("history_viewed"),
    "share.links": Read("family_links_viewed"),
    "share.child_link_page": Read("child_links_viewed", "Child", "child_id"),
    "meetings.index": Read("meetings_viewed"),
    "plan.case_plan": Read("plan_viewed"),
    "plan.print_plan": Read("plan_printed"),
    "review.case_progress": Read("progress_viewed"),
    "review.proposals": Read("proposal_viewed"),
    "review.download": Read("pdf_downloaded", "Export", "export_id"),  # the view adds the file's name
    "children.houses": Read("houses_viewed", "Child", "child_id"),
    "children.edit_entry": Read("child_words_viewed", "ChildHouseEntry", "entry_id"),
    "children.drawing": Read("drawing_viewed", "ChildHouseEntry", "entry_id"),
    "children.drawing_thumbnail": Read("drawing_viewed", "ChildHouseEntry", "entry_id"),
    "stories.story": Read("story_viewed", "Child", "child_id"),
    "stories.show_version": Read("story_viewed", "StoryVersion", "version_id"),
    "stories.print_version": Read("story_viewed", "StoryVersion", "version_id"),
    "stories.edit_panel": Read("panel_viewed", "StoryPanel", "panel_id"),
    "stories.panel_image": Read("panel_viewed", "StoryPanel", "panel_id"),
    "safety.plan": Read("safety_plan_viewed", "Child", "child_id"),
    "safety.plan_version": Read("safety_plan_viewed", "SafetyPlan", "safety_plan_id"),
    "safety.print_plan": Read("safety_plan_viewed", "Child", "child_id"),
    "safety.house": Read("safety_house_viewed", "Child", "child_id"),
    "safety.house_version": Read("safety_house_viewed", "SafetyHouse", "safety_house_id"),
    "safety.print_house": Read("safety_house_viewed", "Child", "child_id"),
    "meetings.board": _meeting("meeting_viewed"),
    "meetings.events": _meeting("meeting_viewed"),
    "meetings.region": _meeting("meeting_viewed"),
    "meetings.item": _meeting("meeting_viewed"),
    "meetings.edit_item": _meeting("meeting_viewed"),
    "meetings.speaker_field": _meeting("meeting_viewed"),
    "meetings.goal_danger_field": _meeting("meeting_viewed"),
    "meetings.bottom_line_danger_field": _meeting("meeting_viewed"),
    "review.changes": _meeting("changes_viewed"),
    "plan.page": _meeting("plan_viewed"),
    "plan.entry": _meeting("plan_viewed"),
    "plan.edit": _meeting("plan_viewed"),
    "projector.present": _meeting("meeting_projected"),
    "projector.events": _meeting("meeting_projected"),
    "projector.region": _meeting("meeting_projected"),
    "projector.present_analysis": _meeting("analysis_projected"),
    "projector.present_plan": _meeting("plan_projected"),
    "projector.present_network": _meeting("network_projected"),
    "projector.present_children": _meeting("child_safety_projected"),
    "projector.drawing": Read("drawing_projected", "MappingItem", "item_id"),
    # No read line: these show nothing of the case, or write their own line.
    "review.export_status": None,  # how far a PDF is and its file name, polled by the page that asked
    "meetings.sentence": None,  # the sentence made of the words being typed, nothing stored
    "cases.access_log": None,  # the export is a line of its own: "downloadde het toegangslogboek"
}
_FALLBACK = "case_part_viewed"


def granted(case_id: int) -> None:
    """The access check let this request see the case; its read is written with the answer."""
    g.read_case_id = case_id


def record_view(actor: User, case_id: int, action: str, entity: Any,
                after: dict[str, Any] | None = None) -> None:
    """This request reads `entity`, in more detail than READS says of its route (a PDF's file
    name); the line is written with the answer, like every read."""
    g.read_line = dict(actor_id=actor.id, case_id=case_id, action=action,
                       entity_type=type(entity).__name__, entity_id=entity.id, after=after)


def read_of_request() -> dict[str, Any] | None:
    """The line this request's read adds, or None: what the view said (record_view), else what
    READS says of a GET under a case whose access check passed."""
    line, case_id = g.pop("read_line", None), g.pop("read_case_id", None)
    if line is not None or case_id is None or request.method != "GET":
        return line
    read = READS.get(request.endpoint, Read(_FALLBACK))
    if read is None:
        return None
    args = request.view_args or {}
    return dict(actor_id=current_user.id, case_id=case_id, action=read.action,
                entity_type=read.entity, entity_id=args.get(read.arg, case_id), after=None)


def write_read(response: Response) -> Response:
    """After the page is made: its read line, in the page's own session and transaction (one
    statement, then the commit that ends it), so a request never holds a second connection.
    A read that cannot be written is not served: the answer becomes a Dutch 503."""
    line = read_of_request()
    if line is None or not 200 <= response.status_code < 300:
        return response
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.pop("flushed", False):
        session.rollback()  # a read never writes: what the page changed stays unsaved, as before
    try:
        session.execute(_read_insert(line))
        keep, session.expire_on_commit = session.expire_on_commit, False  # the page's objects stay loaded
        try:
            session.commit()
        finally:
            session.expire_on_commit = keep
    except SQLAlchemyError:
        current_app.logger.exception("The read could not be recorded; the page is not shown.")
        response.close()  # an event stream gives its place back
        try:
            refusal = current_app.make_response(current_app.handle_user_exception(Refused(NOT_RECORDED, 503)))
        finally:
            session.rollback()
        refusal.headers["Retry-After"] = "10"
        return refusal
    return response


NOT_RECORDED = ("Samenveilig kon niet noteren dat je dit bekijkt, en toont het daarom niet. "
                "Probeer het over enkele ogenblikken opnieuw.")


def _read_insert(line: dict[str, Any]):
    """One statement: the line, unless the same person read the same thing of this case within
    the window (a download always counts)."""
    values = {"at": utcnow(), **{k: v for k, v in line.items() if v is not None}}
    if line["action"] in _ALWAYS_COUNTED:
        return insert(AuditEvent).values(**values)
    recent = select(AuditEvent.id).where(
        AuditEvent.case_id == line["case_id"], AuditEvent.actor_id == line["actor_id"],
        AuditEvent.action == line["action"], AuditEvent.entity_type == line["entity_type"],
        AuditEvent.entity_id == line["entity_id"], AuditEvent.at > values["at"] - VIEW_WINDOW)
    row = select(*(literal(value, getattr(AuditEvent, name).type) for name, value in values.items()))
    return insert(AuditEvent).from_select(list(values), row.where(~recent.exists()))


@event.listens_for(db.session, "after_flush")
def _flushed(session, _context) -> None:
    session.info["flushed"] = True  # the transaction holds writes of its own (see write_read)


@event.listens_for(db.session, "after_transaction_end")
def _ended(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("flushed", None)


def init_app(app: Flask) -> None:
    app.after_request(write_read)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, tuple]:
    """Fields that differ between two snapshots, as {field: (old, new)}."""
    before, after = before or {}, after or {}
    keys = [k for k in {**before, **after} if k not in ("id", "case_id")]
    return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}
