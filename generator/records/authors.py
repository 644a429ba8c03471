"""Authors of stories: ``content/stories/.authors.yml``, read by Material's blog plugin.

Material writes an author's name into an image's ``alt`` attribute and as text, the description as text, the
``url`` as a link and the ``avatar`` as an image address, all as they are. The file is therefore checked like a
record file (the same trap-refusing YAML, a schema, ``path:line: field: message``): names and descriptions are
plain text without double quotes, addresses only http(s) or within the site (:func:`~generator.sanitize.url_problem`),
ids as record ids; a story's ``authors:`` must name authors of this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.base.errors import Problems
from generator.base.i18n import N_, _
from generator.records.sanitize import plain_text_problem, url_problem
from generator.records.conversion import Context, Rec, convert, id_problem
from generator.records.schema import Field, Record
from generator.records.yamltree import read_file

#: where the blog plugin finds the authors, relative to content/
AUTHORS_FILE = "stories/.authors.yml"

AUTHOR = Record(N_("author"), N_("an author of stories"), (
    Field("name", "text", N_("name shown with the story, e.g. 青澜市总工会宣传部"), required=True),
    Field("description", "text", N_("a few words under the name, e.g. 新闻宣传"), required=True),
    Field("avatar", "text", N_("picture shown with the name: an address within the site, e.g. "
                               "assets/gongshi/press-avatar.svg"), required=True),
    Field("url", "text", N_("where the name links to: an address within the site or one starting with https://")),
    Field("slug", "id", N_("the author's part of the address of an author page")),
))

AUTHORS = Record(N_("authors"), N_("the authors of stories (content/stories/.authors.yml)"), (
    Field("authors", "map", N_("each author under their id, the id a story gives in `authors:`"), required=True,
          item=AUTHOR),
))


@dataclass(frozen=True, slots=True)
class Author:
    id: str
    name: str
    description: str
    avatar: str
    url: str | None = None


def load_authors(docs_dir: Path, rel: str, problems: Problems) -> dict[str, Author] | None:
    """The authors of ``docs_dir``'s stories, checked; {} when there is no file, None when it cannot be read.
    ``rel``: the file's path as messages show it."""
    file = docs_dir / AUTHORS_FILE
    if not file.is_file():
        return {}
    tree = read_file(file, rel, problems)
    rec = convert(tree, AUTHORS, Context(rel, problems)) if tree is not None else None
    if rec is None or "authors" not in rec:
        return None
    authors: dict[str, Author] = {}
    entries: Rec = rec["authors"]
    for aid, entry in entries.items():
        where = f"authors.{aid}"
        if problem := id_problem(aid):
            problems.add(rel, entries.lines.get(aid, entries.line), where, problem)
        for key in ("name", "description"):
            value = entry.get(key)
            problem = value is not None and (plain_text_problem(value) or ('"' in value and _(
                "no double quotes (\") here: the name and description are written into the page as they are; use "
                "Chinese quotes “ ”")))
            if problem:
                problems.add(rel, entry.line_of(key), f"{where}.{key}", problem)
        for key in ("avatar", "url"):
            value = entry.get(key)
            if value is not None and (problem := url_problem(value)):
                problems.add(rel, entry.line_of(key), f"{where}.{key}", problem)
        if {"name", "description", "avatar"} <= entry.keys():
            authors[aid] = Author(aid, entry["name"], entry["description"], entry["avatar"], entry.get("url"))
    return authors
