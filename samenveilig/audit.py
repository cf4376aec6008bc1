"""Record who changed what, in the same transaction as the change itself."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect

from .extensions import db
from .models import AuditEvent, Case, User

# Columns that never go into the audit trail.
_SECRET_COLUMNS = {"password_hash", "token_hash", "session_version"}


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
    "network_member_added": "voegde iemand toe aan het netwerk",
    "network_member_updated": "wijzigde iemand uit het netwerk",
    "network_member_removed": "verwijderde iemand uit het netwerk",
    "meeting_created": "plande een netwerkoverleg",
    "meeting_closed": "sloot een netwerkoverleg af",
    "participant_added": "voegde een aanwezige toe aan het overleg",
    "participant_removed": "haalde een aanwezige van het overleg",
    "item_added": "voegde iets toe aan de mapping",
    "item_updated": "wijzigde iets in de mapping",
    "item_moved": "verplaatste iets in de mapping",
    "item_removed": "verwijderde iets uit de mapping",
    "item_undone": "maakte een wijziging in de mapping ongedaan",
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
}
FIELD_LABELS = {
    "reference": "Referentie",
    "family_name": "Gezin",
    "service": "Dienst",
    "status": "Status",
    "opened_on": "Geopend",
    "closed_on": "Afgesloten",
    "consultant": "Consulent",
    "first_name": "Voornaam",
    "date_of_birth": "Geboortedatum",
    "name": "Naam",
    "relation": "Relatie",
    "role": "Rol",
    "phone": "Telefoon",
    "email": "E-mailadres",
    "support_figure": "Steunfiguur",
    "kind": "Soort overleg",
    "held_on": "Datum",
    "text": "Tekst",
    "category": "Categorie",
    "visibility": "Zichtbaar voor",
    "term": "Termijn",
    "urgency": "Hoe dringend",
    "participant": "Deelnemer",
    "scores": "Scores",
    "answer": "Is het kind nu veilig?",
    "reasoning": "Waarom",
    "arrangement_who": "Wie blijft bij het kind",
    "arrangement_what": "Afspraak",
    "arrangement_until": "Tot",
    "review_on": "Herbekijken op",
    "worried": "Wie maakt zich zorgen",
    "behaviour": "Gedrag",
    "outcome": "Wat kan er gebeuren",
    "family_view": "Hoe het gezin het ziet",
    "duration": "Hoe lang",
}
_HIDDEN_FIELDS = {"id", "case_id", "created_at"}


def describe(event: AuditEvent) -> str:
    return ACTION_LABELS.get(event.action, event.action.replace("_", " "))


def readable_changes(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """(label, old, new) per changed field; for an addition or removal, what it held."""
    rows = []
    for key, (old, new) in changes(event.before, event.after).items():
        if key in _HIDDEN_FIELDS or key not in FIELD_LABELS:
            continue
        rows.append((FIELD_LABELS[key], _readable(key, old), _readable(key, new)))
    return rows


def _readable(key: str, value: Any) -> Any:
    from .models import (
        ANSWER_LABELS,
        CATEGORY_LABELS,
        MEETING_KIND_LABELS,
        TERM_LABELS,
        URGENCY_LABELS,
        VISIBILITY_LABELS,
    )
    from .templating import date_nl

    codes = {"category": CATEGORY_LABELS, "visibility": VISIBILITY_LABELS, "term": TERM_LABELS,
             "kind": MEETING_KIND_LABELS, "answer": ANSWER_LABELS, "urgency": URGENCY_LABELS}
    if key in codes and value in codes[key]:
        return codes[key][value]
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_nl(date.fromisoformat(value))
        except ValueError:
            return value
    return value
