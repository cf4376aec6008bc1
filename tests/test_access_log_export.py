"""The access log as CSV: for the team lead only, and no cell a spreadsheet runs as a formula."""

import csv
import io

import pytest

from samenveilig.extensions import db
from samenveilig.models import AuditEvent

from .conftest import save

pytestmark = pytest.mark.db


def test_only_the_team_lead_exports_the_access_log(client, auth, consultant, make_user, make_case):
    case = make_case(consultant)
    url = f"/dossiers/{case.id}/geschiedenis/toegang.csv"
    auth.login(consultant)
    page = client.get(f"/dossiers/{case.id}/geschiedenis").text
    assert "Bekeken door" in page and "toegang.csv" not in page  # no button for the consultant
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login(make_user())  # not on the case: the same answer as for a case that does not exist
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(make_user("teamlead"))
    assert "toegang.csv" in client.get(f"/dossiers/{case.id}/geschiedenis").text
    assert client.get(url).status_code == 200


def test_no_cell_starts_like_a_formula(app, client, auth, make_user, make_case):
    """OWASP's list: = + - @ and a leading tab or carriage return."""
    starts = ["=", "+", "-", "@", "\t", "\r"]
    readers = [make_user(name=f"{start}1+1 Naam", email=f"lezer{n}@test.be") for n, start in enumerate(starts)]
    case = make_case(*readers)
    with app.app_context():
        db.session.add_all(AuditEvent(actor_id=reader.id, case_id=case.id, action="case_viewed",
                                      entity_type="Case", entity_id=case.id) for reader in readers)
        save()
    auth.login(make_user("teamlead"))
    response = client.get(f"/dossiers/{case.id}/geschiedenis/toegang.csv")
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"), newline=""), delimiter=";"))
    names = [row[1] for row in rows[1:len(starts) + 1]]
    assert names == [f"'{start}1+1 Naam" for start in starts]
