"""Markdown from content/ may not inject script: restricted at check time, sanitised at build time.

``gongshi check`` refuses raw HTML and links with schemes other than http(s),
mailto and tel in every Markdown file of ``content/`` (outside code), and
markup in front-matter titles and summaries, each with file and line. The
engine then passes the HTML rendered from Markdown through ``nh3`` with an
allow-list of tags and attributes, as a second line of defence.
"""

from __future__ import annotations

import html
import re

import nh3

from generator.base.deps import read

from generator.base.i18n import _

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_RAW_HTML = re.compile(r"<\s*[A-Za-z!?/]")
_BAD_SCHEME = r"\s*<?\s*(?:javascript|vbscript|data|file)\s*:"
_BAD_LINK = re.compile(r"\]\(" + _BAD_SCHEME, re.I)
_BAD_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:" + _BAD_SCHEME, re.I)
_TEMPLATE = re.compile(r"\{\{|\{%")

#: nh3's tags and those Markdown extensions write, without image maps (an <area> is a link over an image)
TAGS = (set(nh3.ALLOWED_TAGS) | {"picture", "source", "section", "label", "input", "svg", "path", "use"}) - {"area", "map"}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "aria-label", "aria-hidden", "tabindex"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "type", "sizes", "media"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
    "svg": {"viewbox", "width", "height", "xmlns"},
    "path": {"d"},
}


def markdown_problems(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """(line, message) for each raw HTML tag or dangerous link outside code."""
    problems = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), first_line):
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        prose = _CODE_SPAN.sub("", line)
        if _RAW_HTML.search(prose):
            problems.append((number, _("raw HTML is not allowed; write Markdown, or put markup examples in `code`")))
        if _BAD_LINK.search(prose) or _BAD_REFERENCE.search(prose):
            problems.append((number, _("links may only be http(s), mailto, tel or addresses within the site")))
    return problems


def plain_text_problem(value: str) -> str | None:
    """Front-matter text shown in titles, summaries, categories and bylines: no markup, no template syntax, and
    no character references, which Material's ``striptags`` (page titles) decodes back into markup."""
    if _RAW_HTML.search(value) or _TEMPLATE.search(value):
        return _("plain text only: no HTML tags or {{ }} / {% %}")
    if html.unescape(value) != value:
        return _("plain text only: no HTML character references such as &lt; or &#60;; write the character itself")
    return None


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_HTTP = re.compile(r"^https?://[^/?#]+", re.I)
#: characters that end an attribute, open markup, or that browsers drop from an address (tabs, line breaks)
_UNSAFE_IN_URL = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")


def url_problem(value: str) -> str | None:
    """An address written into a link or an image by the engine as it is: only http(s) or within the site,
    without characters that would end the attribute or that a browser would decode or drop."""
    scheme = _SCHEME.match(value)
    if (_UNSAFE_IN_URL.search(value) or html.unescape(value) != value or value.startswith("//")
            or (scheme and not (scheme.group(1).lower() in ("http", "https") and _HTTP.match(value)))):
        return _("'{value}' is not an address the site may link to; write an address within the site "
                 "(e.g. assets/gongshi/press-avatar.svg) or a whole address starting with https://").format(value=value)
    return None


def clean_html(html: str) -> str:
    """The HTML of a Markdown page, with only allowed tags, attributes and URL schemes."""
    read("version:nh3")
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"},
                     link_rel=None, strip_comments=True)
