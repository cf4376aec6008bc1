"""`flask --app app backup PATH`: a consistent copy of the SQLite database, made with SQLite's
online backup API while the app keeps running, and every other file of the instance folder
(the secret key, config.py, uploaded files). The backup folder is laid out as an instance
folder: restoring is copying it into an empty instance folder before the app starts.

On PostgreSQL the database is backed up with pg_dump (docs/deployment.md); this command then
copies the instance files only.

The backup holds every case: its folder is made 0700 and every file in it 0600 (folders 0700),
whatever the umask, before anything is written into it."""

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from .config import PRIVATE_FILE, PRIVATE_FOLDER, private_file

DATABASE_FILE = "samenveilig.db"


class BackupRefused(Exception):
    """The backup cannot be made here; the message says why, in Dutch."""


@dataclass
class Backup:
    database: Path | None
    files: list[Path]


def make_backup(database_uri: str, instance: Path, target: Path) -> Backup:
    """Copy the database (when SQLite) and the instance files into the new folder `target`."""
    instance, target = instance.resolve(), target.resolve()
    if target.exists() and any(target.iterdir()):
        raise BackupRefused(f"{target} bestaat al en is niet leeg: kies een nieuwe map.")
    if target == instance or instance in target.parents:
        raise BackupRefused("Kies een map buiten de instance-map.")
    url = make_url(database_uri)
    source = Path(url.database).resolve() if url.get_backend_name() == "sqlite" and url.database else None
    target.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.chmod(target, PRIVATE_FOLDER)
    database = _copy_database(source, target / DATABASE_FILE) if source else None
    skip = {source.name, *(source.name + suffix for suffix in ("-wal", "-shm", "-journal"))} if source else set()
    files = [_copy(path, target / path.name) for path in sorted(instance.iterdir()) if path.name not in skip]
    return Backup(database=database, files=files)


def _copy_database(source: Path, target: Path) -> Path:
    """SQLite's online backup: one consistent snapshot, even while others write."""
    if not source.exists():
        raise BackupRefused(f"De databank {source} bestaat niet.")
    private_file(target)  # before SQLite creates it with the umask's mode
    src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(target)
    try:
        src.backup(dst)  # all pages in one step: the copy is the database at one moment
    finally:
        src.close()
        dst.close()
    return target


def _copy(path: Path, target: Path) -> Path:
    """Copy a file or folder into the (already private) backup folder and make it private too."""
    if path.is_dir():
        shutil.copytree(path, target)
        for folder, _folders, files in os.walk(target):
            os.chmod(folder, PRIVATE_FOLDER)
            for name in files:
                os.chmod(os.path.join(folder, name), PRIVATE_FILE)
    else:
        shutil.copy2(path, target)
        os.chmod(target, PRIVATE_FILE)
    return target
