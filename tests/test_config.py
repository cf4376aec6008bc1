"""Configuration: defaults, instance/config.py, SAMENVEILIG_* variables, the generated key."""

import stat

from sqlalchemy import text

from samenveilig import create_app
from samenveilig.extensions import db

from .helpers import fresh_app


def test_secret_key_is_generated_once_into_instance(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path)
    key_file = tmp_path / "secret_key"
    assert len(app.secret_key) == 64 and key_file.read_text().strip() == app.secret_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert fresh_app(monkeypatch, tmp_path).secret_key == app.secret_key


def test_environment_overrides_instance_config(monkeypatch, tmp_path):
    (tmp_path / "config.py").write_text('SECRET_KEY = "uit-bestand"\nCASES_PER_PAGE = 5\n')
    app = fresh_app(monkeypatch, tmp_path, SAMENVEILIG_SECRET_KEY="uit-omgeving")
    assert app.secret_key == "uit-omgeving"
    assert app.config["CASES_PER_PAGE"] == 5
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_instance_with_wal_and_foreign_keys(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/samenveilig.db"
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        db.engine.dispose()


def test_postgres_url_uses_psycopg3(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path,
                    SAMENVEILIG_DATABASE_URL="postgresql://sv:geheim@db.intern/samenveilig")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://sv:geheim@db.intern/samenveilig"


def test_session_cookie_is_secure_outside_debug(monkeypatch, tmp_path):
    app = fresh_app(monkeypatch, tmp_path)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_app().config["SESSION_COOKIE_SECURE"] is False
