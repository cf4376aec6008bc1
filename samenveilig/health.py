"""/gezond, for the load balancer and monitoring: 200 when the database answers and the PDF
worker's heartbeat is recent, 503 otherwise. It says ok or not per part and nothing else: no
version, no counts, no error text. No login, no cookie."""

from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db
from .review import heartbeat

bp = Blueprint("health", __name__)


@bp.get("/gezond")
def health():
    try:
        beat_at = heartbeat.last_beat(db.session)
        database = True
    except SQLAlchemyError:
        current_app.logger.warning("/gezond: the database does not answer")
        db.session.rollback()
        beat_at, database = None, False
    worker = heartbeat.recent(beat_at, current_app.config["PDF_HEARTBEAT_SECONDS"])
    parts = {"database": "ok" if database else "niet ok", "pdf_worker": "ok" if worker else "niet ok"}
    response = jsonify(parts)
    response.status_code = 200 if database and worker else 503
    response.headers["Cache-Control"] = "no-store"
    return response
