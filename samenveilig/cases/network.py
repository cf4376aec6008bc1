"""Het veiligheidsnetwerk: who protects the child, what each person took on in the plan and
how it goes, and the network map (SVG drawn here: the children in the middle, everyone in a
ring by how close they are)."""

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..audience import Audience, visible
from ..extensions import db
from ..models import CLOSENESS_LABELS, ActionPerson, Case, Closeness, NetworkMember, PlanAction

WIDTH, HEIGHT = 1700, 1010
CENTRE = (850, 490)
# Ellipses, wider than high, so a map fills a projector and an A4 page in landscape.
RINGS = {Closeness.VERY_CLOSE: (290, 150), Closeness.CLOSE: (500, 262), Closeness.FURTHER: (700, 372)}
# Type in viewBox units: about 28 px on a 1920x1080 projector, the map's main use.
NAME_SIZE, LINE_SIZE, RING_SIZE = 34, 30, 26
GAP = 28  # between a person's mark and their name


@dataclass
class Person:
    member: NetworkMember
    x: float
    y: float
    actions: list[PlanAction] = field(default_factory=list)
    label_top: float = 0.0  # the name and the line under it, away from the middle

    @property
    def line(self) -> str:
        return self.member.relation + (" · veiligheidsnetwerk" if self.member.in_safety_network else "")

    @property
    def name_y(self) -> float:
        return self.label_top + NAME_SIZE

    @property
    def line_y(self) -> float:
        return self.label_top + NAME_SIZE + 6 + LINE_SIZE

    def label_box(self) -> tuple[float, float, float, float]:
        """Roughly where the name and its line are drawn: left, top, right, bottom."""
        half = 0.3 * max(NAME_SIZE * len(self.member.name), LINE_SIZE * len(self.line))
        return self.x - half, self.label_top, self.x + half, self.label_top + NAME_SIZE + 6 + LINE_SIZE + 8


@dataclass
class NetworkMap:
    children: list[str]
    people: list[Person]
    rings: list[tuple[str, float, float]]  # label, rx, ry
    top: float = 0.0  # the drawing grows up or down when names had to move out
    height: float = HEIGHT
    width: int = WIDTH
    centre: tuple[int, int] = CENTRE
    sizes: tuple[int, int, int] = (NAME_SIZE, LINE_SIZE, RING_SIZE)
    named: bool = True  # False: no child in the case yet, `children` is ["het kind"]


def actions_by_member(case: Case, *, audience: Audience) -> dict[int, list[PlanAction]]:
    """Per network member, the plan actions they take, in the plan's order."""
    stmt = (
        select(ActionPerson).join(ActionPerson.action)
        .where(PlanAction.case_id == case.id, PlanAction.deleted_at.is_(None),
               ActionPerson.network_member_id.is_not(None))
        .where(visible(PlanAction.visibility, audience))
        .options(contains_eager(ActionPerson.action))
        .order_by(PlanAction.position, PlanAction.id)
    )
    result: dict[int, list[PlanAction]] = {}
    for person in db.session.scalars(stmt):
        result.setdefault(person.network_member_id, []).append(person.action)
    return result


def network_map(case: Case, *, audience: Audience) -> NetworkMap:
    """Everyone of the case's network placed on the map, with their actions."""
    actions = actions_by_member(case, audience=audience)
    people = []
    for closeness, (rx, ry) in RINGS.items():
        ring = [m for m in case.network if m.closeness == closeness]
        for n, member in enumerate(ring):
            # Half a step off the horizontal axis: the right end of each ring keeps its label.
            angle = math.radians((n + 0.5) * 360 / len(ring))
            people.append(Person(member, CENTRE[0] + rx * math.cos(angle), CENTRE[1] + ry * math.sin(angle),
                                 actions.get(member.id, [])))
    boxes = _place_labels(people)
    rings = [(label, *RINGS[closeness]) for closeness, label in CLOSENESS_LABELS.items()]
    children = [child.first_name for child in case.children] or ["het kind"]
    top = min([0.0, *(box[1] - 10 for box in boxes)])
    bottom = max([float(HEIGHT), *(box[3] + 60 for box in boxes)])
    return NetworkMap(children, people, rings, top=top, height=bottom - top, named=bool(case.children))


def _place_labels(people: list[Person]) -> list[tuple[float, float, float, float]]:
    """Each name goes above a mark in the upper half and below one in the lower half, then
    moves further out while it would cover a name placed before it."""
    placed: list[tuple[float, float, float, float]] = []
    for person in people:
        upper = person.y < CENTRE[1]
        height = NAME_SIZE + 6 + LINE_SIZE + 8
        person.label_top = person.y - GAP - height if upper else person.y + GAP
        for _ in range(12):
            box = person.label_box()
            if not any(_overlap(box, other) for other in placed):
                break
            person.label_top += -height / 2 if upper else height / 2
        placed.append(person.label_box())
    return placed


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
