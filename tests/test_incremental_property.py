"""Property: whatever sequence of edits a site goes through, the build that reuses its cache and its last
output gives the same tree, byte for byte, as a build from nothing of the same sources at the same moment.

Each seed draws a sequence of edits to a copy of the demo site: a nominee's deeds, a correction added or
removed, a Markdown page, a photo replaced by another image, a setting of site_config.yml, a theme file
(a CSS rule, an override template edited or added) and time passing (across a day, or across the next
start or deadline of a notice). After each edit `gongshi build` runs into the site's own output folder
(same --out every time: its cache and build state are reused), and the same sources, copied into a new
folder (site_config.yml's folder holds the cache, so the copy starts with an empty one), are built at the
same --now into a new folder. The two trees must hold the same paths with the same bytes.

Both builds run as `python -m generator build` in their own process, side by side. The seeds are fixed
(no Hypothesis: a failure names its seed and its edits, and runs again the same); 3 seeds of 4 edits on a
developer's machine, 10 seeds of 6 edits in the full run (the `full` marker: CI=true, GONGSHI_FULL=1 or -m full).
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from conftest import REPO
from photo_fixtures import portrait

#: the three seeds of a short run make every kind of edit between them (a test checks it); the others run with
#: the full suite (the `full` marker: CI=true, GONGSHI_FULL=1 or -m full), with more edits each
SEEDS = [7, 14, 1]
MORE_SEEDS = [2, 3, 4, 5, 6, 8, 9]
EDITS = 4
MORE_EDITS = 6
START = datetime.fromisoformat("2026-11-20T10:00:00+08:00")
#: the moments the demo changes by itself after START: 2026-city-recommend's deadline, 2026-songyu-county's
#: start and deadline
BOUNDARIES = [datetime.fromisoformat(t) for t in (
    "2026-11-24T17:30:00+08:00", "2026-11-30T00:00:00+08:00", "2026-12-04T17:30:00+08:00")]
#: the demo's sources but its publication ledger: the edits here change published notices without the corrections
#: a published notice needs (tests/test_ledger.py holds those rules); the versions are still rendered, from
#: the records alone
SOURCES = ("site_config.yml", "content", "notices", "theme", "branding")
NOTICES = "notices/2026-model-workers"


class DemoSite:
    """A copy of the demo site, the edits made to it so far and the moment it is built as of."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.src = root / "src"
        self.out = root / "site"
        self.rng = rng
        self.now = START
        self.count = 0
        self.corrections: list[tuple[Path, str]] = []  # (file, the lines of a correction added)
        self.src.mkdir()
        for name in SOURCES:
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, self.src / name)

    def next(self) -> int:
        self.count += 1
        return self.count

    def path(self, rel: str) -> Path:
        return self.src / rel

    def notice_files(self) -> list[Path]:
        return sorted(p for p in self.path(NOTICES).glob("*.yml") if p.name != "campaign.yml")

    def rel(self, path: Path) -> str:
        return path.relative_to(self.src).as_posix()


# --- the edits: each changes the sources (or the moment) and says what it did -------------------------

def edit_deeds(site: DemoSite) -> str:
    """A nominee's brief deeds get a sentence more (the first line of its folded block)."""
    notice = site.rng.choice(site.notice_files())
    lines = notice.read_text(encoding="utf-8").split("\n")
    where = [i for i, line in enumerate(lines) if line.strip() == "brief_deeds: >-"]
    i = site.rng.choice(where)
    nominee = next(m.group(1) for line in reversed(lines[:i]) if (m := re.match(r"\s+- id: (\S+)$", line)))
    lines[i + 1] += f"另有新成绩{site.next()}项。"
    notice.write_text("\n".join(lines), encoding="utf-8")
    return f"deeds of {nominee} in {notice.name}"


def edit_correction(site: DemoSite) -> str:
    """A correction (a note) added to a notice, dated between its publication and two days from now; or one
    added before, or the demo's own amendment in 2026-hechuan-district, removed."""
    hechuan = site.path(f"{NOTICES}/hechuan-district.yml")
    demo_own = "    - date: 2026-11-05\n      action: amended\n"
    removable = site.corrections + ([(hechuan, None)] if demo_own in hechuan.read_text(encoding="utf-8") else [])
    if removable and site.rng.random() < 0.4:
        notice, block = site.rng.choice(removable)
        text = notice.read_text(encoding="utf-8")
        if block is None:  # the amendment of yu-haifeng: its four lines
            start = text.index(demo_own)
            end = text.index("其他公示内容不变。\n", start) + len("其他公示内容不变。\n")
            block = text[start:end]
        else:
            site.corrections.remove((notice, block))
        text = text.replace(block, "", 1)
        if re.search(r"\n  corrections:\n(?!    -)", text):  # the list is empty now: no key either
            text = re.sub(r"\n  corrections:\n(?!    -)", "\n", text, count=1)
        notice.write_text(text, encoding="utf-8")
        return f"correction removed from {notice.name}"
    notice = site.rng.choice(site.notice_files())
    text = notice.read_text(encoding="utf-8")
    first = min(datetime.fromisoformat(m).date() for m in re.findall(r"^  (?:published|start): (\S+)$", text, re.M))
    last = max(first, site.now.date() + timedelta(days=2))
    day = first + timedelta(days=site.rng.randint(0, (last - first).days))
    n = site.next()
    block = f"    - date: {day.isoformat()}\n      action: note\n      text: 说明{n}：联系电话的工作时间调整为工作日全天。\n"
    if "\n  corrections:\n" in text:
        text = text.replace("\n  corrections:\n", "\n  corrections:\n" + block, 1)
    else:
        text = text.rstrip("\n") + "\n  corrections:\n" + block
    notice.write_text(text, encoding="utf-8")
    site.corrections.append((notice, block))
    return f"correction dated {day} added to {notice.name}"


def edit_markdown(site: DemoSite) -> str:
    """A paragraph more at the end of a page, a figure's profile or a story; or a new story, a copy of one
    under another address and title."""
    n = site.next()
    if site.rng.random() < 0.25:
        source = site.rng.choice(sorted(site.path("content/stories/posts").glob("*.md")))
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^slug: (\S+)$", rf"slug: \g<1>-{n}", text, count=1, flags=re.M)
        text = re.sub(r"^title: (.*)$", rf"title: \g<1>（续{n}）", text, count=1, flags=re.M)
        story = source.with_name(f"{source.stem}-{n}.md")
        story.write_text(text, encoding="utf-8")
        return f"new story {site.rel(story)}"
    page = site.rng.choice(sorted(site.path("content").rglob("*.md")))
    with page.open("a", encoding="utf-8") as f:
        f.write(f"\n\n补充说明第{n}条：本段为后来补充的内容。\n")
    return f"paragraph added to {site.rel(page)}"


def edit_photo(site: DemoSite) -> str:
    """A nominee's photo or a story's cover replaced by another picture (of another size, at times)."""
    photos = sorted(site.path(NOTICES).glob("photos/*.jpg")) + sorted(site.path("content").rglob("covers/*.jpg"))
    photo = site.rng.choice(photos)
    width, height = site.rng.choice([(900, 1200), (600, 800), (1200, 1500)] if "photos" in photo.parts
                                    else [(1600, 900), (1200, 675)])
    color = tuple(site.rng.randrange(40, 220) for _ in range(3))
    out = io.BytesIO()
    portrait(width, height, color).save(out, "JPEG", quality=85)
    photo.write_bytes(out.getvalue())
    site.next()
    return f"{site.rel(photo)} replaced ({width}×{height}, colour {color})"


def edit_config(site: DemoSite) -> str:
    """The site's name, its description, or how many items a feed holds or how long a notice stays in it."""
    config = site.path("site_config.yml")
    text = config.read_text(encoding="utf-8")
    n = site.next()
    choice = site.rng.choice(["site_name", "site_description", "max_items", "retention_days"])
    if choice == "site_name":
        text, done = re.subn(r"^site_name: .*$", f"site_name: 青澜市总工会 · 评选表彰公示（第{n}版）", text, flags=re.M)
        what = f"site_name (edition {n})"
    elif choice == "site_description":
        text, done = re.subn(r"^(site_description: .*?)(（修订\d+）)?$", rf"\g<1>（修订{n}）", text, count=1, flags=re.M)
        what = f"site_description (revision {n})"
    elif choice == "max_items":
        value = site.rng.choice([2, 3, 5, 20])
        text, done = re.subn(r"max_items: \d+", f"max_items: {value}", text)
        what = f"feeds.max_items: {value}"
    else:
        value = site.rng.choice([30, 60, 365])
        text, done = re.subn(r"retention_days: \d+", f"retention_days: {value}", text)
        what = f"feeds.retention_days: {value}"
    assert done == 1, what
    config.write_text(text, encoding="utf-8")
    return what


def edit_theme(site: DemoSite) -> str:
    """The site's theme folder: a rule added to its style sheet, a line added to its main template, or an
    override of Material's footer copyright partial written (again) or removed."""
    n = site.next()
    choice = site.rng.choice(["css", "template", "partial"])
    if choice == "css":
        css = site.path("theme/assets/gongshi/gongshi.css")
        with css.open("a", encoding="utf-8") as f:
            f.write(f"\n/* 本站样式 {n} */\n.gs-notice h1 {{ letter-spacing: 0.0{n % 10}em; }}\n")
        return "rule added to theme/assets/gongshi/gongshi.css"
    if choice == "template":
        main = site.path("theme/main.html")
        text = main.read_text(encoding="utf-8")
        assert "{{ super() }}" in text
        main.write_text(text.replace("{{ super() }}", f'{{{{ super() }}}}\n  <meta name="gongshi-edition" content="{n}">',
                                     1), encoding="utf-8")
        return "meta element added to theme/main.html"
    partial = site.path("theme/partials/copyright.html")
    if partial.is_file() and site.rng.random() < 0.5:
        partial.unlink()
        return "theme/partials/copyright.html removed (Material's own again)"
    partial.write_text(f'<div class="md-copyright">青澜市总工会 版权所有（第{n}版）</div>\n', encoding="utf-8")
    return "theme/partials/copyright.html written"


def edit_time(site: DemoSite) -> str:
    """Time passes: an hour, a day (the days left change), or just past the next start or deadline."""
    choice = site.rng.choice(["hour", "day", "boundary"])
    later = [b for b in BOUNDARIES if b > site.now]
    if choice == "boundary" and later:
        site.now = later[0] + timedelta(minutes=site.rng.choice([0, 1, 30]))
    else:
        site.now += timedelta(hours=1) if choice == "hour" else timedelta(days=1)
    return f"--now {site.now.isoformat()}"


KINDS = {"deeds": edit_deeds, "correction": edit_correction, "markdown": edit_markdown, "photo": edit_photo,
         "config": edit_config, "theme": edit_theme, "time": edit_time}


def plan(seed: int, edits: int = EDITS) -> list[str]:
    """The kinds of edit a seed makes, in order (drawn first, from the seed's own generator)."""
    rng = random.Random(seed)
    return [rng.choice(sorted(KINDS)) for _ in range(edits)]


# --- building and comparing --------------------------------------------------------------------------

def start_build(config: Path, out: Path, now: datetime) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "-f", str(config), "--out", str(out),
                             "--now", now.isoformat(), "--lang", "en"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def finish(build: subprocess.Popen, what: str) -> str:
    output = build.communicate()[0].decode("utf-8", "replace")
    assert build.returncode == 0, f"{what} failed:\n{output[-3000:]}"
    return output


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def differences(incremental: dict[str, bytes], fresh: dict[str, bytes], shown: int = 3) -> str:
    """What differs between the two trees: paths in one only, then the first files whose bytes differ,
    each with a short diff (text) or its sizes and digests (binary)."""
    report = []
    for label, names in (("only in the incremental build", sorted(set(incremental) - set(fresh))),
                         ("only in the fresh build", sorted(set(fresh) - set(incremental)))):
        if names:
            report.append(f"{label} ({len(names)}): {', '.join(names[:10])}")
    changed = sorted(k for k in set(incremental) & set(fresh) if incremental[k] != fresh[k])
    if changed:
        report.append(f"{len(changed)} file(s) differ: {', '.join(changed[:10])}")
    for name in changed[:shown]:
        a, b = incremental[name], fresh[name]
        try:
            diff = list(difflib.unified_diff(_lines(a.decode("utf-8")), _lines(b.decode("utf-8")),
                                             f"incremental/{name}", f"fresh/{name}", n=1, lineterm=""))
            report.append("\n".join(line[:300] for line in diff[:30]))
        except UnicodeDecodeError:
            report.append(f"{name}: binary, {len(a)} bytes {hashlib.sha256(a).hexdigest()[:12]} (incremental) vs "
                          f"{len(b)} bytes {hashlib.sha256(b).hexdigest()[:12]} (fresh)")
    return "\n".join(report)


def _lines(text: str) -> list[str]:
    """Lines, with a long line (minified HTML, JSON) cut at its tags and commas so that a diff shows where."""
    return [part for line in text.splitlines() for part in re.split(r"(?<=>)(?=<)|(?<=,)(?=\")", line)]


def utc_day() -> date:
    """The day MkDocs writes into sitemap.xml (``lastmod``): the clock's, in UTC, whatever --now says."""
    return datetime.now(timezone.utc).date()


def run_seed(seed: int, root: Path, edits: int = EDITS) -> None:
    """Make the seed's edits; after each, build incrementally and afresh and compare. The fresh build of an
    edit runs while the next edit is made and built (it reads its own copy), at most two at a time."""
    site = DemoSite(root, random.Random(f"{seed}-details"))
    finish(start_build(site.src / "site_config.yml", site.out, site.now), "the first build")
    last = tree(site.out)
    done: list[str] = []
    pending: list[tuple[int, subprocess.Popen, Path, dict[str, bytes], str, date]] = []
    fresh_builds: list[subprocess.Popen] = []

    def compare_oldest() -> None:
        step, build, fresh_out, incremental, said, day = pending.pop(0)
        finish(build, f"the fresh build after edit {step}")
        found = differences(incremental, tree(fresh_out))
        if found and utc_day() != day:
            pytest.skip("midnight UTC passed between the two builds; MkDocs dates sitemap.xml by the clock")
        history = "\n".join(f"  {i}. {line}" for i, line in enumerate(done[:step], 1))
        assert not found, (f"seed {seed}: after edit {step} the incremental build differs from a fresh one\n"
                           f"edits:\n{history}\nthe incremental build said: {said}\n{found}")
        shutil.rmtree(fresh_out.parent)

    try:
        for step, kind in enumerate(plan(seed, edits), 1):
            what = KINDS[kind](site)
            fresh_src = root / f"fresh-{step}" / "src"
            day = utc_day()
            shutil.copytree(site.src, fresh_src, ignore=shutil.ignore_patterns(".gongshi-cache"))
            fresh = start_build(fresh_src / "site_config.yml", fresh_src.parent / "site", site.now)
            fresh_builds.append(fresh)
            said = finish(start_build(site.src / "site_config.yml", site.out, site.now),
                          f"the incremental build after edit {step}").strip().splitlines()[-1]
            incremental = tree(site.out)
            changed = sum(1 for k in set(incremental) | set(last) if incremental.get(k) != last.get(k))
            done.append(f"{kind}: {what} ({changed} file(s) changed)")
            last = incremental
            pending.append((step, fresh, fresh_src.parent / "site", incremental, said, day))
            if len(pending) > 1:
                compare_oldest()
        while pending:
            compare_oldest()
    finally:  # a failure leaves a fresh build running: it is stopped, with the workers it forked
        for build in fresh_builds:
            if build.poll() is None:
                os.killpg(build.pid, signal.SIGKILL)
                build.communicate()
    print(f"seed {seed}:", *(f"  {i}. {line}" for i, line in enumerate(done, 1)), sep="\n")  # shown with -s


def test_a_difference_is_reported_with_its_files_and_a_short_diff():
    incremental = {"a.html": "<p>一</p><p>x</p>".encode(), "b.xml": b"<x/>", "only.txt": b"1", "p.jpg": b"\xff\xd8\x00"}
    fresh = {"a.html": "<p>一</p><p>y</p>".encode(), "b.xml": b"<x/>", "new.txt": b"2", "p.jpg": b"\xff\xd8\x01"}
    digest = {k: hashlib.sha256(v["p.jpg"]).hexdigest()[:12] for k, v in (("i", incremental), ("f", fresh))}
    assert differences(incremental, fresh).splitlines() == [
        "only in the incremental build (1): only.txt",
        "only in the fresh build (1): new.txt",
        "2 file(s) differ: a.html, p.jpg",
        "--- incremental/a.html",
        "+++ fresh/a.html",
        "@@ -1,2 +1,2 @@",
        " <p>一</p>",
        "-<p>x</p>",
        "+<p>y</p>",
        f"p.jpg: binary, 3 bytes {digest['i']} (incremental) vs 3 bytes {digest['f']} (fresh)",
    ]
    assert differences(fresh, dict(fresh)) == ""


def test_the_default_seeds_try_every_kind_of_edit():
    assert {kind for seed in SEEDS for kind in plan(seed)} == set(KINDS)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_incremental_build_equals_a_fresh_one_after_any_edits(seed, tmp_path):
    run_seed(seed, tmp_path)


@pytest.mark.full
@pytest.mark.parametrize("seed", MORE_SEEDS)
def test_the_same_after_more_edits(seed, tmp_path):
    run_seed(seed, tmp_path, MORE_EDITS)
