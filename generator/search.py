"""Site search: a Pagefind index built over the finished HTML.

Pagefind (its extended build, which segments Chinese) splits the index into
small chunks, so a reader's first query downloads the search code and the few
chunks its words fall in, not the whole index. Pages are indexed when their
content carries ``data-pagefind-body`` (theme/partials/content.html puts it on
every page not marked ``search: {exclude: true}``); headings with ids inside them, such as
each nominee's section of a notice, become results of their own.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pagefind_bin_extended

#: the folder of the site that holds the index and the search scripts
BUNDLE = "pagefind"
#: what the site's own search page (theme/assets/gongshi/gongshi.js) loads; Pagefind's ready-made
#: interfaces are not used and not published
USED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def _die_with_parent() -> None:
    """In the indexer's process: end it when the build ends, even by kill -9, so that it never writes into
    a staging tree the next build has already removed (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def index_site(site_dir: Path, pages: list[str]) -> None:
    """Write the search index of ``pages`` (HTML paths relative to ``site_dir``) into ``site_dir/pagefind``.

    Pagefind reads only those pages: it is given a folder of links to them, not the whole site, where
    thousands of nominee pages (whose text is in their notice page) would cost it minutes."""
    with tempfile.TemporaryDirectory(prefix=".gongshi-search-", dir=site_dir.parent) as tmp:
        for rel in pages:
            (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / rel, Path(tmp) / rel)
        bundle = site_dir / BUNDLE
        shutil.rmtree(bundle, ignore_errors=True)
        command = [str(pagefind_bin_extended.get_executable()), "--site", tmp, "--output-path", str(bundle),
                   "--silent"]
        result = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=_die_with_parent)
    if result.returncode != 0:
        raise RuntimeError(f"the search index could not be built (pagefind exit {result.returncode}):\n"
                           f"{result.stderr.strip() or result.stdout.strip()}")
    for path in bundle.iterdir():
        if path.is_file() and path.name not in USED and not path.name.endswith((".pf_meta", ".pagefind")):
            path.unlink()
