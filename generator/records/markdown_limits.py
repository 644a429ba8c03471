"""Bounds of the Markdown a page may hold, checked before any Markdown parser reads it.

Python-Markdown looks for the end of every ``[`` (and of the ``(`` after ``](``) up to the end of its
paragraph: a paragraph of brackets that are never closed, or nested very deep, takes time growing with
the square of its length (20 KB of ``[`` took over a minute). A page is short prose written by press
officers, so the bounds are far above what one needs and far below what hurts; each is a ``path:line``
error of ``gongshi check``, and the page never reaches the parser.
"""

from __future__ import annotations

import re

from generator.base.i18n import _

#: the most bytes of Markdown text in one page (after its front matter)
MAX_MARKDOWN_BYTES = 256_000
#: the most brackets left open in one paragraph (``[`` without ``]``, ``](`` without ``)``)
MAX_UNCLOSED = 20
#: the deepest brackets may be nested (a link inside the text of a link is two)
MAX_BRACKET_DEPTH = 8

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?\1")
_ESCAPED = re.compile(r"\\.")


def markdown_limits(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, message) for each bound of this module the Markdown ``body`` (whose first line is
    ``first_line`` of its file) goes over; empty when the parser may be given it."""
    size = len(body.encode("utf-8"))
    if size > MAX_MARKDOWN_BYTES:
        return [(first_line, _("the page text is {size} bytes, over the limit of {limit}; split it into several "
                               "pages").format(size=f"{size:,}", limit=f"{MAX_MARKDOWN_BYTES:,}"))]
    problems: list[tuple[int, str]] = []
    paragraph: list[tuple[int, str]] = []
    fence: str | None = None
    for number, line in enumerate(body.splitlines() + [""], first_line):
        marker = _FENCE.match(line)
        if marker or fence:
            if marker:
                fence = None if fence and marker.group(1).startswith(fence) else (fence or marker.group(1))
            problems += _paragraph(paragraph)
            paragraph = []
            continue
        if not line.strip() or line.startswith(("    ", "\t")) and not paragraph:
            problems += _paragraph(paragraph)
            paragraph = []
            continue
        paragraph.append((number, line))
    return problems


def _paragraph(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The bounds one paragraph goes over (code spans and escaped characters are not brackets)."""
    depth = unclosed_parens = 0
    deepest, deepest_line = 0, 0
    for number, line in lines:
        text = _CODE_SPAN.sub("", _ESCAPED.sub("", line))
        for i, char in enumerate(text):
            if char == "[":
                depth += 1
                if depth > deepest:
                    deepest, deepest_line = depth, number
            elif char == "]" and depth:
                depth -= 1
                if text.startswith("(", i + 1):
                    unclosed_parens += 1
            elif char == ")" and unclosed_parens:
                unclosed_parens -= 1
    unclosed = depth + unclosed_parens
    if unclosed > MAX_UNCLOSED:
        return [(lines[0][0], _("{count} brackets in this paragraph are never closed (a [ without ], or the ( of a "
                                "link without )), over the limit of {limit}; Markdown reads each as the start of a "
                                "link and takes very long over them: close them, or write a bracket meant as text as "
                                "\\[").format(count=unclosed, limit=MAX_UNCLOSED))]
    if deepest > MAX_BRACKET_DEPTH:
        return [(deepest_line, _("brackets [ ] are nested {depth} levels deep, over the limit of {limit}; Markdown "
                                 "takes very long over deep nesting: write fewer levels").format(
                                     depth=deepest, limit=MAX_BRACKET_DEPTH))]
    return []
