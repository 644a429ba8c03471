"""What a clerk's editor gets wrong in a YAML file, named in the clerk's words rather than in libyaml's.

A file saved as GBK ("ANSI" in Notepad and WPS) or as UTF-16 (Notepad's "Unicode") rather than UTF-8
(:func:`decode`); a Tab key pressed to indent, a full-width colon after a field name, a space missing after a
colon, a quote or a ``[`` never closed (:func:`syntax_problems`, which reads libyaml's error and the lines
around it). It is apart from :mod:`generator.records.yamltree`, which builds the line-tracked tree and
refuses what YAML would silently get wrong: this is what to say of a file YAML cannot read at all, a list
of editors' habits that grows on its own and needs nothing of the tree.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import yaml
from yaml import events as ev

from generator.base.errors import Problems
from generator.base.i18n import _


# ---------------------------------------------------------------- syntax errors, in the clerk's words

#: a field name followed by a full-width colon (a Chinese input method's), or by a colon without a space
_FULL_WIDTH_COLON = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*：")
_NO_SPACE = re.compile(r"[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/:])")


def _indented_with_tab(line: str) -> bool:
    return "\t" in line[: len(line) - len(line.lstrip(" \t"))]


def _key_problem(line: str) -> str | None:
    if _FULL_WIDTH_COLON.match(line):
        return _("the field name is followed by a full-width colon `：`; write a half-width colon and a space, "
                 "e.g. `title: 关于……的公示` (switch the input method to English punctuation)")
    m = _NO_SPACE.match(line)
    if m:
        return _("a space is missing after the colon of `{name}:`; write `{name}: value`").format(name=m[1])
    return None


def syntax_problems(text: str, e: yaml.MarkedYAMLError, last: ev.ScalarEvent | None) -> list[tuple[int, str]]:
    """What is wrong, on which line, for a file libyaml refused just after the scalar ``last``."""
    lines = text.splitlines()
    problem = e.problem or ""
    context = e.context or ""
    at = e.problem_mark.line + 1 if e.problem_mark else 0
    opened = e.context_mark.line + 1 if e.context_mark else at

    def line_text(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    def char_at(mark) -> str:
        text_ = line_text(mark.line + 1) if mark else ""
        return text_[mark.column] if mark and mark.column < len(text_) else ""

    tabs = [n for n, line in enumerate(lines, 1) if _indented_with_tab(line)]
    if "tab" in problem or char_at(e.problem_mark) == "\t" or {at, opened} & set(tabs):
        message = _("this line is indented with a tab character (Tab); YAML indents with spaces only: delete the "
                    "tab and indent with spaces, in line with the fields above (in Notepad and WPS the Tab key "
                    "types a tab: indent with the space bar)")
        return [(n, message) for n in tabs] or [(at, message)]

    keys = []
    n = at if _key_problem(line_text(at)) else at - 1
    while n > 0 and (_key_problem(line_text(n)) or not line_text(n).strip()):
        if line_text(n).strip():
            keys.append((n, _key_problem(line_text(n))))
        n -= 1
    if keys:
        return sorted(keys)

    if last is not None and last.style in ("'", '"') and last.start_mark.line < last.end_mark.line == at - 1:
        return [(last.start_mark.line + 1, _(
            "the quoted text that starts on this line ends only on line {end}, where something follows its closing "
            "quote: close the quote where the value ends (Chinese quotes “ ” do not close it)").format(
            end=last.end_mark.line + 1))]
    if "quoted scalar" in context and "end of stream" in problem:
        return [(opened, _("a quote opened on this line is never closed; end the value with the same quote mark "
                           "(Chinese quotes “ ” do not close it)"))]
    if "flow sequence" in context:
        return [(opened, _("the list opened with `[` on this line is not closed: separate its items with "
                           "half-width commas `,` (not `，`) and end it with `]`"))]
    if "flow mapping" in context:
        return [(opened, _("the mapping opened with `{` on this line is not closed: separate its entries with "
                           "half-width commas `,` (not `，`) and end it with `}`"))]
    if "simple key" in context:
        return [(opened, _("this line is not `name: value` (a half-width colon and a space): add the field name, "
                           "or, if it continues the text above, put the whole text in quotes"))]
    if "anchor" in context or "alias" in context or "tag" in context or "cannot start any token" in problem:
        mark = e.context_mark if ("anchor" in context or "alias" in context or "tag" in context) else e.problem_mark
        return [(mark.line + 1, _("a value cannot start with '{char}'; put the whole value in quotes").format(
            char=char_at(mark)))]
    if "block scalar" in context:
        return [(opened, _("after `|` or `>` the text starts on the next line, indented below the field"))]
    if "unknown escape" in problem:
        return [(at, _("a backslash (\\) inside double quotes starts an escape sequence; use single quotes, or "
                       "forward slashes (/) in paths"))]
    if problem.startswith("mapping values are not allowed"):
        return [(at, _("a colon and a space (`: `) cannot come here: check the indentation of this line; if the "
                       "value itself contains `: `, put the whole value in quotes"))]
    if problem.startswith("did not find expected key"):
        return [(at, _("this line does not fit the lines above it: check its indentation (the fields of one "
                       "record start in the same column, list items with `- `), and that nothing follows a "
                       "closing quote"))]
    if problem.startswith("block sequence entries are not allowed"):
        return [(at, _("a list item (`- `) cannot start here: check the indentation of this line and of the "
                       "field above it"))]
    return [(at, _("YAML cannot read this line ({problem}); check indentation, colons and quotes").format(
        problem=problem or context))]


# ---------------------------------------------------------------- encodings

_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def decode(data: bytes, rel: str, problems: Problems) -> str | None:
    """The text of a file's bytes, which must be UTF-8.

    A file that is not UTF-8 is an error. One in UTF-16 (Notepad's "Unicode") is said so. One in GBK/GB18030
    (what Notepad and WPS call "ANSI", the default of Chinese Windows) is said so, with how to save it as UTF-8,
    and its text is still returned, so that the rest of the file is checked too and what it declares is known
    to the files that refer to it.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(rel, 1, "(file)", _(
            "the file is saved as Unicode (UTF-16), not UTF-8; save it as UTF-8: in Notepad, File › Save As, "
            "choose Encoding UTF-8, then Save"))
        return None
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    as_utf8 = data.decode("utf-8", "replace")
    broken = as_utf8.count("\ufffd")
    if text is not None and _CJK.search(text) and broken > sum(c > "\x7f" for c in as_utf8) - broken:
        # mostly not UTF-8 (a UTF-8 file with a damaged character is not a GBK file)
        problems.add(rel, line, "(file)", _(
            "the file is saved in the GBK encoding (\"ANSI\" in Notepad and WPS), not UTF-8; save it as UTF-8: "
            "in Notepad, File › Save As, choose Encoding UTF-8, then Save; in WPS Writer, File › Save As, choose "
            "plain text, then the encoding Unicode (UTF-8), and keep the name ending in {suffix}").format(
            suffix=PurePosixPath(rel).suffix or ".yml"))
        return text
    problems.add(rel, line, "(file)", _("not valid UTF-8; save the file as UTF-8"))
    return None
