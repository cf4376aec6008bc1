"""The meetings blueprint; its views live in views.py (the board) and analysis_views.py."""

from flask import Blueprint
from flask_login import login_required

bp = Blueprint("meetings", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in staff; each view checks access to its meeting."""
