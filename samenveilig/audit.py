"""Record who changed what, in the same transaction as the change itself, and who read what."""

from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from sqlalchemy import event, insert, inspect, literal, select
from sqlalchemy.exc import SQLAlchemyError

from . import models
from .dates import date_nl, datetime_nl
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
    "progress_viewed": "bekeek de voortgang",
    "proposal_viewed": "bekeek het voorstel aan de jeugdrechter",
    "pdf_downloaded": "downloadde een pdf",
    "houses_viewed": "bekeek de drie huizen van een kind",
    "child_words_viewed": "bekeek één stuk van wat een kind zelf zegt (de drie huizen)",
    "drawing_viewed": "bekeek een tekening van een kind",
    "story_viewed": "bekeek de uitleg voor een kind (woorden en beelden)",
    "panel_viewed": "bekeek een deel van de uitleg voor een kind",
    "meeting_projected": "toonde een netwerkoverleg op de projectie",
    "analysis_projected": "toonde de analyse van een overleg op de projectie",
    "plan_projected": "toonde het plan op de projectie",
    "network_projected": "toonde het netwerk op de projectie",
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
    "meetings.board": _meeting("meeting_viewed"),
    "meetings.events": _meeting("meeting_viewed"),
    "meetings.region": _meeting("meeting_viewed"),
    "meetings.item": _meeting("meeting_viewed"),
    "meetings.edit_item": _meeting("meeting_viewed"),
    "meetings.speaker_field": _meeting("meeting_viewed"),
    "meetings.goal_danger_field": _meeting("meeting_viewed"),
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


def children_read(events: list[AuditEvent]) -> dict[int, str]:
    """For the reads of something of one child (the houses, an entry, a drawing, the
    explanation): whose, by first name, in one query per kind of object read."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.action in VIEW_LABELS and e.entity_type in _CHILD_OF and e.entity_id is not None:
            wanted.setdefault(e.entity_type, set()).add(e.entity_id)
    names: dict[str, dict[int, str]] = {}
    for entity_type, ids in wanted.items():
        model, *path = _CHILD_OF[entity_type]
        stmt = select(model.id, models.Child.first_name).select_from(model)
        for join in path:
            stmt = stmt.join(*join)
        names[entity_type] = {id_: name for id_, name in db.session.execute(stmt.where(model.id.in_(ids)))}
    return {e.id: names[e.entity_type][e.entity_id] for e in events
            if e.entity_id in names.get(e.entity_type, {})}


_CHILD_OF = {
    "Child": (models.Child,),
    "ChildHouseEntry": (models.ChildHouseEntry, (models.Child, models.ChildHouseEntry.child_id == models.Child.id)),
    "StoryVersion": (models.StoryVersion, (models.Child, models.StoryVersion.child_id == models.Child.id)),
    "StoryPanel": (models.StoryPanel, (models.StoryVersion, models.StoryPanel.version_id == models.StoryVersion.id),
                   (models.Child, models.StoryVersion.child_id == models.Child.id)),
    "MappingItem": (models.MappingItem, (models.Child, models.MappingItem.child_id == models.Child.id)),
}


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


# How the Geschiedenis tab tells each action, and the fields it shows.
ACTION_LABELS = {
    "case_created": "opende het dossier",
    "case_updated": "wijzigde het dossier",
    "case_closed": "sloot het dossier af",
    "case_reopened": "heropende het dossier",
    "consultant_assigned": "wees een consulent toe",
    "consultant_unassigned": "haalde een consulent van het dossier",
    "child_added": "voegde een kind toe",
    "child_updated": "wijzigde een kind",
    "child_removed": "verwijderde een kind",
    "house_entry_added": "schreef op wat een kind zelf zegt (de drie huizen)",
    "house_entry_updated": "wijzigde wat een kind zelf zegt (de drie huizen)",
    "house_entry_removed": "verwijderde wat een kind zelf zegt (de drie huizen)",
    "story_created": "begon een uitleg voor een kind (woorden en beelden)",
    "story_version_created": "maakte een nieuwe versie van de uitleg voor een kind",
    "story_panel_added": "voegde een deel toe aan de uitleg voor een kind",
    "story_panel_updated": "wijzigde een deel van de uitleg voor een kind",
    "story_panel_moved": "verplaatste een deel van de uitleg voor een kind",
    "story_panel_removed": "verwijderde een deel van de uitleg voor een kind",
    "story_discussed": "noteerde dat de uitleg voor een kind besproken is met de ouders",
    "story_shared": "deelde de uitleg voor een kind met het gezin",
    "story_unshared": "haalde de uitleg voor een kind van de gezinslink",
    "child_score_recorded": "noteerde de eigen score van een kind",
    "child_score_updated": "wijzigde de eigen score van een kind",
    "child_score_removed": "verwijderde de eigen score van een kind",
    "network_member_added": "voegde iemand toe aan het netwerk",
    "network_member_updated": "wijzigde iemand uit het netwerk",
    "network_member_removed": "verwijderde iemand uit het netwerk",
    "network_member_confirmed": "noteerde een bevestiging van iemand uit het veiligheidsnetwerk",
    "meeting_created": "plande een netwerkoverleg",
    "meeting_closed": "sloot een netwerkoverleg af",
    "participant_added": "voegde een aanwezige toe aan het overleg",
    "participant_removed": "haalde een aanwezige van het overleg",
    "item_added": "voegde iets toe aan de mapping",
    "item_updated": "wijzigde iets in de mapping",
    "item_moved": "verplaatste iets in de mapping",
    "item_removed": "verwijderde iets uit de mapping",
    "item_undone": "maakte een wijziging in de mapping ongedaan",
    "child_words_back": "zette de woorden van een kind terug op de mapping",
    "follow_link_created": "maakte een meekijklink",
    "follow_link_revoked": "trok een meekijklink in",
    "danger_statement_added": "schreef een gevaarsinschatting",
    "safety_goal_added": "schreef een veiligheidsdoel",
    "goal_paired": "koppelde een veiligheidsdoel aan een gevaar",
    "scale_round_started": "startte een schaalronde",
    "score_entered": "voerde een score in",
    "score_entered_on_phone": "een deelnemer gaf een score op de gsm",
    "scale_revealed": "toonde de scores",
    "phone_claimed": "een deelnemer koos een naam op de gsm",
    "phone_released": "gaf een naam op de gsm vrij",
    "safety_decided": "legde vast of het kind nu veilig is",
    "plan_action_added": "voegde een actie toe aan het plan",
    "plan_action_updated": "wijzigde een actie in het plan",
    "plan_action_removed": "verwijderde een actie uit het plan",
    "plan_rule_added": "voegde een afspraak toe aan het plan",
    "plan_rule_updated": "wijzigde een afspraak in het plan",
    "plan_rule_removed": "verwijderde een afspraak uit het plan",
    "warning_sign_added": "voegde een waarschuwingssignaal toe",
    "warning_sign_updated": "wijzigde een waarschuwingssignaal",
    "warning_sign_removed": "verwijderde een waarschuwingssignaal",
    "plan_contact_added": "voegde iemand toe om te bellen",
    "plan_contact_updated": "wijzigde wie het gezin kan bellen",
    "plan_contact_removed": "verwijderde iemand om te bellen",
    "family_link_created": "maakte een gezinslink",
    "family_link_revoked": "trok een gezinslink in",
    "feedback_received": "het gezin gaf feedback via de gezinslink",
    "pdf_made": "maakte een pdf",
    "action_reviewed": "beoordeelde een actie",
    "review_answered": "beantwoordde de vragen van de opvolging",
    "closing_summary_written": "schreef de samenvatting bij het afsluiten",
    "proposal_drafted": "maakte een voorstel aan de jeugdrechter",
    "proposal_saved": "bewaarde het voorstel aan de jeugdrechter",
    "proposal_finalised": "maakte het voorstel aan de jeugdrechter definitief",
    "password_changed": "wijzigde het eigen wachtwoord",
    "work_phone_changed": "wijzigde het eigen werknummer",
    "user_created": "maakte een gebruiker aan",
    "user_password_reset": "gaf een gebruiker een tijdelijk wachtwoord",
    "user_role_changed": "wijzigde de rol van een gebruiker",
    "user_activated": "activeerde een gebruiker",
    "user_deactivated": "deactiveerde een gebruiker",
    "user_linked": "koppelde een gebruiker aan het organisatie-account",
    "account_change_requested": "vroeg een wijziging aan een account aan",
    "account_change_confirmed": "bevestigde een wijziging aan een account",
    "account_change_refused": "weigerde een wijziging aan een account",
    "case_destroyed": "vernietigde het dossier: bewaartermijn verstreken",
}
FIELD_LABELS = {
    "reference": "Referentie",
    "family_name": "Gezin",
    "family_language": "Taal van het gezin",
    "service": "Dienst",
    "status": "Status",
    "opened_on": "Geopend",
    "closed_on": "Afgesloten",
    "acute_review_on": "Dringend herbekijken tegen",
    "consultant": "Consulent",
    "first_name": "Voornaam",
    "date_of_birth": "Geboortedatum",
    "name": "Naam",
    "relation": "Relatie",
    "role": "Rol",
    "phone": "Telefoon",
    "work_phone": "Telefoon op het werk",
    "email": "E-mailadres",
    "user": "Gebruiker",
    "account_change": "Wijziging",
    "oidc_subject": "Organisatie-account",
    "active": "Actief",
    "must_change_password": "Moet een nieuw wachtwoord kiezen",
    "support_figure": "Steunfiguur",
    "closeness": "Hoe dichtbij",
    "in_safety_network": "Veiligheidsnetwerk",
    "commitment": "Wat doet deze persoon voor de veiligheid",
    "knows_danger": "Kent de gevaarsinschatting",
    "confirmed_on": "Laatst bevestigd",
    "kind": "Soort overleg",
    "held_on": "Datum",
    "closed_at": "Afgesloten op",
    "text": "Tekst",
    "translation": "Vertaling voor het gezin",
    "translations": "Vertaling voor het gezin",
    "other_languages": "Andere talen van het gezin",
    "interpreter_language": "Tolk voor",
    "proposal": "Voorstel van de consulent, nog te bespreken",
    "category": "Categorie",
    "visibility": "Zichtbaar voor",
    "term": "Termijn",
    "urgency": "Hoe dringend",
    "participant": "Deelnemer",
    "scores": "Scores",
    "opened_at": "Gestart op",
    "revealed_at": "Getoond op",
    "answer": "Is het kind nu veilig?",
    "reasoning": "Waarom",
    "arrangement_who": "Wie blijft bij het kind",
    "arrangement_what": "Afspraak",
    "arrangement_until": "Tot",
    "review_on": "Herbekijken op",
    "decided_at": "Beslist op",
    "worried": "Wie maakt zich zorgen",
    "behaviour": "Gedrag",
    "outcome": "Wat kan er gebeuren",
    "family_view": "Hoe het gezin het ziet",
    "duration": "Hoe lang",
    "what": "Wat",
    "how": "Hoe",
    "who": "Wie",
    "due_on": "Tegen wanneer",
    "due_text": "Wanneer",
    "note": "Opmerking",
    "sign": "Waarschuwingssignaal",
    "response": "Wat we dan doen",
    "worry": "Waarvoor bellen",
    "recipient": "Voor wie",
    "show_phone": "Telefoonnummers tonen",
    "show_email": "E-mailadressen tonen",
    "expires_at": "Geldig tot",
    "revoked_at": "Ingetrokken op",
    "last_opened_at": "Laatst geopend",
    "open_count": "Keren geopend",
    "rating": "Waardering",
    "audience": "Voor wie",
    "file": "Bestand",
    "action": "Actie",
    "verdict": "Oordeel",
    "comment": "Toelichting",
    "reviewed_at": "Beoordeeld op",
    "going_well": "Lopen de veranderingen goed?",
    "to_adjust": "Wat moet er bijgestuurd worden?",
    "can_stop": "Kan onze hulp hier stoppen?",
    "can_stop_why": "Waarom (stoppen)",
    "summary": "Samenvatting",
    "number": "Voorstel nummer",
    "body": "Tekst van het voorstel",
    "finalised_at": "Definitief op",
    "written_at": "Geschreven op",
    "destroyed_on": "Vernietigd op",
    "danger": "Gevaarsinschatting",
    "house": "Huis",
    "talked_on": "Gesprek op",
    "talked_by_name": "Wie praatte met het kind (naam)",
    "drawing": "Tekening",
    "child_words": "Woorden van het kind (uit de drie huizen)",
    "scored_on": "Datum van de score",
    "child_id": "Over welk kind",
    "talked_by_id": "Wie praatte met het kind",
    "decided_by_id": "Beslist door",
    "speaker_id": "Wie zei het",
    "owner_id": "Wie doet het",
    "participant_id": "Deelnemer",
    "goal_id": "Dient het doel",
    "goal_item_id": "Dient het doel",
    "danger_item_id": "Bij het gevaar",
    "network_member_id": "Netwerklid",
    "version_number": "Versie",
    "discussed_on": "Besproken op",
    "discussed_with": "Besproken met",
    "shared_on": "Gedeeld met het gezin op",
    "figure": "Figuur",
    "picture": "Beeld",
    "heading": "Kop",
    "panels": "Aantal delen",
    "place": "Plaats",
    "score": "Score",
}
# Keys that are bookkeeping, not content: never shown. Everything else needs a label.
_TECHNICAL_FIELDS = {"id", "version", "position", "created_at", "updated_at", "deleted_at",
                     "entered_on_phone", "submission"}


# References a person changes in an edit, shown by the name or text they point to; every
# other `*_id` is bookkeeping. What is gone since reads "(verwijderd)".
_REFERENCES = {
    "child_id": (models.Child, "first_name", "alle kinderen"),
    "talked_by_id": (User, "name", "—"),
    "decided_by_id": (User, "name", "—"),
    "speaker_id": (models.Participant, "name", "iedereen"),
    "owner_id": (models.Participant, "name", "—"),
    "participant_id": (models.Participant, "name", "—"),
    "goal_id": (models.MappingItem, "text", "—"),
    "goal_item_id": (models.MappingItem, "text", "—"),
    "danger_item_id": (models.MappingItem, "text", "—"),
    "network_member_id": (models.NetworkMember, "name", "—"),
}


def is_technical(key: str) -> bool:
    return key in _TECHNICAL_FIELDS or (key.endswith("_id") and key not in _REFERENCES)


def _referenced(key: str, value: Any) -> str:
    model, attribute, when_empty = _REFERENCES[key]
    if value is None:
        return when_empty
    found = db.session.get(model, value)  # the session keeps each one: a page asks once
    text = getattr(found, attribute) if found is not None else "(verwijderd)"
    return text if len(text) <= 80 else text[:79] + "…"


ACTION_LABELS |= VIEW_LABELS | {"access_log_exported": "downloadde het toegangslogboek"}


def describe(event: AuditEvent) -> str:
    return ACTION_LABELS.get(event.action, event.action.replace("_", " "))


def readable_changes(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """(label, old, new) per changed field; for an addition or removal, what it held."""
    return [
        (FIELD_LABELS.get(key, key), _readable(key, old), _readable(key, new))
        for key, (old, new) in changes(event.before, event.after).items()
        if not is_technical(key)
    ]


def _value_labels() -> dict[str, dict]:
    statuses = {"open": "open", "closed": "afgesloten", "draft": "ontwerp", "final": "definitief",
                **models.ACTION_STATUS_LABELS, **models.STORY_STATUS_LABELS}
    return {"category": models.CATEGORY_LABELS, "visibility": models.VISIBILITY_LABELS,
            "term": models.TERM_LABELS, "kind": models.MEETING_KIND_LABELS,
            "account_change": models.ACCOUNT_CHANGE_LABELS,
            "answer": models.ANSWER_LABELS, "urgency": models.URGENCY_LABELS,
            "status": statuses, "role": models.ROLE_LABELS | models.NETWORK_ROLE_LABELS,
            "service": models.SERVICE_LABELS, "family_language": models.FAMILY_LANGUAGE_LABELS,
            "interpreter_language": models.FAMILY_LANGUAGE_LABELS,
            "verdict": models.VERDICT_LABELS,
            "can_stop": models.CAN_STOP_LABELS, "closeness": models.CLOSENESS_LABELS,
            "house": models.HOUSE_LABELS, "figure": models.FIGURE_LABELS}


def _readable(key: str, value: Any) -> Any:
    if key in _REFERENCES:
        return _referenced(key, value)
    codes = _value_labels().get(key, {})
    if isinstance(value, str) and value in codes:
        return codes[value]
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        return _readable_date(value)
    return value


def _readable_date(value: str) -> str:
    try:
        if len(value) == 10:
            return date_nl(date.fromisoformat(value))
        return datetime_nl(datetime.fromisoformat(value))
    except ValueError:
        return value
