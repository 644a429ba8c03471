"""Scale benchmark: build generated sites of growing size and print what it costs, in one table.

    .venv/bin/python benchmarks/scale.py --sizes 20000 --figures 500 --stories 200

For each size it prints a JSON line, then ONE table with every figure side by side with the bare engine
build of the same run, each with its target (for 20,000 nominees: issue 24, item 2):

- photo encoding (cold, all cores), on its own, before the builds;
- a cold build with photos already cached (wall time of the process, peak memory of the build process,
  and its ratio to the bare `mkdocs build` below);
- a one-nominee rebuild: the first after the cold build (it fills the records cache, which the cold build
  reads without), then the median of ``--rebuilds`` more, each editing a nominee of another notice (the
  usual case: a clerk making corrections one after another);
- a rebuild with no change (median of ``--rebuilds``) and the number of files it wrote;
- the floor of every run of the command line: starting Python (``python -c pass``) and starting gongshi
  up to its help text (``gongshi build --help``: the imports), medians of five;
- the search payload a reader downloads for a first query, measured in Chromium by
  benchmarks/search_payload.py: the worst case over names, words of a unit, whole unit names, phrases of
  deeds and words every unit shares, up to 16 characters, and the worst query of each kind
  (``--no-search`` leaves it out);
- in the same run, a bare `mkdocs build` of as many plain Markdown pages as the site has pages, with the
  same theme.

Then the time of each step of the cold build and of the rebuilds (`gongshi build --timings`), by size.
Times are wall clock from process start to exit, so the figures of one run are compared with each other
(the bare engine build is the yardstick on a shared machine); the processor time of the builds (user and
system, their workers included), which a loaded machine inflates far less, is given beside them.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402
from search_payload import measure as search_payload, queries as search_queries  # noqa: E402

NOW = "2026-11-20T10:00:00+08:00"
PYTHON = sys.executable


def _steps(stdout: str) -> dict[str, float]:
    """The step timings `gongshi build --timings` printed."""
    return {m.group(2): float(m.group(1)) for m in re.finditer(r"^\s+([\d.]+) s  (.+)$", stdout, flags=re.M)}


#: processor seconds (user and system) of each child run by _run, in order: the load of a shared machine
#: inflates them far less than the wall clock
CPU: list[float] = []


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], cwd: Path) -> tuple[float, dict[str, float]]:
    """Wall seconds and step timings of a child process (its processor seconds go to CPU)."""
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    CPU.append(_children_cpu() - cpu)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return elapsed, _steps(result.stdout)


def _peak_of(args: list[str], cwd: Path) -> tuple[float, int, dict[str, float]]:
    """Run under /usr/bin/time-like accounting: a fresh child measured alone."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:]); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(json.dumps([time.perf_counter() - t, u.ru_maxrss, r.returncode, u.ru_utime + u.ru_stime]))")
    result = subprocess.run([PYTHON, "-c", code, *args], cwd=cwd, capture_output=True, text=True)
    elapsed, peak_kb, rc, cpu = json.loads(result.stdout.strip().splitlines()[-1])
    CPU.append(cpu)
    if rc != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return elapsed, peak_kb // 1024, _steps(result.stdout)


def _files(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file()}


def _baseline(pages: int, work: Path) -> float:
    docs = work / "baseline" / "docs"
    docs.mkdir(parents=True)
    text = "扎根一线多年，带领班组攻克技术难题，成绩突出。" * 12
    for i in range(pages):
        (docs / f"p{i:05d}.md").write_text(f"# 页面 {i}\n\n{text}\n", encoding="utf-8")
    (work / "baseline" / "mkdocs.yml").write_text(
        "site_name: baseline\ntheme:\n  name: material\n  language: zh\n  font: false\nnav:\n  - p00000.md\n"
        "validation:\n  omitted_files: info\n", encoding="utf-8")
    elapsed, _ = _run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "baseline" / "site")],
                      work / "baseline")
    return elapsed


def _floor() -> dict[str, float]:
    """Medians of five: starting Python, and starting gongshi up to its help text (the imports)."""
    def median(args: list[str]) -> float:
        return statistics.median(_run(args, ROOT)[0] for _ in range(5))
    return {"python_start_s": round(median([PYTHON, "-c", "pass"]), 2),
            "gongshi_start_s": round(median([PYTHON, "-m", "generator", "build", "--help"]), 2)}


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace("扎根一线", "扎根基层", 1), encoding="utf-8")


def measure(nominees: int, figures: int, stories: int, rebuilds: int = 3, search: bool = True) -> dict:
    from generator.media import photos
    from generator.records.config import load_config
    from generator.base.errors import Problems
    from generator.records.loader import load_site
    from generator.site.pages import photo_sources

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        site_root = work / "site-src"
        write_corpus(site_root, nominees, figures, stories)
        config = site_root / "site_config.yml"
        loaded = load_site(config)
        assert not loaded.problems.errors, loaded.problems.sorted()[:5]
        sources = photo_sources(loaded.records, loaded.content, load_config(config, Problems()))
        stats = photos.Stats()
        started = time.perf_counter()
        photos.process(sources, photos.PhotoCache(site_root / ".gongshi-cache" / "photos"), stats=stats)
        photo_s = time.perf_counter() - started

        shutil.rmtree(site_root / ".gongshi-cache" / "records")  # read above; the cold build reads them again
        out = work / "out"
        build = [PYTHON, "-m", "generator", "build", "-f", str(config), "--out", str(out), "--now", NOW, "--timings",
                 "--lang", "en"]
        cold_s, peak_mb, cold_steps = _peak_of(build, site_root)
        cold_cpu = CPU[-1]
        pages = sum(1 for _ in out.rglob("*.html"))

        # one nominee edited in each of these notices in turn: each rebuild starts from the tree the last replaced
        targets = [p for p in sorted(site_root.glob("notices/*/*.yml")) if "扎根一线" in p.read_text("utf-8")]
        edited = []
        edited_cpu = []
        for target in targets[:1 + rebuilds]:
            _edit(target)
            edited.append(_run(build, site_root))
            edited_cpu.append(CPU[-1])
        first_s, first_steps = edited[0]
        next_s = [s for s, _ in edited[1:]]
        next_steps = {step: round(statistics.median(steps.get(step, 0.0) for _, steps in edited[1:]), 2)
                      for step in dict.fromkeys(step for _, steps in edited[1:] for step in steps)}

        same, same_cpu, written = [], [], 0
        for _ in range(rebuilds):
            before = _files(out)
            same.append(_run(build, site_root)[0])
            same_cpu.append(CPU[-1])
            after = _files(out)
            written = max(written, sum(1 for k, v in after.items() if before.get(k) != v))
        found, worst = {}, {}
        if search:
            kinds = search_queries(config)
            found = search_payload(out, [term for terms in kinds.values() for term in terms])
            worst = {kind: max(terms, key=lambda t: found[t]["bytes"]) for kind, terms in kinds.items()}
        baseline_s = _baseline(pages, work)
    return {
        "nominees": nominees, "figures": figures, "stories": stories, "pages": pages,
        "photos": stats.encoded, "photo_encoding_s": round(photo_s, 1),
        "cold_build_s": round(cold_s, 1), "peak_memory_mb": peak_mb, "pages_per_s": round(pages / cold_s, 1),
        "ms_per_nominee": round(1000 * cold_s / nominees, 2),
        "first_one_nominee_s": round(first_s, 2),
        "one_nominee_median_s": round(statistics.median(next_s), 2),
        "one_nominee_runs_s": [round(s, 2) for s in next_s],
        "no_change_median_s": round(statistics.median(same), 2),
        "no_change_runs_s": [round(s, 2) for s in same],
        "no_change_files_written": written,
        "cold_cpu_s": round(cold_cpu, 1), "one_nominee_cpu_median_s": round(statistics.median(edited_cpu[1:]), 2),
        "no_change_cpu_median_s": round(statistics.median(same_cpu), 2),
        **_floor(),
        "first_search_download_kb": round(max(v["bytes"] for v in found.values()) / 1024, 1) if found else None,
        "search_worst_by_kind": {kind: [term, round(found[term]["bytes"] / 1024, 1), found[term]["files"],
                                        found[term]["status"]] for kind, term in worst.items()},
        "baseline_mkdocs_s": round(baseline_s, 1), "ratio_to_baseline": round(cold_s / baseline_s, 2),
        "cold_steps_s": cold_steps, "first_steps_s": first_steps, "next_steps_s": next_steps,
    }


#: the rows of the table: (label, key, unit, target for 20,000 nominees as a test of the value, its text)
ROWS = [
    ("pages", "pages", "", None, ""),
    ("photo encoding (cold, all cores)", "photo_encoding_s", " s", None, "reported apart"),
    ("cold build, photos cached", "cold_build_s", " s", lambda r: r["cold_build_s"] <= 30, "≤ 30 s"),
    ("bare `mkdocs build`, as many pages, same theme", "baseline_mkdocs_s", " s", None, "(yardstick)"),
    ("cold build ÷ bare mkdocs", "ratio_to_baseline", "×", lambda r: r["ratio_to_baseline"] <= 0.75, "≤ 0.75×"),
    ("peak memory of the cold build", "peak_memory_mb", " MB", lambda r: r["peak_memory_mb"] <= 1024, "≤ 1 GB"),
    ("first one-nominee rebuild (fills the records cache)", "first_one_nominee_s", " s", None, ""),
    ("one-nominee rebuild, median", "one_nominee_median_s", " s", lambda r: r["one_nominee_median_s"] <= 2,
     "≤ 2 s (goal 1 s)"),
    ("no-change rebuild, median", "no_change_median_s", " s", lambda r: r["no_change_median_s"] <= 1,
     "≤ 1 s (goal 0.5 s)"),
    ("files written by a no-change rebuild", "no_change_files_written", "", lambda r: r["no_change_files_written"] == 0,
     "0"),
    ("processor time (user + system): cold build", "cold_cpu_s", " s", None, ""),
    ("processor time: one-nominee rebuild, median", "one_nominee_cpu_median_s", " s", None, ""),
    ("processor time: no-change rebuild, median", "no_change_cpu_median_s", " s", None, ""),
    ("floor: starting Python", "python_start_s", " s", None, ""),
    ("floor: starting gongshi (imports, `build --help`)", "gongshi_start_s", " s", None, ""),
    ("first search download", "first_search_download_kb", " KB", lambda r: r["first_search_download_kb"] <= 100,
     "≤ 100 KB"),
]


def table(rows: list[dict]) -> str:
    """The one table: a line per figure, a column per size, the target and whether the largest size meets it."""
    largest = rows[-1]
    lines = ["| figure | " + " | ".join(f"{row['nominees']:,} nominees" for row in rows) + " | target | met |",
             "|---|" + "---|" * len(rows) + "---|---|"]
    for label, key, unit, test, target in ROWS:
        values = " | ".join("–" if row.get(key) is None else f"{row[key]}{unit}" for row in rows)
        met = "" if test is None or largest.get(key) is None else ("yes" if test(largest) else "no")
        lines.append(f"| {label} | {values} | {target} | {met} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--figures", type=int, default=20)
    parser.add_argument("--stories", type=int, default=10)
    parser.add_argument("--rebuilds", type=int, default=3, help="one-nominee and no-change rebuilds to take medians of")
    parser.add_argument("--no-search", action="store_true", help="leave out the search download (no Chromium)")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.figures, args.stories, args.rebuilds, not args.no_search)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    print("\n" + table(rows))
    for kind, label in (("cold", "cold build"), ("first", "first one-nominee rebuild"),
                        ("next", "one-nominee rebuild (median)")):
        steps = list(dict.fromkeys(step for row in rows for step in row[f"{kind}_steps_s"]))
        print(f"\n| {label}, step (s) | " + " | ".join(f"{row['nominees']:,}" for row in rows) + " |")
        print("|---|" + "---|" * len(rows))
        for step in steps:
            print(f"| {step} | " + " | ".join(str(row[f"{kind}_steps_s"].get(step, "")) for row in rows) + " |")


if __name__ == "__main__":
    main()
