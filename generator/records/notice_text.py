"""A notice file's ``nominees:`` edited as text, every other byte kept.

An import changes few nominees of a long list, or adds many to a short one. Round-tripping a whole file of
thousands of nominees through ruamel.yaml takes seconds each way, so the file is located once with PyYAML's
C parser (where each nominee's lines are), a changed nominee is round-tripped alone through ruamel.yaml (its
comments and hand edits kept), and new nominees are written by :func:`nominee_text` in the layout of
content/records.md: quoted phones and ID numbers, brief deeds as a ``>-`` block.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
#: what a plain scalar may not start with or contain (YAML indicators)
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: |\s#|:$|[\x00-\x1f\x7f\u0085\u2028\u2029\ufeff]|\s$")


def round_trip() -> YAML:
    y = YAML()
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096
    y.preserve_quotes = True
    return y


@dataclass
class Located:
    """The notice as data, and where its nominees are in the text."""

    text: str
    data: dict
    items: list[tuple[int, int]]  #: per nominee: first and past-the-last character of its lines
    insert_at: int  #: where new nominees go
    dash: int  #: the column of the items' ``- ``
    opening: str  #: text put before the first new item (``nominees:`` itself when missing, or its ``[]``)
    replace: tuple[int, int] | None  #: characters the opening replaces (an empty ``[]``)


def locate(text: str) -> Located | None:
    """Find the nominees of a notice file; None when it is not a notice with its id and campaign, and a list
    of nominees or none."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return None  # an empty file, a list, a text
    data = plain(root)
    notice = next((v for k, v in root.value if k.value == "notice"), None)
    if not isinstance(notice, yaml.MappingNode) or not (data["notice"].get("id") and data["notice"].get("campaign")):
        return None
    starts = _line_starts(text)
    key, nominees = next(((k, v) for k, v in notice.value if k.value == "nominees"), (None, None))
    key_column = notice.value[0][0].start_mark.column
    if key is not None and not isinstance(nominees, yaml.SequenceNode):
        if nominees.tag != "tag:yaml.org,2002:null":
            return None
        return Located(text, data, [], _after(text, key.end_mark.index), key_column + 2, "", None)  # `nominees:`
    if isinstance(nominees, yaml.SequenceNode) and nominees.value and not nominees.flow_style:
        items = []
        for i, item in enumerate(nominees.value):
            first = starts[item.start_mark.line]
            end = _after(text, _last_end(item))
            items.append((first, end))
        return Located(text, data, items, items[-1][1], nominees.value[0].start_mark.column - 2, "", None)
    dash = key_column + 2
    if nominees is None:
        at = _after(text, _last_end(notice))
        return Located(text, data, [], at, dash, " " * key_column + "nominees:\n", None)
    if isinstance(nominees, yaml.SequenceNode) and not nominees.value:
        span = (nominees.start_mark.index, nominees.end_mark.index)
        return Located(text, data, [], _after(text, span[1]), dash, "", span)
    return None  # a flow list of nominees: written by hand, not in the layout an import keeps


def read_plain(text: str) -> Any:
    """A YAML text as :func:`plain` values (None for an empty file)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    return None if root is None else plain(root)


def plain(node: yaml.Node) -> Any:
    """A composed node as lists, dicts and texts (whole numbers as int): the little an import compares, without
    PyYAML's constructor, which costs seconds on a list of thousands."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(v) for v in node.value]
    if node.tag == "tag:yaml.org,2002:int" and node.value.isdigit():
        return int(node.value)
    return None if node.tag == "tag:yaml.org,2002:null" else node.value


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _last_end(node: yaml.Node) -> int:
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.index


def _after(text: str, index: int) -> int:
    """The start of the line after ``index`` (the end of the text when there is none)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    at = text.find("\n", index)
    return len(text) if at < 0 else at + 1


def scalar(value: Any) -> str:
    """A scalar as a clerk writes it: plain when YAML (1.1, as gongshi reads it) reads it back as the same
    text, else in double quotes."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if (not value or _NOT_PLAIN.search(value)
            or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != "tag:yaml.org,2002:str"):
        return json.dumps(value, ensure_ascii=False)
    return value


def nominee_text(fields: list[tuple[str, Any]], private: list[tuple[str, str]], dash: int) -> str:
    """One new nominee as the lines of a list item whose ``- `` is at column ``dash``."""
    pad = " " * (dash + 2)
    lines = []
    for name, value in fields:
        if name == "brief_deeds" and "\n" not in value and value.strip() == value:
            lines.append(f"{pad}{name}: >-\n{pad}  {value}")
        else:
            lines.append(f"{pad}{name}: {scalar(value)}")
    if private:
        lines.append(f"{pad}private:")
        lines.extend(f"{pad}  {name}: {json.dumps(value, ensure_ascii=False)}" for name, value in private)
    lines[0] = " " * dash + "- " + lines[0][dash + 2:]
    return "\n".join(lines) + "\n"


def edit_item(block: str, dash: int, change: Callable[[Any], None]) -> str:
    """A nominee's lines, round-tripped alone through ruamel.yaml with ``change`` applied to its mapping."""
    shift = dash - 2  # ruamel.yaml writes a list at the top level with its `- ` at column 2
    lines = block.splitlines(keepends=True)
    dedented = "".join(line[shift:] if line[:shift].strip() == "" else line for line in lines)
    y = round_trip()
    items = y.load(dedented)
    change(items[0])
    out = io.StringIO()
    y.dump(items, out)
    return "".join((" " * shift + line) if line.strip() else line for line in out.getvalue().splitlines(keepends=True))


def splice(located: Located, edited: dict[int, str], new_items: list[str]) -> str:
    """The file with the items of ``edited`` (by index) replaced and ``new_items`` added."""
    text, out, at = located.text, [], 0
    for index, (first, end) in enumerate(located.items):
        if index in edited:
            out.append(text[at:first])
            out.append(edited[index])
            at = end
    if new_items:
        if located.replace is not None:
            start, end = located.replace
            line_end = _after(text, end)
            comment = text[end:line_end].strip()
            out.append(text[at:start].rstrip(" "))
            out.append(text[end:line_end].rstrip("\n") + "\n" if comment else "\n")
            at = line_end
        else:
            out.append(text[at:located.insert_at])
            if located.insert_at and not text[:located.insert_at].endswith("\n"):
                out.append("\n")
            out.append(located.opening)
            at = located.insert_at
        out.extend(new_items)
    out.append(text[at:])
    return "".join(out)
