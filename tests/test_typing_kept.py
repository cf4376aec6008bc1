"""What is typed on the board is never lost and never saved twice: every quick add carries
a submission key, so a resend after a lost answer gives the item it already made, and the
resend of an edit whose answer was lost is no conflict."""

import re

import pytest
from sqlalchemy import func, select

from samenveilig.extensions import db
from samenveilig.models import AuditEvent, LiveChange, MappingItem, UndoStep

from .helpers import HX, edit, item_id, start_meeting
from .helpers import add_item as add
from .helpers import meeting_case as case  # noqa: F401 (a fixture)

pytestmark = pytest.mark.db
KEY = "3f1c2a9e-7b4d-4e8a-9c61-0d5e2f7a8b90"


def counts(app, text: str) -> tuple[int, int, int, int]:
    """Items with this text, their audit events, undo steps and live changes."""
    with app.app_context():
        items = db.session.scalars(select(MappingItem.id).where(MappingItem.text == text)).all()
        return (len(items),
                db.session.scalar(select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == "item_added", AuditEvent.entity_id.in_(items))),
                db.session.scalar(select(func.count(UndoStep.id)).where(UndoStep.item_id.in_(items))),
                db.session.scalar(select(func.count()).select_from(LiveChange)))


def send(client, meeting_id, text, key=KEY, **extra):
    return client.post(f"/overleg/{meeting_id}/items", headers=HX, data={
        "quick-text": text, "quick-category": "worry", "quick-speaker": "", "quick-visibility": "family",
        "quick-submission": key, **extra})


def test_a_resend_of_one_submission_adds_one_item_and_answers_the_same(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    first = send(logged_in, meeting_id, "Papa belt elke zondag")
    assert first.status_code == 204
    once = counts(app, "Papa belt elke zondag")
    assert once[:3] == (1, 1, 1)
    again = send(logged_in, meeting_id, "Papa belt elke zondag")
    assert again.status_code == 204
    assert again.headers["HX-Trigger"] == first.headers["HX-Trigger"]  # the same item, lit up again
    assert counts(app, "Papa belt elke zondag") == once  # no second item, audit event or live change
    # Another submission with the same text is another item: people do say things twice.
    assert send(logged_in, meeting_id, "Papa belt elke zondag", key=KEY.replace("3f", "4f")).status_code == 204
    assert counts(app, "Papa belt elke zondag")[0] == 2


def test_the_key_is_per_meeting_and_a_request_without_one_still_adds(app, logged_in, case):  # noqa: F811
    one, other = start_meeting(logged_in, case.id), start_meeting(logged_in, case.id)
    assert send(logged_in, one, "Oma komt elke avond").status_code == 204
    assert send(logged_in, other, "Oma komt elke avond").status_code == 204
    assert counts(app, "Oma komt elke avond")[0] == 2
    assert add(logged_in, one, "Zonder sleutel").status_code == 204  # an older page, or no script
    assert counts(app, "Zonder sleutel")[0] == 1


def test_the_form_carries_a_fresh_key_and_refuses_a_broken_one(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    keys = [re.search(r'name="quick-submission" type="hidden" value="([0-9a-f-]{36})"',
                      logged_in.get(f"/overleg/{meeting_id}").text).group(1) for _ in range(2)]
    assert keys[0] != keys[1]
    response = send(logged_in, meeting_id, "Mama drinkt", key="<script>")
    assert response.status_code == 422 and "Laad de pagina opnieuw" in response.text
    assert 'value="Mama drinkt"' in response.text  # the text stays in the form
    assert counts(app, "Mama drinkt")[0] == 0


def test_an_invalid_submission_stores_nothing_and_its_key_can_be_used_when_fixed(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    refused = send(logged_in, meeting_id, "Papa slaat", **{"quick-category": "danger"})
    assert refused.status_code == 422 and KEY in refused.text  # the form comes back with its key
    fixed = send(logged_in, meeting_id, "Papa slaat", **{"quick-category": "danger", "quick-term": "short"})
    assert fixed.status_code == 204 and counts(app, "Papa slaat")[0] == 1


def test_a_resent_edit_whose_answer_was_lost_is_no_conflict(app, logged_in, case):  # noqa: F811
    meeting_id = start_meeting(logged_in, case.id)
    add(logged_in, meeting_id, "Mama drinkt")
    item = item_id(app, "Mama drinkt")
    assert edit(logged_in, meeting_id, item, 1, "Mama drinkt elke avond").status_code == 200
    again = edit(logged_in, meeting_id, item, 1, "Mama drinkt elke avond")  # the answer never came
    assert again.status_code == 200 and "Mama drinkt elke avond" in again.text and "conflict" not in again.text
    with app.app_context():
        assert db.session.get(MappingItem, item).version == 2
    # A stale save that does change something is still a conflict, showing the saved text.
    stale = edit(logged_in, meeting_id, item, 1, "Mama drinkt soms")
    assert stale.status_code == 409 and "Mama drinkt elke avond" in stale.text
    with app.app_context():
        assert db.session.get(MappingItem, item).text == "Mama drinkt elke avond"


def test_a_resend_that_ran_alongside_the_first_gives_its_item(app, logged_in, case, monkeypatch):  # noqa: F811
    """Both requests looked before either had saved: the unique key stops the second."""
    from samenveilig.meetings import services

    meeting_id = start_meeting(logged_in, case.id)
    assert send(logged_in, meeting_id, "Papa belt elke zondag").status_code == 204
    once = counts(app, "Papa belt elke zondag")
    looked = []
    real = services._submitted

    def not_yet_saved(meeting, submission):
        looked.append(submission)
        return None if len(looked) == 1 else real(meeting, submission)

    monkeypatch.setattr(services, "_submitted", not_yet_saved)
    again = send(logged_in, meeting_id, "Papa belt elke zondag")
    assert again.status_code == 204 and len(looked) == 2
    assert counts(app, "Papa belt elke zondag") == once
