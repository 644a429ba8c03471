"""Front matter: the settings a Markdown page of content/ may give, for `check` and for the engine.

MkDocs and Material act on many front-matter keys and write several of them into every page as they are: a
navigation ``subtitle`` and ``status``, ``author`` in a meta tag, ``icon`` as a file to include,
``template: redirect.html`` with its ``location``. A page may therefore set only the keys of its kind
(:data:`KINDS`: an ordinary page, a featured-figure profile or a story), each typed by the schema; ``check``
reports any other key with its line (:func:`read`), and the engine keeps only allowed keys with values of
their type, text escaped (:func:`engine_meta`), as a second line of defence.

The front matter is found as MkDocs finds it: YAML between a first line ``---`` and a line ``---`` or
``...``; without it, MkDocs reads ``key: value`` lines at the top of a page as settings (MultiMarkdown's
style), which ``check`` refuses (:func:`multimarkdown_keys`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from markupsafe import escape

from generator.base.errors import Problems
from generator.base.i18n import N_, _, listing
from generator.records.types import FIGURE, STORY
from generator.records.conversion import Context, Rec, convert
from generator.records.schema import Field, Record
from generator.records.yamltree import Mapping, Node

FIGURES_DIR = "figures"
STORIES_DIR = "stories/posts"
#: parts of a page that its front matter may hide (Material's ``hide``)
HIDE = ("navigation", "toc", "footer", "path")
#: templates the blog plugin gives its own pages; no front matter may choose a template
ENGINE_TEMPLATES = ("blog.html", "blog-post.html")

SEARCH = Record(N_("search"), N_("the page in the site search"), (
    Field("exclude", "bool", N_("true keeps the page out of the site search")),
))

PAGE = Record(N_("page"), N_("front matter of a page of content/ (a Markdown file that is not a figure or a story)"), (
    Field("title", "text", N_("page title (default: the page's first heading)")),
    Field("description", "text", N_("summary for search engines and sharing")),
    Field("hide", "list", N_("parts of the page not shown: navigation, toc, footer or path"),
          item=Field("part", "enum", N_("a part of the page"), choices=HIDE)),
    Field("search", "record", N_("the page in the site search"), record=SEARCH),
))

#: the front matter each kind of page may have
KINDS = {"page": PAGE, "figure": FIGURE, "story": STORY}

FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:\.\.\.|---)[ \t]*\n", re.S)
_MMD_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):")
_MMD_MORE = re.compile(r"^([ ]{4}|\t)")


def kind_of(src_uri: str) -> str:
    """The kind of a Markdown file from its path in content/ (``figures/zhao-hongmei.md``)."""
    folder, _slash, name = src_uri.rpartition("/")
    if folder == FIGURES_DIR and name != "index.md":
        return "figure"
    return "story" if folder == STORIES_DIR else "page"


def normalised(text: str) -> str:
    """The text with line ends as the engine reads them (Windows' and old Macs' made ``\\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def multimarkdown_keys(text: str) -> list[tuple[int, str]]:
    """(line, key) of each line MkDocs would take as a setting at the top of a page without front matter."""
    if FRONT.match(text):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            break
        key = _MMD_KEY.match(line)
        if key:
            found.append((number, key.group(1)))
        elif not (found and _MMD_MORE.match(line)):
            break
    return found


def multimarkdown_problem(key: str) -> str:
    return _("the engine would read this line as the page setting `{key}:` and not show it; start the page with a "
             "heading, or put settings in front matter between two `---` lines").format(key=key)


def read(tree: Node, kind: str, rel: str, problems: Problems) -> Rec | None:
    """The front matter of a page of ``kind`` converted, every key outside the allow-list reported."""
    record = KINDS[kind]
    if kind == "page" and isinstance(tree, Mapping):
        names = listing(f.name for f in record.fields)
        for key, (line, _node) in tree.entries.items():
            if record.field(key) is None:
                problems.add(rel, line, key, _("a page's front matter may set only {names}; remove `{key}:`").format(
                    names=names, key=key))
        tree = Mapping(tree.line, {k: v for k, v in tree.entries.items() if record.field(k) is not None})
    return convert(tree, record, Context(rel, problems))


def engine_meta(meta: dict[str, Any], kind: str) -> dict[str, Any]:
    """The settings of a page as the engine parsed them, keeping only those its kind allows, each only with a
    value of its type, text escaped; ``template`` and ``hide`` only as the blog plugin sets them."""
    record = KINDS[kind]
    kept: dict[str, Any] = {}
    for key, value in meta.items():
        if key == "template":
            if value in ENGINE_TEMPLATES:
                kept[key] = value
        elif key == "hide":
            if isinstance(value, list):
                kept[key] = [v for v in value if v in HIDE]
        elif (spec := record.field(key)) is not None and (typed := _typed(value, spec)) is not None:
            kept[key] = typed
    return kept


def _typed(value: Any, spec: Field | Record) -> Any:
    if isinstance(spec, Record):
        if not isinstance(value, dict):
            return None
        return {k: t for k, v in value.items() if (f := spec.field(k)) is not None and (t := _typed(v, f)) is not None}
    kind = spec.kind
    if kind == "record":
        return _typed(value, spec.record)
    if kind == "list":
        if not isinstance(value, list):
            return None
        return [t for v in value if (t := _typed(v, spec.item)) is not None]
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if kind == "date":
        return value if isinstance(value, date) else None
    if kind == "enum":
        return value if value in spec.choices else None
    return str(escape(value)) if isinstance(value, str) else None
