"""Validators and filters every form shares, with Dutch messages."""

import re

from flask_wtf import FlaskForm
from wtforms import PasswordField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .i18n import SOURCE, text_direction
from .inputs import one_line, without_bidi_controls, without_nul
from .models import FAMILY_LANGUAGE_LABELS


class Form(FlaskForm):
    """Every form: WTForms' own messages in Dutch (needs WTF_I18N_ENABLED off), and no NUL
    bytes in any field, whatever its own filters. Nor bidi controls (`inputs.py`): a one-line
    field (a name, a short text) loses the bidi marks too, a multi-line text keeps them. A
    password is taken as typed, but for NUL bytes: it is never shown."""

    class Meta:
        locales = ("nl_BE", "nl")

        def bind_field(self, form, unbound_field, options):
            options["filters"] = [clean_input(unbound_field.field_class),
                                  *unbound_field.kwargs.get("filters", ())]
            return super().bind_field(form, unbound_field, options)


def clean_input(field_class):
    """What every field of this class drops before its own filters run."""
    if issubclass(field_class, PasswordField):
        return without_nul
    if issubclass(field_class, TextAreaField):
        return without_bidi_controls
    return one_line


def choices(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def strip(value):
    """Trim surrounding white space (a field of only spaces counts as empty), and keep line
    ends as "\n": browsers send a textarea's lines with "\r\n"."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


QUESTION = re.compile(r"^(kort )?(wie|wat|waar\w*|wanneer|hoe|welk\w*|over)\b")


def required(what: str) -> DataRequired:
    """"Vul een naam in.", but "Vul in wie zich zorgen maakt.": a question goes after "in"."""
    question = QUESTION.match(what)
    if question:
        return DataRequired(message=f"Vul {question.group(1) or ''}in {what.removeprefix('kort ')}.")
    return DataRequired(message=f"Vul {what} in.")


def max_length(limit: int) -> Length:
    return Length(max=limit, message=f"Gebruik hoogstens {limit} tekens.")


EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Vul een geldig e-mailadres in.")
PHONE = Regexp(
    r"^\+?[0-9][0-9 ./()-]{5,28}$",
    message="Vul een telefoonnummer in met cijfers, zoals 0471 23 45 67.",
)


def translation_area(limit: int) -> TextAreaField:
    """The optional translation line of what was typed, in the family's language."""
    return TextAreaField("Vertaling voor het gezin", filters=[strip],
                         validators=[Optional(), max_length(limit)],
                         description="Staat onder de Nederlandse tekst op de schermen van het gezin. "
                                     "Leeg laten mag.")


def translation_given(field: TextAreaField) -> str | None:
    """The translation to save: None when it was not sent (keep what is there), "" to clear it.
    Call it only when the form asked for it (`ask_translation`)."""
    return (field.data or "") if field.raw_data else None


def ask_translation(field: TextAreaField, language: str) -> bool:
    """Whether a form asks for the translation: only when the family's language is not Dutch.
    Then the label names it and the field writes in its direction."""
    if language == SOURCE or language not in FAMILY_LANGUAGE_LABELS:
        return False
    field.label.text = f"Vertaling voor het gezin ({FAMILY_LANGUAGE_LABELS[language]})"
    field.render_kw = {"lang": language, "dir": text_direction(language)}
    return True


def form_values(form: FlaskForm, *fields: str) -> dict:
    """The form's data for a service: the given fields (or all but the token), '' as None."""
    names = fields or [name for name in form.data if name != "csrf_token"]
    return {name: (None if form.data[name] == "" else form.data[name]) for name in names}
