"""Het veiligheidsnetwerk: who protects the child, what each person took on in the plan and
how it goes, and the network map (SVG drawn here: the children in the middle, everyone in a
ring by how close they are)."""

import math
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import CLOSENESS_LABELS, ActionPerson, Case, Closeness, NetworkMember, PlanAction, Visibility

WIDTH, HEIGHT = 1200, 940
CENTRE = (600, 450)
# Ellipses, wider than high, so a map fills a projector and an A4 page in landscape.
RINGS = {Closeness.VERY_CLOSE: (215, 150), Closeness.CLOSE: (375, 262), Closeness.FURTHER: (535, 372)}
# Each ring starts at a different angle, so people in neighbouring rings do not line up.
STARTS = {Closeness.VERY_CLOSE: -90.0, Closeness.CLOSE: -67.5, Closeness.FURTHER: -78.75}


@dataclass
class Person:
    member: NetworkMember
    x: float
    y: float
    actions: list[PlanAction] = field(default_factory=list)


@dataclass
class NetworkMap:
    children: list[str]
    people: list[Person]
    rings: list[tuple[str, float, float]]  # label, rx, ry
    width: int = WIDTH
    height: int = HEIGHT
    centre: tuple[int, int] = CENTRE


def actions_by_member(case: Case, *, family_only: bool) -> dict[int, list[PlanAction]]:
    """Per network member, the plan actions they take, in the plan's order."""
    stmt = (
        select(ActionPerson).join(ActionPerson.action)
        .where(PlanAction.case_id == case.id, PlanAction.deleted_at.is_(None),
               ActionPerson.network_member_id.is_not(None))
        .options(contains_eager(ActionPerson.action))
        .order_by(PlanAction.position, PlanAction.id)
    )
    if family_only:
        stmt = stmt.where(PlanAction.visibility == Visibility.FAMILY)
    result: dict[int, list[PlanAction]] = {}
    for person in db.session.scalars(stmt):
        result.setdefault(person.network_member_id, []).append(person.action)
    return result


def network_map(case: Case, *, family_only: bool) -> NetworkMap:
    """Everyone of the case's network placed on the map, with their actions."""
    actions = actions_by_member(case, family_only=family_only)
    people = []
    for closeness, (rx, ry) in RINGS.items():
        ring = [m for m in case.network if m.closeness == closeness]
        for n, member in enumerate(ring):
            angle = math.radians(STARTS[closeness] + n * 360 / len(ring))
            people.append(Person(member, CENTRE[0] + rx * math.cos(angle), CENTRE[1] + ry * math.sin(angle),
                                 actions.get(member.id, [])))
    rings = [(label, *RINGS[closeness]) for closeness, label in CLOSENESS_LABELS.items()]
    children = [child.first_name for child in case.children] or ["het kind"]
    return NetworkMap(children, people, rings)
