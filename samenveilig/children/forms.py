"""The forms of the three-houses page."""


from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, ValidationError

from .. import dates
from ..forms import Form, choices, max_length, required, strip
from ..models import HOUSE_LABELS, SHARING_LABELS, Visibility

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
