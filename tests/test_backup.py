"""Backups that restore: `flask --app app backup PATH` copies a live SQLite database and the
instance files; that folder, put in place as a fresh instance folder, serves the same cases."""

import os
import shutil
import sqlite3
import stat
import subprocess
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from samenveilig import create_app, dates
from samenveilig.extensions import db
from samenveilig.models import Case, Child, ChildHouseEntry, Drawing

from .conftest import save, skip_or_fail

SETTINGS = {"TESTING": True, "WTF_CSRF_ENABLED": False, "SESSION_COOKIE_SECURE": False}


def app_in(instance, monkeypatch):
    """The app as it runs for real: database, secret key and files in its instance folder."""
    monkeypatch.setenv("SAMENVEILIG_INSTANCE_PATH", str(instance))
    return create_app(dict(SETTINGS))


@pytest.fixture
def app(sqlite_template, tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    (instance / "uploads").mkdir(parents=True)
    (instance / "uploads" / "foto.jpg").write_bytes(b"JPEG-BYTES")
    shutil.copy(sqlite_template, instance / "samenveilig.db")
    app = app_in(instance, monkeypatch)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Writer(threading.Thread):
    """Keeps adding cases, each in its own transaction, until stopped."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.written, self.stop = app, 0, threading.Event()
        self.progress = threading.Condition()

    def run(self):
        with self.app.app_context():
            while not self.stop.is_set():
                db.session.add(Case(reference=f"OCJ-LIVE-{self.written + 1:05d}", family_name="Live", service="OCJ"))
                save()
                with self.progress:
                    self.written += 1
                    self.progress.notify_all()
            db.session.remove()

    def wait_for(self, count: int) -> None:
        with self.progress:
            assert self.progress.wait_for(lambda: self.written >= count, timeout=30)


def test_a_backup_of_a_live_database_restores_into_a_fresh_instance(app, client, auth, consultant, make_case,
                                                                     tmp_path, monkeypatch):
    cases = [make_case(consultant, family_name=name) for name in ("Maes", "Janssens", "Peeters")]
    auth.login(consultant)
    assert client.get(f"/dossiers/{cases[0].id}").status_code == 200
    with app.app_context():  # a child's drawing lives in the database, so it is in the copy
        child = Child(case_id=cases[0].id, first_name="Yasmine", date_of_birth=date(2012, 5, 1))
        entry = ChildHouseEntry(case_id=cases[0].id, child=child, house="dreams", text="Een paard",
                                talked_on=dates.today(), drawing=Drawing(mimetype="image/png", width=1, height=1,
                                                                        image=b"PNG-BYTES", thumbnail=b"PNG-SMALL"))
        db.session.add(entry)
        save()
        drawing_url = f"/dossiers/{cases[0].id}/kinderen/{child.id}/huizen/{entry.id}/tekening"
    writer = Writer(app)
    writer.start()
    try:
        writer.wait_for(20)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
        during = writer.written
        writer.wait_for(during + 20)  # the app kept writing after the backup
    finally:
        writer.stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Databank gekopieerd" in result.output

    restored = tmp_path / "restored"
    shutil.copytree(tmp_path / "backup", restored)
    with sqlite3.connect(restored / "samenveilig.db") as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = app_in(restored, monkeypatch)
    assert again.config["SECRET_KEY"] == app.config["SECRET_KEY"]
    assert (restored / "uploads" / "foto.jpg").read_bytes() == b"JPEG-BYTES"
    with again.app_context():
        live = db.session.scalars(select(Case.reference).where(Case.family_name == "Live").order_by(Case.id)).all()
        assert db.session.scalar(select(func.count()).select_from(Case)) == len(cases) + len(live)
        db.engine.dispose()
    # One moment in time: the live cases are an unbroken run, begun before the backup.
    assert live == [f"OCJ-LIVE-{n:05d}" for n in range(1, len(live) + 1)]
    assert 20 <= len(live) < writer.written

    # The same session cookie works (same secret key) and the same cases are served.
    phone = again.test_client()
    phone.set_cookie("samenveilig_session", client.get_cookie("samenveilig_session").value)
    for case in cases:
        page = phone.get(f"/dossiers/{case.id}")
        assert page.status_code == 200 and case.reference in page.text and case.family_name in page.text
    assert phone.get(drawing_url).data == b"PNG-BYTES"
    with again.app_context():
        db.engine.dispose()


def test_a_backup_never_overwrites_and_never_lands_in_the_instance(app, tmp_path):
    runner = app.test_cli_runner()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "iets").write_text("x")
    refused = runner.invoke(args=["backup", str(tmp_path / "full")])
    assert refused.exit_code != 0 and "niet leeg" in refused.output
    inside = runner.invoke(args=["backup", str(tmp_path / "instance" / "kopie")])
    assert inside.exit_code != 0 and "buiten de instance-map" in inside.output


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_backup_is_for_the_owner_only(app, tmp_path):
    """Whatever the umask: the backup folder 0700, every file in it 0600, every folder 0700."""
    (tmp_path / "instance" / "config.py").write_text("TWO_PERSON_RULE = True\n")
    os.chmod(tmp_path / "instance" / "config.py", 0o644)
    old = os.umask(0o022)
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backups" / "vandaag")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    backup = tmp_path / "backups" / "vandaag"
    assert mode(backup) == 0o700
    files = [path for path in backup.rglob("*") if path.is_file()]
    assert {path.name for path in files} >= {"samenveilig.db", "secret_key", "config.py", "foto.jpg"}
    assert {path.name: mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert mode(backup / "uploads") == 0o700


def test_a_new_instance_folder_and_its_database_are_for_the_owner_only(tmp_path, monkeypatch):
    instance = tmp_path / "nieuw" / "instance"
    old = os.umask(0o022)
    try:
        app = app_in(instance, monkeypatch)
        with app.app_context():
            db.create_all()
            db.session.add(Case(reference="OCJ-NIEUW-1", family_name="Nieuw", service="OCJ"))
            save()
            files = {path.name: mode(path) for path in instance.iterdir()}
            db.session.remove()
            db.engine.dispose()
    finally:
        os.umask(old)
    assert mode(instance) == 0o700
    assert {"samenveilig.db", "samenveilig.db-wal", "secret_key"} <= set(files)
    assert files == {name: 0o600 for name in files}  # the -wal and -shm of SQLite too


def test_postgresql_restores_from_pg_dump_as_documented(postgres_cluster, tmp_path, monkeypatch):
    """The commands of docs/deployment.md: pg_dump, pg_restore into an empty database, and
    `flask backup` for the instance files."""
    if postgres_cluster is None:
        skip_or_fail("no PostgreSQL server binaries on this machine")
    source_url = postgres_cluster.create_database("backup_source")
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("SAMENVEILIG_INSTANCE_PATH", str(instance))
    source = create_app(dict(SETTINGS, SQLALCHEMY_DATABASE_URI=source_url))
    with source.app_context():
        db.create_all()
        db.session.add_all([Case(reference=f"SDJ-PG-{n}", family_name=f"Gezin {n}", service="SDJ") for n in range(5)])
        save()
        db.session.remove()
        db.engine.dispose()
    result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup")])
    assert result.exit_code == 0 and "pg_dump" in result.output, result.output
    assert (tmp_path / "backup" / "secret_key").read_text() == (instance / "secret_key").read_text()

    libpq = source_url.replace("postgresql+psycopg://", "postgresql://")
    dump = tmp_path / "samenveilig.dump"
    subprocess.run([postgres_cluster.bindir / "pg_dump", "--format=custom", f"--file={dump}", libpq], check=True)
    target_url = postgres_cluster.create_database("backup_target")
    subprocess.run([postgres_cluster.bindir / "pg_restore", "--no-owner",
                    f"--dbname={target_url.replace('postgresql+psycopg://', 'postgresql://')}", dump], check=True)
    restored = create_app(dict(SETTINGS, SQLALCHEMY_DATABASE_URI=target_url))
    with restored.app_context():
        assert db.session.scalars(select(Case.reference).order_by(Case.id)).all() == [f"SDJ-PG-{n}" for n in range(5)]
        db.session.remove()
        db.engine.dispose()
