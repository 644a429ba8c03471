"""Atomic, incremental builds: the new site replaces the old one only when all of it succeeded,
and only outputs whose content changed are new files.

Every build reads the records (edited files only, see :mod:`generator.cache`) and renders the
core. Then, against what the last build of the same target left (a state file in the cache):

- nothing changed, and the target is as that build left it: nothing is written at all;
- only stamped pages and generated files changed (records edited, not Markdown, theme or
  configuration): the new tree starts from the tree the last build replaced, kept beside the target
  (see :func:`_spare`), made to hold hard links to the published files (only what changed since is
  linked again), changed pages are stamped
  into the shells kept from the last run of the engine, the search index is rebuilt if an
  indexed page changed, and MkDocs does not run;
- otherwise MkDocs builds the whole site into a fresh directory, and every file equal to the one
  already published is replaced by a hard link to it.

Either way the new tree is a directory beside the target, audited (the files with new content,
or all of them when the private values changed), then exchanged with the target in one operation
of the kernel (:func:`_exchange`), so the target path always holds one whole site; files never
change in place, so on any failure the previous site stays byte-identical.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.utils import get_build_date

from generator.site import search
from generator.output.audit import Finding, audit_site, published_numbers, site_files, walk_files
from generator.base.cache import atomic_write, code_version, digest as _digest
from generator.records.config import load_config as load_site_config
from generator.engines.mkdocs.plugin import Core, core_outputs, engine_overrides, package_theme, shell_uri, site_theme, stamp
from generator.base.errors import BuildError, Problems
from generator.base.i18n import N_, _, ngettext
from generator.records.loader import Site, load_site
from generator.site.pages import FileOut

log = logging.getLogger("gongshi")

# The steps of a build: the keys of Report.timings, in English (callers compare them), translated by
# step_name() where `gongshi build --timings` prints them.
STEP_READ = N_("reading and checking the records")
STEP_CORE = N_("pages and files")
STEP_COMPARE = N_("comparing with the last build")
STEP_LINK_LAST = N_("linking the last build")
STEP_STAMP = N_("stamping changed pages, writing changed files")
STEP_SEARCH = N_("search index")
STEP_ENGINE = N_("MkDocs, stamping, search index")
STEP_LINK_UNCHANGED = N_("linking unchanged files")
STEP_AUDIT = N_("audit")
STEP_SAVE = N_("saving the build state")
#: findings of a failed audit shown in its message; the others are counted
SHOWN_FINDINGS = 50


@dataclass
class Report:
    """What a build did: ``mode`` is "unchanged", "stamped" (MkDocs did not run) or "full"."""

    target: Path
    mode: str
    written: int  # files with new content (the others are the previous build's, hard-linked)
    audited: int  # files the audit read
    timings: dict[str, float] = field(default_factory=dict)  # seconds by step, in order


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def build_site(config_file: Path, out: Path | None = None, now: datetime | None = None,
               site: Site | None = None) -> Report:
    """Build the site into ``out`` (default: site_dir of the configuration).

    ``site``: the records already read and checked by the caller, so they are not read twice.
    """
    site_config = site.config if site is not None else load_site_config(Path(config_file), Problems())
    cfg = _engine_config(Path(config_file), engine_overrides(site_config))
    target = (out or Path(cfg.site_dir)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with _lock(target):
        _remove_leftovers(target)
        if site is None:
            with _timed(timings, STEP_READ):
                site = load_site(Path(config_file))
        if site.problems.errors:
            raise BuildError(site.errors_message())
        try:
            with _timed(timings, STEP_CORE):
                core = core_outputs(site, now)
        except Exception as e:
            raise _failed(target, _disk_full(e, target, site.config.cache_dir) or f"{type(e).__name__}: {e}") from e
        plugin = cfg.plugins["gongshi"]
        plugin.now, plugin.preloaded, plugin.prebuilt = now, site, core
        return _build_locked(cfg, target, site, core, timings)


def step_name(step: str) -> str:
    """A step of :attr:`Report.timings` (or :data:`STEP_READ`) in the language of messages."""
    return _(step)


def _failed(target: Path, detail: str) -> BuildError:
    """The error of a build that stopped before its new site replaced the old one."""
    return BuildError(_("the build failed; the previous site in {target} is unchanged:\n{detail}")
                      .format(target=target, detail=detail))


#: the errors of a full disk (or of a full quota on it)
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _disk_full(e: BaseException | None, target: Path, cache_dir: Path) -> str | None:
    """What to say when a build stopped because a disk is full (``e`` or what caused it): which folder's disk,
    and what to do. None for any other error."""
    cache_dir = cache_dir.absolute()
    while e is not None:
        if isinstance(e, OSError) and e.errno in _DISK_FULL:
            where = Path(os.fsdecode(e.filename)).absolute() if e.filename else cache_dir
            folder = next((f for f in (cache_dir, target.parent) if where.is_relative_to(f)), where.parent)
            return _("the disk holding {folder} is full; free some space on it and build again (deleting the cache "
                     "folder {cache} is always safe)").format(folder=folder, cache=cache_dir)
        e = e.__cause__ or e.__context__
    return None


class _HeldErrors(logging.Filter):
    """The errors a logger of MkDocs logs, held back: MkDocs logs the error that stops it, then raises one
    that only says it stopped ("Aborted with a BuildError!"). The error of the build says what they said,
    once; a run that goes on after an error logs it as usual when it is over."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.records.append(record)
            return False
        return True

    @property
    def text(self) -> str:
        return "\n".join(record.getMessage() for record in self.records)


@contextmanager
def _held_errors(name: str) -> Iterator[_HeldErrors]:
    """The errors the logger ``name`` logs in the block, held back (see :class:`_HeldErrors`)."""
    logger, held = logging.getLogger(name), _HeldErrors()
    logger.addFilter(held)
    try:
        yield held
    finally:
        logger.removeFilter(held)
    for record in held.records:  # not reached when the block raised: the block went on after them
        logger.handle(record)


def _engine_config(config_file: Path, overrides: dict[str, str]):
    """MkDocs' configuration of the site; a setting MkDocs refuses is a BuildError naming it in MkDocs'
    words."""
    with _held_errors("mkdocs.config") as held:
        try:
            return load_config(config_file=str(config_file), **overrides)
        except MkDocsException as e:
            raise BuildError(_("{path}: MkDocs cannot use this configuration; fix the setting it names:\n{detail}")
                             .format(path=config_file.name, detail=held.text or str(e))) from e


@contextmanager
def _lock(target: Path) -> Iterator[None]:
    """One build of a target at a time: a second one waits for the first to finish."""
    with open(target.parent / f".{target.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(target: Path) -> None:
    """Staging and old trees of a build that was killed; safe because we hold the lock."""
    for stale in target.parent.glob(f".{target.name}-new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in target.parent.glob(f".{target.name}-old-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _remove_spare(state_path: Path) -> None:
    """The tree an older gongshi kept in the cache beside the state: links to the files of the live site, which
    writing into would change the site; nothing in the cache may be a file of the site (see :func:`_spare`)."""
    _remove_tree(state_path.with_suffix(".spare"))


@dataclass
class _State:
    """What the last successful build of a target left, to compare the next one with."""

    engine: str  # digest of everything MkDocs renders from (see _engine_key)
    full: str  # the engine digest and every stamped page and generated file
    audit: str  # digest of the private values and published numbers the audit checked against
    tree: str  # digest of the target's files as the build left them (names, sizes, times, inodes)
    outputs: dict[str, str] = field(default_factory=dict)  # digest of each stamped page and generated file
    search: dict = field(default_factory=dict)  # the search index: search.Index as a dict
    shells: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def path(site: Site, target: Path) -> Path:
        return site.config.cache_dir / "builds" / (hashlib.sha256(str(target).encode()).hexdigest()[:16] + ".json")

    @classmethod
    def load(cls, path: Path) -> _State | None:
        """The state kept in ``path``, checked against the digest saved with it (the page shells it holds are
        stamped into published pages: a changed character would be published)."""
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(saved, dict) or not isinstance(saved.get("state"), str) or "digest" not in saved:
                raise TypeError(_("written by an older gongshi"))
            if _digest(saved["state"]) != saved["digest"]:
                raise ValueError(_("its content does not match its digest"))
            state = cls(**json.loads(saved["state"]))
            if not all(isinstance(v, dict) for v in (state.outputs, state.shells, state.search)):
                raise TypeError(_("written by an older gongshi"))
            return state
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as e:
            log.warning(_("build state {path} is damaged or from another version of gongshi ({error}); building "
                          "the whole site").format(path=path, error=e))
            return None

    def save(self, path: Path) -> None:
        text = json.dumps(vars(self), ensure_ascii=False)  # vars: no deep copy
        atomic_write(path, json.dumps({"digest": _digest(text), "state": text}, ensure_ascii=False).encode())


def _build_locked(cfg, target: Path, site: Site, core: Core, timings: dict[str, float]) -> Report:
    step = functools.partial(_timed, timings)
    with step(STEP_COMPARE):
        state_path = _State.path(site, target)
        _remove_spare(state_path)
        state = _State.load(state_path)
        stamped = [p for p in core.pages if p.stamped]
        files = {f.path: f for f in core.files}
        engine = _engine_key(cfg, core)
        outputs = {p.dest: _digest(shell_uri(p), p.fingerprint) for p in stamped}
        outputs |= {rel: f.digest for rel, f in files.items()}
        full = _digest(engine, json.dumps(sorted(outputs.items())))
        audit = _digest(*sorted(site.private.values() if site.private else ()),
                        *sorted(published_numbers(site.records)))
        same_tree = None  # whether the target is as the last build left it: known once its files are listed
        if state is not None and state.full == full and target.is_dir():
            same_tree = _tree(_listing(target)) == state.tree
    if same_tree:
        return Report(target, "unchanged", 0, 0, timings)
    quick = (state is not None and same_tree is not False and target.is_dir() and state.engine == engine
             and all(shell_uri(p) in state.shells for p in stamped))
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    spare = _spare(target)
    try:
        tree = None
        if quick:
            if spare.is_dir() and not spare.is_symlink():  # the tree this one replaced last time
                os.rmdir(staging)
                os.rename(spare, staging)
            with step(STEP_LINK_LAST):
                listing = _mirror(str(target), str(staging))
                same_tree = _tree(listing) == state.tree
            if same_tree:
                changed, index, tree = _stamp_into(staging, target, listing, state, outputs, stamped, files, step,
                                                   site)
                shells = state.shells
            else:  # edited by hand since: the whole site is built again, and audited
                shutil.rmtree(staging)
                os.mkdir(staging)
                quick = False
        if not quick:
            cfg.site_dir = str(staging)
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            with step(STEP_ENGINE):
                mkdocs_build(cfg)
            plugin = cfg.plugins["gongshi"]
            index, shells = plugin.search_index, plugin.shells
            with step(STEP_LINK_UNCHANGED):
                changed = _link_unchanged(staging, target)
                if same_tree is None:
                    same_tree = state is not None and target.is_dir() and _tree(_listing(target)) == state.tree
        whole = not same_tree or state.audit != audit
        with step(STEP_AUDIT):
            audited = _audit(site, staging, None if whole else changed)
        os.chmod(staging, 0o755)
        with step(STEP_SAVE):
            tree = tree or _tree(_listing(staging))  # the files keep their times and inodes when it is renamed
        _swap(staging, target)
    except BaseException as e:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, Exception):
            known = isinstance(e, (MkDocsException, OSError, BuildError))
            detail = _disk_full(e, target, site.config.cache_dir) or (str(e) if known else f"{type(e).__name__}: {e}")
            raise _failed(target, detail) from e
        raise
    with step(STEP_SAVE):
        try:
            _State(engine, full, audit, tree, outputs, asdict(index), shells).save(state_path)
        except OSError as e:  # the new site is whole and in place; without the state the next build is whole
            state_path.unlink(missing_ok=True)
            full_disk = e.errno in _DISK_FULL
            log.warning(_("the new site is in place, but the build state could not be saved in {folder} ({error}); "
                          "the next build will build the whole site")
                        .format(folder=state_path.parent, error=_("its disk is full") if full_disk else e))
    return Report(target, "stamped" if quick else "full", len(changed), audited, timings)


def mkdocs_build(cfg) -> None:
    """MkDocs' build, imported only when it runs (a quick build does without it). When it stops, the error
    says what MkDocs logged as it stopped (a plugin's error, the page it was building)."""
    from mkdocs.commands.build import build

    with _held_errors("mkdocs.commands.build") as held:
        try:
            build(cfg)
        except Exception as e:
            if not held.records:
                raise
            raise BuildError(held.text) from e


def _engine_key(cfg, core: Core) -> str:
    """Digest of all MkDocs renders from: its inputs, the core's other pages, the stamped pages' addresses."""
    parts: list[str | bytes] = [code_version(), get_build_date(),
                                *(version(d) for d in ("mkdocs", "mkdocs-material"))]
    roots = [Path(cfg.config_file_path), Path(cfg.docs_dir)] + [d for d in (site_theme(cfg), package_theme()) if d]
    for root in roots:
        for path in sorted([root] if root.is_file() else (p for p in root.rglob("*")
                                                          if p.is_file() and "__pycache__" not in p.parts)):
            parts += [str(path), hashlib.sha256(path.read_bytes()).digest()]
    for page in core.pages:
        parts.append(repr((page.src_uri, shell_uri(page)) if page.stamped else page.fields))
    parts += [repr(d) for _, d in sorted(core.decorations.items())]
    parts += sorted(f.path for f in core.files)
    return _digest(*parts)


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    """What shows any change to a file: its size, modification time and inode."""
    return st.st_size, st.st_mtime_ns, st.st_ino


def _listing(root: Path) -> dict[str, tuple[int, int, int]]:
    """Each file of a tree (its path relative to it) with its :func:`_signature`."""
    return {rel: _signature(entry.stat(follow_symlinks=False)) for rel, entry in walk_files(root)}


def _tree(listing: dict[str, tuple[int, int, int]]) -> str:
    """Digest of a tree's listing: any change to its files shows."""
    return _digest(json.dumps(sorted(listing.items())))


def _mirror(source: str, dest: str, listing: dict | None = None, rel: str = "") -> dict[str, tuple[int, int, int]]:
    """Make ``dest`` hold exactly the files of ``source``, as hard links to them (no content is copied or
    written): a file already linked to the same inode stays, any other is replaced or removed. Return the
    listing of ``source`` (which ``dest`` now shares)."""
    listing = {} if listing is None else listing
    try:
        have = {entry.name: entry for entry in os.scandir(dest)}
    except FileNotFoundError:
        os.mkdir(dest)
        have = {}
    for entry in os.scandir(source):
        old = have.pop(entry.name, None)
        path = os.path.join(dest, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if old is not None and not old.is_dir(follow_symlinks=False):
                os.unlink(path)
            _mirror(entry.path, path, listing, f"{rel}{entry.name}/")
            continue
        listing[rel + entry.name] = found = _signature(entry.stat(follow_symlinks=False))
        if old is not None:
            if not old.is_dir(follow_symlinks=False) and old.inode() == found[2]:
                continue
            _remove(old)
        os.link(entry.path, path, follow_symlinks=False)
    for old in have.values():
        _remove(old)
    return listing


def _remove(entry: os.DirEntry) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def _write_if_changed(root: Path, rel: str, data: bytes) -> bool:
    """Write a file of the new tree unless it already holds ``data``; a linked file is replaced, never
    written through (it is also a file of the published site)."""
    path = root / rel
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
        path.unlink()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _stamp_into(staging: Path, target: Path, listing: dict[str, tuple[int, int, int]], state: _State,
                outputs: dict[str, str], stamped, files: dict[str, FileOut], step,
                site: Site) -> tuple[list[str], search.Index, str]:
    """Into the new tree, which holds the files of ``target`` as links (``listing``, theirs): changed pages
    stamped and files written (an output whose digest is the one the last build left is already there),
    the search index updated. Return the files with new content, the index and the new tree's digest."""
    changed = []
    with step(STEP_STAMP):
        for page in stamped:
            rel, uri = page.dest, shell_uri(page)
            if state.outputs.get(rel) != outputs[rel] and _write_if_changed(
                    staging, rel, stamp(state.shells[uri], uri, page).encode()):
                changed.append(rel)
        for rel, f in files.items():
            if state.outputs.get(rel) != outputs[rel] and _write_if_changed(staging, rel, f.data):
                changed.append(rel)
        for rel in set(state.outputs) - set(outputs):  # a withdrawn file; the engine key covers removed pages
            (staging / rel).unlink(missing_ok=True)
            listing.pop(rel, None)
    index = search.Index(**state.search)
    if set(changed) & set(index.pages):
        with step(STEP_SEARCH):
            index = (search.update_index(staging, index, set(changed), site.config.cache_dir)
                     or search.index_site(staging, index.pages, site.config.cache_dir))
            prefix = search.BUNDLE + "/"
            changed += _link_unchanged(staging / search.BUNDLE, target / search.BUNDLE, prefix=prefix)
            for rel in [rel for rel in listing if rel.startswith(prefix)]:
                del listing[rel]
            listing |= {prefix + rel: found for rel, found in _listing(staging / search.BUNDLE).items()}
    for rel in changed:
        listing[rel] = _signature(os.stat(staging / rel, follow_symlinks=False))
    return sorted(changed), index, _tree(listing)


def _link_unchanged(new: Path, old: Path, prefix: str = "") -> list[str]:
    """Replace each file of ``new`` equal to the same file of ``old`` with a hard link to it; return the
    others (files with new content), relative to ``new`` with ``prefix``."""
    return [prefix + rel for rel, entry in walk_files(new) if entry.is_symlink() or not _linked(old / rel, entry)]


def _linked(before: Path, entry: os.DirEntry) -> bool:
    """Whether the file of ``entry`` is a hard link to ``before``: it already was, or it held the same bytes
    and now is."""
    try:
        was = before.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    now = entry.stat()
    if (was.st_ino, was.st_dev) == (now.st_ino, now.st_dev):
        return True
    if not stat.S_ISREG(was.st_mode) or was.st_size != now.st_size or before.read_bytes() != Path(entry.path).read_bytes():
        return False
    tmp = Path(entry.path).with_name(f".{entry.name}.link")
    os.link(before, tmp)
    os.replace(tmp, entry.path)
    return True


def _audit(site: Site, staging: Path, only: list[str] | None) -> int:
    """The new tree must carry no private data before it may replace the old one; return how many files
    were read. ``only``: the files with new content, when the rest passed the same audit before."""
    files = site_files(staging) if only is None else only
    findings = audit_site(staging, site.private.values() if site.private else (), site.records, files)
    if findings:
        raise AuditFailed(findings)
    return len(files)


class AuditFailed(BuildError):
    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        count = len(findings)
        lines = [ngettext("the audit found private data in the new site ({count} finding); remove it from the "
                          "record field or page that shows it:",
                          "the audit found private data in the new site ({count} findings); remove it from the "
                          "record fields or pages that show it:", count).format(count=count)]
        lines += [str(f) for f in findings[:SHOWN_FINDINGS]]
        if count > SHOWN_FINDINGS:
            lines.append(_("… and {count} more").format(count=count - SHOWN_FINDINGS))
        super().__init__("\n".join(lines))


def _spare(target: Path) -> Path:
    """Where the tree a build replaced is kept: beside the target, as ``.<name>.spare`` (a folder only its owner
    may enter). The next quick build starts from it, so it neither creates nor removes a folder per page (a
    new tree of links costs about 0.15 ms a file, 2 s for 5,000 nominees). Its files are hard links to the
    published ones: it is never kept in the cache, whose files may be deleted or changed by hand without a
    thought for the site."""
    return target.parent / f".{target.name}.spare"


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` in one step (see :func:`_exchange`): at every instant ``target`` is one
    whole site, the old one or the new one. The old tree is then kept as :func:`_spare` (or, after a first
    build, a tree of links to the new one is made there)."""
    spare = _spare(target)
    if not os.path.lexists(target):
        os.rename(staging, target)  # one step: there was no site to keep whole
        _remove_tree(spare)
        try:  # no tree was replaced: the next quick build starts from links to this one
            os.mkdir(spare, 0o700)
            _mirror(str(target), str(spare))
        except OSError:  # it would only have saved the next build time
            shutil.rmtree(spare, ignore_errors=True)
        return
    if _exchange(staging, target):
        old = staging  # now the old tree; a kill from here on leaves it as a leftover the next build removes
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.rmdir(old)
        log.warning(_("the file system of {folder} cannot exchange two folders in one step; {target} was "
                      "missing for a moment while the new site replaced the old one")
                    .format(folder=target.parent, target=target.name))
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(old, target)
            raise
    try:
        os.chmod(old, 0o700)
        _remove_tree(spare)  # one a whole build did not start from
        os.rename(old, spare)
    except OSError:  # the new site is in place; keeping the old tree only saves the next build time
        shutil.rmtree(old, ignore_errors=True)  # what is left is removed by the next build (_remove_leftovers)


def _remove_tree(path: Path) -> None:
    """Remove a folder, a file or a link at ``path``, if there is one."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


#: renameat2(2) flag: exchange the two paths
_RENAME_EXCHANGE = 2
#: renamex_np(2) flag (macOS): swap the two paths
_RENAME_SWAP = 2
_AT_FDCWD = -100


@functools.cache
def _exchange_call():
    """The C function that exchanges two paths in one step, as a function of two byte paths returning 0 or
    -1 (errno set): renameat2(RENAME_EXCHANGE) on Linux (glibc 2.28 and later), renamex_np(RENAME_SWAP) on
    macOS; None elsewhere."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if hasattr(libc, "renameat2"):
        call = libc.renameat2
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        call.restype = ctypes.c_int
        return lambda a, b: call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE)
    if hasattr(libc, "renamex_np"):
        call = libc.renamex_np
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        call.restype = ctypes.c_int
        return lambda a, b: call(a, b, _RENAME_SWAP)
    return None


def _exchange(a: Path, b: Path) -> bool:
    """Exchange the two paths in one operation of the kernel, so that no moment exists where either is
    missing (a web server or a reader always finds a whole tree). False when this system or file system
    cannot (then nothing was changed)."""
    call = _exchange_call()
    if call is None:
        return False
    if call(os.fsencode(a), os.fsencode(b)) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(error, os.strerror(error), str(a), None, str(b))
