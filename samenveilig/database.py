"""Engine settings per database: SQLite in WAL mode with foreign keys on; and which errors
mean that the database cannot be reached for a moment."""

import sqlite3
from time import monotonic

from flask import Flask
from sqlalchemy import event
from sqlalchemy import exc as sa_exc

from .extensions import db


def configure_engine(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    ping_after_idle(engine, float(app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]))
    app.teardown_appcontext(_end_session)  # runs before Flask-SQLAlchemy's own (registered first)


_CHECKED_IN = "samenveilig_checked_in"  # in a pooled connection's info: when it was last given back


def ping_after_idle(engine, seconds: float) -> None:
    """Ping a connection on its way out of the pool when it sat there longer than `seconds`;
    one that fails the ping is replaced, with every other connection of the pool (they went
    with the same database). SQLAlchemy's pool_pre_ping would ping on every checkout: on
    PostgreSQL a round trip per request."""

    @event.listens_for(engine, "checkin")
    def _given_back(_dbapi_connection, record) -> None:
        if record is not None:
            record.info[_CHECKED_IN] = monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection, record, _proxy) -> None:
        given_back = record.info.get(_CHECKED_IN)
        if given_back is None or monotonic() - given_back <= seconds:
            return  # new, or in use moments ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                raise sa_exc.InvalidatePoolError() from error  # the pool connects anew and retries
            raise


def _end_session(_error) -> None:
    """End the request's session even when the database went away after the page was made:
    the rollback on a cut connection would otherwise turn a finished page into gunicorn's bare
    500. The cut connection is discarded from the pool (SQLAlchemy invalidates it)."""
    try:
        db.session.remove()
    except sa_exc.SQLAlchemyError as error:
        if not unreachable(error):
            raise
        db.session.registry.clear()


# SQLite's OperationalError is also a mistake in a query; these say it is busy or out of reach.
_SQLITE_UNREACHABLE = ("database is locked", "unable to open database", "disk i/o error")


def unreachable(error: BaseException | None) -> bool:
    """The database is down, restarting, out of reach or too busy to hand out a connection:
    trying again in a moment helps (unlike a mistake in a query). Wrapped errors count too."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, (sa_exc.TimeoutError, sa_exc.DisconnectionError)):
            return True  # the pool had no connection in time; a connection died on checkout
        if isinstance(error, sa_exc.DBAPIError):
            if error.connection_invalidated or isinstance(error, sa_exc.InterfaceError):
                return True
            if isinstance(error, sa_exc.OperationalError):
                if type(error.orig).__module__.startswith("psycopg"):
                    return True  # psycopg: the connection failed, was cut, or the server shuts down
                return any(words in str(error.orig).lower() for words in _SQLITE_UNREACHABLE)
        error, seen = error.__cause__, seen + 1
    return False


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def render_migration_type(type_: str, obj, autogen_context):
    """Migrations spell our column types in plain SQLAlchemy, so they never import app code."""
    from .models.types import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False
