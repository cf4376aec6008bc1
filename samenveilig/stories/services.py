"""Woorden en beelden: a child's explanation in panels, versions per meeting, reviewed with
the parents, shared with the family. Every change audited in its own transaction."""

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from .. import audit, dates, live
from ..audience import Audience, child_drawing_shown
from ..children.prompts import TEEN_FROM
from ..extensions import db
from ..images import Processed
from ..models import (
    FIGURE_LABELS,
    Case,
    Child,
    ChildHouseEntry,
    Drawing,
    Meeting,
    Service,
    StoryImage,
    StoryPanel,
    StoryStatus,
    StoryVersion,
    User,
)
from ..models.stories import PANEL_HEADING_MAX
from ..services import Refused

# The first panels of a new story: (heading, words, figure), starting text for the consultant
# to rewrite, not fixed. Which of them a child gets depends on the case and her age (suggested).
WHAT_HAPPENED = ("Wat is er gebeurd?", "Er is thuis iets gebeurd. Daarom komen wij langs.", None)
SUGGESTED = (
    ("Wat zijn de zorgen?", "De grote mensen maken zich zorgen over wat er thuis gebeurt.", "huis"),
    ("Wie helpt er?", "Er zijn mensen die jou en je ouders helpen.", "gezin"),
    ("Wat gaat er nu gebeuren?", "We spreken samen af wat er moet veranderen.", None),
    ("Met wie kan ik praten?", "Je mag altijd praten over wat je voelt.", "hart"),
)
JUDGE = ("Waarom is er een rechter?", "Een jeugdrechter kijkt mee of jij thuis veilig bent. De rechter luistert ook "
         "naar jou.", None)
AGAIN = ("Wat doe ik als het weer gebeurt?", "Je mag altijd iemand bellen. Awel luistert naar jou: bel gratis 102.",
         "telefoon")
RIGHTS = ("Mijn rechten", "Je mag zeggen wat jij denkt. De jeugdrechter luistert naar jou. Je kan een eigen "
          "jeugdadvocaat krijgen. Je mag je dossier inkijken.", None)


def suggested(case: Case, child: Child) -> list[tuple[str, str, str | None]]:
    """The first panels for this child: the worries, what happened, who helps, why there is a
    judge (a case of the juvenile court's social service), what happens now, what to do when it
    happens again, whom to talk to, and from 12 her rights."""
    panels = [SUGGESTED[0], WHAT_HAPPENED, SUGGESTED[1]]
    if case.service == Service.SDJ:
        panels.append(JUDGE)
    panels += [SUGGESTED[2], AGAIN, SUGGESTED[3]]
    if dates.age(child.date_of_birth) >= TEEN_FROM:
        panels.append(RIGHTS)
    return panels


MAX_TEXT = 1000
CROSSED = "Intussen maakte iemand anders een nieuwe versie van deze uitleg. Laad de pagina opnieuw."
NOT_EDITABLE = ("Deze versie is al besproken met de ouders en kan niet meer veranderen. "
                "Maak een nieuwe versie om iets aan te passen.")


@dataclass(frozen=True)
class Picture:
    """What a panel shows above its words: at most one of a figure, a drawing or an upload.
    `keep_image` keeps the panel's uploaded image when no new one comes."""

    figure: str | None = None
    drawing_id: int | None = None
    image: Processed | None = None
    keep_image: bool = False


def picture_label(panel: StoryPanel) -> str:
    if panel.image is not None:
        return "eigen afbeelding"
    if panel.drawing_id is not None:
        return "tekening van het kind"
    return panel.figure_label or "geen"


def _panel_snapshot(panel: StoryPanel) -> dict:
    return {"heading": panel.heading, "text": panel.text, "picture": picture_label(panel)}


def _version_snapshot(version: StoryVersion) -> dict:
    data = audit.snapshot(version)
    data["panels"] = len(version.panels)
    return data


def latest_meeting(case_id: int) -> Meeting | None:
    """The meeting a new version belongs to: the case's latest."""
    return db.session.scalar(select(Meeting).where(Meeting.case_id == case_id)
                             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(1))


def _image(image: Processed | StoryImage) -> StoryImage:
    """A new stored picture: from an upload, or a copy of another panel's."""
    return StoryImage(mimetype=image.mimetype, width=image.width, height=image.height,
                      image=image.image, thumbnail=image.thumbnail)


def _drawing_of(child: Child, drawing_id: int) -> Drawing:
    drawing = db.session.get(Drawing, drawing_id)
    if drawing is None or drawing.entry.child_id != child.id:
        raise Refused("Kies een tekening van dit kind.", status=422)
    return drawing


def _apply(panel: StoryPanel, child: Child, heading: str | None, text: str, picture: Picture) -> None:
    if not text.strip():
        raise Refused("Schrijf een paar woorden voor dit deel.", status=422)
    if len(text) > MAX_TEXT:
        raise Refused(f"Houd de tekst korter dan {MAX_TEXT} tekens.", status=422)
    heading = " ".join((heading or "").split()) or None  # one line
    if heading is not None and len(heading) > PANEL_HEADING_MAX:
        raise Refused(f"Houd de kop korter dan {PANEL_HEADING_MAX} tekens.", status=422)
    panel.heading = heading
    if picture.figure is not None and picture.figure not in FIGURE_LABELS:
        raise Refused("Kies een van de figuren.", status=422)
    panel.text = text
    panel.figure = picture.figure
    panel.drawing = _drawing_of(child, picture.drawing_id) if picture.drawing_id is not None else None
    if picture.image is not None or not picture.keep_image:
        if panel.image is not None:
            panel.image = None
            db.session.flush()  # the old image goes before a new one takes its place
        if picture.image is not None:
            panel.image = _image(picture.image)


def _new_version(actor: User, case: Case, child: Child) -> StoryVersion:
    number = db.session.scalar(select(func.coalesce(func.max(StoryVersion.version_number), 0))
                               .where(StoryVersion.child_id == child.id)) + 1
    meeting = latest_meeting(case.id)
    version = StoryVersion(case_id=case.id, child=child, version_number=number,
                           meeting_id=meeting.id if meeting else None, created_by_id=actor.id)
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:  # a colleague made this version number a moment ago
        raise Refused(CROSSED) from None
    return version


def create_story(actor: User, case: Case, child: Child,
                 panels: list[tuple[str | None, str, Picture] | tuple[str, Picture]] | None = None) -> StoryVersion:
    """The child's first version: the given panels, or the suggested starting panels. A panel
    is (heading, words, picture), or (words, picture) for one without a heading."""
    with live.write(case):
        if child.story_versions:
            raise Refused(f"Er is al een uitleg voor {child.first_name}.")
        version = _new_version(actor, case, child)
        if panels is None:
            panels = [(heading, text, Picture(figure=figure)) for heading, text, figure in suggested(case, child)]
        for position, (heading, text, picture) in enumerate(((None, *p) if len(p) == 2 else p for p in panels),
                                                             start=1):
            panel = StoryPanel(position=position)
            version.panels.append(panel)
            _apply(panel, child, heading, text, picture)
        db.session.flush()
        audit.record(actor, case, "story_created", version, None, _version_snapshot(version))
    return version


def new_version(actor: User, case: Case, version: StoryVersion) -> StoryVersion:
    """A copy of the newest version's panels (pictures too), to update as things change."""
    with live.write(case):
        child = version.child
        if version is not child.story_versions[-1]:
            raise Refused("Maak een nieuwe versie vanuit de nieuwste versie.")
        if version.is_concept:
            raise Refused("De nieuwste versie is nog een concept: pas die aan.")
        copy = _new_version(actor, case, child)
        for panel in version.panels:
            copy.panels.append(StoryPanel(position=panel.position, heading=panel.heading, text=panel.text,
                                          figure=panel.figure,
                                          drawing_id=panel.drawing_id,
                                          image=_image(panel.image) if panel.image else None))
        db.session.flush()
        audit.record(actor, case, "story_version_created", copy, None, _version_snapshot(copy))
    return copy


def _editable(version: StoryVersion) -> None:
    if not version.is_concept:
        raise Refused(NOT_EDITABLE)


def add_panel(actor: User, case: Case, version: StoryVersion, heading: str | None, text: str,
              picture: Picture) -> StoryPanel:
    """A new panel at the end of a concept version."""
    with live.write(case):
        _editable(version)
        panel = StoryPanel(position=max((p.position for p in version.panels), default=0) + 1)
        version.panels.append(panel)
        _apply(panel, version.child, heading, text, picture)
        db.session.flush()
        audit.record(actor, case, "story_panel_added", panel, None, _panel_snapshot(panel))
    return panel


def update_panel(actor: User, case: Case, panel: StoryPanel, heading: str | None, text: str,
                 picture: Picture) -> None:
    """A new heading, new words or another picture; a replaced upload is deleted."""
    with live.write(case):
        _editable(panel.version)
        before = _panel_snapshot(panel)
        _apply(panel, panel.version.child, heading, text, picture)
        db.session.flush()
        after = _panel_snapshot(panel)
        if audit.changes(before, after) or picture.image is not None:
            audit.record(actor, case, "story_panel_updated", panel, before, after)


def move_panel(actor: User, case: Case, panel: StoryPanel, up: bool) -> None:
    """One place up or down; at the top or bottom nothing moves."""
    with live.write(case):
        _editable(panel.version)
        panels = panel.version.panels
        index = panels.index(panel)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(panels):
            return
        neighbour = panels[other]
        panel.position, neighbour.position = neighbour.position, panel.position
        audit.record(actor, case, "story_panel_moved", panel, {"text": panel.text, "place": index + 1},
                     {"text": panel.text, "place": other + 1})


def remove_panel(actor: User, case: Case, panel: StoryPanel) -> None:
    """Delete a panel with its uploaded image."""
    with live.write(case):
        _editable(panel.version)
        audit.record(actor, case, "story_panel_removed", panel, _panel_snapshot(panel), None)
        panel.version.panels.remove(panel)
        db.session.delete(panel)


def mark_discussed(actor: User, case: Case, version: StoryVersion, on: date, with_whom: str) -> None:
    """Reviewed with the parents: from now on this version stays as it was discussed."""
    with live.write(case):
        if not version.is_concept:
            raise Refused("Deze versie is al besproken met de ouders.")
        if not version.panels:
            raise Refused("Een uitleg zonder delen kan je niet bespreken.")
        before = audit.snapshot(version)
        version.status, version.discussed_on, version.discussed_with = StoryStatus.DISCUSSED, on, with_whom
        audit.record(actor, case, "story_discussed", version, before, audit.snapshot(version))


def share(actor: User, case: Case, version: StoryVersion, on: date) -> None:
    """On the family link from now on (the newest shared version of the child)."""
    with live.write(case):
        if version.status != StoryStatus.DISCUSSED:
            raise Refused("Bespreek deze versie eerst met de ouders; daarna kan je ze delen met het gezin.")
        before = audit.snapshot(version)
        version.status, version.shared_on = StoryStatus.SHARED, on
        audit.record(actor, case, "story_shared", version, before, audit.snapshot(version))


def stop_sharing(actor: User, case: Case, version: StoryVersion) -> None:
    """Off the family link; it stays as discussed with the parents."""
    with live.write(case):
        if not version.is_shared:
            raise Refused("Deze versie is niet gedeeld met het gezin.")
        before = audit.snapshot(version)
        version.status, version.shared_on = StoryStatus.DISCUSSED, None
        audit.record(actor, case, "story_unshared", version, before, audit.snapshot(version))


def child_drawings(child: Child) -> list[ChildHouseEntry]:
    """The child's house entries with a drawing: the drawings a panel can show."""
    return [entry for entry in child.house_entries if entry.drawing is not None]


def shared_version(case_id: int, child_id: int) -> StoryVersion | None:
    """What the family sees of this child's story: the newest version shared with them."""
    return db.session.scalar(
        select(StoryVersion).where(StoryVersion.case_id == case_id, StoryVersion.child_id == child_id,
                                   StoryVersion.status == StoryStatus.SHARED)
        .order_by(StoryVersion.version_number.desc()).limit(1))


def shared_stories(case_id: int) -> list[StoryVersion]:
    """One shared version per child of the case (the newest), for the family's main page."""
    other = aliased(StoryVersion)
    newest = (select(func.max(other.version_number)).where(
        other.child_id == StoryVersion.child_id, other.status == StoryStatus.SHARED).scalar_subquery())
    return list(db.session.scalars(
        select(StoryVersion).join(Child).where(StoryVersion.case_id == case_id,
                                                StoryVersion.status == StoryStatus.SHARED,
                                                StoryVersion.version_number == newest)
        .order_by(Child.date_of_birth, Child.id)))


def family_picture(case_id: int, panel_id: int) -> StoryImage | Drawing | None:
    """A panel's picture for the family's phone (its thumbnail: small on a slow line): only in
    the shared version they see, and a child's drawing only when the child agreed to share it
    with everyone."""
    panel = db.session.get(StoryPanel, panel_id)
    if panel is None:
        return None
    current = shared_version(case_id, panel.version.child_id)
    if current is None or current.id != panel.version_id:
        return None
    return shown_picture(panel)


def shown_picture(panel: StoryPanel) -> StoryImage | Drawing | None:
    """The stored picture of a panel the family sees (its image, or the child's drawing when the
    child shares it with everyone); None for a figure or nothing."""
    if panel.image is not None:
        return panel.image
    if child_drawing_shown(panel, Audience.FAMILY):
        return panel.drawing
    return None


def _data_uri(data: bytes, mimetype: str) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode()}"


def embedded_picture(panel: StoryPanel, audience: Audience) -> str | None:
    """A panel's picture inside a PDF (which reads no file and no network): a data: URI; a
    child's drawing only where the child shares it with the PDF's audience."""
    if panel.image is not None:
        return _data_uri(panel.image.image, panel.image.mimetype)
    if child_drawing_shown(panel, audience):
        return _data_uri(panel.drawing.image, panel.drawing.mimetype)
    if panel.figure:
        return _data_uri(_static(f"figures/{panel.figure}.svg"), "image/svg+xml")
    return None


def print_css() -> str:
    """The A4 stylesheet of the print view, for the PDF to embed."""
    return _static("css/story-print.css").decode()


def static_file(name: str) -> bytes:
    """A file of the app's own static folder (a figure), for a PDF to embed."""
    return _static(name)


def _static(name: str) -> bytes:
    return (Path(current_app.static_folder) / name).read_bytes()
