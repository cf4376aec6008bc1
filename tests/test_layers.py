"""The app's modules depend downward only: models and the shared core at the bottom, then the
areas in a fixed order, then the meeting lifecycle, then the web layer (views, pages, forms).

Every import is read from the source (the module level and inside functions), so a
function-level import cannot hide a dependency against the direction. See the diagram in
docs/architecture.md."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"

# Lowest first. A module may import modules of its own layer and of any layer below it.
CORE = ("models", "extensions", "config", "database", "services", "dates", "inputs", "forms", "linktokens", "images",
        "audience",
        "logmask", "ratelimit", "audit")
AREAS = ("live", "auth", "cases", "children", "meetings", "plan", "review", "share")
LIFECYCLE = ("lifecycle",)
# The web layer: what answers a request or builds what a template shows. It may use every
# service, and the views of other areas.
WEB_MODULES = ("views", "story_views", "pages", "analysis_views", "regions", "blueprint", "family", "oidc_views", "forms")
WEB_PACKAGES = ("follow",)
WEB_TOP = ("security", "errors", "responses", "templating", "meetings", "assets")
# What assembles the app or runs it: the app factory, the command line, processes of their own.
APP = ("", "cli", "demo", "backup", "review.worker")

LAYERS = ["core", *AREAS, "lifecycle", "web", "app"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> str:
    """The layer of a module (its name without the leading "samenveilig.")."""
    parts = name.split(".") if name else []
    if name in APP:
        return "app"
    if name in WEB_TOP or (parts and parts[0] in WEB_PACKAGES) or (len(parts) > 1 and parts[-1] in WEB_MODULES):
        return "web"
    if parts and parts[0] in CORE:
        return "core"
    if parts and parts[0] in AREAS + LIFECYCLE:
        return parts[0]
    raise AssertionError(f"samenveilig/{name}: add this module to a layer in tests/test_layers.py")


def imports(name: str) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import of the app's own modules, at any depth."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names if a.name.split(".")[0] == "samenveilig"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and node.module.split(".")[0] == "samenveilig":
                target = node.module.removeprefix("samenveilig").lstrip(".")
            else:
                found += [(node.lineno, node.module or "", [a.name for a in node.names])]
                continue
            for alias in node.names:  # `from .. import audit` imports the module samenveilig.audit
                sub = f"{target}.{alias.name}".lstrip(".")
                found.append((node.lineno, sub, []) if sub in MODULES else (node.lineno, target, [alias.name]))
    return found


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent) if path.is_relative_to(PACKAGE) else path}:{line}"


def own(found):
    return [(line, target, names) for line, target, names in found if target in MODULES]


def against_direction() -> list[str]:
    wrong = []
    for name, path in MODULES.items():
        rank = LAYERS.index(layer(name))
        for line, target, _names in own(imports(name)):
            if LAYERS.index(layer(target)) > rank:
                wrong.append(f"{where(path, line)} ({layer(name)}) imports "
                             f"samenveilig.{target} ({layer(target)})")
    return wrong


def querying(name: str) -> bool:
    """A module that reaches the database itself."""
    return any(target == "extensions" and "db" in names for _, target, names in imports(name)) or any(
        target.split(".")[0] == "sqlalchemy" for _, target, _ in imports(name))


def forms_that_query() -> list[str]:
    wrong = []
    for name, path in MODULES.items():
        if name.rpartition(".")[2] != "forms":
            continue
        for line, target, names in imports(name):
            if target.split(".")[0] == "sqlalchemy" or (target == "extensions" and "db" in names):
                wrong.append(f"{where(path, line)} reaches the database")
            elif target in MODULES and querying(target) and not all(n.isupper() for n in names or ["module"]):
                wrong.append(f"{where(path, line)} uses samenveilig.{target}, which queries: hand the choices in")
    return wrong


def test_every_module_has_a_layer():
    assert all(layer(name) in LAYERS for name in MODULES)


def test_imports_go_downward_only():
    assert against_direction() == []


def test_forms_do_not_query():
    assert forms_that_query() == []


def test_the_check_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    """The reader itself: an upward import inside a function is found, a downward one is not."""
    probe = tmp_path / "services.py"
    probe.write_text("def f():\n    from ..review import carry\n    from .. import audit\n")
    monkeypatch.setitem(MODULES, "meetings.services", probe)
    assert (2, "review.carry", []) in own(imports("meetings.services"))
    assert (3, "audit", []) in own(imports("meetings.services"))
    wrong = [w for w in against_direction() if w.startswith(str(probe))]
    assert wrong == [f"{probe}:2 (meetings) imports samenveilig.review.carry (review)"]
