"""Het veiligheidsnetwerk: who protects the child, what each person took on in the plan and
how it goes, and the network map (SVG drawn here: the children in the middle, everyone in a
ring by how close they are)."""

import math
from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..audience import Audience, visible
from ..extensions import db
from ..models import CLOSENESS_LABELS, ActionPerson, Case, Closeness, NetworkMember, PlanAction

WIDTH, HEIGHT = 1700, 1010
CENTRE = (850, 490)
# Ellipses, wider than high, so a map fills a projector and an A4 page in landscape.
RINGS = {Closeness.VERY_CLOSE: (290, 150), Closeness.CLOSE: (500, 262), Closeness.FURTHER: (700, 372)}
# Where each ring's first person stands, in steps between two people: the rings start at
# different places, so their people do not line up on one axis.
PHASES = {Closeness.VERY_CLOSE: 0.5, Closeness.CLOSE: 0.25, Closeness.FURTHER: 0.75}
# Type in viewBox units: the map is drawn at about 0.8 px per unit on a 1920x1080 projector,
# its main use, so a name is about 28 px there and the rest about 24 px (a crowded map a little less).
NAME_SIZE, LINE_SIZE, RING_SIZE = 34, 30, 30
GAP = 28  # between the centre of a person's mark and their name
LABEL_HEIGHT = NAME_SIZE + 6 + LINE_SIZE + 8  # the name, its line under it, room for descenders
SQUARE, CIRCLE = 20, 14  # half the side of a safety-network member's square; a circle's radius
CHILDREN_RADIUS = 3 * NAME_SIZE
STEP = 20  # how far a name moves at a time to find a free place
LEADER = GAP + 14  # a name further from its mark than this gets a thin line to it

Box = tuple[float, float, float, float]  # left, top, right, bottom

# Advance widths in em of DejaVu Sans, the widest common sans-serif, rounded up per group:
# the map never trusts a narrower font to keep names apart.
_WIDTHS = [("'ijlIJ", 0.3), (",. /:;\\|", 0.35), ("ft()[]-!r", 0.42), ("\"*_`", 0.5),
           ("mwMW%@", 1.0), ("ABCDEFGHKLNOPQRSTUVXYZ&#+<=>^~", 0.8)]
_WIDTH = {char: width for chars, width in _WIDTHS for char in chars}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """About how wide a text is drawn at this size, in viewBox units (rather too wide)."""
    em = sum(_WIDTH.get(char, 0.66) for char in text)
    return em * size * (1.12 if bold else 1.0)


def _shown(text: str) -> str:
    """A text as this screen's language shows it (the projector speaks the family's)."""
    return gettext(text) if has_request_context() else text


@dataclass
class Person:
    member: NetworkMember
    x: float
    y: float
    actions: list[PlanAction] = field(default_factory=list)
    label_x: float = 0.0  # the middle of the name and the line under it
    label_top: float = 0.0
    leader: tuple[float, float, float, float] | None = None  # a line from the mark to a name moved away

    @property
    def line(self) -> str:
        return self.member.relation + (" · " + _shown("veiligheidsnetwerk") if self.member.in_safety_network else "")

    @property
    def name_y(self) -> float:
        return self.label_top + NAME_SIZE

    @property
    def line_y(self) -> float:
        return self.label_top + NAME_SIZE + 6 + LINE_SIZE

    @property
    def label_width(self) -> float:
        return max(text_width(self.member.name, NAME_SIZE, bold=True), text_width(self.line, LINE_SIZE)) + 12

    def label_box(self) -> Box:
        """Where the name and its line are drawn: left, top, right, bottom."""
        half = self.label_width / 2
        return self.label_x - half, self.label_top, self.label_x + half, self.label_top + LABEL_HEIGHT

    def mark_box(self) -> Box:
        """The square or circle with its edge."""
        half = (SQUARE + 3) if self.member.in_safety_network else (CIRCLE + 2)
        return self.x - half, self.y - half, self.x + half, self.y + half


@dataclass
class NetworkMap:
    children: list[str]
    people: list[Person]
    rings: list[tuple[str, float, float, float, float]]  # label, rx, ry, and where the label is drawn
    top: float = 0.0  # the drawing grows when names had to move out
    height: float = HEIGHT
    left: float = 0.0
    width: float = WIDTH
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
    """Everyone of the case's network placed on the map, with their actions; no name covers
    a mark, a ring's name or another name."""
    actions = actions_by_member(case, audience=audience)
    people = []
    for closeness, (rx, ry) in RINGS.items():
        ring = [m for m in case.network if m.closeness == closeness]
        for n, member in enumerate(ring):
            angle = math.radians((n + PHASES[closeness]) * 360 / len(ring))
            people.append(Person(member, CENTRE[0] + rx * math.cos(angle), CENTRE[1] + ry * math.sin(angle),
                                 actions.get(member.id, [])))
    marks = [person.mark_box() for person in people]
    cx, cy = CENTRE
    fixed = [*marks, (cx - CHILDREN_RADIUS - 2, cy - CHILDREN_RADIUS - 2, cx + CHILDREN_RADIUS + 2,
                      cy + CHILDREN_RADIUS + 2)]
    rings = []
    for closeness, label in CLOSENESS_LABELS.items():
        rx, ry = RINGS[closeness]
        x, y, box = _place_ring_label(_shown(label), rx, fixed)
        fixed.append(box)
        rings.append((label, rx, ry, x, y))
    boxes = _place_labels(people, fixed)
    children = [child.first_name for child in case.children] or ["het kind"]
    top = min([0.0, *(box[1] - 10 for box in boxes)])
    bottom = max([float(HEIGHT), *(box[3] + 60 for box in boxes)])
    left = min([0.0, *(box[0] - 10 for box in boxes)])
    right = max([float(WIDTH), *(box[2] + 10 for box in boxes)])
    return NetworkMap(children, people, rings, top=top, height=bottom - top, left=left, width=right - left,
                      named=bool(case.children))


def _place_ring_label(text: str, rx: float, taken: list[Box]) -> tuple[float, float, Box]:
    """A ring's name on its right end, else its left end, else a little above or below."""
    half = text_width(text, RING_SIZE) / 2 + 4
    cx, cy = CENTRE
    box = None
    for dy in (0, -40, 40, -80, 80, -120, 120):
        for x in (cx + rx, cx - rx):
            y = cy + RING_SIZE // 3 + dy
            box = (x - half, y - RING_SIZE, x + half, y + 0.3 * RING_SIZE)
            if not any(_overlap(box, other) for other in taken):
                return x, y, box
    return cx + rx, cy + RING_SIZE // 3, box


def _place_labels(people: list[Person], fixed: list[Box]) -> list[Box]:
    """Each name above a mark in the upper half and below one in the lower half; where that
    covers a mark, a ring's name or a name placed before, the nearest free place around it
    (further out, beside the mark, or inward), with a thin line to the mark when it is away."""
    placed: list[Box] = []
    for person in people:
        taken = fixed + placed
        for x, top in _candidates(person):
            person.label_x, person.label_top = x, top
            if not any(_overlap(person.label_box(), other) for other in taken):
                break
        box = person.label_box()
        near_x, near_y = min(max(person.x, box[0]), box[2]), min(max(person.y, box[1]), box[3])
        if math.hypot(near_x - person.x, near_y - person.y) > LEADER:
            person.leader = (person.x, person.y, near_x, near_y)
        placed.append(box)
    return placed


def _candidates(person: Person):
    """Places for a person's name, nearest first: (middle x, top)."""
    x, y, width = person.x, person.y, person.label_width
    up = y < CENTRE[1] or (y == CENTRE[1] and x < CENTRE[0])
    outward = (lambda k: y - GAP - LABEL_HEIGHT - k * STEP) if up else (lambda k: y + GAP + k * STEP)
    inward = (lambda k: y + GAP + k * STEP) if up else (lambda k: y - GAP - LABEL_HEIGHT - k * STEP)
    options = []
    for k in range(60):
        for shift in (0, 0.25, 0.5, 0.75, 1.0):
            for side in ((1,) if shift == 0 else (1, -1)):
                options.append((k * STEP + shift * width * 0.8, x + side * shift * width, outward(k)))
                if k < 6:
                    options.append((40 + k * STEP + shift * width * 0.8, x + side * shift * width, inward(k)))
    for side in (1, -1):  # beside the mark, level with it
        for k, dy in enumerate((0, -STEP, STEP, -2 * STEP, 2 * STEP)):
            options.append((30 + k * STEP, x + side * (GAP + width / 2), y - LABEL_HEIGHT / 2 + dy))
    options.sort(key=lambda option: option[0] + (0 if width / 2 <= option[1] <= WIDTH - width / 2 else 400))
    return ((x, top) for _cost, x, top in options)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
