"""A child's own safety, made with the child: her safety plan ("Als het weer gebeurt") and her
Safety House (Veiligheidshuis). One version per meeting, like Woorden en beelden: a save changes
the version of the case's latest meeting, or begins one when a newer meeting has begun, so an
earlier meeting's version stays as it was. Every output asks `safety_plan_for` /
`safety_house_for` with its audience; they apply the one visibility rule (audience.py)."""

import textwrap
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit, live
from ..audience import Audience, child_drawing_shown, shown_to
from ..extensions import db
from ..i18n import N_
from ..models import (
    AWEL,
    FIGURE_LABELS,
    Case,
    Child,
    Drawing,
    Meeting,
    NetworkMember,
    SafetyHouse,
    SafetyPlan,
    User,
)
from ..services import Refused

# The live region of the projector's children tab: every open meeting's wall follows a save.
REGION = "child_safety"
MAX_TEXT, MAX_LINE, MAX_LINES = 1000, 200, 12
CROSSED = "Intussen bewaarde iemand anders een nieuwe versie. Laad de pagina opnieuw."


def latest_meeting(case_id: int) -> Meeting | None:
    """The meeting a version belongs to: the case's latest."""
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case_id)
                             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def _version_to_change(actor: User, case: Case, child: Child, model: type) -> tuple[Any, Any]:
    """(the version this save changes, the version it continues from): the newest while it
    belongs to the latest meeting; otherwise a new one for that meeting, copied from the newest."""
    versions = child.safety_plans if model is SafetyPlan else child.safety_houses
    newest = versions[-1] if versions else None
    meeting = latest_meeting(case.id)
    meeting_id = meeting.id if meeting else None
    if newest is not None and newest.meeting_id == meeting_id:
        return newest, newest
    number = db.session.scalar(select(func.coalesce(func.max(model.version_number), 0))
                               .where(model.child_id == child.id)) + 1
    version = model(case_id=case.id, child=child, version_number=number, meeting_id=meeting_id,
                    created_by_id=actor.id)
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:  # a colleague began this version a moment ago
        raise Refused(CROSSED) from None
    return version, newest


def _text(value: str | None, what: str, limit: int = MAX_TEXT) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise Refused(f"Houd {what} korter dan {limit} tekens.", status=422)
    return value


def _lines(values, what: str) -> list[str]:
    lines = [" ".join(v.split()) for v in values if v and v.strip()]
    if len(lines) > MAX_LINES:
        raise Refused(f"Schrijf hoogstens {MAX_LINES} regels bij {what}.", status=422)
    for line in lines:
        _text(line, f"elke regel bij {what}", MAX_LINE)
    return lines


def _plan_snapshot(plan: SafetyPlan) -> dict:
    return {"version_number": plan.version_number, "visibility": plan.visibility, "what_i_do": plan.what_i_do,
            "where_i_go": plan.where_i_go, "signal": plan.signal,
            "calls": ", ".join(f"{c['name']} {c['phone']}" for c in plan.calls or []),
            "picture": plan.figure or ("tekening van het kind" if plan.drawing_id else None)}


def _house_snapshot(house: SafetyHouse) -> dict:
    return {"version_number": house.version_number, "visibility": house.visibility,
            "inside": "; ".join(f"{p['name']}: {p['does']}" if p.get("does") else p["name"]
                                for p in house.inside or []),
            "rules": "; ".join(house.rules or []), "not_in": "; ".join(house.not_in or []),
            "with_someone": "; ".join(house.with_someone or []), "scale": house.scale}


def save_plan(actor: User, case: Case, child: Child, values: dict) -> SafetyPlan:
    """The child's safety plan as made with her: `values` holds what_i_do, where_i_go, signal,
    visibility, members (network member ids to call), figure and drawing_id."""
    with live.case_write(case, REGION) as write:
        plan, before_of = _version_to_change(actor, case, child, SafetyPlan)
        before = _plan_snapshot(before_of) if before_of is plan else None
        members = {m.id: m for m in case.network}
        calls = []
        for member_id in values.get("members", ()):
            member = members.get(member_id)
            if member is None or not member.phone:
                raise Refused("Kies iemand uit het netwerk van dit dossier met een telefoonnummer.", status=422)
            calls.append({"member_id": member.id, "name": member.name, "phone": member.phone})
        figure, drawing_id = values.get("figure"), values.get("drawing_id")
        if figure is not None and figure not in FIGURE_LABELS:
            raise Refused("Kies een van de figuren.", status=422)
        if drawing_id is not None:
            drawing = db.session.get(Drawing, drawing_id)
            if drawing is None or drawing.entry.child_id != child.id:
                raise Refused("Kies een tekening van dit kind.", status=422)
        plan.what_i_do = _text(values.get("what_i_do"), "wat je doet")
        plan.where_i_go = _text(values.get("where_i_go"), "waar je naartoe gaat")
        plan.signal = _text(values.get("signal"), "het teken", MAX_LINE)
        plan.calls, plan.figure, plan.drawing_id = calls, figure, drawing_id
        plan.visibility = values["visibility"]
        if not (plan.what_i_do or plan.where_i_go or plan.signal or plan.calls):
            raise Refused("Schrijf minstens iets op: wat doe ik, waar ga ik naartoe, wie bel ik of ons teken.",
                          status=422)
        db.session.flush()
        after = _plan_snapshot(plan)
        if before is not None and not audit.changes(before, after):
            write.discard()
            return plan
        if before is None:
            audit.record(actor, case, "safety_plan_saved", plan, None, after)
        else:
            audit.record(actor, case, "safety_plan_updated", plan, before, after)
    return plan


def save_house(actor: User, case: Case, child: Child, values: dict) -> SafetyHouse:
    """The child's Safety House: `values` holds inside ([(name, does)]), rules, not_in,
    with_someone (lists of lines), scale (0-10 or None) and visibility."""
    with live.case_write(case, REGION) as write:
        house, before_of = _version_to_change(actor, case, child, SafetyHouse)
        before = _house_snapshot(before_of) if before_of is house else None
        inside = []
        for name, does in values.get("inside", ()):
            name = " ".join((name or "").split())
            if not name:
                continue
            inside.append({"name": _text(name, "een naam", 120), "does": _text(does, "wat iemand doet", MAX_LINE)})
        if len(inside) > MAX_LINES:
            raise Refused(f"Schrijf hoogstens {MAX_LINES} mensen in het huis.", status=422)
        house.inside = inside
        house.rules = _lines(values.get("rules", ()), "het dak")
        house.not_in = _lines(values.get("not_in", ()), "wie niet binnen mag")
        house.with_someone = _lines(values.get("with_someone", ()), "wie enkel binnen mag met iemand erbij")
        scale = values.get("scale")
        if scale is not None and not 0 <= scale <= 10:
            raise Refused("Kies een score van 0 tot 10.", status=422)
        house.scale = scale
        house.visibility = values["visibility"]
        if not (house.inside or house.rules or house.not_in or house.with_someone or house.scale is not None):
            raise Refused("Schrijf minstens iemand in het huis, een afspraak op het dak of een score.", status=422)
        db.session.flush()
        after = _house_snapshot(house)
        if before is not None and not audit.changes(before, after):
            write.discard()
            return house
        if before is None:
            audit.record(actor, case, "safety_house_saved", house, None, after)
        else:
            audit.record(actor, case, "safety_house_updated", house, before, after)
    return house


# --- what each output renders ---------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    name: str
    phone: str
    awel: bool = False


@dataclass(frozen=True)
class PlanShown:
    """A child's safety plan as one audience sees it: the context of children/_safety_plan.html."""

    child: Child
    version: SafetyPlan
    audience: Audience
    calls: list[Call]
    figure: str | None  # a built-in figure (static/figures/<name>.svg)
    drawing: Drawing | None  # one of the child's drawings, only where she shares it with this audience
    newest: bool

    @property
    def what_i_do(self) -> str:
        return self.version.what_i_do

    @property
    def where_i_go(self) -> str:
        return self.version.where_i_go

    @property
    def signal(self) -> str:
        return self.version.signal


def _pick(versions: list, version) -> Any:
    return version if version is not None else (versions[-1] if versions else None)


def safety_plan_for(child: Child, audience: Audience, version: SafetyPlan | None = None) -> PlanShown | None:
    """The child's safety plan (the newest version, or the one given) for this audience, or None
    when there is none or the child does not share it with this audience."""
    plan = _pick(child.safety_plans, version)
    if plan is None or not shown_to(plan, audience):
        return None
    calls = [Call(c["name"], c["phone"]) for c in plan.calls or []]
    calls.append(Call(AWEL["name"], AWEL["phone"], awel=True))
    drawing = plan.drawing if plan.drawing is not None and child_drawing_shown(plan, audience) else None
    return PlanShown(child=child, version=plan, audience=Audience(audience), calls=calls, figure=plan.figure,
                     drawing=drawing, newest=plan is child.safety_plans[-1])


@dataclass(frozen=True)
class Person:
    name: str
    does: str


@dataclass(frozen=True)
class Line:
    """One line of text in the drawing, at its place; `strong` for a name or a heading."""

    x: float
    y: float
    text: str
    strong: bool = False
    typed: bool = True  # what someone typed: isolated (bdi) in the SVG
    anchor: str = "start"

    @property
    def label(self) -> str:
        """The drawing's own words (HOUSE_LABELS), a msgid the fragment translates."""
        return self.text


@dataclass
class HouseDrawing:
    """Where everything of the Safety House goes in its SVG (units of the viewBox)."""

    width: int = 920
    height: int = 0
    roof: str = ""  # the polygon's points
    walls: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, width, height
    door: tuple[int, int, int, int] = (0, 0, 0, 0)
    outside: tuple[int, int, int, int] = (0, 0, 0, 0)
    path_x: int = 0
    path: tuple[int, int] = (0, 0)  # y of 0 (far from the house) and 10 (at the door)
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (score, y)
    marker: float | None = None  # y of where the child is now
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True)
class HouseShown:
    """A child's Safety House as one audience sees it: the context of children/_safety_house.html."""

    child: Child
    version: SafetyHouse
    audience: Audience
    inside: list[Person]
    rules: list[str]
    not_in: list[str]
    with_someone: list[str]
    scale: int | None
    drawing: HouseDrawing
    newest: bool


# How many characters of typed text a line of the drawing holds: the roof, the path, the fence.
ROOF_WIDTH, PATH_WIDTH, FENCE_WIDTH = 46, 44, 24


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def drawn_lines(text: str) -> set[str]:
    """The lines a typed text may be drawn in (at each width the drawing uses)."""
    return {line for width in (ROOF_WIDTH, PATH_WIDTH, FENCE_WIDTH) for line in _wrap(text, width)}


def house_drawing(inside: list[Person], rules: list[str], not_in: list[str], with_someone: list[str],
                  scale: int | None, labels: dict[str, str]) -> HouseDrawing:
    """Lay the Safety House out: the roof with the rules, the people inside, the path to the
    door with what each one does and the scale 0-10 along it, and outside the fence who may not
    come in and who only with someone there. Shapes and words, never colour alone."""
    d = HouseDrawing()
    step = 26
    lines = d.lines
    # The roof: a heading and the rules, wrapped.
    rule_lines = [part for rule in rules for part in _wrap(rule, ROOF_WIDTH)] or [labels["no_rules"]]
    top, roof_text = 20, 90
    lines.append(Line(330, roof_text - 10, labels["roof"], strong=True, typed=False, anchor="middle"))
    y = roof_text + 18
    for text in rule_lines:
        lines.append(Line(330, y, text, typed=bool(rules), anchor="middle"))
        y += step
    roof_bottom = y
    d.roof = f"20,{roof_bottom} 180,{top} 480,{top} 640,{roof_bottom}"
    # The walls, the people inside.
    lines.append(Line(330, roof_bottom + 34, labels["inside"], strong=True, typed=False, anchor="middle"))
    y = roof_bottom + 34 + step + 6
    for person in inside or [Person(labels["nobody"], "")]:
        lines.append(Line(330, y, person.name, strong=bool(inside), typed=bool(inside), anchor="middle"))
        y += step
    walls_bottom = max(y + 90, roof_bottom + 200)
    d.walls = (60, roof_bottom, 540, walls_bottom - roof_bottom)
    d.door = (300, walls_bottom - 90, 60, 90)
    # The path from the door down: the scale 10 (at the door) to 0, and what each one does.
    path_top = walls_bottom
    doing = [p for p in inside if p.does]
    does_lines: list[tuple[str, bool]] = [(labels["path"], False)]
    for person in doing:
        does_lines.append((person.name, True))
        does_lines += [(part, False) for part in _wrap(person.does, PATH_WIDTH)]
    height = max(11 * step + 40, len(does_lines) * step + 40)
    d.path_x = 330
    d.path = (path_top + height - 20, path_top + 30)
    span = d.path[0] - d.path[1]
    d.ticks = [(n, d.path[0] - span * n / 10) for n in range(11)]
    if scale is not None:
        d.marker = d.path[0] - span * scale / 10
    lines.append(Line(210, path_top + 24, labels["scale"], strong=True, typed=False, anchor="end"))
    y = path_top + 24
    for n, (text, name) in enumerate(does_lines):
        lines.append(Line(370, y, text, strong=name or n == 0, typed=n > 0, anchor="start"))
        y += step
    # Outside the fence.
    y = 60
    outside_lines: list[Line] = []
    for heading, names in ((labels["not_in"], not_in), (labels["with_someone"], with_someone)):
        outside_lines.append(Line(665, y, heading, strong=True, typed=False))
        y += step
        for name in names or [labels["nobody_outside"]]:
            for part in _wrap(name, FENCE_WIDTH) if names else [name]:
                outside_lines.append(Line(675, y, part, typed=bool(names)))
                y += step
        y += step
    lines += outside_lines
    d.outside = (650, 20, 260, y - 20)
    d.height = max(path_top + height, y + 20)
    return d


# The words inside the drawing; each output translates them (they are msgids).
HOUSE_LABELS = {
    "roof": N_("Het dak: onze afspraken"),
    "no_rules": N_("Nog geen afspraken"),
    "inside": N_("In mijn huis"),
    "nobody": N_("Nog niemand"),
    "path": N_("Wie doet wat?"),
    "scale": N_("Hoe veilig?"),
    "not_in": N_("Mag niet binnen"),
    "with_someone": N_("Alleen met iemand erbij"),
    "nobody_outside": N_("Niemand"),
}


def safety_house_for(child: Child, audience: Audience, version: SafetyHouse | None = None) -> HouseShown | None:
    """The child's Safety House (the newest version, or the one given) for this audience, or None
    when there is none or the child does not share it with this audience. The drawing's own words
    (HOUSE_LABELS) are msgids: the fragment says them in the page's language."""
    house = _pick(child.safety_houses, version)
    if house is None or not shown_to(house, audience):
        return None
    inside = [Person(p["name"], p.get("does") or "") for p in house.inside or []]
    labels = dict(HOUSE_LABELS)
    return HouseShown(child=child, version=house, audience=Audience(audience), inside=inside,
                      rules=list(house.rules or []), not_in=list(house.not_in or []),
                      with_someone=list(house.with_someone or []), scale=house.scale,
                      drawing=house_drawing(inside, house.rules or [], house.not_in or [],
                                            house.with_someone or [], house.scale, labels),
                      newest=house is child.safety_houses[-1])


def starts_new_version(versions: list, meeting: Meeting | None) -> bool:
    """Whether a save now starts a new version: the newest one belongs to another meeting."""
    return bool(versions) and versions[-1].meeting_id != (meeting.id if meeting else None)


def version_at(versions: list, meeting: Meeting | None):
    """The version that held at a meeting: its own, else the newest made for an earlier one;
    without a meeting the newest."""
    if meeting is None:
        return versions[-1] if versions else None
    held = [v for v in versions if v.meeting_id == meeting.id or v.meeting is None
            or (v.meeting.held_on, v.meeting.id) < (meeting.held_on, meeting.id)]
    return held[-1] if held else None


def for_children(case: Case, audience: Audience,
                 meeting: Meeting | None = None) -> list[tuple[Child, PlanShown | None, HouseShown | None]]:
    """Each child of the case with what this audience sees of her plan and house (as they stood
    at `meeting`, for its PDF; else the newest); children with neither are left out."""
    found = []
    for child in sorted(case.children, key=lambda c: (c.date_of_birth, c.id)):
        plan_version, house_version = version_at(child.safety_plans, meeting), version_at(child.safety_houses, meeting)
        plan = safety_plan_for(child, audience, plan_version) if plan_version else None
        house = safety_house_for(child, audience, house_version) if house_version else None
        if plan or house:
            found.append((child, plan, house))
    return found


def network_with_phone(case: Case) -> list[NetworkMember]:
    """Whom the child can choose to call: the case's network with a number, the safety network first."""
    return sorted((m for m in case.network if m.phone), key=lambda m: (not m.in_safety_network, m.name.lower()))
