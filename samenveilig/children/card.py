"""A child on the case page as a card: her latest words and what is still to do (the three
houses and when each was talked about, the explanation's state, her safety plan and house)."""

from dataclasses import dataclass
from datetime import date

from ..models import HOUSE_LABELS, Child, ChildHouseEntry


@dataclass(frozen=True)
class HouseTalk:
    label: str
    talked_on: date | None


@dataclass(frozen=True)
class ChildCard:
    child: Child
    latest: ChildHouseEntry | None
    houses: list[HouseTalk]
    story: str
    safety_plan: str
    safety_house: str
    to_do: list[str]


def _versioned(versions, what: str) -> str:
    if not versions:
        return f"nog geen {what}"
    newest = versions[-1]
    when = f", overleg van {newest.meeting.held_on.strftime('%d/%m/%Y')}" if newest.meeting else ""
    return f"versie {newest.version_number}{when} · {newest.sharing_label.lower()}"


def card(child: Child) -> ChildCard:
    """What the case page shows of a child."""
    entries = child.house_entries  # newest conversation first
    houses = [HouseTalk(label, next((e.talked_on for e in entries if e.house == house), None))
              for house, label in HOUSE_LABELS.items()]
    to_do = [f"{talk.label}: nog niet over gepraat" for talk in houses if talk.talked_on is None]
    versions = child.story_versions
    if not versions:
        story = "nog geen uitleg"
        to_do.append("Woorden en beelden: nog geen uitleg")
    else:
        story = f"versie {versions[-1].version_number} · {versions[-1].status_label}"
        if versions[-1].is_concept:
            to_do.append("Woorden en beelden: bespreken met de ouders")
        elif not any(v.is_shared for v in versions):
            to_do.append("Woorden en beelden: delen met het gezin")
    if not child.safety_plans:
        to_do.append("Als het weer gebeurt: nog geen veiligheidsplan")
    if not child.safety_houses:
        to_do.append("Veiligheidshuis: nog niet getekend")
    return ChildCard(child=child, latest=entries[0] if entries else None, houses=houses, story=story,
                     safety_plan=_versioned(child.safety_plans, "veiligheidsplan"),
                     safety_house=_versioned(child.safety_houses, "veiligheidshuis"), to_do=to_do)



