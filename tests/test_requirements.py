"""`make run` installs requirements.txt only: everything the served app imports (gunicorn's
gevent worker and the PDF worker included) must come from what it pins, or from what those
packages themselves require. The test tools install more, so a missing pin would pass
every other test and still break `make run` on a fresh machine."""

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
SERVED = ("app", "gunicorn.workers.ggevent", "gunicorn.glogging", "samenveilig.review.worker")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned_runtime() -> set[str]:
    """requirements.txt and everything its packages require, as installed here."""
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    todo = [Requirement(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()]
    found: set[str] = set()
    while todo:
        requirement = todo.pop()
        name = canonical(requirement.name)
        if name in found:
            continue
        found.add(name)
        for extra in requirement.extras or {""}:
            for needed in metadata.requires(requirement.name) or []:
                needed = Requirement(needed)
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    todo.append(needed)
    return found


BLOCK_THE_REST = """
import re, sys
from importlib import metadata
allowed = set(sys.argv[1].split())
owners = metadata.packages_distributions()

class NotPinned:
    def find_spec(self, name, path=None, target=None):
        dists = owners.get(name.split(".")[0])
        if dists and not {re.sub(r"[-_.]+", "-", d).lower() for d in dists} & allowed:
            raise ModuleNotFoundError(f"No module named {name!r} (not pinned)", name=name)
        return None

sys.meta_path.insert(0, NotPinned())
""" + "".join(f"import {module}\n" for module in SERVED)


def test_the_served_app_and_its_workers_import_with_only_what_make_run_installs():
    """Imports of anything outside requirements.txt fail here as on a fresh machine (optional
    imports, such as Pygments when it is there, are left to fall back as they would)."""
    allowed = " ".join(sorted(pinned_runtime()))
    result = subprocess.run([sys.executable, "-c", BLOCK_THE_REST, allowed], cwd=ROOT, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "SAMENVEILIG_SECRET_KEY": "requirements-test"})
    assert result.returncode == 0, result.stderr[-2000:]
