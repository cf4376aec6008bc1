"""The app's modules depend downward only: models and the shared core at the bottom, then the
areas in a fixed order, then the meeting lifecycle, then the shared rendering (what the screens
of several areas build their pages from: pages, regions, forms), then the web layer (views).
Inside the core and the shared rendering each module has a rank of its own, and imports only
modules ranked below it, so no two of them depend on each other. A web module uses no other
area's web module, and the projector's routes are in one module.

Every import is read from the source (the module level and inside functions), so a
function-level import cannot hide a dependency against the direction. See the diagram in
docs/architecture.md."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"

# Lowest first. A module may import modules of its own layer and of any layer below it; in the
# core and the shared rendering only modules ranked below it (see rank()).
CORE = ("config", "extensions", "dates", "inputs", "linktokens", "logmask", "ratelimit", "images", "offload",
        "models", "services", "database", "audience", "i18n", "forms", "audit")
# The models, lowest first, below the package that gathers them: each builds on those before it
# (a meeting on its case, a child's words on the child). An import only for type annotations
# (`if TYPE_CHECKING:`, the other side of a relationship) never runs and does not count here.
MODELS = ("types", "accounts", "audit", "cases", "children", "child_link", "meetings", "analysis", "plan", "review", "share",
          "stories", "safety")
AREAS = ("live", "auth", "cases", "children", "stories", "meetings", "follow", "plan", "review", "share")
LIFECYCLE = ("lifecycle",)
# Shared rendering, below every blueprint: the context builders and live regions that several
# screens render (meetings.pages, meetings.regions, plan.pages) and the forms they show.
RENDERING_MODULES = ("forms", "regions", "pages")  # lowest first; of one kind, in the areas' order
# The web layer: what answers a request. It may use every service and the shared rendering;
# of the web layer itself only its own area's modules and the shared helpers (WEB_SHARED).
WEB_MODULES = ("views", "analysis_views", "voice_views", "blueprint", "family", "own_link", "oidc_views")
WEB_SHARED = ("security", "errors", "responses", "templating", "assets")
WEB_TOP = (*WEB_SHARED, "meetings", "projector", "health", "accessibility")
# What assembles the app or runs it: the app factory, the command line, processes of their own.
APP = ("", "cli", "demo", "backup", "review.worker")

LAYERS = ["core", *AREAS, "lifecycle", "rendering", "web", "app"]
# Every route under /projectie, the projector's screen, is served by one module.
PROJECTOR = "samenveilig.projector"


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
    if name in WEB_TOP or (len(parts) > 1 and parts[-1] in WEB_MODULES):
        return "web"
    if len(parts) > 1 and parts[-1] in RENDERING_MODULES:
        return "rendering"
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


def other_areas_web() -> list[str]:
    """A web module that imports a web module of another area (not one of the shared helpers)."""
    wrong = []
    for name, path in MODULES.items():
        if layer(name) != "web":
            continue
        for line, target, _names in own(imports(name)):
            if layer(target) == "web" and target not in WEB_SHARED and target.split(".")[0] != name.split(".")[0]:
                wrong.append(f"{where(path, line)} imports samenveilig.{target}: move what both need to "
                             f"the shared rendering ({', '.join(RENDERING_MODULES)})")
    return wrong


def rank(name: str) -> tuple[int, int]:
    """A module's place inside its layer (the core or the shared rendering), lowest first."""
    parts = name.split(".")
    if layer(name) == "rendering":
        return RENDERING_MODULES.index(parts[-1]), AREAS.index(parts[0])
    if parts[0] == "models":
        return CORE.index("models"), MODELS.index(parts[1]) if len(parts) > 1 else len(MODELS)
    return CORE.index(parts[0]), 0


def type_checking_only(path: Path) -> set[int]:
    """The lines of the imports under `if TYPE_CHECKING:`."""
    lines = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            lines |= {n.lineno for stmt in node.body for n in ast.walk(stmt)
                      if isinstance(n, (ast.Import, ast.ImportFrom))}
    return lines


def within_layers() -> list[str]:
    """A module of the core or the shared rendering that imports one of its own layer ranked
    at or above it: with the ranks, no two of them can import each other."""
    wrong = []
    for name, path in MODULES.items():
        if layer(name) not in ("core", "rendering"):
            continue
        annotations = type_checking_only(path)
        for line, target, _names in own(imports(name)):
            if layer(target) == layer(name) and target != name and line not in annotations \
                    and rank(target) >= rank(name):
                wrong.append(f"{where(path, line)} imports samenveilig.{target}, ranked at or above "
                             f"samenveilig.{name} in the {layer(name)} (tests/test_layers.py)")
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


def test_the_core_and_the_shared_rendering_import_only_what_is_ranked_below():
    assert within_layers() == []


def test_views_do_not_import_other_areas_views():
    assert other_areas_web() == []


def test_the_projector_routes_are_in_one_module(app):
    served_by = {rule.rule: app.view_functions[rule.endpoint].__module__
                 for rule in app.url_map.iter_rules() if "/projectie" in rule.rule}
    assert sorted(served_by) == [f"/overleg/<int:meeting_id>/projectie{tail}" for tail in (
        "", "/analyse", "/events", "/kinderen", "/netwerk", "/plan", "/regio/<name>", "/tekening/<int:item_id>")]
    assert set(served_by.values()) == {PROJECTOR}


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


def test_the_check_sees_a_view_that_uses_another_areas_view(tmp_path, monkeypatch):
    """A view may use another area's shared rendering and the web helpers, not its views."""
    probe = tmp_path / "views.py"
    probe.write_text("from ..meetings.pages import consultant_screen\nfrom ..responses import private\n"
                     "def f():\n    from ..plan.views import bp\n")
    monkeypatch.setitem(MODULES, "review.views", probe)
    wrong = [w for w in other_areas_web() if w.startswith(str(probe))]
    assert len(wrong) == 1 and wrong[0].startswith(f"{probe}:4 imports samenveilig.plan.views")


def test_the_check_sees_a_cycle_inside_the_core_and_the_shared_rendering(tmp_path, monkeypatch):
    """Two core modules that import each other, the old place of Visibility (a child's words
    taking it from the meetings' models) and a form that uses the page it is shown on: each is
    found; an annotation-only import is not."""
    probes = {
        "services": "from . import audit\n",  # audit imports services
        "models.children": "from typing import TYPE_CHECKING\nfrom .meetings import Visibility\n"
                           "if TYPE_CHECKING:\n    from .stories import StoryPanel\n",
        "meetings.forms": "def f():\n    from .pages import follow_panel\n",  # pages imports forms
    }
    for name, text in probes.items():
        probe = tmp_path / name / "probe.py"
        probe.parent.mkdir()
        probe.write_text(text)
        monkeypatch.setitem(MODULES, name, probe)
    wrong = [w.split(", ranked")[0] for w in within_layers() if w.startswith(str(tmp_path))]
    assert sorted(wrong) == sorted([
        f"{tmp_path / 'models.children' / 'probe.py'}:2 imports samenveilig.models.meetings",
        f"{tmp_path / 'meetings.forms' / 'probe.py'}:2 imports samenveilig.meetings.pages",
        f"{tmp_path / 'services' / 'probe.py'}:1 imports samenveilig.audit",
    ])
