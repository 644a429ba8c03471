"""Reading a site: site_config.yml and every record file, into the public model.

The only module of the core that reads files. It collects every problem of
every file, then builds the public model (only when there are no errors) and
hands private values to a separate :class:`~generator.privacy.PrivateStore`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from generator.model import public as model
from generator.records import public
from generator.media import photos
from generator.base.cache import Store, digest, key, remembered
from generator.records.config import SiteConfig, load_config
from generator.records.content import Content, load_content
from generator.records.conversion import Context, convert
from generator.base.dates import build_now
from generator.base.errors import Problems
from generator.base.i18n import _
from generator.records.leaks import check_public_text, folded_texts
from generator.records.ledger import Ledger, read_ledger
from generator.records.rewrites import check_rewrites
from generator.model.private import PrivateStore
from generator.records.types import FILE_TYPES
from generator.records.rules import check_rules
from generator.records.trail import carry, check_levels, check_trail
from generator.records.validate import PHOTO_SUFFIXES, RecordFile, check_all, check_content_images, check_page_characters
from generator.records.yamltree import MAX_BYTES, Mapping, read_file

#: suffixes of record files, in any case (Windows does not tell NOTICE.YML from notice.yml)
RECORD_SUFFIXES = (".yml", ".yaml")
#: names a record file gets when Notepad saves it as a text document behind hidden extensions
MISNAMED_SUFFIXES = (".yml.txt", ".yaml.txt")


@dataclass
class Site:
    """Everything read from a site directory."""

    config: SiteConfig
    problems: Problems
    records: model.Records | None = None
    private: PrivateStore | None = None
    content: Content | None = None
    #: what each notice said in public, from which moment (generator.records.ledger)
    ledger: Ledger = field(default_factory=lambda: Ledger({}))

    def errors_message(self) -> str:
        return "\n".join([_("the records have errors; run `gongshi check`:"), *map(str, self.problems.sorted())])


def listing(notices_dir: Path) -> tuple[list[Path], list[Path]]:
    """The record files and the files named like a record file saved as text (``notice.yml.txt``), each in
    a stable order (sorted by relative path)."""
    if not notices_dir.is_dir():
        return [], []
    records, misnamed = [], []
    for path in notices_dir.rglob("*"):
        name = path.name.lower()
        if name.endswith(RECORD_SUFFIXES) and path.is_file():
            records.append(path)
        elif name.endswith(MISNAMED_SUFFIXES) and path.is_file():
            misnamed.append(path)
    order = lambda p: p.relative_to(notices_dir).as_posix()  # noqa: E731
    return sorted(records, key=order), sorted(misnamed, key=order)


def record_files(notices_dir: Path) -> list[Path]:
    """Record files in a stable order (sorted by relative path)."""
    return listing(notices_dir)[0]


def _misnamed(files: list[Path], config: SiteConfig, problems: Problems) -> None:
    for file in files:
        problems.add(config.rel(file), 0, "(file)", _(
            "this file is not read: its name ends in .txt, which Windows hides; rename it to {name} (to see the "
            "whole name, tick File name extensions in the View menu of File Explorer)").format(
            name=file.name[: -len(".txt")]), "warning")


class UnreadCampaigns(Container[str]):
    """The campaigns of record files that could not be read (or whose id could not): their ids as the files'
    bytes show them, or every id when one cannot be told. A notice that names one is not told that its
    campaign is unknown: the campaign file's own error says what to fix."""

    _TOP = re.compile(rb"^(?:\xef\xbb\xbf)?campaign[ \t]*:", re.M)
    _ID = re.compile(rb"^([ \t]+)id[ \t]*:[ \t]*[\"']?([A-Za-z0-9_-]+)", re.M)

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.every = False

    def add(self, file: Path) -> None:
        """A record file that could not be read: if it seems to be a campaign's (a top-level ``campaign:``),
        the id is its least indented ``id:`` below."""
        with file.open("rb") as f:
            data = f.read(MAX_BYTES)
        top = self._TOP.search(data)
        if top is None:
            return
        ids = sorted((len(m[1].expandtabs()), m[2].decode()) for m in self._ID.finditer(data, top.end()))
        if ids:
            self.ids.add(ids[0][1])
        else:
            self.every = True

    def __contains__(self, item: object) -> bool:
        return self.every or item in self.ids


def read_records(files: list[Path], config: SiteConfig, problems: Problems, store: Store,
                 unread: UnreadCampaigns | None = None) -> list[RecordFile]:
    """Every record file, checked field by field: a file read before with these exact bytes from ``store``,
    the others on every core. The files that could not be read, or whose campaign id could not, go to
    ``unread``."""
    rels = [config.rel(file) for file in files]
    keys = [key(rel, file.read_bytes()) if file.stat().st_size <= MAX_BYTES else None  # refused unread
            for rel, file in zip(rels, files)]
    read = []
    for file, k, (loaded, items) in zip(files, keys, store.fetch_each(keys, _checked, list(zip(files, rels)))):
        problems.items.extend(items)
        if loaded is not None:
            read.append(replace(loaded, file=file, digest=k or ""))
        if unread is not None and (loaded is None or loaded.kind == "campaign" and "id" not in loaded.rec):
            unread.add(file)
    return read


def _checked(item: tuple[Path, str]) -> tuple[RecordFile | None, list]:
    found = Problems()
    read = _read_record(*item, found)
    return (replace(read, public=folded_texts(read.rec)) if read is not None else None), found.items


def _read_record(file: Path, rel: str, problems: Problems) -> RecordFile | None:
    before = len(problems)
    tree = read_file(file, rel, problems, records=FILE_TYPES)
    if tree is None:
        if len(problems) == before:
            problems.add(rel, 0, "(file)", _("the file is empty; add a `notice:` or `campaign:` record"))
        return None
    kinds = [k for k in FILE_TYPES if isinstance(tree, Mapping) and k in tree.entries]
    if not isinstance(tree, Mapping) or len(kinds) != 1 or len(tree.entries) != 1:
        problems.add(rel, tree.line, "(file)",
                     _("a record file holds exactly one top-level key, `notice:` or `campaign:`, "
                       "with the record's fields indented below it"))
        return None
    kind = kinds[0]
    rec = convert(tree.get(kind), FILE_TYPES[kind], Context(rel, problems))
    return RecordFile(rel, file, kind, rec) if rec is not None else None


def load_site(config_path: Path, now: datetime | None = None) -> Site:
    """Read and check a whole site as of ``now`` (default: the build's moment, see
    :func:`generator.base.dates.build_now`). ``site.records`` is None when there are errors."""
    problems = Problems()
    photos.forget_sources()
    config = load_config(config_path, problems)
    store = Store(config.cache_dir / "records")
    found, misnamed = listing(config.notices_dir)
    unread = UnreadCampaigns()
    files = read_records(found, config, problems, store, unread)
    store.keep(store.used)  # the entries of files edited or removed since
    _misnamed(misnamed, config, problems)
    if not config.notices_dir.is_dir():
        problems.add(config.rel(config.path), 0, "plugins.gongshi.notices_dir",
                     _("no folder {folder}; create it or set notices_dir").format(
                         folder=config.rel(config.notices_dir)))
    files, carried = carry(files, problems)
    checked = check_all(files, config, problems, unread)
    for f in files:
        if f.kind == "campaign":
            check_levels(f, problems)
    pages = _pages(config)
    check_public_text(files, problems, pages)
    check_page_characters(pages, problems)
    _check_photos(files, config, problems)
    check_content_images(config, problems)
    site = Site(config, problems, ledger=read_ledger(config, problems))
    if not problems.errors:
        site.records, site.private = _build(files, checked.working_days)
        check_rules(site.records, site.private, problems)
        check_trail(files, site.records, carried, config, build_now(now), problems)
        check_rewrites(files, site.records, site.ledger, build_now(now), config, problems)
    site.content = load_content(config, site.records, problems)
    if problems.errors:
        site.records = site.private = None
    return site



def _pages(config: SiteConfig) -> dict[str, str]:
    """The text of every Markdown page of ``content/`` by its path (for the private data they must not hold);
    a page that is not UTF-8 or too large is reported, and skipped here, by the reading of content."""
    pages = {}
    inside = config.docs_dir.resolve()
    for file in sorted(config.docs_dir.rglob("*.md")) if config.docs_dir.is_dir() else []:
        # a link leading out of content/ is refused by the reading of content, and never read
        if file.is_file() and file.resolve().is_relative_to(inside) and file.stat().st_size <= MAX_BYTES:
            try:
                pages[config.rel(file)] = file.read_bytes().decode("utf-8-sig")
            except UnicodeDecodeError:
                continue  # said by load_content, with the encoding it seems to be in
    return pages


def _build(files: list[RecordFile], working_days: dict[str, int]) -> tuple[model.Records, PrivateStore]:
    private = PrivateStore()
    campaign_files = {f.rec["id"]: f for f in files if f.kind == "campaign"}
    campaigns = {k: public.campaign(f.rec, f.path) for k, f in campaign_files.items()}
    notices = {}
    for f in files:
        if f.kind != "notice":
            continue
        rec = f.rec
        for nom in rec["nominees"]:
            private.put(rec["id"], nom["id"], nom.get("private", {}))
        days = working_days[rec["id"]]
        source = digest(f.digest, campaign_files[rec["campaign"]].digest, str(days)) if f.digest else ""
        make = functools.partial(public.notice, rec, campaigns[rec["campaign"]], days, f.path, source)
        notices[rec["id"]] = remembered(("public-notice", source), make) if source else make()
    return model.Records(dict(sorted(campaigns.items())), dict(sorted(notices.items()))), private


def _check_photos(files: list[RecordFile], config: SiteConfig, problems: Problems) -> None:
    """Decode every referenced photo with the build's guards (bombs, truncation, format)."""
    cache = photos.PhotoCache(config.photo_cache)
    for f in files:
        for i, nom in enumerate(f.rec.get("nominees", []) if f.kind == "notice" else [], 1):
            photo = nom.get("photo")
            target = f.file.parent / photo if photo else None
            if target is None or not target.is_file() or target.suffix.lower() not in PHOTO_SUFFIXES:
                continue  # missing files and wrong suffixes are reported by validation
            problem = photos.check_file(target, config.rel(target), cache)
            if problem:
                problems.add(f.path, nom.line_of("photo"), f"nominees[{i}].photo", f"{config.rel(target)}: {problem}")
