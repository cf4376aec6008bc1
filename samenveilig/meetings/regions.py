"""The analysis regions of a meeting (pairs, scale, decision): what each shows, for the
consultant or for the family's screens. Blind scaling is built in here: while a round is
open, the context holds who has scored, never a number."""

from ..forms import choices
from ..models import Meeting, RoundStatus, Visibility
from . import analysis
from .forms import DangerForm, DecisionForm, GoalForm, ScoreForm, danger_choices

NAMES = ("pairs", "scale", "decision")


def scale_context(meeting: Meeting, family_only: bool) -> dict:
    rounds = meeting.scale_rounds
    current = rounds[-1] if rounds else None
    context = dict(round=current, scorers=analysis.scorers(meeting), scored=set(), scores=None,
                   about=_about(current, family_only), claimable=analysis.claimable(meeting),
                   dangers=analysis.dangers(meeting.id, family_only=False))
    if current is not None:
        context["scored"] = {s.participant_id for s in current.scores}
        if current.status == RoundStatus.REVEALED:
            context["scores"] = sorted(current.scores, key=lambda s: (s.score, s.participant.name))
    return context


def _about(scale_round, family_only: bool) -> str | None:
    if scale_round is None:
        return None
    child = scale_round.child.first_name if scale_round.child else None
    danger = scale_round.danger_item
    if danger is None:
        return child
    if family_only and danger.visibility != Visibility.FAMILY:
        about = "een gevaarsinschatting"
    else:
        about = danger.text.rstrip(".")  # it goes inside a sentence
    return f"{about} (over {child})" if child else about


def pairs_context(meeting: Meeting, family_only: bool) -> dict:
    dangers = analysis.dangers(meeting.id, family_only=family_only)
    return dict(pairs=analysis.pairs(meeting, family_only=family_only), danger_count=len(dangers),
                advised=analysis.ADVISED_DANGERS, negative=analysis.is_negative,
                danger_options=danger_choices(dangers))


def decision_context(meeting: Meeting, family_only: bool) -> dict:
    return dict(decision=meeting.decision)


BUILDERS = {"pairs": pairs_context, "scale": scale_context, "decision": decision_context}


def context(meeting: Meeting, region: str, *, family_only: bool) -> dict:
    return BUILDERS[region](meeting, family_only) | dict(meeting=meeting, region=region)


def all_regions(meeting: Meeting, *, family_only: bool) -> dict:
    result: dict = {}
    for region in NAMES:
        result |= BUILDERS[region](meeting, family_only)
    return result


def forms(meeting: Meeting) -> dict:
    """The consultant's analysis forms, blank."""
    return dict(
        danger_form=DangerForm(formdata=None).for_meeting(meeting),
        goal_form=goal_form(meeting, formdata=None),
        score_form=score_form(meeting, formdata=None),
        decision_form=DecisionForm(formdata=None, obj=meeting.decision),
    )


def goal_form(meeting: Meeting, **kwargs) -> GoalForm:
    """A safety goal form whose danger choice lists this meeting's danger statements."""
    form = GoalForm(**kwargs).for_meeting(meeting)
    form.danger.choices = danger_choices(analysis.dangers(meeting.id, family_only=False))
    return form


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
