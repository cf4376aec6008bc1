"""A closed case is read-only: every write to it, whatever the route, gets the same clear
refusal. Reopening it, and making a PDF of it for the file, are the exceptions."""

from flask import Flask, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Case, CaseStatus, Meeting
from ..services import Refused
from .access import visible_cases
from .services import CLOSED

WRITES_ALLOWED = {"cases.reopen_case", "review.export_meeting", "review.export_proposal"}


def init_app(app: Flask) -> None:
    app.before_request(refuse_writes_to_closed_cases)


def refuse_writes_to_closed_cases() -> None:
    if request.method != "POST" or request.endpoint in WRITES_ALLOWED or not current_user.is_authenticated:
        return
    args = request.view_args or {}
    if "case_id" in args:
        case_id = args["case_id"]
    elif "meeting_id" in args:  # asked in the same statement as the case: one round trip
        case_id = select(Meeting.case_id).where(Meeting.id == args["meeting_id"]).scalar_subquery()
    else:
        return
    closed = db.session.scalar(
        visible_cases(current_user).where(Case.id == case_id, Case.status == CaseStatus.CLOSED)
        .with_only_columns(Case.id))
    if closed:  # only for a case the user may see: anyone else still gets the view's 404
        raise Refused(CLOSED)
