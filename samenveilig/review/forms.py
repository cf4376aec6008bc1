"""Review, closure, proposal and export forms."""

from wtforms import IntegerField, RadioField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import HiddenInput

from ..forms import Form, choices, max_length, required, strip
from ..meetings.forms import child_choices
from ..models import CAN_STOP_LABELS, VERDICT_LABELS


class ActionReviewForm(Form):
    verdict = SelectField("Hoe ging het?", choices=choices(VERDICT_LABELS.items()),
                          validators=[InputRequired(message="Kies hoe het ging.")])
    comment = TextAreaField("Toelichting", filters=[strip], validators=[Optional(), max_length(500)])


class ReviewForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="review", **kwargs)

    going_well = TextAreaField("Lopen de veranderingen goed?", filters=[strip],
                               validators=[Optional(), max_length(1000)])
    to_adjust = TextAreaField("Wat moet er bijgestuurd worden?", filters=[strip],
                              validators=[Optional(), max_length(1000)])
    can_stop = RadioField("Kan onze hulp hier stoppen?", choices=choices(CAN_STOP_LABELS.items()),
                          validators=[Optional()])
    can_stop_why = TextAreaField("Waarom?", filters=[strip], validators=[Optional(), max_length(1000)])


class ClosureForm(Form):
    summary = TextAreaField("Samenvatting bij het afsluiten", filters=[strip],
                            validators=[required("een samenvatting"), max_length(3000)],
                            description="Wat is er veranderd, wat blijft het gezin doen, en wat zeggen we "
                                        "tegen elkaar als de zorgen terugkomen.")


class ProposalForm(Form):
    body = TextAreaField("Ons voorstel aan de jeugdrechter", filters=[strip],
                         validators=[required("het voorstel"), max_length(20000)],
                         description="Wat stellen we voor, en waarom? Wat hierboven staat, komt uit het dossier.")
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ExportForm(Form):
    audience = SelectField("Voor wie?", choices=choices([("file", "voor het dossier"), ("family", "voor het gezin")]))


class ChildFilterForm(Form):
    """Which child the progress charts are about (read from the address, so no token)."""

    class Meta:
        csrf = False

    kind = SelectField("Over welk kind?", validate_choice=True, default="")

    def for_case(self, case) -> "ChildFilterForm":
        self.kind.choices = child_choices(case)
        return self

    @property
    def child_id(self) -> int | None:
        """The chosen child; an unknown value counts as all children."""
        return int(self.kind.data) if self.validate() and self.kind.data else None
