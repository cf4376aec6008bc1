"""Vendored files are the pinned ones, and nothing reaches outside the intranet."""

import hashlib
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"
VENDOR = PACKAGE / "static" / "vendor"


def test_vendored_files_match_their_recorded_hashes():
    table = (VENDOR / "README.md").read_text()
    rows = re.findall(r"^\| (\S+) \| (\S+) \| (\S+) \| .+? \| ([0-9a-f]{64}) \|$", table, re.M)
    assert {row[0] for row in rows} == {"htmx/htmx.min.js", "htmx-ext-sse/sse.min.js"}
    for path, _package, _version, sha256 in rows:
        content = (VENDOR / path).read_bytes()
        assert hashlib.sha256(content).hexdigest() == sha256, path
        assert (VENDOR / path).parent.joinpath("LICENSE").exists()
    assert b'version:"2.0.11"' in (VENDOR / "htmx/htmx.min.js").read_bytes()


def test_no_template_or_asset_loads_anything_from_outside():
    external = re.compile(r"""(src|href|action|url)\s*[=(]\s*["']?(https?:)?//""", re.I)
    for path in list((PACKAGE / "templates").rglob("*.html")) + list((PACKAGE / "static").rglob("*.css")):
        text = path.read_text()
        assert not external.search(text), path
        assert "@import" not in text, path
