"""The Geschiedenis tab and "Bekeken door" in Dutch: a label for every action and field of the
case's trail, each change told as (field, old, new) with references and codes in words, and the
child whose words were read. What goes into the trail is written by samenveilig/audit.py."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from .. import audit, models
from ..dates import date_nl, datetime_nl
from ..extensions import db
from ..models import AuditEvent, User

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
    "safety_plan_saved": "maakte het veiligheidsplan van een kind (als het weer gebeurt)",
    "safety_plan_updated": "wijzigde het veiligheidsplan van een kind (als het weer gebeurt)",
    "safety_house_saved": "maakte het veiligheidshuis van een kind",
    "safety_house_updated": "wijzigde het veiligheidshuis van een kind",
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
    "child_score_given_on_link": "een kind gaf een eigen score via de eigen link",
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
    "bottom_line_added": "schreef een niet-onderhandelbare voorwaarde",
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
    "child_link_created": "maakte een eigen link voor een kind",
    "child_link_revoked": "trok de eigen link van een kind in",
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
    "shortcuts_off": "Sneltoetsen uit",
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
    "clarify_step": "Wat we doen om het uit te klaren",
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
    "content": "Delen uit het dossier",
    "finalised_at": "Definitief op",
    "written_at": "Geschreven op",
    "destroyed_on": "Vernietigd op",
    "danger": "Gevaarsinschatting",
    "reason": "Waarom niet onderhandelbaar",
    "house": "Huis",
    "talked_on": "Gesprek op",
    "talked_by_name": "Wie praatte met het kind (naam)",
    "drawing": "Tekening",
    "child_words": "Woorden van het kind (uit de drie huizen)",
    "scored_on": "Datum van de score",
    "as_face": "Gegeven als gezichtje (jong kind)",
    "child": "Kind",
    "younger_chosen": "Bewust gekozen voor een kind jonger dan 12",
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
    "what_i_do": "Wat doe ik als het weer gebeurt?",
    "where_i_go": "Waar ga ik naartoe?",
    "signal": "Ons teken",
    "calls": "Wie bel ik?",
    "inside": "In mijn huis (en wat ze doen)",
    "rules": "Het dak: de afspraken",
    "not_in": "Mag niet binnen",
    "with_someone": "Alleen met iemand erbij",
    "scale": "Hoe veilig (0 tot 10)",
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


ACTION_LABELS |= audit.VIEW_LABELS | {"access_log_exported": "downloadde het toegangslogboek"}


def describe(event: AuditEvent) -> str:
    return ACTION_LABELS.get(event.action, event.action.replace("_", " "))


def readable_changes(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    """(label, old, new) per changed field; for an addition or removal, what it held."""
    return [
        (FIELD_LABELS.get(key, key), _readable(key, old), _readable(key, new))
        for key, (old, new) in audit.changes(event.before, event.after).items()
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


def children_read(events: list[AuditEvent]) -> dict[int, str]:
    """For the reads of something of one child (the houses, an entry, a drawing, the
    explanation): whose, by first name, in one query per kind of object read."""
    wanted: dict[str, set[int]] = {}
    for e in events:
        if e.action in audit.VIEW_LABELS and e.entity_type in _CHILD_OF and e.entity_id is not None:
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
    "SafetyPlan": (models.SafetyPlan, (models.Child, models.SafetyPlan.child_id == models.Child.id)),
    "SafetyHouse": (models.SafetyHouse, (models.Child, models.SafetyHouse.child_id == models.Child.id)),
    "MappingItem": (models.MappingItem, (models.Child, models.MappingItem.child_id == models.Child.id)),
}
