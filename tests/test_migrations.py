"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os

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
    if os.environ.get("SAMENVEILIG_TEST_POSTGRES_URL"):
        pytest.skip("an outside PostgreSQL gives us no empty database to migrate")
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
