"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from samenveilig import create_app
from samenveilig.extensions import db

from .conftest import make_config, skip_or_fail


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'leeg.db'}"
    cluster = request.getfixturevalue("postgres_cluster")
    if cluster is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    return cluster.create_database("samenveilig_migrations")


def test_migrations_match_the_models(empty_database):
    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        downgrade(revision="base")
        upgrade()
        db.engine.dispose()


def test_migrations_keep_the_data_of_a_live_meeting(empty_database):
    """Upgrading a database that already holds a meeting keeps every row (SQLite copies tables
    to change them, with foreign keys in the way)."""
    from sqlalchemy import text

    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade(revision="cf3a5dfb813b")
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO \"user\" (id, email, name, role, active, password_hash, must_change_password,"
                " session_version, created_at) VALUES (1, 'a@b.be', 'A', 'consultant', true, 'x', false, 1,"
                " '2026-01-01 10:00:00')",
                "INSERT INTO \"case\" (id, reference, family_name, service, status, opened_on, created_at)"
                " VALUES (1, 'OCJ-1', 'Maes', 'OCJ', 'open', '2026-01-01', '2026-01-01 10:00:00')",
                "INSERT INTO meeting (id, case_id, kind, held_on, status, version, created_at)"
                " VALUES (1, 1, 'mapping', '2026-01-01', 'open', 2, '2026-01-01 10:00:00')",
                "INSERT INTO participant (id, meeting_id, name) VALUES (1, 1, 'Oma')",
                "INSERT INTO mapping_item (id, meeting_id, category, text, speaker_id, visibility, position,"
                " version, created_at, updated_at) VALUES (1, 1, 'worry', 'Zorg', 1, 'family', 1, 1,"
                " '2026-01-01 10:00:00', '2026-01-01 10:00:00')",
                "INSERT INTO undo_step (id, meeting_id, user_id, item_id, action, item_version, done)"
                " VALUES (1, 1, 1, 1, 'add', 1, false)",
            ):
                conn.execute(text(statement))
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT text, speaker_id FROM mapping_item")).all() == [("Zorg", 1)]
            assert conn.execute(text("SELECT count(*) FROM undo_step")).scalar() == 1
        db.engine.dispose()
