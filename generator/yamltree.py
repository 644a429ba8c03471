"""Line-tracked, trap-refusing YAML.

PyYAML's parser (the C one when available) produces events; this module
builds its own small tree from them so that every node keeps its line, and
so that what YAML would get silently wrong is reported instead of guessed:

* duplicate keys (YAML keeps the last one without a word);
* anchors and aliases (``&a`` / ``*a``: invisible copies, and the "billion
  laughs" alias bomb);
* explicit tags (``!!python/object``, ``!custom``);
* files over 1 MB and nesting deeper than :data:`MAX_DEPTH`.

Scalars are kept as the text the author wrote. For an unquoted (plain)
scalar the tree also records what YAML 1.1 would have turned it into
(``int``, ``bool``, ``timestamp`` …), so that the schema layer can refuse a
phone number, a postcode, ``12:30`` or ``no`` in a text field and say
"quote it" (see :func:`conversion_hint`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml import events as ev

from .errors import Problems

MAX_BYTES = 1_000_000
MAX_DEPTH = 32

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = yaml.resolver.Resolver()
_TAG_PREFIX = "tag:yaml.org,2002:"


@dataclass
class Node:
    line: int


@dataclass
class Scalar(Node):
    text: str
    plain: bool
    #: What YAML 1.1 would make of the text: "str", "int", "float", "bool",
    #: "null", "timestamp" (quoted scalars are always "str").
    implicit: str = "str"


@dataclass
class Mapping(Node):
    #: key text -> (line of the key, value node), in the author's order
    entries: dict[str, tuple[int, Node]] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


def conversion_hint(node: Scalar, shown: str | None = None) -> str | None:
    """Say what YAML would silently turn an unquoted scalar into, or None.

    ``shown`` replaces the value in the message (for private values).
    """
    if not node.plain or node.implicit == "str":
        return None
    text = shown or node.text
    if node.implicit == "bool":
        return f"YAML reads unquoted {text} as true/false"
    if node.implicit == "int" and ":" in text:
        return f"YAML reads unquoted {text} as the base-60 number {_sexagesimal(node.text)}"
    if node.implicit in ("int", "float"):
        return f"YAML reads unquoted {text} as a number (leading zeros and long digits are lost)"
    if node.implicit == "timestamp":
        return f"YAML reads unquoted {text} as a date"
    if node.implicit == "null":
        return f"YAML reads unquoted {text} as an empty value"
    return f"YAML reads unquoted {text} as {node.implicit}"


def _sexagesimal(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    total = 0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + int(part)
    return sign * total


def _implicit(value: str) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


class _Builder:
    """Turns a stream of PyYAML events into a tree, collecting problems."""

    def __init__(self, path: str, problems: Problems, allow_tags: bool) -> None:
        self.path = path
        self.problems = problems
        self.allow_tags = allow_tags

    def error(self, line: int, field_: str, message: str) -> None:
        self.problems.add(self.path, line, field_, message)

    def build(self, text: str) -> Node | None:
        stream = iter(yaml.parse(text, Loader=_Parser))
        root: Node | None = None
        documents = 0
        for event in stream:
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                node = self.node(next(stream), stream, 0, "(file)")
                if documents == 1:
                    root = node
                else:
                    self.error(event.start_mark.line + 1, "(file)",
                               "a file holds one record; remove the second document (---) or move it to its own file")
        return root

    def node(self, event: ev.Event, stream, depth: int, where: str) -> Node:
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise _TooDeep(line)
        if isinstance(event, ev.AliasEvent):
            self.error(line, where, f"aliases (*{event.anchor}) are not allowed; write the value out in full")
            return Scalar(line, "", plain=True, implicit="null")
        if event.anchor is not None:
            self.error(line, where, f"anchors (&{event.anchor}) are not allowed; write each value out in full")
        if event.tag not in (None, "!") and not self.allow_tags:
            self.error(line, where, f"tags ({event.tag}) are not allowed; remove the tag and quote the value if it is text")
        if isinstance(event, ev.ScalarEvent):
            plain = not event.style and event.implicit[0]
            return Scalar(line, event.value, plain, _implicit(event.value) if plain else "str")
        if isinstance(event, ev.SequenceStartEvent):
            seq = Sequence(line)
            for child in stream:
                if isinstance(child, ev.SequenceEndEvent):
                    return seq
                seq.items.append(self.node(child, stream, depth + 1, where))
        if isinstance(event, ev.MappingStartEvent):
            mapping = Mapping(line)
            for key_event in stream:
                if isinstance(key_event, ev.MappingEndEvent):
                    return mapping
                key_line = key_event.start_mark.line + 1
                key = self.node(key_event, stream, depth + 1, where)
                value = self.node(next(stream), stream, depth + 1, key.text if isinstance(key, Scalar) else where)
                if not isinstance(key, Scalar):
                    self.error(key_line, where, "a key must be a plain word, not a list or mapping")
                    continue
                if key.text == "<<":
                    self.error(key_line, where, "merge keys (<<) are not allowed; write the fields out in full")
                    continue
                if key.text in mapping.entries:
                    first = mapping.entries[key.text][0]
                    self.error(key_line, key.text, f"duplicate key (first given on line {first}); keep only one")
                    continue
                mapping.entries[key.text] = (key_line, value)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _too_deep() -> str:
    return f"nesting deeper than {MAX_DEPTH} levels; records are never this deep"


def parse_text(text: str, path: str, problems: Problems, allow_tags: bool = False) -> Node | None:
    """Parse YAML text into a line-tracked tree; problems go to ``problems``.

    ``allow_tags`` is for site_config.yml only, where MkDocs' own tags
    (``!ENV``, ``!!python/name``) are legitimate.
    """
    builder = _Builder(path, problems, allow_tags)
    try:
        return builder.build(text)
    except _TooDeep as e:
        builder.error(e.line, "(file)", _too_deep())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        if "nesting depth" in (e.problem or ""):  # libyaml's own limit (PyYAML 6.0.3 and later), met first
            builder.error(line, "(file)", _too_deep())
        else:
            builder.error(line, "(syntax)", f"{e.problem or e.context} (check indentation, colons and quotes)")
    except yaml.YAMLError as e:
        builder.error(0, "(syntax)", str(e))
    return None


def read_file(file: Path, rel: str, problems: Problems, allow_tags: bool = False) -> Node | None:
    """Read and parse one YAML file, refusing oversized and non-UTF-8 files."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        problems.add(rel, 0, "(file)", f"file is {size:,} bytes, over the 1 MB limit; split it into several notices")
        return None
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        problems.add(rel, line, "(file)", "not valid UTF-8; save the file as UTF-8")
        return None
    return parse_text(text, rel, problems, allow_tags)
