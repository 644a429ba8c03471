"""What the package declares: every package imported directly is a declared dependency, and the lock file
holds every dependency at one exact, hashed version inside its declared range."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
TEST = [Requirement(r) for r in PYPROJECT["project"]["optional-dependencies"]["test"]]
BUILD = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]
#: the project's own modules: the package, and the scripts and helpers of tests/, tools/ and benchmarks/
LOCAL = {"generator"} | {p.stem for folder in ("tests", "tools", "benchmarks") for p in (REPO / folder).glob("*.py")}


def _imports(folder: str) -> set[str]:
    found = set()
    for path in (REPO / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - LOCAL - {"__future__"}


def _undeclared(modules: set[str], declared: list[Requirement]) -> list[str]:
    names = {canonicalize_name(r.name) for r in declared}
    distributions = packages_distributions()
    return sorted(m for m in modules if not {canonicalize_name(d) for d in distributions.get(m, [m])} & names)


def test_every_package_the_code_imports_is_declared():
    assert _undeclared(_imports("generator"), RUNTIME) == []
    assert _undeclared(_imports("tests") | _imports("tools") | _imports("benchmarks"), RUNTIME + TEST) == []
    assert _undeclared({"setuptools", "babel"}, BUILD) == []


def test_the_lock_holds_every_dependency_at_one_hashed_version_within_its_range():
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)((?:\s*\\\s*--hash=sha256:[0-9a-f]{64})+)", text, re.M)
    locked = {canonicalize_name(name): Version(version) for name, version, _ in entries}
    assert len(locked) == len(entries) == len(re.findall(r"^[A-Za-z0-9._-]+==", text, re.M))
    for requirement in RUNTIME + TEST + BUILD:
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock; run ./quickstart lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (name, str(locked[name]))
