"""/toegankelijkheid: the accessibility statement (WCAG 2.1 AA, as the public-sector rules
ask): what is met, what is not yet, whom to tell (ACCESSIBILITY_CONTACT) and its date. No
login: the family link and the follow link point here too."""

from datetime import date

from flask import Blueprint, current_app, render_template

bp = Blueprint("accessibility", __name__)


@bp.get("/toegankelijkheid")
def statement():
    config = current_app.config
    return render_template("accessibility/statement.html", contact=config["ACCESSIBILITY_CONTACT"],
                           drawn_up_on=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_DATE"]))
