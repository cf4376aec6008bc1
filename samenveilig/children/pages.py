"""What the screens of a meeting show of the children's own safety: the projector's children
tab (a live region, so a plan or house saved at the desk during the meeting is on the wall at
once) and the family link. Only what each child shares with everyone."""

from ..audience import Audience
from ..live import registry
from ..models import Case, Meeting
from . import safety


def children_safety(case: Case, audience: Audience) -> dict:
    """Each child with her plan and house as this audience sees them."""
    return dict(children_safety=safety.for_children(case, audience))


def region_context(meeting: Meeting, audience: Audience) -> dict:
    return children_safety(meeting.case, audience)


registry.register(safety.REGION, region_context, family="children/_shared_safety.html")
