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


def _built(node: ast.expr) -> bool:
    """An f-string, a concatenation, a %-formatting or a .format() call: a text made before the lookup."""
    return (isinstance(node, (ast.JoinedStr, ast.BinOp))
            or isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format")


def test_no_message_is_built_before_it_is_looked_up():
    """_() of an f-string or of a concatenation can never be found in the catalog; N_() marks a literal."""
    offenders = []
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                literal = len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
                if (node.func.id == "N_" and not literal) or any(_built(a) for a in node.args):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []
