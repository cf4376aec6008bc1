"""Progress over time: every participant's safety scale scores across the meetings of a case,
overall and per danger statement, as a chart drawn here (SVG) and as a table; on the desk the
overall chart also shows each child's own score ("Yasmine (14) zelf")."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..dates import age
from ..extensions import db
from ..models import Case, ChildScore, MappingItem, Meeting, RoundStatus, ScaleRound, ScaleScore

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 170, 20, 46
DASHES = ["", "10 5", "3 4", "14 4 3 4", "6 3", "1 3"]
MARKERS = ["circle", "square", "triangle", "diamond"]
OVERALL = "Hoe veilig is het kind? (algemeen)"


@dataclass
class Series:
    key: str
    label: str
    scores: dict[int | str, int] = field(default_factory=dict)  # column (meeting or talk) id -> score
    own: bool = False  # a child's own score
    faces: set = field(default_factory=set)  # the columns where a young child chose a face


@dataclass(frozen=True)
class Talk:
    """A day a child gave their own score that was not the day of a meeting: a column of its own."""

    id: str
    held_on: date


@dataclass
class Chart:
    title: str
    meetings: list[Meeting | Talk]  # the columns, in time order
    series: list[Series]
    # The title's parts, for the family's screens to say it in their language: the danger
    # statement's text (None for the overall chart) and the child it is about.
    danger: str | None = None
    about: str | None = None

    def x(self, index: int) -> float:
        if len(self.meetings) == 1:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + index * (WIDTH - LEFT - RIGHT) / (len(self.meetings) - 1)

    @staticmethod
    def y(score: int) -> float:
        return TOP + (10 - score) * (HEIGHT - TOP - BOTTOM) / 10

    def lines(self) -> list[dict]:
        """Per person: the points, a dash pattern and a marker shape (never colour alone)."""
        drawn = []
        for n, series in enumerate(self.series):
            points = [(self.x(i), self.y(series.scores[m.id]), m, series.scores[m.id])
                      for i, m in enumerate(self.meetings) if m.id in series.scores]
            drawn.append(dict(series=series, points=points, dash=DASHES[n % len(DASHES)],
                              marker=MARKERS[n % len(MARKERS)],
                              path=" ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points),
                              label_at=(points[-1][0] + 12, points[-1][1] + 5) if points else None))
        _spread_labels(drawn)
        return drawn

    @property
    def ticks(self) -> list[tuple[int, float]]:
        return [(score, self.y(score)) for score in range(0, 11, 2)]


def _spread_labels(drawn: list[dict], gap: float = 17) -> None:
    """Names at the ends of lines that meet are moved apart, so none hides another."""
    ends = sorted((d for d in drawn if d["label_at"]), key=lambda d: (d["label_at"][0], d["label_at"][1]))
    for previous, current in zip(ends, ends[1:], strict=False):
        (px, py), (x, y) = previous["label_at"], current["label_at"]
        if abs(px - x) < 1 and y - py < gap:
            current["label_at"] = (x, py + gap)


def _person(participant) -> tuple[str, str]:
    if participant.network_member_id:
        key = f"n:{participant.network_member_id}"
    elif participant.user_id:
        key = f"u:{participant.user_id}"
    else:
        key = f"name:{participant.name.lower()}"
    return key, participant.spoken_name  # "Samira (tante)", as the family's screens name her


def _root(item: MappingItem | None) -> MappingItem | None:
    while item is not None and item.carried_from is not None:
        item = item.carried_from
    return item


def charts(case: Case, child_id: int | None = None, child_scores: bool = False) -> list[Chart]:
    """One chart for the overall question, then one per danger statement that was scored;
    rounds about one child get charts of their own. With `child_id`: only the rounds about
    that child or about all children. With `child_scores`, the children's own scores join the
    overall chart."""
    stmt = (
        select(ScaleRound).join(Meeting)
        .where(Meeting.case_id == case.id, ScaleRound.status == RoundStatus.REVEALED)
        .options(selectinload(ScaleRound.scores).selectinload(ScaleScore.participant))
        .order_by(Meeting.held_on, Meeting.id, ScaleRound.id))
    if child_id is not None:
        stmt = stmt.where(or_(ScaleRound.child_id.is_(None), ScaleRound.child_id == child_id))
    groups: dict[tuple[int | None, int | None], dict[int, ScaleRound]] = {}
    titles: dict[tuple[int | None, int | None], str] = {}
    parts: dict[tuple[int | None, int | None], dict] = {}
    for scale_round in db.session.scalars(stmt):
        root = _root(scale_round.danger_item)
        key = (root.id if root else None, scale_round.child_id)
        groups.setdefault(key, {})[scale_round.meeting_id] = scale_round  # the last round of a meeting
        title = f"Gevaar: {scale_round.danger_item.text}" if root else OVERALL
        titles[key] = f"{title} · over {scale_round.child.first_name}" if scale_round.child else title
        parts[key] = dict(danger=scale_round.danger_item.text if root else None,
                          about=scale_round.child.first_name if scale_round.child else None)
    result = []
    for key in sorted(groups, key=lambda k: (k[0] is not None, k[0] or 0, k[1] is not None, k[1] or 0)):
        by_meeting = groups[key]
        meetings = sorted({r.meeting for r in by_meeting.values()}, key=lambda m: (m.held_on, m.id))
        people: dict[str, Series] = {}
        for meeting in meetings:
            for score in by_meeting[meeting.id].scores:
                person, label = _person(score.participant)
                people.setdefault(person, Series(person, label)).scores[meeting.id] = score.score
        result.append(Chart(titles[key], meetings, sorted(people.values(), key=lambda s: s.label), **parts[key]))
    if child_scores:
        _add_child_scores(case, result, child_id)
    return result


def _add_child_scores(case: Case, result: list[Chart], child_id: int | None) -> None:
    """Each child's own score as a line of its own on the overall chart, at the meeting it was
    given for (on the child's own link) or of that day or, on another day, in a column of its
    own (with `child_id`, that child's only). A score given as a face is drawn as that face."""
    stmt = select(ChildScore).where(ChildScore.case_id == case.id)
    if child_id is not None:
        stmt = stmt.where(ChildScore.child_id == child_id)
    scores = db.session.scalars(stmt.options(selectinload(ChildScore.child), selectinload(ChildScore.meeting))
                                .order_by(ChildScore.scored_on)).all()
    if not scores:
        return
    if not result or result[0].title != OVERALL:
        result.insert(0, Chart(OVERALL, [], []))
    chart = result[0]
    columns = {m.held_on: m for m in chart.meetings}
    own: dict[int, Series] = {}
    for score in scores:
        if score.meeting is not None:
            column = columns.setdefault(score.meeting.held_on, score.meeting)
        else:
            column = columns.setdefault(score.scored_on, Talk(f"d:{score.scored_on.isoformat()}", score.scored_on))
        child = score.child
        label = f"{child.first_name} ({age(child.date_of_birth)}) zelf"
        series = own.setdefault(child.id, Series(f"c:{child.id}", label, own=True))
        series.scores[column.id] = score.score
        if score.as_face:
            series.faces.add(column.id)
        else:
            series.faces.discard(column.id)
    chart.meetings = sorted({*chart.meetings, *columns.values()},
                            key=lambda c: (c.held_on, isinstance(c, Talk), str(c.id)))
    chart.series += sorted(own.values(), key=lambda s: s.label)
