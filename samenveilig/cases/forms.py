"""Case, child and network member forms."""

import re

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..dates import today
from ..forms import EMAIL, PHONE, Form, choices, max_length, required, strip
from ..models import (
    CLOSENESS_LABELS,
    FAMILY_LANGUAGE_LABELS,
    NETWORK_ROLE_LABELS,
    Closeness,
    NetworkRole,
    Service,
)

SERVICE_CHOICES = choices([(Service.OCJ, "OCJ"), (Service.SDJ, "SDJ")])


# Every screen says "Gezin <name>" itself: a name typed as "gezin Maes" would read "Gezin Gezin Maes".
FAMILY_WORD = re.compile(r"^gezin\s+(?=\S)", re.IGNORECASE)


def without_family_word(value):
    return FAMILY_WORD.sub("", value) if isinstance(value, str) else value


class CaseForm(Form):
    family_name = StringField(
        "Gezinsnaam of alias",
        filters=[strip, without_family_word],
        validators=[required("een gezinsnaam of alias"), max_length(120)],
        description="Alleen de naam, bijvoorbeeld \u2018Peeters\u2019 of een alias als \u2018Zonnebloem\u2019. "
                    "Het woord \u2018gezin\u2019 zetten we er zelf voor.",
    )
    service = SelectField("Dienst", choices=SERVICE_CHOICES)


class CaseEditForm(CaseForm):
    family_language = SelectField(
        "Taal van het gezin",
        choices=choices(FAMILY_LANGUAGE_LABELS.items()),
        description="Wat het gezin leest, staat in deze taal. Het bureau blijft in het Nederlands.",
    )
    # Not named after the column: the view hands in the case's list (`obj` holds a string).
    more_languages = SelectMultipleField(
        "Leest iemand van het gezin nog een andere taal?",
        choices=choices(FAMILY_LANGUAGE_LABELS.items()),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=True, default=[],
    )


class SearchForm(Form):
    class Meta:
        csrf = False

    q = SearchField("Zoek op referentie of gezinsnaam", filters=[strip], validators=[max_length(120)])


class ChildForm(Form):
    first_name = StringField(
        "Voornaam", filters=[strip], validators=[required("een voornaam"), max_length(80)]
    )
    date_of_birth = DateField(
        "Geboortedatum",
        validators=[required("een geldige geboortedatum")],
    )

    def validate_date_of_birth(self, field):
        if field.data and field.data > today():
            raise ValidationError("Een geboortedatum kan niet in de toekomst liggen.")
        if field.data and field.data.year < 1990:
            raise ValidationError("Vul een geboortedatum in na 1990.")


class NetworkMemberForm(Form):
    name = StringField("Naam", filters=[strip], validators=[required("een naam"), max_length(120)])
    relation = StringField(
        "Relatie tot het kind",
        filters=[strip],
        validators=[required("de relatie tot het kind"), max_length(80)],
        description="Bijvoorbeeld mama, grootvader, buurvrouw, juf.",
    )
    role = SelectField(
        "Rol", choices=choices(NETWORK_ROLE_LABELS.items()), default=NetworkRole.NETWORK
    )
    phone = StringField("Telefoon", filters=[strip], validators=[Optional(), max_length(30), PHONE])
    email = EmailField(
        "E-mailadres", filters=[strip], validators=[Optional(), max_length(254), EMAIL]
    )
    support_figure = BooleanField("Steunfiguur")
    closeness = SelectField(
        "Hoe dichtbij het kind?", choices=choices(CLOSENESS_LABELS.items()), default=Closeness.CLOSE
    )
    in_safety_network = BooleanField("Hoort bij het veiligheidsnetwerk")
    commitment = TextAreaField(
        "Wat doet deze persoon voor de veiligheid?",
        filters=[strip],
        validators=[Optional(), max_length(500)],
        description="Bijvoorbeeld: oma Rita haalt de kinderen op woensdag en zaterdag.",
    )
    knows_danger = BooleanField("Kent de gevaarsinschatting")
    confirmed_on = DateField("Laatst bevestigd op", validators=[Optional()])

    def validate_confirmed_on(self, field):
        if field.data and field.data > today():
            raise ValidationError("Een bevestiging kan niet in de toekomst liggen.")


class AssignForm(Form):
    user_id = SelectField("Consulent", coerce=int, validate_choice=True)
