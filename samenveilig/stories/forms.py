"""The forms of a child's explanation: a panel's words and picture, the review with the parents."""

from flask_wtf.file import FileField
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired

from .. import dates
from ..children.forms import not_in_future
from ..forms import Form, choices, max_length, required, strip
from ..models import FIGURE_LABELS
from ..models.stories import PANEL_HEADING_MAX

NO_PICTURE, OWN_IMAGE = "geen", "eigen"


def picture_value(panel) -> str:
    """The picture choice that matches what a panel shows now."""
    if panel.image is not None:
        return OWN_IMAGE
    if panel.drawing_id is not None:
        return f"tekening:{panel.drawing_id}"
    return f"figuur:{panel.figure}" if panel.figure else NO_PICTURE


def drawing_labels(entries) -> list[str]:
    """One label per drawing, never two the same: the house, the day, the start of what the
    child said, and a number when even that is the same."""
    labels = []
    for entry in entries:
        words = " ".join(entry.text.split())
        words = words if len(words) <= 50 else words[:50].rsplit(" ", 1)[0] + "…"
        labels.append(f"Tekening van het kind: {entry.house_label.lower()}, {entry.talked_on.strftime('%d/%m/%Y')}, "
                      f"\u201c{words}\u201d (gedeeld: {entry.sharing_label.lower()})")
    seen: dict[str, int] = {}
    for n, label in enumerate(labels):
        if labels.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            labels[n] = f"{label}, tekening {seen[label]}"
    return labels


class StoryPanelForm(Form):
    heading = StringField("Kop boven dit deel", filters=[strip], validators=[max_length(PANEL_HEADING_MAX)])
    text = TextAreaField("Wat staat er in dit deel?", filters=[strip],
                         validators=[required("een paar woorden"), max_length(1000)])
    picture = RadioField("Welk beeld staat boven de woorden?",
                         validators=[InputRequired("Kies een beeld, of ‘geen beeld’.")])
    upload = FileField("Eigen afbeelding (JPEG of PNG, hoogstens 10 MB)")

    def __init__(self, *args, drawings=(), has_image=False, **kwargs):
        """`drawings`: the child's house entries with a drawing, to choose from."""
        super().__init__(*args, **kwargs)
        own = "De eigen afbeelding die nu bewaard is (of een nieuwe hieronder)" if has_image else \
            "Een eigen afbeelding (kies het bestand hieronder)"
        # The choice's value → the house entry, whose thumbnail the form shows beside the label.
        self.drawing_entries = {f"tekening:{e.drawing.id}": e.id for e in drawings}
        self.picture.choices = choices([
            (NO_PICTURE, "Geen beeld"),
            *((f"figuur:{name}", f"Figuur: {label.lower()}") for name, label in FIGURE_LABELS.items()),
            *((f"tekening:{e.drawing.id}", label) for e, label in zip(drawings, drawing_labels(drawings), strict=True)),
            (OWN_IMAGE, own)])

    def chosen(self) -> tuple[str | None, int | None]:
        """(figure, drawing id) of the choice."""
        kind, _, value = (self.picture.data or "").partition(":")
        return (value if kind == "figuur" else None), (int(value) if kind == "tekening" else None)


class StoryDiscussedForm(Form):
    discussed_on = DateField("Besproken op", default=dates.today,
                             validators=[required("de datum van het gesprek"), not_in_future])
    discussed_with = StringField("Met wie?", filters=[strip],
                                 validators=[required("wie erbij was"), max_length(200)])
