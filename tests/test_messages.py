"""Every message has its Chinese translation, with the same placeholders (the catalog is checked against a
fresh extraction of the code, so a message added without translation fails here)."""

from __future__ import annotations

import ast
import sys

from babel.messages.pofile import read_po
from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import messages  # noqa: E402


def test_every_message_has_a_chinese_translation_with_the_same_placeholders():
    template = messages.extracted()
    with messages.POS["zh_CN"].open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    assert len([m for m in template if m.id]) > 0
    assert messages.problems(template, catalog) == []


def test_the_checker_finds_a_missing_translation_and_a_lost_placeholder():
    template = messages.extracted()
    with messages.POS["zh_CN"].open("rb") as f:
        catalog = read_po(f, locale="zh_CN")
    first = next(m for m in template if m.id and "{" in str(m.id) and not isinstance(m.id, tuple))
    catalog[first.id].string = "没有占位符"
    assert messages.problems(template, catalog) == [f"placeholders differ: {first.id!r} -> '没有占位符'"]
    del catalog[first.id]
    assert messages.problems(template, catalog) == [f"no translation: {first.id!r}"]


def test_no_message_is_built_before_it_is_looked_up():
    """_() of an f-string or of a concatenation can never be found in the catalog. _() of a name or an
    attribute looks up a message marked with N_() where it is defined (a field's doc)."""
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")):
                continue
            arg = node.args[0] if len(node.args) == 1 else None
            if not (isinstance(arg, ast.Constant)
                    or node.func.id == "_" and isinstance(arg, (ast.Name, ast.Attribute))):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
