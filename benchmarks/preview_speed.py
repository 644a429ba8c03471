"""How long an edit takes to show in the browser with `gongshi serve`: from saving the file to the reloaded
page showing the new text, in headless Chromium.

    .venv/bin/python benchmarks/preview_speed.py                       # the demo
    .venv/bin/python benchmarks/preview_speed.py --nominees 20000      # a site of benchmarks/corpus.py

Copies the site into a temporary directory (the demo without its ledger: the benchmark edits deeds as a clerk
does before a list is published; after, the ledger rightly refuses a silent edit), starts `gongshi serve` on
it as of NOW, opens a nominee's page and a story's in Debian's Chromium (Playwright), and ten times each:
edits the nominee's deeds in the record file, then the story's Markdown, and waits for the open page to show
the new text. Prints each time and the medians.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-20T10:00:00+08:00"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: the targets of issue 24 (seconds)
TARGETS = {"demo": {"record": 0.3, "markdown": 0.5}, "corpus": {"record": 1.0, "markdown": None}}


def demo_site(dest: Path) -> Path:
    for name in ("site_config.yml", "content", "notices", "theme", "branding"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, dest / name)
    return dest / "site_config.yml"


def corpus_site(dest: Path, nominees: int, figures: int, stories: int) -> Path:
    subprocess.run([sys.executable, str(ROOT / "benchmarks/corpus.py"), str(dest), "--nominees", str(nominees),
                    "--figures", str(figures), "--stories", str(stories)], check=True, stdout=subprocess.DEVNULL)
    return dest / "site_config.yml"


def record_to_edit(root: Path) -> tuple[Path, str, str]:
    """A notice file, the address of its first nominee's page, and the text of that nominee's deeds as the
    file holds it (what the edits put a new word in front of)."""
    for file in sorted((root / "notices").rglob("*.yml")):
        text = file.read_text(encoding="utf-8")
        if text.startswith("notice: {"):  # benchmarks/corpus.py: JSON in YAML
            notice = json.loads(text.removeprefix("notice: "))
            first = notice["nominees"][0]
            return file, f"notices/{notice['id']}/{first['id']}/", json.dumps(first["brief_deeds"],
                                                                             ensure_ascii=False)[1:-1]
        if re.search(r"^notice:", text, re.M) and "landong-district" in file.name:  # the demo's open list
            notice_id = re.search(r"^  id: (\S+)", text, re.M)[1]
            nominee = re.search(r"^    - id: (\S+)", text, re.M)
            deeds = re.compile(r"^      brief_deeds: >-\n {8}(\S+)", re.M).search(text, nominee.end())
            return file, f"notices/{notice_id}/{nominee[1]}/", deeds[1]
    raise SystemExit("no notice to edit")


def story_to_edit(root: Path) -> tuple[Path, str]:
    """A published story's Markdown file and the address of its page."""
    posts = sorted((root / "content/stories/posts").glob("*.md"))
    file = next(p for p in posts if re.search(r"^date: 2026-11-(0\d|1\d)", p.read_text(encoding="utf-8"), re.M))
    slug = re.search(r"^slug: (\S+)", file.read_text(encoding="utf-8"), re.M)
    return file, f"stories/{slug[1] if slug else file.stem}/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gongshi serve stopped:\n{server.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def shows(page, text: str) -> bool:
    try:
        return page.evaluate("t => document.readyState !== 'loading' && document.body.innerText.includes(t)", text)
    except Exception:  # noqa: BLE001 - the page is being reloaded: not yet
        return False


def measure(page, url: str, edits: int, edit, timeout: float) -> list[float]:
    """Open ``url``, then ``edits`` times: ``edit(i)`` saves a file and returns the text the page is to show;
    the time from the save to the open page showing it."""
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # the event stream connected
    times = []
    for i in range(edits):
        started = time.perf_counter()
        wanted = edit(i)
        while not shows(page, wanted):
            if time.perf_counter() - started > timeout:
                raise SystemExit(f"{url} did not show {wanted!r} after {timeout} s")
            time.sleep(0.005)
        times.append(time.perf_counter() - started)
        page.wait_for_timeout(300)  # the next edit is a separate save
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominees", type=int, default=0, help="a site of benchmarks/corpus.py (0: the demo)")
    parser.add_argument("--figures", type=int, default=20)
    parser.add_argument("--stories", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--no-markdown", action="store_true",
                        help="only record edits (at 20,000 nominees each Markdown edit is a whole engine run)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gongshi-preview-bench-") as tmp:
        root = Path(tmp)
        config = corpus_site(root, args.nominees, args.figures, args.stories) if args.nominees else demo_site(root)
        kind = "corpus" if args.nominees else "demo"
        record, nominee_url, deeds = record_to_edit(root)
        story, story_url = story_to_edit(root)
        port = free_port()
        started = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(config), "-a",
                                   f"127.0.0.1:{port}", "--now", NOW, "--lang", "en"], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "LANG": "C.UTF-8"})
        base = f"http://127.0.0.1:{port}/"
        try:
            wait_until_up(base + nominee_url, server, 3600)
            print(f"{kind}: the preview is up after {time.perf_counter() - started:.1f} s", flush=True)
            original_record, original_story = record.read_text(encoding="utf-8"), story.read_text(encoding="utf-8")

            def edit_record(i: int) -> str:
                word = f"基准改动{i}号"
                record.write_text(original_record.replace(deeds, word + deeds, 1), encoding="utf-8")
                return word

            def edit_story(i: int) -> str:
                word = f"基准段落{i}号"
                story.write_text(original_story.rstrip("\n") + f"\n\n{word}\n", encoding="utf-8")
                return word

            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                results = {"record": measure(page, base + nominee_url, args.edits, edit_record, 120)}
                if not args.no_markdown:
                    results["markdown"] = measure(page, base + story_url, args.edits, edit_story, 300)
                browser.close()
        finally:
            server.terminate()
            said = server.communicate(timeout=30)[0]
    # what the server says after each update: "updated 13 file(s) in 0.12 s" (the first is the first build)
    server_side = [float(m[1]) for m in re.finditer(r" in ([\d.]+) s\)?$", said, re.M)][1:]
    print(f"{'edit':<10}{'median':>9}{'min':>8}{'max':>8}{'target':>9}  met   ({kind}, {args.edits} edits each)")
    for name, times in results.items():
        target = TARGETS[kind][name]
        median = statistics.median(times)
        met = "-" if target is None else ("yes" if median <= target else "no")
        print(f"{name:<10}{median * 1000:>7.0f}ms{min(times) * 1000:>6.0f}ms{max(times) * 1000:>6.0f}ms"
              f"{'' if target is None else f'{target * 1000:.0f}ms':>9}  {met}")
    halves = {"record": server_side[:args.edits], "markdown": server_side[args.edits:]}
    print("of which the server's update (median, ms): " + "; ".join(
        f"{name} {statistics.median(times) * 1000:.0f}" for name, times in halves.items() if times))
    print("each (ms): " + "; ".join(f"{name} " + " ".join(f"{t * 1000:.0f}" for t in times)
                                    for name, times in results.items()))


if __name__ == "__main__":
    main()
