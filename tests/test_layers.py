"""The app's modules depend downward only: models and the shared core at the bottom, then the
areas in a fixed order, then the meeting lifecycle, then the shared rendering (what the screens
of several areas build their pages from: pages, regions, forms), then the web layer (views).
A web module uses no other area's web module, and the projector's routes are in one module.

Every import is read from the source (the module level and inside functions), so a
function-level import cannot hide a dependency against the direction. See the diagram in
docs/architecture.md."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "samenveilig"

# Lowest first. A module may import modules of its own layer and of any layer below it.
CORE = ("models", "extensions", "config", "database", "services", "dates", "inputs", "forms", "linktokens", "images",
        "audience", "i18n", "offload",
        "logmask", "ratelimit", "audit")
AREAS = ("live", "auth", "cases", "children", "stories", "meetings", "plan", "review", "share")
LIFECYCLE = ("lifecycle",)
# Shared rendering, below every blueprint: the context builders and live regions that several
# screens render (meetings.pages, meetings.regions, plan.pages) and the forms they show.
RENDERING_MODULES = ("pages", "regions", "forms")
# The web layer: what answers a request. It may use every service and the shared rendering;
# of the web layer itself only its own area's modules and the shared helpers (WEB_SHARED).
WEB_MODULES = ("views", "analysis_views", "voice_views", "blueprint", "family", "oidc_views")
WEB_PACKAGES = ("follow",)
WEB_SHARED = ("security", "errors", "responses", "templating", "assets")
WEB_TOP = (*WEB_SHARED, "meetings", "projector", "health")
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
    if name in WEB_TOP or (parts and parts[0] in WEB_PACKAGES) or (len(parts) > 1 and parts[-1] in WEB_MODULES):
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


def test_views_do_not_import_other_areas_views():
    assert other_areas_web() == []


def test_the_projector_routes_are_in_one_module(app):
    served_by = {rule.rule: app.view_functions[rule.endpoint].__module__
                 for rule in app.url_map.iter_rules() if "/projectie" in rule.rule}
    assert sorted(served_by) == [f"/overleg/<int:meeting_id>/projectie{tail}" for tail in (
        "", "/analyse", "/events", "/netwerk", "/plan", "/regio/<name>", "/tekening/<int:item_id>")]
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
