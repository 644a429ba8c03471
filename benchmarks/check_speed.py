"""How long `gongshi check` takes on a generated site of N nominees.

    .venv/bin/python benchmarks/check_speed.py [N] [--runs 5]

Writes a site of N nominees (notices of 100 each) into a temporary directory,
runs the check in-process several times and prints the median wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.records.loader import load_site  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "明华建国秀英志强丽娟海燕文军"
REGIONS = ["澜东区", "澜西区", "鹤川区", "松屿县"]
CATEGORIES = ["一线工人", "专业技术人员", "企业管理人员", "农民工"]


def write_base(root: Path) -> Path:
    """The configuration and the campaign of a benchmark site (also used by import_speed.py); its notices
    folder, returned, is empty."""
    (root / "content").mkdir()
    (root / "site_config.yml").write_text(
        "site_name: 基准站点\nsite_url: https://bench.example.org/\ndocs_dir: content\n"
        "plugins:\n  - gongshi:\n      feeds:\n        tag_date: 2024-01-01\n", encoding="utf-8")
    notices = root / "notices"
    notices.mkdir()
    (notices / "campaign.yml").write_text(
        "campaign:\n  id: bench\n  title: 基准评选\n  year: 2024\n  organizer: 基准市总工会\n"
        "  awards:\n    - id: model-worker\n      name: 劳动模范\n      kind: individual\n"
        "  default_channels:\n    - office: 基准市总工会\n      phones: [\"0000-1234567\"]\n", encoding="utf-8")
    return notices


def write_site(root: Path, nominees: int, per_notice: int = 100) -> None:
    notices = write_base(root)
    (root / "theme").mkdir()
    for start in range(0, nominees, per_notice):
        lines = [f"notice:\n  id: notice-{start // per_notice}\n  campaign: bench\n  title: 基准公示\n"
                 f"  issuer: 基准市总工会\n  level: city\n  start: 2024-09-23\n  end: 2024-09-30\n  nominees:\n"]
        for i in range(start, min(start + per_notice, nominees)):
            name = SURNAMES[i % 20] + GIVEN[i % 13] + GIVEN[(i // 13) % 13]
            lines.append(
                f"    - id: n{i}\n      award: model-worker\n      name: {name}\n      gender: {'男女'[i % 2]}\n"
                f"      ethnicity: 汉族\n      unit: 基准示例公司第{i % 50}分公司\n      position: 技术员\n"
                f"      category: {CATEGORIES[i % 4]}\n      region: {REGIONS[i % 4]}\n"
                f"      brief_deeds: >-\n        {'扎根一线多年，带领班组攻克技术难题，' * 6}成绩突出。\n"
                f"      private:\n        id_number: \"999999{19700101 + i:08d}{i % 10000:04d}\"\n"
                f"        phone: \"139{i:08d}\"\n")
        (notices / f"notice-{start // per_notice:04d}.yml").write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("nominees", type=int, nargs="?", default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_site(root, args.nominees)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            site = load_site(root / "site_config.yml")
            times.append(time.perf_counter() - started)
            assert not site.problems.errors, site.problems.sorted()[:5]
        print(f"check of {args.nominees} nominees: median {statistics.median(times):.3f} s "
              f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)")


if __name__ == "__main__":
    main()
