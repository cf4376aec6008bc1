"""What the family reads of the why behind their plan, as agreed at a closed meeting: each
danger statement marked for the family with its safety goals and how the family sees it,
the bottom lines, the answer to "Is het kind nu veilig?", the safety scale of the last
meetings (the family's own scores beside everyone's) and what comes next. The family link,
its printed plan and the family's PDF render it (`share/_why.html`, `share/_road.html`).

Everything is filtered for the family (`audience.py`); the scale and the answer are those
of closed meetings only, as the plan is (see docs/architecture.md)."""

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import i18n
from ..audience import Audience
from ..extensions import db
from ..meetings import analysis
from ..models import (
    MappingItem,
    Meeting,
    MeetingStatus,
    NetworkRole,
    Participant,
    RoundStatus,
    SafetyDecision,
    ScaleRound,
    ScaleScore,
)

SCALE_MEETINGS = 4  # the last meetings on the family's chart: enough to see a road, small on a phone

# The family's chart, drawn here (server-side SVG, no script, no style attribute): per meeting
# its date, then a bar for the family's own score and one for everyone's, 0 to 10, each under
# its name (so a longer name in another language never runs into a bar).
CHART_WIDTH, LEFT, BAR_WIDTH = 320, 8, 262
LABEL_HEIGHT, BAR_HEIGHT, ROW_HEIGHT, DATE_HEIGHT, AXIS_HEIGHT = 16, 18, 40, 24, 24
MEETING_HEIGHT = DATE_HEIGHT + 2 * ROW_HEIGHT + 6


def _number(value: float) -> str:
    """6 or 6,5 in the screen's language."""
    return format_decimal(round(value, 1), format="#0.#", locale=i18n.page_language())


@dataclass
class ScaleBar:
    who: str  # "family" or "everyone"
    score: float | None
    y: float  # the top of its name; the bar is under it

    @property
    def bar_y(self) -> float:
        return self.y + LABEL_HEIGHT + 2

    @property
    def width(self) -> float:
        return 0 if self.score is None else max(2.0, BAR_WIDTH * self.score / 10)

    @property
    def shown_score(self) -> str:
        return "—" if self.score is None else _number(self.score)


@dataclass
class ScaleRow:
    meeting: Meeting
    family: float | None  # the mean of the parents' scores; None when no parent scored
    everyone: float  # the mean of everyone's scores
    y: float = 0

    @property
    def bars(self) -> list[ScaleBar]:
        top = self.y + DATE_HEIGHT
        return [ScaleBar("family", self.family, top), ScaleBar("everyone", self.everyone, top + ROW_HEIGHT)]

    @property
    def family_shown(self) -> str:
        return "—" if self.family is None else _number(self.family)

    @property
    def everyone_shown(self) -> str:
        return _number(self.everyone)


@dataclass
class ScaleChart:
    rows: list[ScaleRow]
    width: int = CHART_WIDTH
    left: int = LEFT
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> float:
        return self.axis_y + AXIS_HEIGHT

    @property
    def axis_y(self) -> float:
        return len(self.rows) * MEETING_HEIGHT

    @property
    def ticks(self) -> list[tuple[int, float]]:
        return [(score, LEFT + BAR_WIDTH * score / 10) for score in (0, 5, 10)]


@dataclass
class Why:
    meeting: Meeting  # the closed meeting it was agreed in
    pairs: list[tuple[MappingItem, list[MappingItem]]]  # each danger for the family, with its goals
    bottom_lines: list[MappingItem]
    decision: SafetyDecision | None
    scale: ScaleChart | None
    coming: list[tuple[date, str]] | None  # (day, "meeting" or "review"); None once the help ended

    @property
    def one_child(self) -> bool:
        """"het kind" or "de kinderen": the sentences about the safety answer say which."""
        return len(self.meeting.case.children) == 1


def for_family(meeting: Meeting, today: date, *, helping: bool) -> Why:
    """The why as agreed at this closed meeting, for the family."""
    pairs = analysis.pairs(meeting, audience=Audience.FAMILY)
    decision = meeting.decision
    return Why(
        meeting=meeting,
        pairs=[(danger, goals) for danger, goals in pairs if danger is not None],
        bottom_lines=analysis.bottom_lines(meeting.id, audience=Audience.FAMILY),
        decision=decision,
        scale=scale_chart(meeting),
        coming=coming(meeting.case_id, today, decision) if helping else None,
    )


def scale_chart(meeting: Meeting) -> ScaleChart | None:
    """The overall scale of the last closed meetings up to this one: per meeting its last
    revealed round about the whole situation (about all children when there is one)."""
    rounds = db.session.scalars(
        select(ScaleRound).join(Meeting)
        .where(Meeting.case_id == meeting.case_id, Meeting.status == MeetingStatus.CLOSED,
               ScaleRound.status == RoundStatus.REVEALED, ScaleRound.danger_item_id.is_(None),
               (Meeting.held_on < meeting.held_on) | ((Meeting.held_on == meeting.held_on) & (Meeting.id <= meeting.id)))
        .options(selectinload(ScaleRound.scores).selectinload(ScaleScore.participant)
                 .joinedload(Participant.network_member), joinedload(ScaleRound.meeting))
        .order_by(Meeting.held_on, Meeting.id, ScaleRound.id)).unique().all()
    chosen: dict[int, ScaleRound] = {}
    for scale_round in rounds:
        earlier = chosen.get(scale_round.meeting_id)
        if scale_round.scores and (earlier is None or scale_round.child_id is None or earlier.child_id is not None):
            chosen[scale_round.meeting_id] = scale_round
    rows = []
    for scale_round in list(chosen.values())[-SCALE_MEETINGS:]:
        everyone = [s.score for s in scale_round.scores]
        parents = [s.score for s in scale_round.scores
                   if s.participant.network_member is not None and s.participant.network_member.role == NetworkRole.PARENT]
        rows.append(ScaleRow(scale_round.meeting, sum(parents) / len(parents) if parents else None,
                             sum(everyone) / len(everyone)))
    if not rows:
        return None
    for n, row in enumerate(rows):
        row.y = n * MEETING_HEIGHT
    return ScaleChart(rows)


def coming(case_id: int, today: date, decision: SafetyDecision | None) -> list[tuple[date, str]]:
    """What comes next, in order: the meetings planned from today on, and the day the last
    decision is looked at again."""
    planned = db.session.scalars(select(Meeting.held_on).where(
        Meeting.case_id == case_id, Meeting.status == MeetingStatus.OPEN, Meeting.held_on >= today)).all()
    result = [(day, "meeting") for day in planned]
    if decision is not None and decision.review_on is not None and decision.review_on >= today:
        result.append((decision.review_on, "review"))
    return sorted(result)
