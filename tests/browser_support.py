"""Browser test support: the demo served on 127.0.0.1, Debian's Chromium, axe-core from the npm registry."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import tarfile
import threading
from datetime import datetime
from pathlib import Path

from conftest import REPO

AXE_VERSION = "4.14.1"
CACHE = REPO / ".cache"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: the reader's clock for the browser tests: the demo's reference moment
CLOCK = datetime.fromisoformat("2026-11-20T10:00:00+08:00")
#: a page of every kind of the demo site
PAGES = {
    "home": "",
    "notices": "notices/",
    "notice-open": "notices/2026-city-recommend/",
    "notice-upcoming": "notices/2026-songyu-county/",
    "notice-closed": "notices/2026-hechuan-district/",
    "notice-outcome": "notices/2026-landong-district/",
    "notice-withdrawn": "notices/2026-unit-qinglan-school/",
    "nominee-open": "notices/2026-city-recommend/bai-yuqing/",
    "nominee": "notices/2026-landong-district/he-jingwen/",
    "figures": "figures/",
    "figure": "figures/zhao-hongmei/",
    "stories": "stories/",
    "story": "stories/welders-workshop/",
    "feeds": "feeds/",
    "help": "help/",
    "search": "search/?q=何静雯",
    "404": "no-such-page/",
}


def visit(tab, base_url: str, url: str):
    """Open a page of the served demo and wait until its fonts are loaded; its response."""
    response = tab.goto(base_url + url, wait_until="networkidle")
    tab.wait_for_function("document.fonts.status === 'loaded'")
    return response


def axe_source() -> str:
    """axe.min.js, fetched once with `npm pack` into .cache/ (not committed)."""
    target = CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not target.exists():
        CACHE.mkdir(exist_ok=True)
        npm = shutil.which("npm")
        assert npm, "npm is needed to fetch axe-core; ./quickstart test installs it"
        subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", str(CACHE), "--silent"],
                       check=True, capture_output=True)
        with tarfile.open(CACHE / f"axe-core-{AXE_VERSION}.tgz") as tar:
            member = tar.getmember("package/axe.min.js")
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
    return target.read_text(encoding="utf-8")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
