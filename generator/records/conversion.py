"""A line-tracked YAML tree converted against a record type of :mod:`generator.records.schema`.

:func:`convert` walks the tree, collecting every problem with its line, and returns plain values wrapped in
:class:`Rec` (a dict that also remembers the line of each key): a text YAML would have turned into something
else (:func:`generator.records.yamltree.conversion_problem`), a character that cannot be published
(:func:`character_problem`), and ids, dates, times, phones and the rest each checked as its kind says. It is
apart from the declarations, which the JSON Schema export reads too: these are the rules a value must pass,
the part that grows with every mistake a clerk makes.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, time
from typing import Any

from generator.records import contacts
from generator.model import private as privacy
from generator.base.errors import Problems
from generator.base.i18n import _, listing
from generator.records.schema import DATE_PATTERN, ID_MAX, ID_PATTERN, TIME_PATTERN, Field, Record
from generator.records.yamltree import Mapping, Node, Scalar, Sequence, conversion_problem

_ID_RE = re.compile(ID_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN, re.ASCII)
_TIME_RE = re.compile(TIME_PATTERN, re.ASCII)

# kinds whose values are text and must therefore be quoted when YAML would convert them; "ref" is an id
# naming another record, checked where that record is known (so that a title written instead of the id is
# answered with the id); "id_number" is a resident ID number (its form is checked with the other rules)
TEXT_KINDS = {"text", "id", "ref", "phone", "email", "postcode", "time", "enum", "path", "id_number"}
#: kinds typed with digits, hyphens, colons and ``@``: full-width ones (a Chinese input method's) are made
#: half-width before they are checked, and kept so (see :func:`generator.contacts.half_width`)
HALF_WIDTH_KINDS = {"phone", "email", "postcode", "time", "date", "id_number"}


class Rec(dict):
    """Converted values of one record, with the line of the record and of each key."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass
class Context:
    """Where we are: the file (relative path) and the dotted field path."""

    path: str
    problems: Problems

    def error(self, line: int, where: str, message: str) -> None:
        self.problems.add(self.path, line, where, message)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def convert(node: Node | None, record: Record, ctx: Context, where: str = "") -> Rec | None:
    """Convert a mapping node to a :class:`Rec`; every problem goes to ``ctx``."""
    if not isinstance(node, Mapping):
        line = node.line if node else 0
        ctx.error(line, where or record.name, _("expected a mapping of fields ({doc})").format(doc=_(record.doc)))
        return None
    rec = Rec(node.line)
    for key, (key_line, value) in node.entries.items():
        spec = record.field(key)
        path = _join(where, key)
        if spec is None:
            ctx.error(key_line, path, _unknown_field_message(key, record))
            continue
        rec.lines[key] = key_line
        converted = _value(value, spec, ctx, path)
        if converted is not None:
            rec[key] = converted
    carried = record.carried_by is not None and record.carried_by in node.entries
    for spec in record.fields:
        if spec.required and spec.name not in node.entries and not carried:
            ctx.error(node.line, _join(where, spec.name), _("required field is missing; add `{name}:` ({doc})").format(
                name=spec.name, doc=_(spec.doc)))
    return rec


def _unknown_field_message(key: str, record: Record) -> str:
    if key == "private":
        return _("private data is only allowed under a nominee's `private:` mapping")
    if key in privacy.PRIVATE_FIELDS:
        if record.allows_private:
            return _("{name} is private: move it under this nominee's `private:` mapping so it is never "
                     "published").format(name=key)
        return _("{name} is private data and must not be in a public record; remove it").format(name=key)
    names = [f.name for f in record.fields]
    close = difflib.get_close_matches(key, names, n=1)
    if close:
        return _("unknown field in {record}; did you mean `{name}`?").format(record=_(record.name), name=close[0])
    return _("unknown field in {record}; known fields: {names}").format(record=_(record.name), names=listing(names))


def _value(node: Node, spec: Field, ctx: Context, where: str) -> Any:
    kind = spec.kind
    if kind == "record":
        assert spec.record is not None
        return convert(node, spec.record, ctx, where)
    if kind == "list":
        if isinstance(node, Scalar) and node.plain and node.implicit == "null":
            return [] if not spec.required else _missing(node, ctx, where)
        if not isinstance(node, Sequence):
            ctx.error(node.line, where, _("expected a list (items starting with `- `)"))
            return None
        out = []
        for i, child in enumerate(node.items):
            item_where = f"{where}[{i + 1}]"
            value = (convert(child, spec.item, ctx, item_where) if isinstance(spec.item, Record)
                     else _value(child, spec.item, ctx, item_where))  # type: ignore[arg-type]
            if value is not None:
                out.append(value)
        return out
    if kind == "map":
        if not isinstance(node, Mapping):
            ctx.error(node.line, where, _("expected a mapping"))
            return None
        out_map = Rec(node.line)
        for key, (key_line, child) in node.entries.items():
            value = (convert(child, spec.item, ctx, _join(where, key)) if isinstance(spec.item, Record)
                     else _value(child, spec.item, ctx, _join(where, key)))  # type: ignore[arg-type]
            out_map.lines[key] = key_line
            if value is not None:
                out_map[key] = value
        return out_map
    if not isinstance(node, Scalar):
        ctx.error(node.line, where, _("expected a single value ({doc}), not a list or mapping").format(doc=_(spec.doc)))
        return None
    if node.plain and node.implicit == "null":
        return _missing(node, ctx, where) if spec.required else None
    return _scalar(node, spec, ctx, where)


def _missing(node: Node, ctx: Context, where: str) -> None:
    ctx.error(node.line, where, _("required value is empty; fill it in"))
    return None


def _scalar(node: Scalar, spec: Field, ctx: Context, where: str) -> Any:
    kind, text, line = spec.kind, node.text, node.line
    if kind in TEXT_KINDS:
        problem = conversion_problem(node, secret=spec.secret) or character_problem(text)
        if problem:
            ctx.error(line, where, problem)
            return None
        text = text.strip()
        if not text:
            ctx.error(line, where, _("empty text; fill it in or remove the field"))
            return None
    if kind in HALF_WIDTH_KINDS:
        text = contacts.half_width(text).strip()
    if kind in ("text", "id_number"):
        return join_cjk_lines(text)
    if kind == "id":
        if problem := id_problem(text):
            ctx.error(line, where, problem)
            return None
        return text
    if kind == "ref":
        return text
    if kind == "enum":
        if text not in spec.choices:
            ctx.error(line, where, _("'{value}' is not allowed; use one of: {choices}").format(
                value=text, choices=listing(spec.choices)))
            return None
        return text
    if kind in ("phone", "email", "postcode"):
        problem = contacts.check(kind, text)
        if problem:
            ctx.error(line, where, problem)
            return None
        return text
    if kind == "path":
        if text.startswith("/") or "\\" in text or re.match(r"^[A-Za-z]:", text):
            ctx.error(line, where, _("'{value}' must be a relative path with forward slashes, relative to this "
                                     "file").format(value=text))
            return None
        return text
    if kind == "time":
        if not _TIME_RE.match(text):
            ctx.error(line, where, _("'{value}' is not a time; write 24-hour HH:MM in quotes, e.g. \"17:30\"").format(
                value=text))
            return None
        return time(int(text[:2]), int(text[3:]))
    if kind == "date":
        return _date(text, node, ctx, where)
    if kind == "int":
        digits = contacts.half_width(text.strip())  # ３０ as a Chinese input method types it
        if node.plain and digits != text.strip() and re.fullmatch(r"-?[0-9]+", digits):
            return int(digits)
        if not (node.plain and node.implicit == "int" and re.fullmatch(r"-?\d+", text)):
            ctx.error(line, where, _("'{value}' is not a whole number; write digits without quotes, e.g. 5").format(
                value=text))
            return None
        return int(text)
    if kind == "bool":
        if not node.plain or text not in ("true", "false"):
            ctx.error(line, where, _("'{value}' is not true/false; write true or false").format(value=text))
            return None
        return text == "true"
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover


def id_problem(text: str) -> str | None:
    """Why ``text`` is not an id (lower-case letters, digits and single hyphens: ids are parts of addresses)."""
    if len(text) > ID_MAX or not _ID_RE.fullmatch(text):
        return _("'{value}' is not a valid id; use lower-case letters a-z, digits and single hyphens, at most {max} "
                 "characters (e.g. 2024-city-model-workers)").format(value=text, max=ID_MAX)
    return None


def _date(text: str, node: Scalar, ctx: Context, where: str) -> date | None:
    text = text.strip()
    if not _DATE_RE.match(text):
        ctx.error(node.line, where, _("'{value}' is not a date; write YYYY-MM-DD, e.g. 2024-10-08").format(value=text))
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        ctx.error(node.line, where, _("{value} is not a day of the calendar (check the month and day)").format(
            value=text))
        return None


#: characters that change the order in which text is shown (Unicode bidirectional controls)
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: invisible letters and marks besides the format characters (category Cf): a combining grapheme joiner,
#: the Hangul fillers and the Khmer inherent vowels, all shown as nothing
_INVISIBLE_OTHER = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
#: format characters that a script needs: the Mongolian vowel separator
_FORMAT_KEPT = frozenset("\u180e")
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                      "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\ufff9-\ufffb"
                      "\ufffe\uffff\uffa0\ud800-\udfff\U0001d173-\U0001d17a\U000e0000-\U000e007f]")


def character_problem(text: str) -> str | None:
    """Say which character of ``text`` cannot be published, or None: a control character (the feeds' XML
    cannot hold one), a direction control (U+202E before 三张 shows 张三) or an invisible character (张, U+200B,
    三 looks like 张三 but is another name). Rare Chinese characters outside the basic plane (𠮷, 𡈽) are
    ordinary letters. The character is named by its code point only: a private value is never repeated."""
    for m in _SUSPECT.finditer(text):
        char = m.group()
        category = unicodedata.category(char)
        code = f"U+{ord(char):04X}"
        if _is_control(char):
            return _control(code)
        if char in BIDI_CONTROLS:
            return _("direction control character {code} ({name}) changes the order in which the text is shown; "
                     "delete it").format(code=code, name=unicodedata.name(char))
        if (category == "Cf" or char in _INVISIBLE_OTHER) and char not in _FORMAT_KEPT:
            return _("invisible character {code} ({name}) makes texts that look the same differ; delete it").format(
                code=code, name=unicodedata.name(char, code))
    return None


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


def _control(code: str) -> str:
    return _("control character {code} cannot be published (feeds and pages cannot hold it); delete it, for "
             "example by retyping the text around it").format(code=code)


def control_problem(text: str) -> str | None:
    """Say which control character of ``text`` (a line of a Markdown page) cannot be published, or None: the
    text of a page may hold invisible characters, pasted with it, but not a character XML cannot hold."""
    for m in _SUSPECT.finditer(text):
        if _is_control(m.group()):
            return _control(f"U+{ord(m.group()):04X}")
    return None


#: variation selectors: they choose a glyph of the character before them, not another character
_VARIATION = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def comparable(text: str) -> str:
    """``text`` as two names are compared: Unicode NFKC (a Kangxi radical ⼤ is 大, full-width ＡＢ is AB),
    without variation selectors, invisible characters or spaces, case folded."""
    text = _VARIATION.sub("", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if not c.isspace() and not _SUSPECT.match(c)).casefold()


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]+(?=[{_CJK}])")


def join_cjk_lines(text: str) -> str:
    """Remove the space YAML puts where a folded (``>``) line breaks inside Chinese text."""
    return _CJK_BREAK.sub("", text)
