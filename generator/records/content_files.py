"""What content/ may hold: Markdown pages and photos; nothing else is published from it.

MkDocs publishes every file of its docs folder as it is: an HTML page or an SVG that runs script, a style sheet,
a script named like the site's own (``assets/gongshi/gongshi.js``) that replaces it, office documents and PDFs
with their authors, comments and hidden sheets. content/ may therefore hold only Markdown pages (``.md``) and
photos (:data:`~generator.validate.PHOTO_SUFFIXES`), which are never copied: a page that uses one gets it
re-encoded from its pixels (:mod:`generator.photos`). ``check`` names every other file (:func:`problems`), and the
engine refuses to publish one (``generator/engine_mkdocs.py``). Names starting with a dot are never published
(MkDocs leaves them out; ``stories/.authors.yml`` is read and checked by :mod:`generator.authors`). A link
(symlink) in content/ may not lead out of it.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator.base.i18n import _
from generator.media.photos import is_image
from generator.records.validate import PHOTO_SUFFIXES

#: endings MkDocs also reads as Markdown pages; gongshi checks only ``.md`` (in lower case)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_photo(name: str) -> bool:
    return name.lower().endswith(PHOTO_SUFFIXES)


def file_problem(name: str) -> str | None:
    """Why a file of content/ (its name) may not be there; None for a Markdown page or a photo."""
    if name.endswith(".md") or is_photo(name):
        return None
    stem, dot, suffix = name.rpartition(".")
    if dot and f".{suffix.lower()}" in MARKDOWN_SUFFIXES:
        return _("a Markdown page's name ends in .md (in lower case); rename the file to {name}").format(
            name=f"{stem}.md")
    return _("content/ may hold only Markdown pages (.md) and photos; move this file out of content/ (any other "
             "file would be published as it is)")


def link_problem() -> str:
    return _("this is a link to a file or folder outside content/; put the file itself in content/")


def problems(docs: Path) -> list[tuple[str, str]]:
    """(path within ``docs``, message) for each file or link ``docs`` may not hold, in a stable order."""
    found = []
    inside = docs.resolve()
    for folder, dirs, files in os.walk(docs):
        base = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in dirs + sorted(f for f in files if not f.startswith(".")):
            path = base / name
            rel = path.relative_to(docs).as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(inside):
                found.append((rel, link_problem()))
            elif name in files and not is_image(name) and (problem := file_problem(name)):
                # images that are not photos have their own message (generator.validate.check_content_images)
                found.append((rel, problem))
    return sorted(found)
