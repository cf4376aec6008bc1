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


TRANSLATED_LANGUAGES = tuple(code for code in FAMILY_LANGUAGE_LABELS if code != SOURCE)


def translation_areas(limit: int) -> type:
    """A form mixin: one optional translation line per language a family may read
    (`translation_ar`, `translation_fr`, …); a form asks only its case's (`ask_translations`)."""
    fields = {f"translation_{code}": translation_area(limit) for code in TRANSLATED_LANGUAGES}
    return type("TranslationAreas", (), {"translation_fields": (), **fields})


def ask_translations(form, languages, lines: dict | None = None) -> list:
    """The translation lines a form asks: one for each language of the family that is not
    Dutch, labelled with it and written in its direction. `lines`: what the entry has now,
    shown in an edit form that was not sent."""
    asked = []
    for code in languages:
        if code == SOURCE or code not in FAMILY_LANGUAGE_LABELS:
            continue
        field = form[f"translation_{code}"]
        field.label.text = f"Vertaling voor het gezin ({FAMILY_LANGUAGE_LABELS[code]})"
        field.render_kw = {"lang": code, "dir": text_direction(code)}
        if lines is not None and not field.raw_data:
            field.data = lines.get(code, "")
        asked.append(field)
    form.translation_fields = asked
    return asked


def translations_given(form) -> dict | None:
    """The lines to save, {language: text} ("" clears one), for each asked line that was sent;
    None when none was (keep them all). A line the form did not ask is never taken."""
    sent = {field.short_name.removeprefix("translation_"): field.data or ""
            for field in form.translation_fields if field.raw_data}
    return sent or None


def form_values(form: FlaskForm, *fields: str) -> dict:
    """The form's data for a service: the given fields (or all but the token), '' as None."""
    names = fields or [name for name in form.data if name != "csrf_token"]
    return {name: (None if form.data[name] == "" else form.data[name]) for name in names}
