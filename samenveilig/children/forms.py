"""The forms of the three-houses page."""


from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .. import dates
from ..forms import Form, choices, max_length, required, strip
from ..models import FIGURE_LABELS, HOUSE_LABELS, SHARING_LABELS, Visibility

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


def one_per_line(text: str | None) -> list[str]:
    """A textarea's lines, without the empty ones."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SafetyPlanForm(Form):
    """"Als het weer gebeurt": the child's own safety plan, in her words."""

    what_i_do = TextAreaField("Wat doe ik als het weer gebeurt?", filters=[strip], validators=[max_length(1000)])
    where_i_go = TextAreaField("Waar ga ik naartoe?", filters=[strip], validators=[max_length(1000)])
    members = SelectMultipleField("Wie bel ik?", coerce=int, validate_choice=False,
                                  widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    signal = StringField("Ons teken (een woord of een gebaar)", filters=[strip], validators=[max_length(200)])
    picture = RadioField("Welk beeld staat bij het plan?", default="geen",
                         validators=[InputRequired("Kies een beeld, of ‘geen beeld’.")])
    visibility = RadioField("Wat mag gedeeld worden?", choices=choices(SHARING_LABELS.items()),
                            default=Visibility.CONFIDENTIAL,
                            validators=[InputRequired("Kies met wie dit gedeeld mag worden.")])

    def __init__(self, *args, network=(), drawings=(), drawing_labels=(), **kwargs):
        """`network`: the members with a phone number; `drawings`: the child's entries with a drawing."""
        super().__init__(*args, **kwargs)
        self.members.choices = choices((m.id, f"{m.name} ({m.relation}) · {m.phone}" if m.relation
                                        else f"{m.name} · {m.phone}") for m in network)
        self.drawing_entries = {f"tekening:{e.drawing.id}": e.id for e in drawings}
        self.picture.choices = choices([
            ("geen", "Geen beeld"),
            *((f"figuur:{name}", f"Figuur: {label.lower()}") for name, label in FIGURE_LABELS.items()),
            *((f"tekening:{e.drawing.id}", label) for e, label in zip(drawings, drawing_labels, strict=True))])

    def values(self) -> dict:
        kind, _, value = (self.picture.data or "").partition(":")
        return dict(what_i_do=self.what_i_do.data, where_i_go=self.where_i_go.data, signal=self.signal.data,
                    members=list(self.members.data or []), visibility=self.visibility.data,
                    figure=value if kind == "figuur" else None,
                    drawing_id=int(value) if kind == "tekening" else None)


class SafetyHouseForm(Form):
    """The Safety House: the people inside and what each one does, the roof, who stays outside."""

    inside = TextAreaField("Wie is er in mijn huis, en wat doet die persoon?", filters=[strip],
                           validators=[max_length(3000)])
    rules = TextAreaField("Het dak: de afspraken die iedereen houdt", filters=[strip], validators=[max_length(3000)])
    not_in = TextAreaField("Wie mag niet binnen?", filters=[strip], validators=[max_length(1500)])
    with_someone = TextAreaField("Wie mag enkel binnen als er iemand bij is?", filters=[strip],
                                 validators=[max_length(1500)])
    scale = RadioField("Hoe veilig voel ik me in mijn huis? (0 tot 10, op het pad)", default="",
                       choices=choices([("", "Nog geen score"), *((str(n), str(n)) for n in range(11))]))
    visibility = RadioField("Wat mag gedeeld worden?", choices=choices(SHARING_LABELS.items()),
                            default=Visibility.CONFIDENTIAL,
                            validators=[InputRequired("Kies met wie dit gedeeld mag worden.")])

    def values(self) -> dict:
        inside = []
        for line in one_per_line(self.inside.data):
            name, _, does = line.partition(":")
            inside.append((name.strip(), does.strip()))
        return dict(inside=inside, rules=one_per_line(self.rules.data), not_in=one_per_line(self.not_in.data),
                    with_someone=one_per_line(self.with_someone.data),
                    scale=int(self.scale.data) if self.scale.data not in (None, "") else None,
                    visibility=self.visibility.data)

    @classmethod
    def of(cls, house) -> "SafetyHouseForm":
        """The form filled in with a version, to change it."""
        return cls(formdata=None, data=dict(
            inside="\n".join(f"{p['name']}: {p['does']}" if p.get("does") else p["name"] for p in house.inside or []),
            rules="\n".join(house.rules or []), not_in="\n".join(house.not_in or []),
            with_someone="\n".join(house.with_someone or []),
            scale="" if house.scale is None else str(house.scale), visibility=house.visibility))
