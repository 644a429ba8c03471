"""Lighthouse (mobile) on the demo: performance, accessibility, best practices, SEO and CLS of the home page,
a notice and a story, served on 127.0.0.1.

    .venv/bin/python benchmarks/lighthouse.py                 # builds the demo as of now
    .venv/bin/python benchmarks/lighthouse.py --site site/    # an already built site

The demo is built as of the moment of the run, as a site built on schedule is: Lighthouse's browser has the
real clock, and a page built for another moment has its status corrected by the script when it loads (the
channels of a notice that has closed since are taken away), which is a layout shift a site built on time
does not have.

npm's lighthouse is installed once into benchmarks/.lighthouse/ (not committed), or taken from --lighthouse;
Debian's Chromium runs it (CHROME_PATH=/usr/bin/chromium). Text files are served gzip-compressed, as a
production server sends them (``--plain``: uncompressed). It prints one table; the targets are performance
95 or more, CLS under 0.05, accessibility, best practices and SEO 100. Not a test: the scores depend on the
machine's load.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
PAGES = {"home": "", "notice": "notices/2026-city-recommend/", "story": "stories/welders-workshop/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_bin(folder: Path) -> Path:
    """The lighthouse command in ``folder``, installed there with npm when missing."""
    command = folder / "node_modules" / ".bin" / "lighthouse"
    if not command.exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(folder), "--no-save", "--no-audit", "--no-fund",
                        "lighthouse"], check=True)
    return command


#: what a production server (nginx with `gzip on`) sends compressed
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".map"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    compress = True

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (self.compress and path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, compress: bool = True) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(type("Handler", (_Quiet,), {"compress": compress}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(command: Path, url: str) -> dict[str, float]:
    """One mobile run (Lighthouse's default form factor and throttling) of one page."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = dict(os.environ, CHROME_PATH=CHROME)
        subprocess.run([str(command), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                       check=True, env=env)
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    failed = [a for c in CATEGORIES[1:] for a in data["categories"][c]["auditRefs"]
              if a["weight"] and (data["audits"][a["id"]]["score"] or 0) < 1]
    scores["failed"] = sorted({a["id"] for a in failed})
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the demo into a temporary folder)")
    parser.add_argument("--lighthouse", type=Path, default=ROOT / "benchmarks" / ".lighthouse",
                        help="folder of the npm installation of lighthouse")
    parser.add_argument("--plain", action="store_true", help="serve uncompressed (default: gzip, as a production "
                                                               "server does)")
    args = parser.parse_args()
    command = lighthouse_bin(args.lighthouse)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "generator", "build", "--out", str(site)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        server, base = serve(site, compress=not args.plain)
        try:
            rows = {name: audit(command, base + path) for name, path in PAGES.items()}
        finally:
            server.shutdown()
    print(f"{'page':<8} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>7}  below 100")
    for name, s in rows.items():
        print(f"{name:<8} {s['performance']:>5} {s['accessibility']:>5} {s['best-practices']:>5} {s['seo']:>5} "
              f"{s['cls']:>7.3f}  {', '.join(s['failed']) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
