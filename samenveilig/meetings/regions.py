"""The live regions of a meeting's board and analysis: what each shows, for the consultant
or for the family's screens (see live/registry.py). Blind scaling is built in here: while a
round is open, the context holds who has scored, never a number."""

from functools import partial

from ..audience import Audience, shown_to
from ..forms import choices
from ..live import registry
from ..models import Category, Meeting, RoundStatus
from . import analysis, services
from .forms import BottomLineForm, DangerForm, DecisionForm, GoalForm, ScoreForm, danger_choices

NAMES = ("pairs", "scale", "decision")


def category_context(category: str, meeting: Meeting, audience: Audience) -> dict:
    context = dict(category=category, items=services.items(meeting.id, category, audience=audience))
    if audience == Audience.CONSULTANT:
        context["planned"] = services.planned(meeting.id)
    return context


def scale_context(meeting: Meeting, audience: Audience) -> dict:
    rounds = meeting.scale_rounds
    current = rounds[-1] if rounds else None
    context = dict(round=current, scorers=analysis.scorers(meeting), scored=set(), scores=None,
                   about=_about(current, audience), about_parts=_about_parts(current, audience),
                   claimable=analysis.claimable(meeting),
                   dangers=analysis.dangers(meeting.id, audience=audience),
                   # The children's own scores for this meeting: numbers only outside an open round.
                   own_scores=own_scores(meeting, audience))
    if current is not None:
        context["scored"] = {s.participant_id for s in current.scores}
        if current.status == RoundStatus.REVEALED:
            context["scores"] = sorted(current.scores, key=lambda s: (s.score, s.participant.name))
    return context


def own_scores(meeting: Meeting, audience: Audience) -> list:
    """The children's own scores given for this meeting on their own link that this audience may
    see (loaded with the board's meeting), youngest child last."""
    shown = [score for score in meeting.child_scores if shown_to(score, audience)]
    return sorted(shown, key=lambda score: (score.child.date_of_birth, score.child_id))


def _about(scale_round, audience: Audience) -> str | None:
    """What an open round asks about, for the desk's Dutch sentence."""
    parts = _about_parts(scale_round, audience)
    if parts is None:
        return None
    about = parts["danger"] or ("een gevaarsinschatting" if parts["hidden"] else None)
    if about is None:
        return parts["child"]
    return f"{about} (over {parts['child']})" if parts["child"] else about


def _about_parts(scale_round, audience: Audience) -> dict | None:
    """The same in parts, for the family's screens to put into a sentence in their language:
    the danger's text (None when this audience may not see it, or there is no danger), whether
    a danger is hidden, and the child's first name."""
    if scale_round is None or (scale_round.danger_item is None and scale_round.child is None):
        return None
    danger = scale_round.danger_item
    text = danger.text.rstrip(".") if danger is not None and shown_to(danger, audience) else None
    return dict(danger=text, hidden=danger is not None and text is None,
                child=scale_round.child.first_name if scale_round.child else None)


def pairs_context(meeting: Meeting, audience: Audience) -> dict:
    dangers = analysis.dangers(meeting.id, audience=audience)
    return dict(pairs=analysis.pairs(meeting, audience=audience), danger_count=len(dangers),
                advised=analysis.ADVISED_DANGERS, negative=analysis.is_negative,
                danger_options=danger_choices(dangers))


def decision_context(meeting: Meeting, audience: Audience) -> dict:
    return dict(decision=meeting.decision)


BUILDERS = {"pairs": pairs_context, "scale": scale_context, "decision": decision_context}

def bottom_line_context(meeting: Meeting, audience: Audience) -> dict:
    return category_context(Category.BOTTOM_LINE, meeting, audience) | dict(reader=audience)


for _category in Category:
    registry.register(_category, partial(category_context, _category),
                      consultant="meetings/_category_items.html", family="meetings/_shared_category_items.html")
# The bottom lines are their own part: on the family's screens with their reason and danger.
registry.register(Category.BOTTOM_LINE, bottom_line_context,
                  consultant="meetings/_category_items.html", family="meetings/_shared_bottom_lines.html")
for _name, _build in BUILDERS.items():
    registry.register(_name, _build, consultant=f"meetings/_{_name}.html", family=f"meetings/_shared_{_name}.html")


def all_regions(meeting: Meeting, *, audience: Audience) -> dict:
    result: dict = {}
    for region in NAMES:
        result |= BUILDERS[region](meeting, audience)
    result |= dict(bottom_lines=analysis.bottom_lines(meeting.id, audience=audience), reader=audience)
    return result


def forms(meeting: Meeting) -> dict:
    """The consultant's analysis forms, blank."""
    return dict(
        danger_form=DangerForm(formdata=None).for_meeting(meeting),
        goal_form=goal_form(meeting, formdata=None),
        bottom_line_form=bottom_line_form(meeting, formdata=None),
        score_form=score_form(meeting, formdata=None),
        decision_form=DecisionForm(formdata=None, obj=meeting.decision),
    )


def goal_form(meeting: Meeting, **kwargs) -> GoalForm:
    """A safety goal form whose danger choice lists this meeting's danger statements."""
    form = GoalForm(**kwargs).for_meeting(meeting)
    form.danger.choices = danger_choices(analysis.dangers(meeting.id, audience=Audience.CONSULTANT))
    return form


def bottom_line_form(meeting: Meeting, **kwargs) -> BottomLineForm:
    """A bottom line form whose danger choice lists this meeting's danger statements."""
    return BottomLineForm(**kwargs).for_dangers(analysis.dangers(meeting.id, audience=Audience.CONSULTANT))


def score_form(meeting: Meeting, **kwargs) -> ScoreForm:
    """A score form that offers the next person who has not scored yet."""
    if kwargs.get("formdata", True) is None:
        kwargs["participant"] = _next_scorer(meeting)
    form = ScoreForm(**kwargs)
    form.participant.choices = choices((str(p.id), p.label) for p in meeting.participants)
    return form


def _next_scorer(meeting: Meeting) -> str:
    """Who has not scored yet in the open round: the next one to type in."""
    current = analysis.open_round_of(meeting)
    scored = {s.participant_id for s in current.scores} if current else set()
    waiting = [p for p in meeting.participants if p.id not in scored]
    return str(waiting[0].id) if waiting else ""
