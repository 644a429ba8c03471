"""Site search: a Pagefind index built over the finished HTML.

Pagefind (its extended build, which segments Chinese) splits the index into
small chunks, so a reader's first query downloads the search code and the few
chunks its words fall in, not the whole index. Pages are indexed when their
content carries ``data-pagefind-body`` (theme/partials/content.html puts it on
every page not marked ``search: {exclude: true}``); headings with ids inside them, such as
each nominee's section of a notice, become results of their own.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pagefind_bin_extended

#: the folder of the site that holds the index and the search scripts
BUNDLE = "pagefind"
#: what the site's own search page (theme/assets/gongshi/gongshi.js) loads; Pagefind's ready-made
#: interfaces are not used and not published
USED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def index_site(site_dir: Path) -> None:
    """Write the search index of the built site into ``site_dir/pagefind``; raise RuntimeError on failure."""
    command = [str(pagefind_bin_extended.get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"the search index could not be built (pagefind exit {result.returncode}):\n"
                           f"{result.stderr.strip() or result.stdout.strip()}")
    for path in (site_dir / BUNDLE).iterdir():
        if path.is_file() and path.name not in USED and not path.name.endswith((".pf_meta", ".pagefind")):
            path.unlink()
