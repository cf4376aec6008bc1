"""Meeting, participant and mapping item forms; choices depend on the meeting."""

from datetime import timedelta
from uuid import uuid4

from flask_babel import lazy_gettext as _
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from .. import dates
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
from ..inputs import without_bidi_controls
from ..models import (
    ANSWER_LABELS,
    CATEGORY_LABELS,
    FAMILY_LANGUAGE_LABELS,
    MEETING_KIND_LABELS,
    TERM_LABELS,
    URGENCY_LABELS,
    VISIBILITY_LABELS,
    Answer,
    Category,
    Meeting,
    MeetingKind,
    Visibility,
)
from .analysis import ACUTE_URGENCIES, ACUTE_URGENCY, CLARIFY_NEEDED, REVIEW_WITHIN, REVIEW_WITHIN_DAYS
from .sentences import Worried, danger_text, goal_text, names_of

ITEM_MAX = 500
# The categories of the board's columns: a bottom line is written with its own form.
BOARD_CATEGORIES = [c for c in Category if c != Category.BOTTOM_LINE]
EVERYONE = ""  # the speaker value for "iedereen"
TERM_MISSING = "Kies de termijn: kort, middellang of lang."
URGENCY_MISSING = "Kies hoe dringend deze stap is."


class MeetingForm(Form):
    kind = SelectField("Soort overleg", choices=choices(MEETING_KIND_LABELS.items()),
                       default=MeetingKind.MAPPING)
    held_on = DateField("Datum", validators=[required("een geldige datum")], default=dates.today)
    present = SelectMultipleField(
        "Wie is er?", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=True,
    )
    others = TextAreaField(
        "Andere aanwezigen", filters=[strip], validators=[Optional(), max_length(600)],
        description="Eén naam per regel, bijvoorbeeld een buur die vandaag aansluit.",
    )

    def validate_held_on(self, field):
        if field.data and abs((field.data - dates.today()).days) > 366:
            raise ValidationError("Kies een datum binnen een jaar van vandaag.")

    def other_names(self) -> list[str]:
        return [line.strip()[:120] for line in (self.others.data or "").splitlines() if line.strip()]


class ParticipantForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="participant", **kwargs)

    who = SelectField("Uit het netwerk", validate_choice=True, default="")
    name = StringField("Of typ een naam", filters=[strip], validators=[max_length(120)])
    interpreter = SelectField("Tolk? Voor welke taal", default="", choices=choices(
        [("", "—")] + [(code, label) for code, label in FAMILY_LANGUAGE_LABELS.items() if code != "nl"]))

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and not self.who.data and not self.name.data:
            self.name.errors.append("Kies iemand uit het netwerk of typ een naam.")
            return False
        if valid and self.interpreter.data and self.who.data:
            self.interpreter.errors.append("Typ de naam van de tolk: een tolk komt niet uit het netwerk.")
            return False
        return valid


def speaker_choices(meeting: Meeting):
    return choices([(EVERYONE, "Iedereen")] + [(str(p.id), p.label) for p in meeting.participants])


TERM_CHOICES = choices([("", "—")] + list(TERM_LABELS.items()))
URGENCY_CHOICES = choices([("", "—")] + list(URGENCY_LABELS.items()))
VISIBILITY_CHOICES = choices(VISIBILITY_LABELS.items())


def child_choices(case) -> list:
    """Whom a danger, goal or scale round is about: all children, or one of them."""
    return choices([("", "alle kinderen")] + [(str(c.id), c.first_name) for c in case.children])


def child_field() -> SelectField:
    return SelectField("Over welk kind?", validate_choice=True, default="")


class ItemFields(Form):
    """What every item form shares: who said it, who may see it, a danger's term, a next
    step's urgency."""

    speaker = SelectField("Wie zegt het?", validate_choice=True, default=EVERYONE)
    visibility = SelectField("Zichtbaar voor", choices=VISIBILITY_CHOICES, default=Visibility.FAMILY)
    term = SelectField("Termijn (bij gevaar)", choices=TERM_CHOICES, default="")
    urgency = SelectField("Hoe dringend (bij een volgende stap)", choices=URGENCY_CHOICES, default="")

    def for_meeting(self, meeting: Meeting) -> "ItemFields":
        self.speaker.choices = speaker_choices(meeting)
        if hasattr(self, "child"):
            self.child.choices = child_choices(meeting.case)
        return self

    def check_category(self, category: str) -> bool:
        """A danger needs its term and a next step its urgency."""
        if category == Category.DANGER and not self.term.data:
            self.term.errors = [*self.term.errors, TERM_MISSING]
            return False
        if category == Category.NEXT_STEP and not self.urgency.data:
            self.urgency.errors = [*self.urgency.errors, URGENCY_MISSING]
            return False
        return True


class QuickAddForm(ItemFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="quick", **kwargs)

    TEXT_REQUIRED = required("wat er gezegd wordt")  # also said by the page itself, before it sends
    text = StringField("Wat wordt er gezegd?", filters=[strip], validators=[TEXT_REQUIRED, max_length(ITEM_MAX)])
    category = SelectField("Categorie", choices=choices(
        (c.value, f"{n}. {CATEGORY_LABELS[c]}") for n, c in enumerate(BOARD_CATEGORIES, start=1)))
    # Who says it and who may see it go back to the defaults after each item, unless pinned.
    pin_speaker = BooleanField("Spreker vasthouden")
    pin_visibility = BooleanField("Zichtbaarheid vasthouden")
    # One key per item sent: the page makes a new one for every Enter, and a resend of the
    # same key adds nothing twice. Rendered fresh here, so a form without script has one too.
    submission = HiddenField(default=lambda: str(uuid4()), validators=[Regexp(
        r"^[A-Za-z0-9-]{8,64}$", message="Dit formulier is verouderd. Laad de pagina opnieuw.")])

    # The page asks for a danger's term and a next step's urgency before it sends (Enter goes
    # to the choice, where the arrow keys choose and Enter adds): what each category needs.
    NEEDED = {"term": (Category.DANGER, TERM_MISSING), "urgency": (Category.NEXT_STEP, URGENCY_MISSING)}

    def validate(self, extra_validators=None):
        return super().validate(extra_validators) & self.check_category(self.category.data)


class ItemEditForm(translation_areas(ITEM_MAX), ItemFields):
    """Prefixed with the item, so two open edit forms never share a field id."""

    def __init__(self, item_id: int, *args, **kwargs):
        super().__init__(*args, prefix=f"item-{item_id}", **kwargs)

    text = TextAreaField("Tekst", filters=[strip],
                         validators=[required("een tekst"), max_length(ITEM_MAX)])
    owner = SelectField("Wie neemt het op?", validate_choice=True, default=EVERYONE)
    serves = SelectField("Voor welk veiligheidsdoel?", validate_choice=True, default="")
    child = child_field()
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

    def for_meeting(self, meeting: Meeting, goals: list, lines: dict | None = None) -> "ItemEditForm":
        """`goals`: the meeting's safety goals a next step can serve, handed in by the view;
        `lines`: the item's translation lines, one asked for each of the family's languages."""
        super().for_meeting(meeting)
        ask_translations(self, meeting.case.translated_languages, lines)
        self.owner.choices = choices([(EVERYONE, "—")] + [(str(p.id), p.label) for p in meeting.participants])
        self.serves.choices = choices([("", "—")] + [(str(g.id), g.text[:90]) for g in goals])
        return self

    def child_given(self) -> str | None:
        """The child chosen ("" for all children), or None when the form did not ask."""
        return (self.child.data or "") if self.child.raw_data else None

    def translations_given(self) -> dict | None:
        """The lines sent, {language: text}; None when none was (keep them)."""
        return translations_given(self)


class MoveForm(Form):
    direction = SelectField(choices=choices([("", ""), ("up", "omhoog"), ("down", "omlaag")]),
                            default="")
    category = SelectField("Verplaats naar", choices=choices(
        [("", "—")] + [(c.value, CATEGORY_LABELS[c]) for c in BOARD_CATEGORIES]), default="")


TEXT = 600


def text_area(label: str, what: str | None, limit: int = TEXT, **kwargs) -> TextAreaField:
    validators = [required(what), max_length(limit)] if what else [Optional(), max_length(limit)]
    return TextAreaField(label, filters=[strip], validators=validators, **kwargs)


SENTENCE_MAX = 1500  # room for the longest parts together


class SentenceFields(Form):
    """The sentence the parts make, shown while they are typed; the consultant may rewrite
    it. `built` is the sentence the parts made last time, so a rewrite is never overwritten."""

    sentence = TextAreaField("Zo komt de zin op het scherm", filters=[strip],
                             validators=[Optional(), max_length(SENTENCE_MAX)],
                             description="De zin groeit mee terwijl je de vakken invult. Je mag hem zelf "
                                         "aanpassen; maak het vak leeg om hem weer uit de vakken op te bouwen.")
    built = HiddenField()

    # Each form says how its parts make a sentence: parts_sentence(missing="…").

    def refresh_sentence(self) -> None:
        """Follow the parts, unless the consultant rewrote the sentence; when the parts make
        none, the field is left to the consultant (empty if it only held ours)."""
        built = self.parts_sentence() or ""
        if not self.sentence.data or self.sentence.data == (self.built.data or "").strip():
            self.sentence.data = built
        self.built.data = built

    def why_no_sentence(self) -> str | None:
        return None

    def text(self) -> str | None:
        """What is saved: the consultant's own sentence, or the one the parts make (None when
        they make none and the consultant wrote none)."""
        own = self.sentence.data
        return own if own and own != (self.built.data or "").strip() else self.parts_sentence()


def part(kind: str) -> dict:
    return {"class": f"{kind}-part"}


ONE, MORE = "een", "meer"
WHO_MISSING = "Kies of typ wie zich zorgen maakt."


class DangerForm(SentenceFields, ItemFields):
    """A danger statement (gevaarsinschatting), written with guidance. Who worries is picked
    (each one person) or typed; for what is typed the form asks whether it is one person or more."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="danger", **kwargs)

    child = child_field()

    worried_people = SelectMultipleField(
        "Wie maakt zich zorgen?", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=True, render_kw=part("gevaar-keuze"))
    worried = StringField("Of typ wie", filters=[strip], validators=[Optional(), max_length(200)],
                          description="Bijvoorbeeld: de juf en oma Rita, de school, ik of wij.",
                          render_kw=part("gevaar"))
    worried_count = RadioField("Is wie je typte één persoon of meer?", validators=[Optional()], default="",
                               choices=choices([(ONE, "één persoon"), (MORE, "meer personen")]),
                               render_kw=part("gevaar-keuze"))
    behaviour = text_area("Over welk gedrag?", "over welk gedrag het gaat", render_kw=part("gevaar"),
                          description="Het komt na ‘…maken zich zorgen dat’: het werkwoord achteraan. "
                                      "Bijvoorbeeld: papa ’s avonds drinkt en dan roept.")
    outcome = text_area("Wat kan er met het kind gebeuren als er niets verandert?",
                        "wat er met het kind kan gebeuren", render_kw=part("gevaar"),
                        description="Het komt na ‘Als er niets verandert, …’. Bijvoorbeeld: kunnen Lotte "
                                    "en Milan gewond raken.")
    family_view = text_area("Hoe ziet het gezin het?", None,
                            description="Als het gezin het anders ziet, schrijf het hier op.")

    def for_meeting(self, meeting: Meeting) -> "DangerForm":
        """Who may be picked as worried: those present and the rest of the network, each by
        first name and relation."""
        super().for_meeting(meeting)
        present = {p.network_member_id for p in meeting.participants if p.network_member_id}
        people = [(f"p:{p.id}", p.spoken_name) for p in meeting.participants]
        people += [(f"n:{m.id}", m.called) for m in meeting.case.network if m.id not in present]
        self.worried_people.choices = choices((key, without_bidi_controls(name)) for key, name in people)
        self.names = names_of(meeting)
        return self

    def who_worries(self) -> Worried:
        names = dict((choice.value, choice.label) for choice in self.worried_people.choices or [])
        picked = tuple(names[key] for key in self.worried_people.data or [] if key in names)
        many = {ONE: False, MORE: True}.get(self.worried_count.data or "")
        return Worried(picked=picked, typed=self.worried.data or "", many=many)

    def parts_sentence(self, missing: str = "…") -> str | None:
        return danger_text(self.who_worries(), self.behaviour.data or missing, self.outcome.data or missing,
                           getattr(self, "names", None))

    def why_no_sentence(self) -> str | None:
        """What the consultant reads when the parts make no sentence (they then write it once)."""
        if self.parts_sentence() is not None:
            return None
        who = self.who_worries()
        if not who.picked and not who.typed:
            return "Kies of typ eerst wie zich zorgen maakt."
        if who.person is None:
            return ("Is wie je typte één persoon of meer? Kies het hierboven, of schrijf de zin "
                    "hieronder één keer zelf.")
        return ("Uit deze vakken maken we geen zin waar we zeker van zijn. Schrijf hem hieronder "
                "één keer zelf.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators) & self.check_category(Category.DANGER)
        who = self.who_worries()
        if not who.picked and not who.typed:
            self.worried.errors = [*self.worried.errors, WHO_MISSING]
            return False
        if len(who.subject) > 200:
            self.worried.errors = [*self.worried.errors, "Kies of typ minder mensen (hoogstens 200 tekens)."]
            return False
        if valid and self.text() is None:
            self.sentence.errors = [*self.sentence.errors, "Schrijf de zin hier één keer zelf."]
            return False
        return valid


class GoalForm(SentenceFields, ItemFields):
    """A safety goal (veiligheidsdoel), written with guidance."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="goal", **kwargs)

    child = child_field()
    danger = SelectField("Bij welk gevaar?", validate_choice=True, default="")
    behaviour = text_area("Wat zien we de ouders en het netwerk doen?", "wat we zullen zien",
                          render_kw=part("doelen"),
                          description="In positieve woorden, als een gewone zin: wat doen ze wél? Bijvoorbeeld: "
                                      "Mama is ’s avonds nuchter en oma belt om acht uur.")
    duration = StringField("Hoe lang moet dat zo lopen?", filters=[strip],
                           validators=[required("hoe lang het moet lopen"), max_length(120)],
                           description="Bijvoorbeeld: drie maanden lang.", render_kw=part("doelen"))

    def parts_sentence(self, missing: str = "…") -> str:
        return goal_text(self.behaviour.data or missing, self.duration.data or missing)


class BottomLineForm(Form):
    """A bottom line (niet-onderhandelbare voorwaarde): what the agency requires whatever else
    is agreed, in the consultant's own words, why, and the danger statement it belongs to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="bottom", **kwargs)

    text = text_area("Wat moet er zeker gebeuren?", "wat er zeker moet gebeuren", ITEM_MAX,
                     description="In je eigen woorden, zoals het gezin het zal lezen. Bijvoorbeeld: Yasmine "
                                 "is nooit alleen thuis met Ruben als hij gedronken heeft.")
    reason = text_area("Waarom is dit niet onderhandelbaar?", "waarom dit niet onderhandelbaar is",
                       description="Wat kan er met het kind gebeuren als dit niet gebeurt?")
    danger = SelectField("Bij welk gevaar?", validate_choice=True, default="",
                         validators=[InputRequired("Kies bij welk gevaar dit hoort.")])
    visibility = SelectField("Zichtbaar voor", choices=VISIBILITY_CHOICES, default=Visibility.FAMILY)

    def for_dangers(self, dangers) -> "BottomLineForm":
        self.danger.choices = choices([("", "—")] + [(str(d.id), d.text[:90]) for d in dangers])
        return self


class PairForm(Form):
    danger = SelectField("Hoort bij", validate_choice=True, default="")


def danger_choices(dangers) -> list:
    return choices([("", "(nog geen)")] + [(str(d.id), d.text[:90]) for d in dangers])


class RoundForm(Form):
    about = SelectField("Waarover scoren we?", validate_choice=True, default="")
    child = child_field()


ANSWER_MAX = 300


class AnswersForm(Form):
    """A score from 0 to 10 and the two questions that go with it."""

    score = IntegerField("Score (0 tot 10)", validators=[
        InputRequired(message="Vul een score in van 0 tot 10."),
        NumberRange(min=0, max=10, message="Een score gaat van 0 tot 10.")])
    why_high = text_area("Waarom is het zo hoog?", None, limit=ANSWER_MAX)
    one_higher = text_area("Wat zou het één punt hoger maken?", None, limit=ANSWER_MAX)


class ScoreForm(AnswersForm):
    """The consultant types someone's score on the laptop."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="score", **kwargs)

    participant = SelectField("Wie scoort?", validate_choice=True)


def score_or_none(value):
    """A phone's score as a number, or None for anything else: refused by the form's own
    message in the phone's language, never by WTForms' own (Dutch) one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def phone_answer(label) -> TextAreaField:
    """One of the two questions with a score, optional, on a phone."""
    return TextAreaField(label, filters=[strip], validators=[
        Optional(), Length(max=ANSWER_MAX, message=_("Gebruik hoogstens %(num)s tekens.", num=ANSWER_MAX))])


SCORE_CHOICE = _("Kies een score van 0 tot 10.")


class OwnScoreForm(Form):
    """A participant scores on their own phone; who they are comes from the phone, not the form.
    Its texts are lazy (`_` here is lazy_gettext): shown in the language the phone chose."""

    score = RadioField(_("Jouw score"), choices=choices((str(n), str(n)) for n in range(11)),
                       coerce=score_or_none, validate_choice=False,
                       validators=[InputRequired(message=SCORE_CHOICE), AnyOf(range(11), message=SCORE_CHOICE)])
    why_high = phone_answer(_("Waarom is het zo hoog?"))
    one_higher = phone_answer(_("Wat zou het één punt hoger maken?"))


class ClaimForm(Form):
    """Nobody is chosen beforehand: one tap must never claim someone else's name."""

    participant = SelectField(_("Wie ben jij?"), validate_choice=False, default="",
                              validators=[InputRequired(message=_("Kies je naam uit de lijst."))])

    def for_people(self, people) -> "ClaimForm":
        self.participant.choices = choices([("", _("Kies je naam"))] + [(str(p.id), p.name) for p in people])
        return self

    def validate_participant(self, field):
        """Only a name still free on this meeting (taken or unknown: the same message)."""
        if field.data not in {choice.value for choice in field.choices if choice.value}:
            raise ValidationError(_("Kies je naam uit de lijst."))


URGENCY_NEEDED = "Vul in hoe snel de volgende stap moet."


class DecisionForm(Form):
    """Is het kind nu veilig?"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="decision", **kwargs)

    answer = RadioField("Is het kind nu veilig?", choices=choices(ANSWER_LABELS.items()),
                        validators=[InputRequired(message="Kies ja, nee of onduidelijk.")])
    reasoning = text_area("Waarom?", "kort waarom", limit=1000,
                          description="Dit staat woord voor woord op het grote scherm en op de gsm's "
                                      "van de aanwezigen.")
    urgency = SelectField("Hoe snel moet de volgende stap?", choices=URGENCY_CHOICES,
                          description="Niet nodig bij ‘ja’. Bij ‘nee’: vandaag of binnen 24 uur.")
    arrangement_who = text_area("Wie blijft bij het kind?", None, limit=300)
    arrangement_what = text_area("Wat is er afgesproken?", None, limit=1000)
    arrangement_until = StringField("Tot wanneer?", filters=[strip], validators=[Optional(), max_length(120)])
    clarify_step = text_area("Wat doen we om het uit te klaren?", None, limit=1000,
                             description="Wie gaat wat nagaan of navragen, vóór de herbekijking.")
    review_on = DateField("Herbekijken op", validators=[Optional()],
                          description="Binnen 7 dagen.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        answer = self.answer.data
        if answer in (Answer.NO, Answer.UNCLEAR) and not self.urgency.data:
            self.urgency.errors = [*self.urgency.errors, URGENCY_NEEDED]
            valid = False
        if answer == Answer.NO and self.urgency.data and self.urgency.data not in ACUTE_URGENCIES:
            self.urgency.errors = [*self.urgency.errors, ACUTE_URGENCY]
            valid = False
        if answer == Answer.NO:
            for field, what in ((self.arrangement_who, "wie bij het kind blijft"),
                                (self.arrangement_what, "wat er afgesproken is")):
                if not field.data:
                    field.errors = [*field.errors, f"Bij ‘nee’: vul in {what}."]
                    valid = False
        if answer == Answer.UNCLEAR and not self.clarify_step.data:
            self.clarify_step.errors = [*self.clarify_step.errors, CLARIFY_NEEDED]
            valid = False
        today = dates.today()
        if answer in (Answer.NO, Answer.UNCLEAR) and self.review_on.data \
                and not today <= self.review_on.data <= today + timedelta(days=REVIEW_WITHIN_DAYS):
            self.review_on.errors = [*self.review_on.errors, REVIEW_WITHIN]
            valid = False
        return valid
