"""Meeting, participant and mapping item forms; choices depend on the meeting."""

from datetime import date

from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..forms import Form, choices, max_length, required, strip
from ..models import (
    CATEGORY_LABELS,
    MEETING_KIND_LABELS,
    TERM_LABELS,
    VISIBILITY_LABELS,
    Category,
    Meeting,
    MeetingKind,
    Visibility,
)

ITEM_MAX = 500
EVERYONE = ""  # the speaker value for "iedereen"


class MeetingForm(Form):
    kind = SelectField("Soort overleg", choices=choices(MEETING_KIND_LABELS.items()),
                       default=MeetingKind.MAPPING)
    held_on = DateField("Datum", validators=[required("een geldige datum")], default=date.today)
    present = SelectMultipleField(
        "Wie is er?", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=True,
    )
    others = TextAreaField(
        "Andere aanwezigen", filters=[strip], validators=[Optional(), max_length(600)],
        description="Eén naam per regel, bijvoorbeeld een buur die vandaag aansluit.",
    )

    def validate_held_on(self, field):
        if field.data and abs((field.data - date.today()).days) > 366:
            raise ValidationError("Kies een datum binnen een jaar van vandaag.")

    def other_names(self) -> list[str]:
        return [line.strip()[:120] for line in (self.others.data or "").splitlines() if line.strip()]


class ParticipantForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="participant", **kwargs)

    who = SelectField("Uit het netwerk", validate_choice=True, default="")
    name = StringField("Of typ een naam", filters=[strip], validators=[max_length(120)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.who.data and not self.name.data:
            self.name.errors.append("Kies iemand uit het netwerk of typ een naam.")
            return False
        return valid


def speaker_choices(meeting: Meeting):
    return choices([(EVERYONE, "Iedereen")] + [(str(p.id), p.label) for p in meeting.participants])


TERM_CHOICES = choices([("", "—")] + list(TERM_LABELS.items()))


class ItemFields(Form):
    """What every item form shares: who said it, who may see it, the danger's term."""

    speaker = SelectField("Wie zegt het?", validate_choice=True, default=EVERYONE)
    visibility = SelectField("Zichtbaar voor", choices=choices(VISIBILITY_LABELS.items()),
                             default=Visibility.FAMILY)
    term = SelectField("Termijn (bij gevaar)", choices=TERM_CHOICES, default="")

    def for_meeting(self, meeting: Meeting) -> "ItemFields":
        self.speaker.choices = speaker_choices(meeting)
        return self

    def check_term(self, category: str) -> bool:
        if category == Category.DANGER and not self.term.data:
            self.term.errors = [*self.term.errors, "Kies de termijn: kort, middellang of lang."]
            return False
        return True


class QuickAddForm(ItemFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="quick", **kwargs)

    text = StringField("Wat wordt er gezegd?", filters=[strip],
                       validators=[required("wat er gezegd wordt"), max_length(ITEM_MAX)])
    category = SelectField("Categorie", choices=choices(
        (c.value, f"{n}. {CATEGORY_LABELS[c]}") for n, c in enumerate(Category, start=1)))

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & self.check_term(self.category.data)


class ItemEditForm(ItemFields):
    """Prefixed with the item, so two open edit forms never share a field id."""

    def __init__(self, item_id: int, *args, **kwargs):
        super().__init__(*args, prefix=f"item-{item_id}", **kwargs)

    text = TextAreaField("Tekst", filters=[strip],
                         validators=[required("een tekst"), max_length(ITEM_MAX)])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class MoveForm(Form):
    direction = SelectField(choices=choices([("", ""), ("up", "omhoog"), ("down", "omlaag")]),
                            default="")
    category = SelectField("Verplaats naar", choices=choices(
        [("", "—")] + [(c.value, CATEGORY_LABELS[c]) for c in Category]), default="")
