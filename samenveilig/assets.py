"""Static files: every URL the templates make carries the file's content hash, and WhiteNoise
serves the files gzip-compressed, the versioned ones cached for a year.

At start-up the files of static/ are written to STATIC_BUILD_PATH twice: under their own name
(cached for a minute only) and under a hashed name, `css/samenveilig.<hash>.css` (cached for a
year, immutable), each with a `.gz` beside it. A URL with a hash that is not (or no longer)
there answers 404, so nothing outdated is ever cached forever.
"""

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASH_LENGTH = 12
VERSIONED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}(\.[^./]+)?$")
ONE_YEAR = "public, max-age=31536000, immutable"
UNVERSIONED_MAX_AGE = 60  # seconds: an old page's plain URL picks up a change soon


def versioned_name(name: str, content: bytes) -> str:
    """`css/site.css` -> `css/site.<first 12 hex of its sha256>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    if not dot or "/" in suffix:
        return f"{name}.{digest}"
    return f"{stem}.{digest}.{suffix}"


def build(source: Path, target: Path) -> dict[str, str]:
    """Write every file of `source` to `target` under its own and its versioned name, with a
    gzip copy where that is smaller; return {name: versioned name}. Files are moved into place
    one by one, the versioned name last, so a process building at the same time never sees
    half a file, and a file already there as it is now is left alone."""
    manifest: dict[str, str] = {}
    target.mkdir(parents=True, exist_ok=True)
    compressor = Compressor(use_brotli=False, quiet=True)  # no brotli package is pinned
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}-") as scratch:
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            name, content = path.relative_to(source).as_posix(), path.read_bytes()
            manifest[name] = versioned_name(name, content)
            current = target / name
            if (target / manifest[name]).exists() and current.exists() and current.read_bytes() == content:
                continue
            written: list[str] = []
            for out in (name, manifest[name]):
                copy = Path(scratch, out)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, copy)  # keeps the mtime: the same ETag after a restart
                if compressor.should_compress(out):
                    written += [os.path.relpath(f, scratch) for f in compressor.compress(str(copy))]
                written.append(out)
            for out in written:
                (target / out).parent.mkdir(parents=True, exist_ok=True)
                os.replace(Path(scratch, out), target / out)
    return manifest


class StaticFiles(WhiteNoise):
    """WhiteNoise with the year-long header on versioned names only."""

    def immutable_file_test(self, path: str, url: str) -> bool:
        return bool(VERSIONED.search(url))

    def add_cache_headers(self, headers, path: str, url: str) -> None:
        super().add_cache_headers(headers, path, url)
        if self.immutable_file_test(path, url):
            headers["Cache-Control"] = ONE_YEAR
        headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask) -> None:
    target = Path(app.config["STATIC_BUILD_PATH"] or Path(app.root_path).parent / "build" / "static")
    manifest = build(Path(app.static_folder), target)
    app.extensions["static_manifest"] = manifest

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    app.wsgi_app = StaticFiles(app.wsgi_app, root=str(target), prefix=app.static_url_path,
                               max_age=UNVERSIONED_MAX_AGE, allow_all_origins=False)
