"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from samenveilig import create_app
from samenveilig.extensions import db

from .conftest import make_config, save, skip_or_fail


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


def test_the_story_heading_migration_moves_the_first_question_and_cleans_family_names(empty_database):
    """Existing panels keep every word: a suggested heading (or another question on its own
    first line) moves into `heading`; "Gezin Testers" becomes "Testers"; down again, back."""
    from sqlalchemy import text

    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade(revision="a7c3e1f09b42")
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO \"case\" (id, reference, family_name, service, status, opened_on, created_at)"
                " VALUES (1, 'OCJ-1', 'Gezin Testers', 'OCJ', 'open', '2026-01-01', '2026-01-01 10:00:00'),"
                " (2, 'OCJ-2', 'Gezinsman', 'OCJ', 'open', '2026-01-01', '2026-01-01 10:00:00')",
                "INSERT INTO child (id, case_id, first_name, date_of_birth) VALUES (1, 1, 'Noor', '2018-01-01')",
                "INSERT INTO story_version (id, case_id, child_id, version_number, status, created_at)"
                " VALUES (1, 1, 1, 1, 'shared', '2026-01-01 10:00:00')",
                "INSERT INTO story_panel (id, version_id, position, text, figure) VALUES"
                " (1, 1, 1, 'Wat zijn de zorgen?\nPapa roept.\nMama huilt.', 'huis'),"
                " (2, 1, 2, 'Wie helpt er bij jou thuis?\nOma Rita.', NULL),"
                " (3, 1, 3, 'Regel een.\nRegel twee.', NULL),"
                " (4, 1, 4, 'Met wie kan ik praten?', NULL)",
            ):
                conn.execute(text(statement))
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT heading, text, figure FROM story_panel ORDER BY id")).all()
            assert rows == [("Wat zijn de zorgen?", "Papa roept.\nMama huilt.", "huis"),
                            ("Wie helpt er bij jou thuis?", "Oma Rita.", None),
                            (None, "Regel een.\nRegel twee.", None),
                            (None, "Met wie kan ik praten?", None)]
            names = conn.execute(text("SELECT family_name FROM \"case\" ORDER BY id")).scalars().all()
            assert names == ["Testers", "Gezinsman"]
        downgrade(revision="a7c3e1f09b42")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT text FROM story_panel ORDER BY id")).scalars().all()[:2] == [
                "Wat zijn de zorgen?\nPapa roept.\nMama huilt.", "Wie helpt er bij jou thuis?\nOma Rita."]
        db.engine.dispose()


def test_the_translation_line_keeps_the_language_its_case_had(empty_database):
    """A translation line typed before lines had their language was in the case's language of
    that day: it becomes that language's line, on items, plan entries and the plans kept at
    closing; a Dutch case's stray line is dropped. Down again, the line is back."""
    import json

    from sqlalchemy import text

    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade(revision="clo5e7a1b2c3")
        snapshot = {"rules": [{"id": 1, "text": "Geen alcohol", "visibility": "family", "translation": "لا كحول"}],
                    "actions": [], "signs": [], "contacts": []}
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO \"case\" (id, reference, family_name, service, status, opened_on, created_at,"
                " family_language) VALUES (1, 'OCJ-1', 'El Amrani', 'OCJ', 'open', '2026-01-01',"
                " '2026-01-01 10:00:00', 'ar'), (2, 'OCJ-2', 'Maes', 'OCJ', 'open', '2026-01-01',"
                " '2026-01-01 10:00:00', 'nl')",
                "INSERT INTO meeting (id, case_id, kind, held_on, status, version, created_at)"
                " VALUES (1, 1, 'mapping', '2026-01-01', 'closed', 2, '2026-01-01 10:00:00'),"
                " (2, 2, 'mapping', '2026-01-01', 'open', 2, '2026-01-01 10:00:00')",
                "INSERT INTO mapping_item (id, meeting_id, category, text, visibility, position, version,"
                " created_at, updated_at, translation) VALUES (1, 1, 'worry', 'Zorg', 'family', 1, 1,"
                " '2026-01-01 10:00:00', '2026-01-01 10:00:00', 'قلق'), (2, 2, 'worry', 'Zorg', 'family', 1, 1,"
                " '2026-01-01 10:00:00', '2026-01-01 10:00:00', 'LEFT-OVER')",
                "INSERT INTO plan_rule (id, case_id, text, visibility, position, version, created_at, updated_at,"
                " translation) VALUES (1, 1, 'Geen alcohol', 'family', 1, 1, '2026-01-01 10:00:00',"
                " '2026-01-01 10:00:00', 'لا كحول')",
            ):
                conn.execute(text(statement))
            conn.execute(text("INSERT INTO plan_snapshot (meeting_id, taken_at, content) VALUES (1, '2026-01-01 11:00:00', :c)"),
                         {"c": json.dumps(snapshot)})
        upgrade(revision="tra1c2d3e4f5")

        def lines(conn, query):
            return [json.loads(v) if isinstance(v, str) else v for v in conn.execute(text(query)).scalars()]

        with db.engine.connect() as conn:
            assert lines(conn, "SELECT translations FROM mapping_item ORDER BY id") == [{"ar": "قلق"}, None]
            assert lines(conn, "SELECT translations FROM plan_rule") == [{"ar": "لا كحول"}]
            kept = lines(conn, "SELECT content FROM plan_snapshot")[0]
            assert kept["rules"][0]["translations"] == {"ar": "لا كحول"} and "translation" not in kept["rules"][0]
        downgrade(revision="clo5e7a1b2c3")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT translation FROM mapping_item ORDER BY id")).scalars().all() == ["قلق", None]
            assert conn.execute(text("SELECT translation FROM plan_rule")).scalars().all() == ["لا كحول"]
        db.engine.dispose()


def test_a_name_stored_with_its_relation_is_kept_by_name_alone(empty_database):
    """"Yasmine (kind)" and "Samira El Amrani (tante (zus van mama))", as actions kept who takes
    them, become "Yasmine" and "Samira El Amrani"; how the family reads them comes from the
    child or the network member."""
    from datetime import date

    from sqlalchemy import select

    from samenveilig.models import ActionPerson, Case, Child, NetworkMember, PlanAction

    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade(revision="tra1c2d3e4f5")  # the revision before: the models fit it
        case = Case(reference="SDJ-1", family_name="El Amrani", service="SDJ")
        case.children = [Child(first_name="Yasmine", date_of_birth=date(2012, 6, 1))]
        case.network = [NetworkMember(name="Samira El Amrani", relation="tante (zus van mama)")]
        db.session.add(case)
        db.session.flush()
        action = PlanAction(case_id=case.id, what="Naar school")
        action.people = [ActionPerson(child_id=case.children[0].id, name="Yasmine (kind)"),
                         ActionPerson(network_member_id=case.network[0].id,
                                      name="Samira El Amrani (tante (zus van mama))")]
        db.session.add(action)
        save()
        db.session.remove()
        upgrade()
        assert db.session.scalars(select(ActionPerson.name).order_by(ActionPerson.id)).all() == [
            "Yasmine", "Samira El Amrani"]
        assert db.session.scalar(select(PlanAction)).who == "Yasmine, Samira (tante)"
        db.session.remove()
        db.engine.dispose()


def test_a_stored_drawing_gets_its_thumbnail_s_size_and_digest(empty_database):
    """A drawing stored before its thumbnail's size and digest were kept gets them from its
    thumbnail: the family's pages give its <img> a width and height, and its URL a version."""
    import io

    from PIL import Image
    from sqlalchemy import select, text

    from samenveilig.images import digest
    from samenveilig.models import Drawing

    thumbnail = io.BytesIO()
    Image.new("RGB", (320, 240), "white").save(thumbnail, "PNG")
    app = create_app(make_config(empty_database))
    with app.app_context():
        upgrade(revision="wor1d5a7e2c4")  # the revision before
        with db.engine.begin() as conn:
            for statement in (
                "INSERT INTO \"case\" (id, reference, family_name, service, status, opened_on, created_at)"
                " VALUES (1, 'OCJ-1', 'Maes', 'OCJ', 'open', '2026-01-01', '2026-01-01 10:00:00')",
                "INSERT INTO child (id, case_id, first_name, date_of_birth) VALUES (1, 1, 'Yasmine', '2012-06-01')",
                "INSERT INTO child_house_entry (id, case_id, child_id, house, text, talked_on, visibility, created_at)"
                " VALUES (1, 1, 1, 'worries', 'Bang', '2026-01-01', 'family', '2026-01-01 10:00:00')",
            ):
                conn.execute(text(statement))
            conn.execute(text("INSERT INTO drawing (id, entry_id, mimetype, width, height, image, thumbnail, created_at)"
                              " VALUES (1, 1, 'image/png', 1600, 1200, :image, :thumbnail, '2026-01-01 10:00:00')"),
                         {"image": b"groot", "thumbnail": thumbnail.getvalue()})
        upgrade()
        stored = db.session.scalar(select(Drawing))
        assert (stored.thumb_width, stored.thumb_height) == (320, 240)
        assert stored.thumb_digest == digest(thumbnail.getvalue())
        db.session.remove()
        db.engine.dispose()
