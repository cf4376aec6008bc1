"""A test module imports no other test module: what several of them share lives in
tests/helpers.py or tests/conftest.py (for the browser tests also tests/browser/conftest.py),
or in a helper module that is no test module (sse.py, servers.py, formdata.py, ...). So a test
module can be changed, split or removed without breaking another, and a helper is defined once.

Every import is read from the source, also those inside functions."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def is_test_module(name: str) -> bool:
    return name.rpartition(".")[2].startswith("test_")


def imported(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a module under `root` (the tests package), by its
    dotted name inside the package."""
    package = list(path.parent.relative_to(root).parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name.removeprefix(f"{root.name}."))
                      for a in node.names if a.name.startswith(f"{root.name}.")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - (node.level - 1)] if node.level > 1 else package
            elif node.module and node.module.split(".")[0] == root.name:
                base = []
            else:
                continue
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            module = module.removeprefix(f"{root.name}.") if not node.level else module
            for alias in node.names:  # `from . import test_x` imports the module test_x
                sub = f"{module}.{alias.name}".lstrip(".")
                found.append((node.lineno, sub if is_test_module(alias.name) else module))
    return found


def imports_of_test_modules(root: Path) -> list[str]:
    wrong = []
    for path in sorted(root.rglob("test_*.py")):
        for line, module in imported(path, root):
            if module and is_test_module(module):
                wrong.append(f"{path.relative_to(root.parent)}:{line} imports {root.name}.{module}: "
                             "move what both need to tests/helpers.py or a conftest.py")
    return wrong


def test_no_test_module_imports_another():
    assert imports_of_test_modules(TESTS) == []


def test_the_check_sees_every_way_of_importing_a_test_module(tmp_path):
    """The reader itself: relative, absolute, `from . import`, inside a function and from the
    browser tests; importing helpers, a conftest or a helper module is fine."""
    root = tmp_path / "tests"
    (root / "browser").mkdir(parents=True)
    (root / "test_a.py").write_text(
        "from .helpers import HX\n"
        "from .conftest import decide_safe\n"
        "from .sse import EventStream\n"
        "from .test_b import make_link\n"
        "from . import test_c\n"
        "import tests.test_d\n"
        "def f():\n"
        "    from tests.test_e import g\n"
        "    from .browser.test_f import h\n"
        "    from .browser import board_fill\n")
    (root / "browser" / "test_g.py").write_text(
        "from ..helpers import HX\nfrom .conftest import login\nfrom ..test_h import case\n"
        "from .test_i import quick_add\n")
    assert [w.split(": move")[0] for w in imports_of_test_modules(root)] == [
        "tests/browser/test_g.py:3 imports tests.test_h",
        "tests/browser/test_g.py:4 imports tests.browser.test_i",
        "tests/test_a.py:4 imports tests.test_b",
        "tests/test_a.py:5 imports tests.test_c",
        "tests/test_a.py:6 imports tests.test_d",
        "tests/test_a.py:8 imports tests.test_e",
        "tests/test_a.py:9 imports tests.browser.test_f",
    ]
