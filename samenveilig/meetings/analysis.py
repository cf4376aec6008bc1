"""The analysis of a meeting: danger statements with their safety goals, the blind safety
scale, and the decision "is het kind nu veilig?". Same rules as the board: every write
touches the meeting's version first, is audited, committed once and published."""

import re
import secrets
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy import select

from .. import audit, dates, live
from ..audience import Audience
from ..extensions import db
from ..linktokens import token_hash
from ..models import (
    Answer,
    BottomLine,
    Category,
    DangerStatement,
    MappingItem,
    Meeting,
    Participant,
    RoundStatus,
    SafetyDecision,
    SafetyGoal,
    ScaleRound,
    ScaleScore,
    Urgency,
    User,
    utcnow,
)
from ..services import Refused
from . import services
from .sentences import Worried, danger_text, goal_text, names_of

ADVISED_DANGERS = 3
REVIEW_WITHIN_DAYS = 7
NEGATIVE = re.compile(r"\b(niet|geen|nooit|stop\w*|mag niet|verboden)\b", re.I)


# Danger statements and safety goals ----------------------------------------------------

def is_negative(goal: SafetyGoal) -> bool:
    """A goal says what we will SEE people do: "niet", "geen", "nooit" suggest otherwise."""
    return bool(NEGATIVE.search(goal.behaviour))


def dangers(meeting_id: int, *, audience: Audience) -> list[MappingItem]:
    return services.items(meeting_id, Category.DANGER, audience=audience)


def pairs(meeting: Meeting, *, audience: Audience) -> list[tuple[MappingItem, list[MappingItem]]]:
    """Each danger statement with the safety goals that answer it; last, the goals that
    answer none (as a danger of None)."""
    goals = services.items(meeting.id, Category.SAFETY_GOAL, audience=audience)
    result = []
    for danger in dangers(meeting.id, audience=audience):
        result.append((danger, [g for g in goals if g.goal and g.goal.danger_item_id == danger.id]))
    paired = {g.id for _, gs in result for g in gs}
    loose = [g for g in goals if g.id not in paired]
    if loose:
        result.append((None, loose))
    return result


def _danger_of(meeting: Meeting, danger_id: int | None) -> int | None:
    if danger_id is None:
        return None
    danger = db.session.get(MappingItem, danger_id)
    if danger is None or danger.meeting_id != meeting.id or danger.category != Category.DANGER \
            or danger.deleted_at is not None:
        raise Refused("Kies een gevaarsinschatting van dit overleg.", status=422)
    return danger.id


def add_danger(actor: User, meeting: Meeting, *, worried: Worried | str, behaviour: str, outcome: str,
               term: str, family_view: str | None, speaker: str, visibility: str,
               text: str | None = None, child: str | None = None) -> MappingItem:
    """A danger statement written with the guidance of the form; `text` is the sentence as the
    consultant (re)wrote it, else the one the parts make. Who worries is a `Worried` (a bare
    string is what was typed); when the parts make no sure sentence, the consultant writes it."""
    worried = Worried(typed=worried) if isinstance(worried, str) else worried
    text = text or danger_text(worried, behaviour, outcome, names_of(meeting))
    if not text:
        raise Refused("Schrijf de zin van deze gevaarsinschatting één keer zelf.", status=422)
    with live.meeting_write(meeting.id, *services.regions(Category.DANGER)):
        item = services.new_item(
            actor, meeting, text=text, category=Category.DANGER,
            speaker=speaker, visibility=visibility, term=term, child=child)
        danger = DangerStatement(item_id=item.id, worried=worried.subject, behaviour=behaviour, outcome=outcome,
                                 family_view=family_view or None)
        db.session.add(danger)
        audit.record(actor, meeting.case, "danger_statement_added", danger, None, audit.snapshot(danger))
    return item


def add_goal(actor: User, meeting: Meeting, *, danger_id: int | None, behaviour: str,
             duration: str, speaker: str, visibility: str, text: str | None = None,
             child: str | None = None) -> MappingItem:
    """A safety goal: what we will see, for how long, and the danger it answers."""
    danger_item_id = _danger_of(meeting, danger_id)
    with live.meeting_write(meeting.id, *services.regions(Category.SAFETY_GOAL)):
        item = services.new_item(
            actor, meeting, text=text or goal_text(behaviour, duration), category=Category.SAFETY_GOAL,
            speaker=speaker, visibility=visibility, child=child)
        goal = SafetyGoal(item_id=item.id, danger_item_id=danger_item_id, behaviour=behaviour,
                          duration=duration)
        db.session.add(goal)
        audit.record(actor, meeting.case, "safety_goal_added", goal, None, audit.snapshot(goal))
    return item


def bottom_lines(meeting_id: int, *, audience: Audience) -> list[MappingItem]:
    """The meeting's bottom lines as far as this audience may see them."""
    return services.items(meeting_id, Category.BOTTOM_LINE, audience=audience)


def add_bottom_line(actor: User, meeting: Meeting, *, text: str, reason: str, danger_id: int | None,
                    visibility: str) -> MappingItem:
    """A bottom line, before or in the meeting: the consultant's words (said by the consultant
    when present), why it cannot be negotiated, and the danger statement it belongs to."""
    danger_item_id = _danger_of(meeting, danger_id)
    if danger_item_id is None:
        raise Refused("Kies bij welk gevaar dit hoort.", status=422)
    speaker = next((str(p.id) for p in meeting.participants if p.user_id == actor.id), "")
    with live.meeting_write(meeting.id, Category.BOTTOM_LINE):
        item = services.new_item(actor, meeting, text=text, category=Category.BOTTOM_LINE, speaker=speaker,
                                 visibility=visibility)
        bottom_line = BottomLine(item_id=item.id, reason=reason, danger_item_id=danger_item_id)
        db.session.add(bottom_line)
        audit.record(actor, meeting.case, "bottom_line_added", bottom_line, None,
                     audit.snapshot(bottom_line) | {"danger": _text_of(danger_item_id)})
    return item


def _text_of(item_id: int | None) -> str | None:
    return db.session.get(MappingItem, item_id).text if item_id else None


def pair_goal(actor: User, goal_item: MappingItem, danger_id: int | None) -> None:
    """Tie a safety goal to a danger statement (or loosen it)."""
    meeting = goal_item.meeting
    with live.meeting_write(meeting.id, "pairs", Category.SAFETY_GOAL):
        goal = goal_item.goal or SafetyGoal(item_id=goal_item.id, behaviour=goal_item.text, duration="")
        before = {"danger_item_id": goal.danger_item_id, "danger": _text_of(goal.danger_item_id)}
        goal.danger_item_id = _danger_of(meeting, danger_id)
        db.session.add(goal)
        audit.record(actor, meeting.case, "goal_paired", goal_item, before,
                     {"danger_item_id": goal.danger_item_id, "danger": _text_of(goal.danger_item_id),
                      "text": goal_item.text})


# The safety scale -----------------------------------------------------------------------

def open_round(meeting_id: int) -> ScaleRound | None:
    return db.session.scalar(select(ScaleRound).where(
        ScaleRound.meeting_id == meeting_id, ScaleRound.status == RoundStatus.OPEN))


def open_round_of(meeting: Meeting) -> ScaleRound | None:
    """The open round among the meeting's scale rounds (no query once a page loaded them)."""
    return next((r for r in meeting.scale_rounds if r.status == RoundStatus.OPEN), None)


def scorers(meeting: Meeting) -> list[Participant]:
    """Who scores: everyone present."""
    return list(meeting.participants)


def start_round(actor: User, meeting: Meeting, danger_id: int | None, child: str | None = None) -> ScaleRound:
    with live.meeting_write(meeting.id, "scale"):
        if open_round(meeting.id):
            raise Refused("Er loopt al een schaalronde. Onthul die eerst.")
        scale_round = ScaleRound(meeting_id=meeting.id, danger_item_id=_danger_of(meeting, danger_id),
                                 child_id=services.child_of(meeting, child), opened_by_id=actor.id)
        db.session.add(scale_round)
        audit.record(actor, meeting.case, "scale_round_started", scale_round, None, audit.snapshot(scale_round))
    return scale_round


def _set_score(scale_round: ScaleRound, participant: Participant, *, score: int, why_high: str | None,
               one_higher: str | None, on_phone: bool) -> ScaleScore:
    if scale_round.status != RoundStatus.OPEN:
        raise Refused("De scores van deze ronde zijn al onthuld; ze kunnen niet meer veranderen.")
    if participant.meeting_id != scale_round.meeting_id:
        raise Refused("Deze persoon is niet aanwezig op dit overleg.", status=422)
    if not 0 <= score <= 10:
        raise Refused("Een score gaat van 0 tot 10.", status=422)
    entry = db.session.scalar(select(ScaleScore).where(
        ScaleScore.round_id == scale_round.id, ScaleScore.participant_id == participant.id))
    entry = entry or ScaleScore(round_id=scale_round.id, participant_id=participant.id, score=score)
    entry.score, entry.why_high, entry.one_higher = score, why_high or None, one_higher or None
    entry.entered_on_phone, entry.updated_at = on_phone, utcnow()
    db.session.add(entry)
    return entry


def enter_score(actor: User, scale_round: ScaleRound, participant: Participant, **answers) -> None:
    """The consultant types a participant's score on the laptop."""
    with live.meeting_write(scale_round.meeting_id, "scale"):
        db.session.refresh(scale_round)
        entry = _set_score(scale_round, participant, on_phone=False, **answers)
        audit.record(actor, scale_round.meeting.case, "score_entered", entry, None,
                     {"participant": participant.name})  # the number stays out of the trail until reveal


def enter_own_score(participant: Participant, **answers) -> None:
    """A participant enters their own score on their phone (refusals in the phone's language)."""
    scale_round = open_round(participant.meeting_id)
    if scale_round is None:
        raise Refused(gettext("Er loopt nu geen schaalronde."))
    with live.meeting_write(participant.meeting_id, "scale"):
        db.session.refresh(scale_round)
        entry = _set_score(scale_round, participant, on_phone=True, **answers)
        audit.record(None, participant.meeting.case, "score_entered_on_phone", entry, None,
                     {"participant": participant.name})


def reveal(actor: User, scale_round: ScaleRound) -> None:
    """Show every number at once."""
    with live.meeting_write(scale_round.meeting_id, "scale"):
        db.session.refresh(scale_round)
        if scale_round.status != RoundStatus.OPEN:
            raise Refused("Deze ronde is al onthuld.")
        if not scale_round.scores:
            raise Refused("Nog niemand heeft gescoord.")
        scale_round.status, scale_round.revealed_at = RoundStatus.REVEALED, utcnow()
        scores = {s.participant.name: s.score for s in scale_round.scores}
        audit.record(actor, scale_round.meeting.case, "scale_revealed", scale_round, None, {"scores": scores})


# Phones: "this is me" ------------------------------------------------------------------

def participant_for_device(meeting: Meeting, key: str | None) -> Participant | None:
    if not key:
        return None
    return db.session.scalar(select(Participant).where(
        Participant.meeting_id == meeting.id, Participant.device_hash == token_hash(key)))


def claimable(meeting: Meeting) -> list[Participant]:
    """The people present who can still say "this is me" on a phone (not the consultants)."""
    return [p for p in meeting.participants if p.device_hash is None and p.user_id is None]


def claim(meeting: Meeting, participant_id: int) -> str:
    """A phone says who it is; the returned key is kept on the phone, its hash with us.
    Refusals in the phone's language."""
    with live.meeting_write(meeting.id, "scale"):
        participant = db.session.get(Participant, participant_id)
        if participant is None or participant.meeting_id != meeting.id or participant.user_id:
            raise Refused(gettext("Kies je naam uit de lijst van aanwezigen."), status=422)
        db.session.refresh(participant)
        if participant.device_hash is not None:
            raise Refused(gettext("%(name)s is al gekozen op een andere gsm. Vraag de consulent om dat vrij "
                                  "te geven.", name=participant.name), status=422)
        key = secrets.token_urlsafe(32)
        participant.device_hash = token_hash(key)
        audit.record(None, meeting.case, "phone_claimed", participant, None, {"participant": participant.name})
    return key


def release(actor: User, participant: Participant) -> None:
    """The consultant frees a name that the wrong phone chose."""
    meeting = participant.meeting
    with live.meeting_write(meeting.id, "scale"):
        participant.device_hash = None
        audit.record(actor, meeting.case, "phone_released", participant, None, {"participant": participant.name})


# "Is het kind nu veilig?" ---------------------------------------------------------------

def latest_review_date(today: date) -> date:
    return today + timedelta(days=REVIEW_WITHIN_DAYS)


# "Nee" is acute: the next step happens today or within 24 hours.
ACUTE_URGENCIES = (Urgency.TODAY, Urgency.DAY)
URGENCY_NEEDED = "Vul in hoe snel de volgende stap moet."
ACUTE_URGENCY = "Bij ‘nee’ moet de volgende stap vandaag of binnen 24 uur gebeuren."
ARRANGEMENT_NEEDED = ("Bij ‘nee’ hoort een veiligheidsafspraak voor nu: wie blijft bij het kind "
                      "en wat is afgesproken.")
CLARIFY_NEEDED = "Bij ‘onduidelijk’: vul in wat we doen om het uit te klaren."
REVIEW_WITHIN = f"Plan de herbekijking binnen {REVIEW_WITHIN_DAYS} dagen."


def decide(actor: User, meeting: Meeting, *, answer: str, reasoning: str, urgency: str | None,
           arrangement_who: str | None, arrangement_what: str | None,
           arrangement_until: str | None, review_on: date | None,
           clarify_step: str | None = None) -> SafetyDecision:
    """Record the decision. "Nee" is acute: an arrangement for now, the next step today or
    within 24 hours, a review within days. "Onduidelijk": a step to clarify it and a review
    within days. How fast the next step must be is asked unless the child is safe now ("ja")."""
    with live.meeting_write(meeting.id, "decision") as write:
        today = dates.today()
        if answer != Answer.YES and not urgency:
            raise Refused(URGENCY_NEEDED, status=422)
        urgency = urgency or None
        if answer == Answer.NO:
            if urgency not in ACUTE_URGENCIES:
                raise Refused(ACUTE_URGENCY, status=422)
            if not (arrangement_who and arrangement_what):
                raise Refused(ARRANGEMENT_NEEDED, status=422)
        else:
            arrangement_who = arrangement_what = arrangement_until = None
        if answer == Answer.UNCLEAR:
            if not clarify_step:
                raise Refused(CLARIFY_NEEDED, status=422)
        else:
            clarify_step = None
        if answer == Answer.YES:
            review_on = None
        else:
            review_on = review_on or latest_review_date(today)
            if not today <= review_on <= latest_review_date(today):
                raise Refused(REVIEW_WITHIN, status=422)
        decision = meeting.decision or SafetyDecision(meeting_id=meeting.id)
        before = audit.snapshot(decision) if meeting.decision else None
        for key, value in dict(answer=Answer(answer), reasoning=reasoning, urgency=urgency,
                               arrangement_who=arrangement_who, arrangement_what=arrangement_what,
                               arrangement_until=arrangement_until, clarify_step=clarify_step,
                               review_on=review_on).items():
            setattr(decision, key, value)
        if before is not None and not audit.changes(before, audit.snapshot(decision)):
            write.discard()  # saved again without a change: it stays as it was decided
            return meeting.decision
        decision.decided_by_id, decision.decided_at = actor.id, utcnow()
        db.session.add(decision)
        meeting.case.acute_review_on = review_on if answer == Answer.NO else None
        audit.record(actor, meeting.case, "safety_decided", decision, before, audit.snapshot(decision))
    return decision
