"""Login, password and user administration forms."""

from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, Length, Optional, ValidationError

from ..forms import EMAIL, PHONE, Form, choices, max_length, required, strip
from ..models import ROLE_LABELS

MIN_PASSWORD = 10
PASSWORD_LENGTH = Length(
    min=MIN_PASSWORD, max=200, message=f"Kies een wachtwoord van minstens {MIN_PASSWORD} tekens."
)


class LoginForm(Form):
    email = EmailField(
        "E-mailadres", filters=[strip], validators=[required("je e-mailadres"), max_length(254)]
    )
    password = PasswordField("Wachtwoord", validators=[required("je wachtwoord"), max_length(200)])


class ChangePasswordForm(Form):
    current = PasswordField("Huidig wachtwoord", validators=[required("je huidige wachtwoord")])
    new = PasswordField("Nieuw wachtwoord", validators=[required("een nieuw wachtwoord"), PASSWORD_LENGTH])
    confirm = PasswordField(
        "Nieuw wachtwoord (nog eens)",
        validators=[EqualTo("new", message="De twee wachtwoorden zijn niet gelijk.")],
    )

    def validate_new(self, field):
        if field.data and field.data == self.current.data:
            raise ValidationError("Kies een ander wachtwoord dan je huidige.")


ROLE_CHOICES = choices(ROLE_LABELS.items())


class UserForm(Form):
    name = StringField("Naam", filters=[strip], validators=[required("een naam"), max_length(120)])
    email = EmailField(
        "E-mailadres",
        filters=[strip],
        validators=[required("een e-mailadres"), max_length(254), EMAIL],
    )
    role = SelectField("Rol", choices=ROLE_CHOICES)
    work_phone = StringField(
        "Werknummer", filters=[strip], validators=[Optional(), max_length(30), PHONE]
    )
    password = PasswordField("Tijdelijk wachtwoord", validators=[required("een tijdelijk wachtwoord"), PASSWORD_LENGTH])


class RoleForm(Form):
    role = SelectField("Rol", choices=ROLE_CHOICES)


class TemporaryPasswordForm(Form):
    password = PasswordField("Tijdelijk wachtwoord", validators=[required("een tijdelijk wachtwoord"), PASSWORD_LENGTH])


class WorkPhoneForm(Form):
    """My own work number: what a family link shows when I choose so. Empty clears it."""

    work_phone = StringField(
        "Telefoonnummer op het werk", filters=[strip], validators=[Optional(), max_length(30), PHONE],
        description="Gezinnen zien dit nummer alleen op een gezinslink waarop je het kiest. Laat het leeg om "
                    "het te wissen.",
    )


class ShortcutsForm(Form):
    """The board's single-key shortcuts, on or off for me (WCAG 2.1.4)."""

    off = BooleanField(
        "Sneltoetsen uit",
        description="Dan doen letters, cijfers, / en ? niets op de mapping. Enter, Escape, Delete, de "
                    "pijltjes, Alt+N en Alt+Z blijven werken.",
    )
