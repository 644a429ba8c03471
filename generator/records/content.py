"""Markdown written by press officers: featured-figure profiles and feature stories.

Only the front matter is read here (with line numbers, through the same
trap-refusing YAML as the records); the body stays Markdown for the engine.
References are checked in both directions: a figure's nominee entries, a
story's figures and notices, photos and covers.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from generator.records import content_files as contentfiles, frontmatter
from generator.media import photos
from generator.records.authors import AUTHORS_FILE, Author, load_authors
from generator.base.cache import Store, key
from generator.records.config import SiteConfig
from generator.records.conversion import Rec, id_problem
from generator.base.errors import Problems
from generator.records.frontmatter import FIGURES_DIR, FRONT, STORIES_DIR, kind_of
from generator.base.i18n import _, listing
from generator.records.markdown_limits import markdown_limits
from generator.model.public import Records
from generator.records.sanitize import markdown_problems, plain_text_problem
from generator.records.schema import ID_MAX
from generator.records.validate import PHOTO_SUFFIXES, needs_description, not_a_photo, outside_site
from generator.records.yamlmistakes import decode
from generator.records.yamltree import MAX_BYTES, parse_text


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    src_uri: str  # e.g. figures/zhao-hongmei.md
    name: str
    photo: str | None = None  # relative to the site directory
    photo_alt: str | None = None
    unit: str | None = None
    position: str | None = None
    honours: tuple[str, ...] = ()
    quote: str | None = None
    nominees: tuple[tuple[str, str], ...] = ()  # (notice id, nominee id)
    description: str | None = None

    @property
    def url(self) -> str:
        return f"{FIGURES_DIR}/{self.id}/"


@dataclass(frozen=True, slots=True)
class Story:
    slug: str
    src_uri: str
    date: date
    title: str
    description: str
    authors: tuple[str, ...]
    categories: tuple[str, ...] = ()
    cover: str | None = None
    cover_alt: str | None = None
    figures: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    draft: bool = False
    body: str = ""  # the Markdown after the front matter

    @property
    def url(self) -> str:
        return f"stories/{self.slug}/"


@dataclass(frozen=True)
class Content:
    figures: dict[str, Figure]
    stories: tuple[Story, ...]  # newest first, drafts excluded
    authors: dict[str, Author] = field(default_factory=dict)  # of stories, by id

    def as_of(self, day: date) -> Content:
        """The content as it is public on ``day``: a story dated later waits for its day (it is on no page,
        feed, listing or search index before it)."""
        if not self.waiting(day):
            return self
        return replace(self, stories=tuple(s for s in self.stories if s.date <= day))

    def waiting(self, day: date) -> tuple[Story, ...]:
        """The stories dated after ``day``, soonest first."""
        return tuple(sorted((s for s in self.stories if s.date > day), key=lambda s: (s.date, s.slug)))


def front_matter(text: str, rel: str, problems: Problems):
    """The front matter of a Markdown file as a line-tracked tree (lines as in the file)."""
    match = FRONT.match(text)
    if not match:
        problems.add(rel, 1, "(front matter)", _("the file must start with front matter between two `---` lines"))
        return None
    return parse_text("\n" + match.group(1), rel, problems)  # the leading newline keeps line numbers


def _read(file: Path, kind: str, config: SiteConfig, problems: Problems, store: Store) -> tuple[Rec | None, str]:
    """A Markdown file of content/ checked on its own: raw HTML and script links in its body, its front matter
    (required for a figure or a story, ``kind``) against the allow-list of its kind, and its plain-text fields;
    from ``store`` when this exact file was read before. Returns the front matter's record (None when there is
    none or it has errors) and the body."""
    rel = config.rel(file)
    if file.stat().st_size > MAX_BYTES:
        problems.add(rel, 0, "(file)", _("file is over the 1 MB limit"))
        return None, ""
    data = file.read_bytes()

    def read() -> tuple[Rec | None, str, list]:
        found = Problems()
        text = decode(data, rel, found)
        if text is None:
            return None, "", found.items
        text = frontmatter.normalised(text)
        match = FRONT.match(text)
        body = text[match.end():] if match else text
        body_start = text[: match.end()].count("\n") + 1 if match else 1
        for line, name in frontmatter.multimarkdown_keys(text):
            found.add(rel, line, "(front matter)", frontmatter.multimarkdown_problem(name))
        for line, message in markdown_limits(body, body_start) or markdown_problems(body, body_start):
            found.add(rel, line, "(markdown)", message)
        rec = None
        if match or kind != "page":
            tree = front_matter(text, rel, found)
            rec = frontmatter.read(tree, kind, rel, found) if tree is not None else None
            if rec is not None:
                _plain_text(rec, rel, found)
        return rec, body, found.items
    rec, body, items = store.fetch(key(rel, kind, data), read)
    problems.items.extend(items)
    return rec, body


def _figure_name_problem(file: Path) -> str | None:
    """A figure's file name is its id and part of its address, under the id rule of records (two names that
    differ only in case would be one file on Windows and macOS)."""
    if id_problem(file.stem) is None:
        return None
    name = re.sub(r"[^a-z0-9]+", "-", file.stem.lower()).strip("-")[:ID_MAX].strip("-")
    if not name:
        return _("the file name is the figure's id and address: use lower-case letters a-z, digits and single "
                 "hyphens, e.g. the name in pinyin: zhao-hongmei.md")
    other = file.parent / f"{name}.md"
    if other.exists() and not other.samefile(file):  # the same file where names ignore case
        return _("the file name is the figure's id and address, in lower-case letters a-z, digits and single "
                 "hyphens; {name} exists too: keep one of the two files").format(name=f"{name}.md")
    return _("the file name is the figure's id and address: use lower-case letters a-z, digits and single hyphens; "
             "rename the file to {name}").format(name=f"{name}.md")


def _photo(rec: Rec, key: str, alt_key: str, rel: str, config: SiteConfig, problems: Problems) -> str | None:
    value = rec.get(key)
    if value is None:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), value))
    if path.startswith("../") or not (config.root / path).resolve().is_relative_to(config.root.resolve()):
        problems.add(rel, rec.line_of(key), key, outside_site(value))  # by its path, or as a link leading out
    elif not value.lower().endswith(PHOTO_SUFFIXES):
        problems.add(rel, rec.line_of(key), key, not_a_photo(value))
    elif not (config.root / path).is_file():
        problems.add(rel, rec.line_of(key), key,
                     _("no such file {path}; the path is relative to this Markdown file").format(path=path))
    else:
        problem = photos.check_file(config.root / path, path, photos.PhotoCache(config.photo_cache))
        if problem:
            problems.add(rel, rec.line_of(key), key, f"{path}: {problem}")
    if not rec.get(alt_key):
        problems.add(rel, rec.line_of(key), alt_key, needs_description(alt_key))
    return path


PLAIN_TEXT_FIELDS = ("name", "title", "description", "quote", "unit", "position", "photo_alt", "cover_alt")
#: lists of plain text: a figure's honours, a story's categories (names of pages, in their <title>)
PLAIN_TEXT_LISTS = ("honours", "categories")


def _plain_text(rec: Rec, rel: str, problems: Problems) -> None:
    for key in PLAIN_TEXT_FIELDS:
        if isinstance(rec.get(key), str) and (problem := plain_text_problem(rec[key])):
            problems.add(rel, rec.line_of(key), key, problem)
    for key in PLAIN_TEXT_LISTS:
        for i, value in enumerate(rec.get(key, []), 1):
            if problem := plain_text_problem(value):
                problems.add(rel, rec.line_of(key), f"{key}[{i}]", problem)


def load_content(config: SiteConfig, records: Records | None, problems: Problems) -> Content:
    docs = config.docs_dir
    for rel, message in contentfiles.problems(docs):
        problems.add(f"{config.rel(docs)}/{rel}", 0, "(file)", message)
    store = Store(config.cache_dir / "content")
    read = {}
    for file in sorted(f for f in docs.rglob("*.md") if f.is_file() and f.resolve().is_relative_to(docs.resolve())):
        kind = kind_of(file.relative_to(docs).as_posix())
        read[file] = (config.rel(file), *_read(file, kind, config, problems, store))
    store.keep(store.used)  # the entries of files edited or removed since
    figures: dict[str, Figure] = {}
    for file in sorted(f for f in (docs / FIGURES_DIR).glob("*.md") if f in read):
        rel, rec, _body = read[file]
        if problem := _figure_name_problem(file):
            problems.add(rel, 0, "(file)", problem)
            continue
        if rec is None:
            continue
        refs = []
        for i, ref in enumerate(rec.get("nominees", []), 1):
            notice_id, _slash, nominee_id = ref.partition("/")
            notice = records.notices.get(notice_id) if records else None
            if records and (notice is None or not any(n.id == nominee_id for n in notice.nominees)):
                problems.add(rel, rec.line_of("nominees"), f"nominees[{i}]",
                             _("no nominee '{ref}'; write notice-id/nominee-id of an existing entry").format(ref=ref))
            refs.append((notice_id, nominee_id))
        figures[file.stem] = Figure(
            id=file.stem, src_uri=f"{FIGURES_DIR}/{file.name}", name=rec.get("name", file.stem),
            photo=_photo(rec, "photo", "photo_alt", rel, config, problems), photo_alt=rec.get("photo_alt"),
            unit=rec.get("unit"), position=rec.get("position"), honours=tuple(rec.get("honours", [])),
            quote=rec.get("quote"), nominees=tuple(refs), description=rec.get("description"))
    authors_rel = config.rel(docs / AUTHORS_FILE)
    authors = load_authors(docs, authors_rel, problems)
    stories = []
    for file in sorted(f for f in (docs / STORIES_DIR).glob("*.md") if f in read):
        rel, rec, body = read[file]
        if rec is None or not {"date", "title", "description", "slug", "authors"} <= rec.keys():
            continue
        for ref in rec["authors"] if authors is not None else []:
            if ref not in authors:
                problems.add(rel, rec.line_of("authors"), "authors", _(
                    "no author '{ref}' in {file}; add the author there or use one of: {known}").format(
                    ref=ref, file=authors_rel, known=listing(sorted(authors)) or _("none yet")))
        for key, known in (("figures", figures), ("notices", records.notices if records else None)):
            for ref in rec.get(key, []):
                if known is not None and ref not in known:
                    missing = _("no figure '{ref}'") if key == "figures" else _("no notice '{ref}'")
                    problems.add(rel, rec.line_of(key), key, missing.format(ref=ref))
        stories.append(Story(
            slug=rec["slug"], src_uri=file.relative_to(docs).as_posix(), date=rec["date"], title=rec["title"],
            description=rec["description"], authors=tuple(rec["authors"]), categories=tuple(rec.get("categories", [])),
            cover=_photo(rec, "cover", "cover_alt", rel, config, problems), cover_alt=rec.get("cover_alt"),
            figures=tuple(rec.get("figures", [])), notices=tuple(rec.get("notices", [])), draft=rec.get("draft", False),
            body=body))
    slugs: dict[str, str] = {}
    for story in stories:
        if story.slug in slugs:
            problems.add(config.rel(docs / story.src_uri), 0, "slug",
                         _("slug '{slug}' is also used by {other}").format(slug=story.slug, other=slugs[story.slug]))
        slugs[story.slug] = story.src_uri
    published = sorted((s for s in stories if not s.draft), key=lambda s: (s.date, s.slug), reverse=True)
    return Content(dict(sorted(figures.items())), tuple(published), authors or {})
