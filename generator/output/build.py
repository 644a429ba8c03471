"""Atomic, incremental builds: the new site replaces the old one only when all of it succeeded,
and only outputs whose content changed are new files.

Every build reads the records (edited files only, see :mod:`generator.cache`) and renders the
core. Then, against what the last build of the same target left (a state file in the cache):

- nothing changed, and the target is as that build left it: nothing is written at all;
- only stamped pages and generated files changed (records edited, not what the engine reads:
  Markdown, theme, configuration): the new tree starts from the tree the last build replaced, kept beside the target
  (see :func:`generator.output.tree.spare_of`), made to hold hard links to the published files (only what changed since is
  linked again), changed pages are stamped
  into the shells kept from the last run of the engine, the search index is rebuilt if an
  indexed page changed, and the engine does not run;
- otherwise the engine builds the whole site into a fresh directory, and every file equal to the one
  already published is replaced by a hard link to it.

Either way the new tree is a directory beside the target, audited (the files with new content,
or all of them when the private values changed), then exchanged with the target in one operation
of the kernel (:mod:`generator.output.tree`), so the target path always holds one whole site; files never
change in place, so on any failure the previous site stays byte-identical.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from generator.base import dates
from generator.base.cache import atomic_write, digest as _digest
from generator.base.errors import BuildError
from generator.base.i18n import N_, _, ngettext
from generator.output import publish, tree
from generator.output.audit import Finding, audit_site, published_numbers, site_files
from generator.output.engine import Engine
from generator.output.state import State
from generator.records.loader import Site, load_site
from generator.site import search
from generator.site.outputs import Built, FileOut
from generator.site.pages import site_outputs
from generator.site.schedule import NextChange, next_change, next_change_json

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
#: beside site_config.yml, outside the published site and the cache: when to build again, for a timer
NEXT_FILE = ".gongshi-next.json"


@dataclass
class Report:
    """What a build did: ``mode`` is "unchanged", "stamped" (the engine did not run) or "full"."""

    target: Path
    mode: str
    written: int  # files with new content (the others are the previous build's, hard-linked)
    audited: int  # files the audit read
    timings: dict[str, float] = field(default_factory=dict)  # seconds by step, in order
    #: the notices whose new version this build recorded in the ledger (a publishing build only)
    recorded: list[str] = field(default_factory=list)
    #: the next moment the site changes without an edit (also in NEXT_FILE beside site_config.yml)
    next: NextChange = NextChange(None, ())


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def build_site(config_file: Path, engine: Engine, out: Path | None = None, now: datetime | None = None,
               site: Site | None = None) -> Report:
    """Build the site into ``out`` (default: the engine's site_dir) with ``engine``.

    ``site``: the records already read and checked by the caller, so they are not read twice. A build that
    succeeded writes :data:`NEXT_FILE` (see :func:`save_next`); one that failed leaves it as it was.
    """
    target = (out or engine.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with _lock(target):
        _remove_leftovers(target)
        if site is None:
            with _timed(timings, STEP_READ):
                site = load_site(Path(config_file), now)
        if site.problems.errors:
            raise BuildError(site.errors_message())
        # a publishing build records the new versions in the ledger (generator.output.publish); previews never do
        publishing = now is None and target == engine.site_dir.resolve()
        try:
            with _timed(timings, STEP_CORE):
                moment = dates.build_now(now)  # the one moment of the pages and of the next change
                built = site_outputs(site, moment, publishing)
        except Exception as e:
            raise _failed(target, _disk_full(e, target, site.config.cache_dir) or f"{type(e).__name__}: {e}") from e
        report = _build_locked(engine, target, site, built, timings, publishing)
        assert site.records is not None and site.content is not None
        report.next = next_change(site.records, site.content, site.config, moment)
        save_next(site.config.root / NEXT_FILE, report.next, moment)
        return report


def save_next(path: Path, change: NextChange, now: datetime) -> None:
    """Write when the site changes next, whole or not at all. The new site is already in place: a file that
    cannot be written is a warning, and an older one is removed rather than left telling a wrong moment."""
    data = json.dumps(next_change_json(change, now, datetime.now(dates.TZ)), ensure_ascii=False, indent=2)
    try:
        atomic_write(path, (data + "\n").encode())
    except OSError as e:
        with contextlib.suppress(OSError):  # what stops it is in the warning
            path.unlink(missing_ok=True)
        log.warning(_("the new site is in place, but {path} could not be written ({error}); a timer waiting for "
                      "the next automatic update will not know when it is").format(path=path, error=e))


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
    writing into would change the site; nothing in the cache may be a file of the site (see
    :func:`generator.output.tree.spare_of`)."""
    tree.remove_tree(state_path.with_suffix(".spare"))


def _build_locked(engine: Engine, target: Path, site: Site, built: Built, timings: dict[str, float],
                  publishing: bool = False) -> Report:
    step = functools.partial(_timed, timings)
    with step(STEP_COMPARE):
        state_path = State.path(site.config.cache_dir, target)
        _remove_spare(state_path)
        state = State.load(state_path)
        stamped = [p for p in built.pages if p.stamped]
        files = {f.path: f for f in built.files}
        fingerprint = engine.fingerprint(built, state.inputs if state is not None else {})
        outputs = {p.dest: _digest(engine.shell_of(p), p.fingerprint) for p in stamped}
        outputs |= {rel: f.digest for rel, f in files.items()}
        audit = _digest(*sorted(site.private.values() if site.private else ()),
                        *sorted(published_numbers(site.records)))
        # a new private value alone changes no file, but every file must be audited for it again
        full = _digest(fingerprint, audit, json.dumps(sorted(outputs.items())))
        same_tree = None  # whether the target is as the last build left it: known once its files are listed
        if state is not None and state.full == full and target.is_dir():
            same_tree = tree.tree_digest(tree.list_files(target)) == state.tree
    if same_tree:
        return Report(target, "unchanged", 0, 0, timings)  # (a new version changes its pages: not unchanged)
    quick = (state is not None and same_tree is not False and target.is_dir() and state.engine == fingerprint
             and all(engine.shell_of(p) in state.shells for p in stamped))
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    spare = tree.spare_of(target)
    try:
        new_tree = None
        if quick:
            assert state is not None
            if spare.is_dir() and not spare.is_symlink():  # the tree this one replaced last time
                os.rmdir(staging)
                os.rename(spare, staging)
            with step(STEP_LINK_LAST):
                listing = tree.mirror(str(target), str(staging))
                same_tree = tree.tree_digest(listing) == state.tree
            if same_tree:
                changed, index, new_tree = _stamp_into(engine, staging, target, listing, state, outputs, stamped,
                                                       files, step, site)
                shells, inputs = state.shells, state.inputs
            else:  # edited by hand since: the whole site is built again, and audited
                shutil.rmtree(staging)
                os.mkdir(staging)
                quick = False
        if not quick:
            with step(STEP_ENGINE):
                rendered = engine.render(site, built, staging)
            index, shells, inputs = rendered.index, rendered.shells, rendered.inputs
            fingerprint = engine.fingerprint(built, inputs)  # of what this run read
            full = _digest(fingerprint, audit, json.dumps(sorted(outputs.items())))
            with step(STEP_LINK_UNCHANGED):
                changed = tree.link_unchanged(staging, target)
                if same_tree is None:
                    same_tree = (state is not None and target.is_dir()
                                 and tree.tree_digest(tree.list_files(target)) == state.tree)
        whole = not same_tree or state is None or state.audit != audit
        with step(STEP_AUDIT):
            audited = _audit(site, staging, None if whole else changed)
        os.chmod(staging, 0o755)
        with step(STEP_SAVE):
            # the files keep their times and inodes when the tree is renamed
            new_tree = new_tree or tree.tree_digest(tree.list_files(staging))
            recorded = sorted(built.pending) if publishing else []
            if recorded:
                publish.record(site, built.pending)
        tree.swap(staging, target)
    except BaseException as e:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(e, Exception):
            known = isinstance(e, (OSError, BuildError))
            detail = _disk_full(e, target, site.config.cache_dir) or (str(e) if known else f"{type(e).__name__}: {e}")
            raise _failed(target, detail) from e
        raise
    with step(STEP_SAVE):
        try:
            State(fingerprint, full, audit, new_tree, outputs, asdict(index), shells, inputs).save(state_path)
        except OSError as e:  # the new site is whole and in place; without the state the next build is whole
            state_path.unlink(missing_ok=True)
            full_disk = e.errno in _DISK_FULL
            log.warning(_("the new site is in place, but the build state could not be saved in {folder} ({error}); "
                          "the next build will build the whole site")
                        .format(folder=state_path.parent, error=_("its disk is full") if full_disk else e))
    return Report(target, "stamped" if quick else "full", len(changed), audited, timings, recorded)


def _stamp_into(engine: Engine, staging: Path, target: Path, listing: dict[str, tuple[int, int, int]], state: State,
                outputs: dict[str, str], stamped, files: dict[str, FileOut], step,
                site: Site) -> tuple[list[str], search.Index, str]:
    """Into the new tree, which holds the files of ``target`` as links (``listing``, theirs): changed pages
    stamped and files written (an output whose digest is the one the last build left is already there),
    the search index updated. Return the files with new content, the index and the new tree's digest."""
    changed = []
    with step(STEP_STAMP):
        for page in stamped:
            rel = page.dest
            if state.outputs.get(rel) != outputs[rel] and tree.write_if_changed(
                    staging, rel, engine.stamp(state.shells[engine.shell_of(page)], page).encode()):
                changed.append(rel)
        for rel, f in files.items():
            if state.outputs.get(rel) != outputs[rel] and tree.write_if_changed(staging, rel, f.data):
                changed.append(rel)
        for rel in set(state.outputs) - set(outputs):  # a withdrawn file; the fingerprint covers removed pages
            (staging / rel).unlink(missing_ok=True)
            listing.pop(rel, None)
    index = search.Index(**state.search)
    if set(changed) & set(index.pages):
        with step(STEP_SEARCH):
            index = (search.update_index(staging, index, set(changed), site.config.cache_dir)
                     or search.index_site(staging, index.pages, site.config.cache_dir))
            prefix = search.BUNDLE + "/"
            changed += tree.link_unchanged(staging / search.BUNDLE, target / search.BUNDLE, prefix=prefix)
            for rel in [rel for rel in listing if rel.startswith(prefix)]:
                del listing[rel]
            listing |= {prefix + rel: found for rel, found in tree.list_files(staging / search.BUNDLE).items()}
    for rel in changed:
        listing[rel] = tree.signature(os.stat(staging / rel, follow_symlinks=False))
    return sorted(changed), index, tree.tree_digest(listing)


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


