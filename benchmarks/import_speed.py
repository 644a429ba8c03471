"""How long `gongshi import` takes on N rows (target: 5,000 rows in 3 s or less).

    .venv/bin/python benchmarks/import_speed.py [N] [--per-notice 1000]

A record file holds at most 1 MB (about 1,700 nominees written out in full), so the N rows come as .xlsx
tables of 1,000 (openpyxl, of the test extra), one per district notice, as a city's 汇总表 arrive. The
benchmark writes the site into a temporary directory, then times, in-process, the first import of every
table (every nominee added) and a second one of the same tables (every nominee found again, nothing
written), and prints the totals.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from generator.records.importing import import_file  # noqa: E402
from check_speed import write_base  # noqa: E402

HEADINGS = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "工作单位及职务（职级）", "职称", "职称\n级别",
            "单位\n类型", "单位\n性质", "人员\n结构", "曾获最高荣誉", "简要事迹", "身份证号码", "联系电话"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(serial: int) -> str:
    body = f"9999991980{serial:07d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def write_site(root: Path, rows: int, per_notice: int = 1000) -> list[tuple[Path, Path]]:
    notices = write_base(root)
    pairs = []
    for first in range(1, rows + 1, per_notice):
        last = min(first + per_notice, rows + 1)
        notice = notices / f"notice-{first}.yml"
        notice.write_text(
            f"notice:\n  id: bench-{first}\n  campaign: bench\n  title: 基准公示\n  issuer: 基准区总工会\n"
            "  level: district\n  start: 2024-09-23\n  end: 2024-09-27\n  nominees: []\n", encoding="utf-8")
        pairs.append((_table(root / f"汇总表-{first}.xlsx", first, last), notice))
    return pairs


def _table(path: Path, first: int, last: int) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("劳动模范")
    sheet.append(["2024年基准市劳动模范汇总表"])
    sheet.append(["填报单位：基准区总工会    填报人：    联系电话："])
    sheet.append(HEADINGS)
    for n in range(first, last):
        sheet.append([n, f"基准{n:05d}", "男" if n % 2 else "女", "汉族", "1980.01", "中共党员",
                      f"基准第{n}机械有限公司 车间主任", "工程师", "中级", "企业", "国有企业", "一线工人",
                      "市五一劳动奖章", f"扎根一线{n % 30 + 1}年，带出徒弟多名，完成技术革新{n % 9 + 1}项。",
                      id_number(n), f"139{n:08d}"])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", nargs="?", type=int, default=5000)
    parser.add_argument("--per-notice", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pairs = write_site(root, args.rows, args.per_notice)
        for label in ("first import", "same tables again"):
            started, added, unchanged = time.perf_counter(), 0, 0
            for table, notice in pairs:
                result = import_file(root / "site_config.yml", table, notice)
                assert not result.errors, [str(n) for n in result.sorted_notes()[:5]]
                added, unchanged = added + result.added, unchanged + result.unchanged
            seconds = time.perf_counter() - started
            print(f"{label}: {args.rows} rows into {len(pairs)} notices in {seconds:.2f} s ({added} added, "
                  f"{unchanged} unchanged)")


if __name__ == "__main__":
    main()
