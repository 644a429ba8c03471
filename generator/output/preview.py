"""What ``gongshi serve`` shows: the site kept in a folder of its own and brought up to date after each edit
with as little work as the edit needs, through the same door to the engine as a build.

- The records are read again with the records cache (a file whose bytes did not change is not parsed again)
  and the core is rendered with the render cache of :mod:`generator.base.deps`: only the outputs that read a
  changed source are rendered again. The caches' entries stay in memory between updates
  (:func:`generator.base.cache.keep_in_memory`).
- When the engine would write the same files as last time (:meth:`Engine.fingerprint` unchanged: the edit
  touched records, not Markdown, theme or configuration), the changed pages are stamped into the shells the
  last run of the engine left, the changed files written, and the search index updated; the engine does not
  run. Otherwise the engine renders the whole site into a new folder, which then replaces the old one.
- Records with errors leave the last good site in place: the pages answer with the list of problems (see
  :func:`generator.site.preview.problems_page`) until the files are fixed.

Each update is the same work as a build of the same sources (:mod:`generator.output.build`) without the
audit, the hard links and the exchange of trees: the pages are byte for byte the ones ``gongshi build``
writes. The reload script is added by the server as it answers (:mod:`generator.output.preview_server`),
never written into the folder.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from generator.base import cache, dates
from generator.output import tree
from generator.output.engine import Engine, Rendered
from generator.records.loader import Site, load_site
from generator.site import search
from generator.site.outputs import Built
from generator.site.pages import site_outputs
from generator.site.preview import problems_page

log = logging.getLogger("gongshi")


@dataclass(frozen=True)
class Update:
    """What one update did: ``mode`` is "full" (the engine ran), "stamped", "unchanged" or "problems"."""

    mode: str
    changed: tuple[str, ...]
    seconds: float


class Preview:
    """The site of ``config_file`` as of ``now`` (None: the clock at each update), kept up to date in a folder of
    its own (see the module's docstring). Updates run one at a time; :attr:`root` and :attr:`problems` are
    what the server answers with, read without the lock (each is replaced whole)."""

    def __init__(self, config_file: Path, engine: Engine, now: datetime | None) -> None:
        cache.keep_in_memory()  # the caches' entries stay unpickled between updates
        self.config_file = Path(config_file)
        self.engine = engine
        self.now = now
        #: the folder of the last good site (None before the first one)
        self.root: Path | None = None
        #: the page of problems while the records have errors, else None
        self.problems: str | None = None
        #: how many updates changed what the browser shows (the reload script compares it with its own)
        self.generation = 0
        self.changed = threading.Condition()
        self._lock = threading.Lock()
        self._folder = Path(tempfile.mkdtemp(prefix="gongshi-preview-"))
        self._rendered: Rendered | None = None
        self._last: Path | None = None  # the folder the last one replaced
        self._built: Built | None = None
        self._fingerprint = ""

    def close(self) -> None:
        cache.keep_in_memory(False)
        shutil.rmtree(self._folder, ignore_errors=True)

    def update(self) -> Update:
        """Read the sources again and bring the site up to date; then tell the waiting browsers."""
        started = time.perf_counter()
        with self._lock:
            site = load_site(self.config_file, self.now)
            if site.problems.errors:
                mode, changed = "problems", ()
                self.problems = problems_page(site.problems)
            else:
                mode, changed = self._render(site)
                if self.problems is not None:
                    self.problems, mode = None, mode if mode != "unchanged" else "stamped"
        if mode != "unchanged":
            with self.changed:
                self.generation += 1
                self.changed.notify_all()
        return Update(mode, changed, time.perf_counter() - started)

    def _render(self, site: Site) -> tuple[str, tuple[str, ...]]:
        built = site_outputs(site, dates.build_now(self.now))
        stamped = [p for p in built.pages if p.stamped]
        last, rendered = self._built, self._rendered
        if last is not None and rendered is not None and self.root is not None:
            fingerprint = self.engine.fingerprint(built, rendered.inputs)
            if fingerprint == self._fingerprint and all(self.engine.shell_of(p) in rendered.shells for p in stamped):
                changed = self._stamp(self.root, site, last, built, rendered)
                self._built = built
                return ("stamped" if changed else "unchanged"), tuple(changed)
        dest = Path(tempfile.mkdtemp(prefix="site-", dir=self._folder))
        try:
            rendered = self.engine.render(site, built, dest)
        except BaseException:
            shutil.rmtree(dest, ignore_errors=True)
            raise
        # the folder before the last one is removed: a browser may still be reading from the last one
        gone, self._last, self.root = self._last, self.root, dest
        self._built, self._rendered = built, rendered
        self._fingerprint = self.engine.fingerprint(built, rendered.inputs)
        if gone is not None:  # aside, not in the way of the update
            threading.Thread(target=shutil.rmtree, args=(gone, True), daemon=True).start()
        return "full", ()

    def _stamp(self, root: Path, site: Site, last: Built, built: Built, rendered: Rendered) -> list[str]:
        """Into ``root``: the stamped pages and the files that differ from the last update's, the ones gone
        removed, the search index updated (as :func:`generator.output.build._stamp_into` does)."""
        before = {p.dest: p.fingerprint for p in last.pages if p.stamped}
        before_files = {f.path: f.digest for f in last.files}
        changed = []
        for page in built.pages:
            if page.stamped and before.get(page.dest) != page.fingerprint and tree.write_if_changed(
                    root, page.dest, self.engine.stamp(rendered.shells[self.engine.shell_of(page)], page).encode()):
                changed.append(page.dest)
        for f in built.files:
            if before_files.get(f.path) != f.digest and tree.write_if_changed(root, f.path, f.data):
                changed.append(f.path)
        now = {p.dest for p in built.pages if p.stamped} | {f.path for f in built.files}
        for rel in (set(before) | set(before_files)) - now:
            (root / rel).unlink(missing_ok=True)
        if set(changed) & set(rendered.index.pages):
            index = (search.update_index(root, rendered.index, set(changed), site.config.cache_dir)
                     or search.index_site(root, rendered.index.pages, site.config.cache_dir))
            self._rendered = Rendered(rendered.shells, index, rendered.inputs)
        return sorted(changed)
