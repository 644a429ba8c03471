"""The package's layout keeps the flow readable: folders by stage, each importing only the stages before it, no
import cycle, the engine imported only in generator/engines, no module much over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
#: the stages in the order a record goes through them; a module may import its own stage and earlier ones
STAGES = ["base", "model", "media", "records", "site", "output", "engines", None]  # None: cli, newsite, __main__
ENGINE_PACKAGES = {"mkdocs", "material", "properdocs"}
MAX_LINES = 420


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        out[".".join(rel.parts).removesuffix(".__init__")] = path
    return out


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports, anywhere in it (inside functions too), with the line: for
    ``from a.b import c`` the module ``a.b.c`` if there is one, else ``a.b``."""
    known = modules()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}:{node.lineno}: relative import"
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.append((name if name in known else node.module, node.lineno))
    return found


def stage(module: str) -> int:
    parts = module.split(".")
    return STAGES.index(parts[1] if len(parts) > 2 or parts[1] in STAGES else None)


def test_the_helpers_see_what_they_test():
    assert stage("generator.base.errors") == 0 and stage("generator.engines.mkdocs.plugin") == 6
    assert stage("generator.cli") == 7 and stage("generator.site") == 4
    found = dict(imports(PACKAGE / "engines/mkdocs/engine.py"))
    assert "mkdocs.config" in found and "generator.engines.mkdocs.shells" in found


def test_only_the_engines_import_an_engine():
    outside = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}" for module, path in modules().items()
               if not module.startswith("generator.engines")
               for name, line in imports(path) if name.split(".")[0] in ENGINE_PACKAGES]
    assert outside == []


def test_each_stage_imports_only_itself_and_the_stages_before_it():
    wrong = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}" for module, path in modules().items()
             for name, line in imports(path)
             if name.startswith("generator.") and name != "generator" and stage(name) > stage(module)]
    assert wrong == []


def test_no_module_imports_itself_through_others():
    known = modules()
    graph = {m: {name for name, _ in imports(p) if name in known and name != m} for m, p in known.items()}
    # a package's __init__ importing its own submodules is how a package opens its door, not a cycle
    graph = {m: {d for d in deps if not d.startswith(m + ".")} for m, deps in graph.items()}
    cycles, state = [], {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = "open"
        for d in sorted(graph[m]):
            if state.get(d) == "open":
                cycles.append(path[path.index(d):] + [d] if d in path else [m, d])
            elif d not in state:
                visit(d, path + [d])
        state[m] = "done"
    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_each_module_says_what_it_is_for_and_stays_short(module):
    path = modules()[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path}: no docstring"
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path}: {lines} lines; split it where its jobs part"
