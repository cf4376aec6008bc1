"""The forms of the family link: making one, and the parents' feedback."""

from datetime import timedelta

from flask import url_for
from markupsafe import Markup, escape
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from .. import dates
from ..forms import Form, choices, max_length, strip
from ..i18n import N_, page_language
from ..models import FACE_LABELS, Visibility
from .services import DEFAULT_DAYS, MAX_DAYS, NO_WORK_PHONE


class LinkForm(Form):
    recipient = StringField("Voor wie?", filters=[strip], validators=[Optional(), max_length(80)],
                            description="Bijvoorbeeld: voor mama, voor oma Rita. Zo herken je de link later.")
    expires_on = DateField("Werkt tot en met", validators=[InputRequired(message="Kies een einddatum.")],
                           default=lambda: dates.today() + timedelta(days=DEFAULT_DAYS))
    show_phone = BooleanField("Toon mijn werknummer op de link")
    show_email = BooleanField("Toon mijn e-mailadres op de link")

    def __init__(self, *args, work_phone: str | None = None, **kwargs):
        """`work_phone`: the number of whoever makes the link, the one the family would see."""
        super().__init__(*args, **kwargs)
        self.work_phone = work_phone

    def validate_show_phone(self, field):
        if field.data and not self.work_phone:
            raise ValidationError(no_work_phone())

    def validate_expires_on(self, field):
        today = dates.today()
        if field.data and not today < field.data <= today + timedelta(days=MAX_DAYS):
            raise ValidationError(f"Kies een datum na vandaag en binnen {MAX_DAYS} dagen (een jaar).")


def no_work_phone() -> Markup:
    """The refusal, with "Mijn account" a link to the page where I fill in my work number."""
    link = Markup('<a href="{}">Mijn account</a>').format(url_for("auth.account"))
    return escape(NO_WORK_PHONE).replace("Mijn account", link)


RATINGS = [("1", N_("1: heel slecht")), ("2", N_("2: slecht")), ("3", N_("3: gaat wel")), ("4", N_("4: goed")),
           ("5", N_("5: heel goed"))]


class FeedbackForm(Form):
    """No session on the family link: this form carries a token tied to the link instead.
    Its labels, choices and errors are Dutch, marked with N_: the family page shows them in
    the family's language (`_(…)` in share/family.html)."""

    class Meta:
        csrf = False

        def get_translations(self, form):
            """WTForms' own messages (a choice that does not exist) in the page's language."""
            self.locales = (page_language(), "nl")
            return super().get_translations(form)

    rating = RadioField(N_("Hoe loopt de samenwerking met ons?"), choices=choices(RATINGS), coerce=int,
                        validators=[InputRequired(message=N_("Kies een cijfer van 1 tot 5."))])
    text = TextAreaField(N_("Wil je nog iets zeggen?"), filters=[strip],
                         validators=[Optional(), Length(max=1000, message=N_("Gebruik hoogstens 1000 tekens."))])


class ChildLinkForm(Form):
    """A child's own link, at the desk: until when, and for a child under CHILD_LINK_AGE the
    consultant's clear choice to make one anyway."""

    expires_on = DateField("Werkt tot en met", validators=[InputRequired(message="Kies een einddatum.")],
                           default=lambda: dates.today() + timedelta(days=DEFAULT_DAYS))
    younger_chosen = BooleanField("Ik kies bewust voor een eigen link, ook al is dit kind jonger dan 12.")

    def validate_expires_on(self, field):
        LinkForm.validate_expires_on(self, field)


SCORE_CHOICES = [(n, str(n)) for n in range(11)]
FACE_CHOICES = list(FACE_LABELS.items())
SHARE_SCORE = [(Visibility.PROFESSIONAL.value, N_("Alleen de hulpverleners")),
               (Visibility.FAMILY.value, N_("Iedereen in het overleg"))]


class OwnLinkScoreForm(Form):
    """Her own score on her link: 0-10, or five faces for a young child; with whom she shares
    it. No session here: the form carries a token tied to the link. Dutch labels, marked with
    N_, shown in the child's language."""

    class Meta:
        csrf = False

        def get_translations(self, form):
            self.locales = (page_language(), "nl")
            return super().get_translations(form)

    score = RadioField(N_("Hoe veilig voel jij je thuis?"), choices=choices(SCORE_CHOICES), coerce=int,
                       validators=[InputRequired(message=N_("Kies een antwoord."))])
    shared_with = RadioField(N_("Wie mag je score zien?"), choices=choices(SHARE_SCORE), default=Visibility.PROFESSIONAL.value,
                             validators=[InputRequired(message=N_("Kies wie je score mag zien."))])

    def __init__(self, *args, young: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.young = young
        self.score.choices = choices(FACE_CHOICES if young else SCORE_CHOICES)
