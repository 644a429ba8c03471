"""Golden outputs: what gongshi renders for the demo site as of one fixed moment, kept as readable files
under tests/golden/, so that a reviewer reads in their diff what a change does to readers.

    .venv/bin/python tools/golden.py          # build the demo, write the golden files
    .venv/bin/python tools/golden.py --check  # exit 1 with a unified diff if an output differs (also a test)

The demo is copied into a temporary folder (so that it is built with an empty cache) and built with
`gongshi build --now NOW`. Only what gongshi itself renders is kept: the notice's and the nominee's
element of their pages (not the MkDocs page around them), pretty-printed by Beautiful Soup; notice.json
with sorted keys; period.ics with its lines folded as written (LF instead of CRLF, which the test checks
separately); and one item of each feed format, of the feed of all notices and of the stories feed (XML
items serialised by lxml with their namespaces, JSON Feed items with sorted keys).
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
#: open: 2026-city-recommend; upcoming: 2026-songyu-county; closed: the others (one with its outcome)
NOW = "2026-11-20T10:00:00+08:00"
#: closed, with a withdrawal, a replacement and an outcome
NOTICE = "2026-landong-district"
#: a featured figure with a photo
NOMINEE = "he-jingwen"
STORY = "welders-workshop"
TAG = "tag:gongshi.example.org,2026-01-01:"
ATOM = "{http://www.w3.org/2005/Atom}"
SOURCES = ("site_config.yml", "content", "notices", "theme", "ledger", "branding")


def build(out: Path) -> None:
    """The demo site as of NOW, built by the command line from a copy of its sources (an empty cache)."""
    with tempfile.TemporaryDirectory(prefix="gongshi-golden-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in SOURCES:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, src / name)
        result = subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(src / "site_config.yml"),
                                 "--out", str(out), "--now", NOW], capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"gongshi build failed:\n{result.stdout}{result.stderr}")


def fragment(page: Path, selector: str) -> str:
    """The one element of a page that gongshi renders, pretty-printed."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = soup.select(selector)
    if len(found) != 1:
        raise ValueError(f"{page}: {len(found)} elements match {selector!r}, expected one")
    return found[0].prettify()


def pretty_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def json_item(feed: Path, item_id: str) -> str:
    items = [item for item in json.loads(feed.read_text(encoding="utf-8"))["items"] if item["id"] == item_id]
    if len(items) != 1:
        raise ValueError(f"{feed}: {len(items)} items with id {item_id!r}, expected one")
    return pretty_json(items[0])


def xml_item(feed: Path, path: str, id_path: str, item_id: str) -> str:
    """One item or entry of an RSS or Atom feed, serialised on its own (its namespaces declared on it), its
    indentation made that of a document of its own; text and CDATA are kept as they are."""
    root = etree.parse(str(feed), etree.XMLParser(strip_cdata=False, resolve_entities=False)).getroot()
    items = [item for item in root.iterfind(path) if item.findtext(id_path) == item_id]
    if len(items) != 1:
        raise ValueError(f"{feed}: {len(items)} items with id {item_id!r}, expected one")
    item = copy.deepcopy(items[0])
    item.tail = None
    etree.indent(item, space="  ")
    return etree.tostring(item, encoding="unicode") + "\n"


def outputs(site: Path) -> dict[str, str]:
    """Each golden file's name and the text it must hold, taken from a built demo site."""
    notice = site / "notices" / NOTICE
    feeds = site / "feeds"
    notice_id, story_id = f"{TAG}notice/{NOTICE}", f"{TAG}story/{STORY}"
    return {
        "notice-page.html": fragment(notice / "index.html", "article.gs-notice"),
        "nominee-page.html": fragment(notice / NOMINEE / "index.html", "article.gs-nominee-page"),
        "notice.json": pretty_json(json.loads((notice / "notice.json").read_text(encoding="utf-8"))),
        "period.ics": (notice / "period.ics").read_bytes().decode("utf-8").replace("\r\n", "\n"),
        "feed-notices-item.rss.xml": xml_item(feeds / "notices.xml", "channel/item", "guid", notice_id),
        "feed-notices-entry.atom.xml": xml_item(feeds / "notices.atom", f"{ATOM}entry", f"{ATOM}id", notice_id),
        "feed-notices-item.json": json_item(feeds / "notices.json", notice_id),
        "feed-stories-item.rss.xml": xml_item(feeds / "stories.xml", "channel/item", "guid", story_id),
        "feed-stories-entry.atom.xml": xml_item(feeds / "stories.atom", f"{ATOM}entry", f"{ATOM}id", story_id),
        "feed-stories-item.json": json_item(feeds / "stories.json", story_id),
    }


def differences(expected: dict[str, str], golden: Path = GOLDEN, names: list[str] | None = None) -> list[str]:
    """A unified diff for each golden file (of ``names``, or all) that is missing, differs or is no longer
    produced; empty when all agree."""
    diffs = []
    kept = {p.name for p in golden.iterdir() if p.is_file()} if golden.is_dir() else set()
    for name in sorted(set(expected) | kept) if names is None else names:
        path = golden / name
        old = path.read_text(encoding="utf-8") if name in kept else ""
        new = expected.get(name, "")
        if old != new or name not in kept or name not in expected:
            diff = "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                                f"tests/golden/{name}" if name in kept else "/dev/null",
                                                f"built/{name}" if name in expected else "/dev/null"))
            diffs.append(diff or f"tests/golden/{name} differs\n")
    return diffs


def write(expected: dict[str, str], golden: Path = GOLDEN) -> list[str]:
    """Write the golden files, remove those no longer produced; the names of the files changed."""
    golden.mkdir(parents=True, exist_ok=True)
    changed = []
    for path in sorted(p for p in golden.iterdir() if p.is_file() and p.name not in expected):
        path.unlink()
        changed.append(path.name)
    for name, text in sorted(expected.items()):
        path = golden / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 with a diff if they differ")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="gongshi-golden-out-") as tmp:
        out = Path(tmp) / "site"
        build(out)
        expected = outputs(out)
    if args.check:
        diffs = differences(expected)
        if diffs:
            sys.stdout.write("".join(diffs))
            print(f"{len(diffs)} golden file(s) differ; run `python tools/golden.py` and review the diff "
                  "(git diff tests/golden/)", file=sys.stderr)
            return 1
        print(f"{len(expected)} golden files agree")
        return 0
    changed = write(expected)
    print(f"{len(changed)} golden file(s) written under tests/golden/: {', '.join(changed) or 'none changed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
