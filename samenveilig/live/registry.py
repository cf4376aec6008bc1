"""The live regions of a meeting, by name: what each shows, for which audience, from which
template. One renderer per region answers both the pushed event and the region's GET.

A region's name is the string that services pass to `live.touch()` (a category such as
`worry`, or `pairs`, `scale`, `plan_actions`, ...). A region may also follow other names:
the family's plan changes with every plan list and with the safety goals (`pairs`). Two
names are control signals, not regions of HTML: `meeting` (the page reloads) and `follow`
(the stream checks again whether it may go on).

The areas register their regions when they are imported; this module imports no area."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from flask import abort, render_template, url_for

from ..audience import Audience

MEETING = "meeting"  # the meeting itself changed: every screen reloads
FOLLOW = "follow"  # the follow links changed: streams of a revoked link end
CONTROL = (MEETING, FOLLOW)


@dataclass(frozen=True)
class Region:
    name: str
    build: Callable[..., dict]  # (meeting, audience) -> the template's context
    templates: dict[Audience, str]  # per audience; an audience without one never sees it
    follows: tuple[str, ...] = field(default=())  # other touched names that change it too

    def changed_by(self, touched: Iterable[str]) -> bool:
        return any(name == self.name or name in self.follows for name in touched)

    def render(self, meeting, audience: Audience) -> str:
        context = self.build(meeting, audience) | dict(meeting=meeting, region=self.name)
        return render_template(self.templates[audience], **context)


REGISTRY: dict[str, Region] = {}


def register(name: str, build: Callable[..., dict], *, consultant: str | None = None,
             family: str | None = None, follows: tuple[str, ...] = ()) -> Region:
    templates = {a: t for a, t in ((Audience.CONSULTANT, consultant), (Audience.FAMILY, family)) if t}
    region = Region(name, build, templates, follows)
    REGISTRY[name] = region
    return region


def known(name: str) -> bool:
    return name in REGISTRY or name in CONTROL


def region_or_404(name: str, audience: Audience) -> Region:
    region = REGISTRY.get(name)
    if region is None or audience not in region.templates:
        abort(404)
    return region


def changed(touched: Iterable[str], audience: Audience) -> list[Region]:
    """The regions an audience sees that these touched names change."""
    touched = tuple(touched)
    return [r for r in REGISTRY.values() if audience in r.templates and r.changed_by(touched)]


def event_names(audience: Audience) -> list[str]:
    """Every event a stream for this audience may send (pings aside): `<region>-changed`."""
    return [f"{name}-changed" for name in (*(r.name for r in REGISTRY.values() if audience in r.templates), MEETING)]


@dataclass(frozen=True)
class Screen:
    """A page that follows a meeting: its audience and the route that answers its regions."""

    audience: Audience
    endpoint: str  # a GET route taking `name` plus `args`
    args: dict

    def region_url(self, name: str) -> str:
        if name not in REGISTRY:
            raise KeyError(f"no live region {name!r}")
        return url_for(self.endpoint, name=name, **self.args)

    def context(self) -> dict:
        return dict(region_url=self.region_url)
