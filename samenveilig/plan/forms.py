"""Forms for the plan: an action, an agreement, a warning sign, a contact."""

from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from ..forms import (
    Form,
    ask_translations,
    choices,
    max_length,
    required,
    strip,
    translation_areas,
    translations_given,
)
from ..models import ACTION_STATUS_LABELS, VISIBILITY_LABELS, ActionStatus, Visibility


def area(label: str, what: str | None, limit: int, **kwargs):
    validators = [required(what), max_length(limit)] if what else [Optional(), max_length(limit)]
    return TextAreaField(label, filters=[strip], validators=validators, **kwargs)


class PlanForm(Form):
    """What every plan form has: who may see it, and its version when it is edited."""

    visibility = SelectField("Zichtbaar voor", choices=choices(VISIBILITY_LABELS.items()),
                             default=Visibility.FAMILY)
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def for_case(self, people, goals, members) -> "PlanForm":
        """The choices, handed in: who can take an action, the safety goals, the network."""
        return self

    def in_languages(self, languages, lines: dict | None = None) -> "PlanForm":
        """The edit form asks a translation line for each of the family's languages but Dutch;
        `lines`: the entry's, shown when the form opens."""
        ask_translations(self, languages, lines)
        return self

    def entry_values(self) -> dict:
        """What is saved: the entry's own fields, and the translation lines the form asked
        and got (merged with the others by the service)."""
        sent = translations_given(self)
        return self.values() | ({} if sent is None else {"translations": sent})


class ActionForm(translation_areas(1500), PlanForm):  # a line: what and how
    what = area("Wat gaat er gebeuren?", "wat er gaat gebeuren", 500)
    how = area("Hoe pakken we dat aan?", None, 1000)
    who = SelectMultipleField("Wie?", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
                              validate_choice=True, default=[])
    due_on = DateField("Tegen wanneer?", validators=[Optional()])
    due_text = StringField("Of: hoe vaak?", filters=[strip], validators=[Optional(), max_length(120)],
                           description="Bijvoorbeeld: elke week, elke avond.")
    status = SelectField("Hoe loopt het?", choices=choices(ACTION_STATUS_LABELS.items()),
                         default=ActionStatus.TODO)
    goal = SelectField("Dient welk veiligheidsdoel?", validate_choice=True, default="")
    note = area("Notitie", None, 1000)

    def for_case(self, people, goals, members) -> "ActionForm":
        self.who.choices = choices(people)
        self.goal.choices = choices([("", "—")] + [(str(g.id), g.text[:90]) for g in goals])
        return self

    def values(self) -> dict:
        return dict(what=self.what.data, how=self.how.data or None, due_on=self.due_on.data,
                    due_text=self.due_text.data or None, status=self.status.data,
                    note=self.note.data or None, visibility=self.visibility.data,
                    goal_item_id=int(self.goal.data) if self.goal.data else None)


class RuleForm(translation_areas(500), PlanForm):
    text = area("Afspraak", "de afspraak", 500, description="Een huisregel waar iedereen mee akkoord is.")

    def values(self) -> dict:
        return dict(text=self.text.data, visibility=self.visibility.data)


class SignForm(translation_areas(1500), PlanForm):  # a line: the sign and what happens then
    sign = area("Signaal", "het signaal", 500, description="Waaraan merken we dat de zorgen terug zijn?")
    response = area("Wat doet wie dan?", "wat er dan gebeurt", 1000)

    def values(self) -> dict:
        return dict(sign=self.sign.data, response=self.response.data, visibility=self.visibility.data)


class ContactForm(translation_areas(300), PlanForm):
    worry = area("Als je je zorgen maakt over…", "waarover je je zorgen maakt", 300)
    member = SelectField("…bel dan", validate_choice=True,
                         validators=[InputRequired(message="Kies wie er gebeld wordt.")])

    def for_case(self, people, goals, members) -> "ContactForm":
        self.member.choices = choices([("", "—")] + [
            (str(m.id), f"{m.name} ({m.relation}){' · ' + m.phone if m.phone else ''}") for m in members])
        return self

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not self.member.data:
            self.member.errors = [*self.member.errors, "Kies wie er gebeld wordt."]
            valid = False
        return valid

    def values(self) -> dict:
        return dict(worry=self.worry.data, network_member_id=int(self.member.data),
                    visibility=self.visibility.data)


class StatusForm(Form):
    status = SelectField("Hoe loopt het?", choices=choices(ACTION_STATUS_LABELS.items()))
