"""Validators and filters every form shares, with Dutch messages."""

import re

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from .inputs import without_nul


class Form(FlaskForm):
    """Every form: WTForms' own messages in Dutch (needs WTF_I18N_ENABLED off), and no NUL
    bytes in any field, whatever its own filters."""

    class Meta:
        locales = ("nl_BE", "nl")

        def bind_field(self, form, unbound_field, options):
            options["filters"] = [without_nul, *unbound_field.kwargs.get("filters", ())]
            return super().bind_field(form, unbound_field, options)


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


def form_values(form: FlaskForm, *fields: str) -> dict:
    """The form's data for a service: the given fields (or all but the token), '' as None."""
    names = fields or [name for name in form.data if name != "csrf_token"]
    return {name: (None if form.data[name] == "" else form.data[name]) for name in names}
