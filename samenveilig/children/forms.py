"""The forms of the three-houses page."""


from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from .. import dates
from ..forms import Form, choices, max_length, required, strip
from ..models import FIGURE_LABELS, HOUSE_LABELS, SHARING_LABELS, Visibility
from ..models.stories import PANEL_HEADING_MAX

SCORE = "Kies een score van 0 tot 10."
OTHER = ""  # talked_by: someone who is not a consultant of the case, named in talked_by_name


def not_in_future(_form, field):
    if field.data and field.data > dates.today():
        raise ValidationError("Deze datum ligt in de toekomst.")


class HouseEntryForm(Form):
    house = RadioField("Welk huis?", choices=choices(HOUSE_LABELS.items()),
                       validators=[InputRequired("Kies een huis.")])
    text = TextAreaField("Wat zegt het kind zelf?", filters=[strip],
                         validators=[required("wat het kind zelf zegt"), max_length(2000)])
    talked_on = DateField("Datum van het gesprek", default=dates.today,
                          validators=[required("de datum van het gesprek"), not_in_future])
    talker = SelectField("Wie praatte met het kind?")
    talked_by_name = StringField("Naam (als het niet een consulent van dit dossier was)",
                                 filters=[strip], validators=[max_length(120)])
    visibility = RadioField("Wat mag gedeeld worden?", choices=choices(SHARING_LABELS.items()),
                            default=Visibility.CONFIDENTIAL,
                            validators=[InputRequired("Kies met wie dit gedeeld mag worden.")])
    drawing = FileField("Tekening (foto of scan, JPEG of PNG, hoogstens 10 MB)")
    remove_drawing = BooleanField("Tekening verwijderen")

    def __init__(self, *args, consultants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.talker.choices = choices([*((str(u.id), u.name) for u in consultants),
                                          (OTHER, "Iemand anders")])

    def validate_talked_by_name(self, field):
        if self.talker.data == OTHER and not field.data:
            raise ValidationError("Vul in wie met het kind praatte.")

    def values(self) -> dict:
        """The entry's columns from the form."""
        consultant = self.talker.data != OTHER
        return dict(house=self.house.data, text=self.text.data, talked_on=self.talked_on.data,
                    talked_by_id=int(self.talker.data) if consultant else None,
                    talked_by_name=None if consultant else self.talked_by_name.data,
                    visibility=self.visibility.data)


class ChildScoreForm(Form):
    scored_on = DateField("Datum", default=dates.today,
                          validators=[required("een datum"), not_in_future])
    score = RadioField("Score", coerce=int, choices=choices((n, str(n)) for n in range(11)),
                       validate_choice=False,
                       validators=[InputRequired(SCORE), NumberRange(0, 10, message=SCORE)])


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
