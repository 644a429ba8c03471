"""Line-tracked, trap-refusing YAML.

PyYAML's parser (the C one when available) produces events; this module
builds its own small tree from them so that every node keeps its line, and
so that what YAML would get silently wrong is reported instead of guessed:

* duplicate keys (YAML keeps the last one without a word);
* anchors and aliases (``&a`` / ``*a``: invisible copies, and the "billion
  laughs" alias bomb);
* explicit tags (``!!python/object``, ``!custom``);
* files over 1 MB, nesting deeper than :data:`MAX_DEPTH` and more values than
  :data:`MAX_NODES` (a flow-style ``[{}, {}, …]`` fits 250,000 empty entries in
  1 MB, each a handful of problems: the tree, and so the memory and the
  problems a file can give, stay bounded).

Scalars are kept as the text the author wrote. For an unquoted (plain)
scalar the tree also records what YAML 1.1 would have turned it into
(``int``, ``bool``, ``timestamp`` …), so that the schema layer can refuse a
phone number, a postcode, ``12:30`` or ``no`` in a text field and say
"quote it" (see :func:`conversion_problem`).

What a clerk's editor gets wrong is named in the clerk's words rather than in
libyaml's: a file saved as GBK ("ANSI" in Notepad and WPS), a Tab key pressed
to indent, a full-width colon after a field name, a quote or a ``[`` never
closed (see :mod:`generator.records.yamlmistakes`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml import events as ev

from generator.base.errors import Problems
from generator.base.i18n import _
from generator.records.yamlmistakes import decode, syntax_problems

MAX_BYTES = 1_000_000
MAX_DEPTH = 32
#: the most values (keys, texts, lists and mappings) one file may hold; a notice of 1,000 nominees written
#: out in full holds about 30,000
MAX_NODES = 100_000

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

    def text_of(self, key: str) -> str | None:
        """The text of a key whose value is a single value, else None."""
        node = self.get(key)
        return (node.text.strip() or None) if isinstance(node, Scalar) else None


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


def conversion_problem(node: Scalar, secret: bool = False) -> str | None:
    """Say what YAML would silently turn an unquoted scalar into, and to quote it; or None.

    A ``secret`` (private) value is never repeated, nor anything made from it.
    """
    if not node.plain or node.implicit == "str":
        return None
    if secret:
        messages = {
            "bool": _("YAML reads unquoted this private value as true/false; quote it"),
            "int": _("YAML reads unquoted this private value as a number (leading zeros and long digits are "
                     "lost); quote it"),
            "float": _("YAML reads unquoted this private value as a number (leading zeros and long digits are "
                       "lost); quote it"),
            "timestamp": _("YAML reads unquoted this private value as a date; quote it"),
            "null": _("YAML reads unquoted this private value as an empty value; quote it"),
        }
        return messages.get(node.implicit, _("YAML reads unquoted this private value as something else than "
                                             "text; quote it"))
    text = node.text
    if node.implicit == "bool":
        return _('YAML reads unquoted {value} as true/false; quote it: "{value}"').format(value=text)
    if node.implicit == "int" and ":" in text:
        return _('YAML reads unquoted {value} as the base-60 number {number}; quote it: "{value}"').format(
            value=text, number=_sexagesimal(text))
    if node.implicit in ("int", "float"):
        return _('YAML reads unquoted {value} as a number (leading zeros and long digits are lost); '
                 'quote it: "{value}"').format(value=text)
    if node.implicit == "timestamp":
        return _('YAML reads unquoted {value} as a date; quote it: "{value}"').format(value=text)
    if node.implicit == "null":
        return _('YAML reads unquoted {value} as an empty value; quote it: "{value}"').format(value=text)
    return _('YAML reads unquoted {value} as {kind}; quote it: "{value}"').format(value=text, kind=node.implicit)


def _sexagesimal(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    total = 0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + int(part)
    return sign * total


def _implicit(value: str) -> str:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    return tag[len(_TAG_PREFIX):] if tag.startswith(_TAG_PREFIX) else tag


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Builder:
    """Turns a stream of PyYAML events into a tree, collecting problems.

    Problems name the field by its path from the record (``nominees[3].name``), as the schema's messages do:
    the top-level keys listed in ``records`` hold a record, and paths inside them start at that record.
    """

    def __init__(self, path: str, problems: Problems, allow_tags: bool, records: Collection[str]) -> None:
        self.path = path
        self.problems = problems
        self.allow_tags = allow_tags
        self.records = records
        self.last_scalar: ev.ScalarEvent | None = None  # the last one read, for syntax errors after it
        self.nodes = 0

    def error(self, line: int, field_: str, message: str) -> None:
        self.problems.add(self.path, line, field_ or "(file)", message)

    def build(self, text: str) -> Node | None:
        stream = iter(yaml.parse(text, Loader=_Parser))
        root: Node | None = None
        documents = 0
        for event in stream:
            if isinstance(event, ev.DocumentStartEvent):
                documents += 1
                node = self.node(next(stream), stream, 0, "")
                if documents == 1:
                    root = node
                else:
                    self.error(event.start_mark.line + 1, "(file)",
                               _("a file holds one record; remove the second document (---) or move it to its "
                                 "own file"))
        return root

    def node(self, event: ev.Event, stream, depth: int, where: str) -> Node:
        line = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise _TooDeep(line)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooMany(line)
        if isinstance(event, ev.AliasEvent):
            self.error(line, where, _("aliases (*{name}) are not allowed; write the value out in full").format(
                name=event.anchor))
            return Scalar(line, "", plain=True, implicit="null")
        if event.anchor is not None:
            self.error(line, where, _("anchors (&{name}) are not allowed; write each value out in full").format(
                name=event.anchor))
        if event.tag not in (None, "!") and not self.allow_tags:
            self.error(line, where, _("tags ({tag}) are not allowed; remove the tag and quote the value if it is "
                                      "text").format(tag=event.tag))
        if isinstance(event, ev.ScalarEvent):
            self.last_scalar = event
            plain = not event.style and event.implicit[0]
            return Scalar(line, event.value, plain, _implicit(event.value) if plain else "str")
        if isinstance(event, ev.SequenceStartEvent):
            seq = Sequence(line)
            for child in stream:
                if isinstance(child, ev.SequenceEndEvent):
                    return seq
                seq.items.append(self.node(child, stream, depth + 1, f"{where}[{len(seq.items) + 1}]"))
        if isinstance(event, ev.MappingStartEvent):
            return self.mapping(Mapping(line), stream, depth, where)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover

    def mapping(self, mapping: Mapping, stream, depth: int, where: str) -> Mapping:
        duplicates: list[tuple[int, str]] = []
        for key_event in stream:
            if isinstance(key_event, ev.MappingEndEvent):
                break
            key_line = key_event.start_mark.line + 1
            key = self.node(key_event, stream, depth + 1, where)
            name = key.text if isinstance(key, Scalar) else ""
            inside = "" if depth == 0 and name in self.records else _join(where, name) if name else where
            value = self.node(next(stream), stream, depth + 1, inside)
            if not isinstance(key, Scalar):
                self.error(key_line, where, _("a key must be a plain word, not a list or mapping"))
            elif name == "<<":
                self.error(key_line, where, _("merge keys (<<) are not allowed; write the fields out in full"))
            elif name in mapping.entries:
                duplicates.append((key_line, name))
            else:
                mapping.entries[name] = (key_line, value)
        for key_line, name in duplicates:  # reported once the whole entry, its id and name, is known
            self.error(key_line, _join(where, name), _duplicate(mapping, name, where))
        return mapping


def _duplicate(mapping: Mapping, key: str, where: str) -> str:
    """A duplicate key, naming the entry of a list it is in (a nominee, an award) by its id and name."""
    first = mapping.entries[key][0]
    entry_id, name = (mapping.text_of("id"), mapping.text_of("name")) if where.endswith("]") else (None, None)
    if entry_id and name:
        return _("duplicate key in {name}, id {id} (first given on line {first}); keep only one").format(
            name=name, id=entry_id, first=first)
    if entry_id or name:
        return _("duplicate key in {entry} (first given on line {first}); keep only one").format(
            entry=entry_id or name, first=first)
    return _("duplicate key (first given on line {first}); keep only one").format(first=first)


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _TooMany(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _too_deep() -> str:
    return _("nesting deeper than {depth} levels; records are never this deep").format(depth=MAX_DEPTH)


def parse_text(text: str, path: str, problems: Problems, allow_tags: bool = False,
               records: Collection[str] = ()) -> Node | None:
    """Parse YAML text into a line-tracked tree; problems go to ``problems``.

    ``allow_tags`` is for site_config.yml only, where MkDocs' own tags
    (``!ENV``, ``!!python/name``) are legitimate. ``records``: the top-level
    keys that hold a record (``notice``, ``campaign``); the fields named in
    problems start inside them.
    """
    builder = _Builder(path, problems, allow_tags, records)
    try:
        return builder.build(text)
    except _TooDeep as e:
        builder.error(e.line, "(file)", _too_deep())
    except _TooMany as e:
        builder.error(e.line, "(file)", _("the file holds more than {count} values (keys, texts, lists and "
                                          "entries); records are never this large: split it into several "
                                          "files").format(count=f"{MAX_NODES:,}"))
    except yaml.MarkedYAMLError as e:
        if "nesting depth" in (e.problem or ""):  # libyaml's own limit (PyYAML 6.0.3 and later), met first
            mark = e.problem_mark or e.context_mark
            builder.error(mark.line + 1 if mark else 0, "(file)", _too_deep())
        else:
            for line, message in syntax_problems(text, e, builder.last_scalar):
                builder.error(line, "(syntax)", message)
    except yaml.reader.ReaderError as e:  # its position counts characters or bytes, as the parser goes
        builder.error(text[: max(text.find(chr(e.character)), 0)].count("\n") + 1, "(file)",
                      _("this line holds an invisible control character (U+{code:04X}), often pasted from Excel or "
                        "Word; delete it, for example by retyping the text around it").format(code=e.character))
    except yaml.YAMLError as e:
        builder.error(0, "(syntax)", _("YAML cannot read the file ({problem}); check indentation, colons and "
                                       "quotes").format(problem=e))
    return None


def read_file(file: Path, rel: str, problems: Problems, allow_tags: bool = False,
              records: Collection[str] = ()) -> Node | None:
    """Read and parse one YAML file, refusing oversized and non-UTF-8 files (see :func:`decode`)."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        problems.add(rel, 0, "(file)", _("file is {size} bytes, over the 1 MB limit; split it into several "
                                         "notices").format(size=f"{size:,}"))
        return None
    text = decode(file.read_bytes(), rel, problems)
    return parse_text(text, rel, problems, allow_tags, records) if text is not None else None
