"""The code stays tidy: no unused imports or names, imports in order, no likely bugs."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is in requirements-dev.txt"
    result = subprocess.run([ruff, "check", "samenveilig", "tests", "bench", "app.py", "gunicorn.conf.py"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_every_template_compiles_before_the_first_request(app):
    """The app server compiles them all at start (gunicorn.conf.py); none may fail to."""
    from samenveilig.templating import compile_all

    count = compile_all(app)
    assert count > 100
    assert len(app.jinja_env.cache) >= count
