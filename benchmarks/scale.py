"""Scale benchmark: build generated sites of growing size and print what it costs.

    .venv/bin/python benchmarks/scale.py --sizes 1000,5000,20000 --figures 500 --stories 200

For each size it prints a JSON line, then a table of all sizes:
photo encoding (cold, all cores) on its own; a cold build with photos already
cached (wall time, peak memory of the build process, pages per second); a warm
rebuild after editing one nominee, then after editing a nominee of another notice
(the usual case: it starts from the tree the first rebuild replaced); a rebuild with no change and the number of
files it wrote; the search payload a reader downloads for a first query (measured
in Chromium by benchmarks/search_payload.py: the worst case over names, words of a unit, whole unit names,
phrases of deeds and words every unit shares, up to 16 characters, and the worst query of each kind); and,
in the same run, a bare `mkdocs build` of as many plain Markdown pages as the
site has pages, as a baseline ratio. Then the time of each step of the cold
build and of the two one-nominee rebuilds (`gongshi build --timings`), by size.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
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


def _run(args: list[str], cwd: Path) -> tuple[float, dict[str, float]]:
    """Wall seconds and step timings of a child process."""
    started = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return elapsed, _steps(result.stdout)


def _peak_of(args: list[str], cwd: Path) -> tuple[float, int, dict[str, float]]:
    """Run under /usr/bin/time-like accounting: a fresh child measured alone."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "r = subprocess.run(sys.argv[1:]); "
            "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "r.returncode]))")
    result = subprocess.run([PYTHON, "-c", code, *args], cwd=cwd, capture_output=True, text=True)
    elapsed, peak_kb, rc = json.loads(result.stdout.strip().splitlines()[-1])
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
        "site_name: baseline\nnav:\n  - p00000.md\nvalidation:\n  omitted_files: info\n", encoding="utf-8")
    elapsed, _ = _run([PYTHON, "-m", "mkdocs", "build", "-q", "-d", str(work / "baseline" / "site")],
                      work / "baseline")
    return elapsed


def measure(nominees: int, figures: int, stories: int) -> dict:
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
        build = [PYTHON, "-m", "generator", "build", "-f", str(config), "--out", str(out), "--now", NOW, "--timings"]
        cold_s, peak_mb, cold_steps = _peak_of(build, site_root)
        pages = sum(1 for _ in out.rglob("*.html"))

        edited = []  # two notices edited in turn: the second rebuild starts from the tree the first replaced
        for target in [p for p in sorted(site_root.glob("notices/*/*.yml")) if "扎根一线" in p.read_text("utf-8")][:2]:
            target.write_text(target.read_text(encoding="utf-8").replace("扎根一线", "扎根基层", 1), encoding="utf-8")
            edited.append(_run(build, site_root))
        (warm_s, warm_steps), (again_s, again_steps) = edited

        before = _files(out)
        same_s, _ = _run(build, site_root)
        after = _files(out)
        written = sum(1 for k, v in after.items() if before.get(k) != v)
        kinds = search_queries(config)
        search = search_payload(out, [term for terms in kinds.values() for term in terms])
        worst = {kind: max(terms, key=lambda t: search[t]["bytes"]) for kind, terms in kinds.items()}
        baseline_s = _baseline(pages, work)
    return {
        "nominees": nominees, "figures": figures, "stories": stories, "pages": pages,
        "photos": stats.encoded, "photo_encoding_s": round(photo_s, 1),
        "cold_build_s": round(cold_s, 1), "peak_memory_mb": peak_mb, "pages_per_s": round(pages / cold_s, 1),
        "ms_per_nominee": round(1000 * cold_s / nominees, 2),
        "warm_rebuild_one_nominee_s": round(warm_s, 1), "next_one_nominee_s": round(again_s, 1),
        "no_change_rebuild_s": round(same_s, 1),
        "no_change_files_written": written,
        "first_search_download_kb": round(max(v["bytes"] for v in search.values()) / 1024, 1),
        "search_worst_by_kind": {kind: [term, round(search[term]["bytes"] / 1024, 1), search[term]["files"],
                                        search[term]["status"]] for kind, term in worst.items()},
        "baseline_mkdocs_s": round(baseline_s, 1), "ratio_to_baseline": round(cold_s / baseline_s, 2),
        "cold_steps_s": cold_steps, "warm_steps_s": warm_steps, "next_steps_s": again_steps,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--figures", type=int, default=20)
    parser.add_argument("--stories", type=int, default=10)
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.figures, args.stories)
        print(json.dumps(row), flush=True)
        rows.append(row)
    keys = [k for k, v in rows[0].items() if not isinstance(v, dict)]
    print("\n" + "| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    for kind in ("cold", "warm", "next"):
        steps = list(dict.fromkeys(step for row in rows for step in row[f"{kind}_steps_s"]))
        print(f"\n| {kind} build step (s) | " + " | ".join(f"{row['nominees']:,}" for row in rows) + " |")
        print("|---|" + "---|" * len(rows))
        for step in steps:
            print(f"| {step} | " + " | ".join(str(row[f"{kind}_steps_s"].get(step, "")) for row in rows) + " |")


if __name__ == "__main__":
    main()
