"""What the plan's screens need to render, shared by the plan tab, the review, the projector
and the follow link: its lists and their live regions, a row in a review, the family's plan."""

from dataclasses import dataclass
from functools import partial

from ..audience import Audience
from ..forms import Form
from ..live import registry
from ..models import MeetingKind, PlanAction, PlanContact, PlanRule, WarningSign
from ..review.services import reviews
from . import services
from .forms import ActionForm, ContactForm, RuleForm, SignForm


@dataclass(frozen=True)
class Kind:
    """One list of the plan; its fragments are plan/_<row>.html, _<row>_form.html, _<row>_add.html."""

    model: type
    form: type[Form]
    row: str
    list: str  # the key in services.plan()

    @property
    def region(self) -> str:
        return services.REGIONS[self.model]


KINDS = {
    "acties": Kind(PlanAction, ActionForm, "action", "actions"),
    "afspraken": Kind(PlanRule, RuleForm, "rule", "rules"),
    "signalen": Kind(WarningSign, SignForm, "sign", "signs"),
    "contacten": Kind(PlanContact, ContactForm, "contact", "contacts"),
}


def row_context(meeting) -> dict:
    """What a row of the plan needs besides itself: in a review, how each action went."""
    reviewing = meeting.kind in (MeetingKind.REVIEW, MeetingKind.CLOSURE)
    return dict(meeting=meeting, reviewing=reviewing, reviews=reviews(meeting) if reviewing else {},
                desk=at_the_desk(meeting))


def at_the_desk(meeting) -> bool:
    """The plan page of a closed meeting while no meeting of the open case is under way: the
    consultant makes a proposal there, to discuss at the next meeting."""
    return not meeting.is_open and meeting.case.is_open and not services.meeting_open(meeting.case_id)


def shared_context(case_id: int) -> dict:
    return dict(shared_plan=services.plan(case_id, audience=Audience.FAMILY),
                shared_goals=services.current_goals(case_id, audience=Audience.FAMILY))


def list_context(kind_name: str, meeting, audience: Audience) -> dict:
    kind = KINDS[kind_name]
    return dict(kind=kind, kind_name=kind_name, entries=services.entries(meeting.case_id, kind.model, audience=audience),
                **row_context(meeting))


for _name, _kind in KINDS.items():
    registry.register(_kind.region, partial(list_context, _name), consultant="plan/_list.html")
registry.register("plan", lambda meeting, audience: shared_context(meeting.case_id), family="plan/_shared_plan.html",
                  follows=(*services.REGIONS.values(), "pairs"))
