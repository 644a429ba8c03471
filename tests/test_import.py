"""`gongshi import`: a 汇总表 (.xlsx, .xls, .ods, .csv) into a notice's nominees, every problem at its cell."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.records.import_rows import split_unit_position
from generator.records.leaks import valid_id_number
from tests.conftest import CAMPAIGN, CONFIG

NOTICE = """\
# 由 gongshi import 填写推荐对象；其余内容手工填写。
notice:
  id: test-notice
  campaign: test-campaign
  title: 测试公示
  issuer: 测试市总工会
  level: city
  start: 2024-09-23
  end: 2024-09-27
  nominees: []
"""

TITLE = "2024年测试市劳动模范汇总表"
FILLER = "填报单位：测试区总工会      填报人：王某      联系电话：0000-1234567"
HEADINGS = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "工作单位及职务（职级）", "职称", "职称\n级别",
            "技术\n等级", "单位\n类型", "单位\n性质", "人员\n结构", "曾获最高荣誉", "简要事迹", "身份证号码",
            "联系电话", "备注"]
COLLECTIVE_HEADINGS = ["序号", "单位名称\n（或车间/工段/班组/科室）", "法人\n代表", "单位\n人数", "单位\n类型",
                       "单位\n性质", "曾获最高荣誉", "简要事迹"]


def id_number(serial: int) -> str:
    """A fictional resident ID number (region 999999) with a valid GB 11643 check digit."""
    body = f"99999919900101{serial:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]
    assert valid_id_number(body + check)
    return body + check


def person(n: int, name: str | None = None, **changes) -> list:
    row = {"序号": n, "姓名": name or f"测试{n:04d}", "性别": "男" if n % 2 else "女", "民族": "汉族",
           "出生年月": "1980.01", "政治面貌": "中共党员", "工作单位及职务（职级）": f"示例第{n}机械有限公司 车间主任",
           "职称": "工程师", "职称\n级别": "中级", "技术\n等级": "高级技师", "单位\n类型": "企业",
           "单位\n性质": "国有企业", "人员\n结构": "一线工人", "曾获最高荣誉": "市五一劳动奖章",
           "简要事迹": f"扎根一线{n}年，带出徒弟多名。", "身份证号码": id_number(n), "联系电话": f"1390000{n:04d}",
           "备注": ""}
    row.update(changes)
    return [row[h] for h in HEADINGS]


def workbook(path: Path, people: list[list], collectives: list[list] | None = None, merge_type: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "劳模"
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    sheet.append([FILLER])
    sheet.append(HEADINGS)
    for row in people:
        sheet.append(row)
    if merge_type:  # 单位类型 (column K) merged down the first two nominees: the value is in K4 only
        sheet["K5"] = None
        sheet.merge_cells("K4:K5")
    if collectives is not None:
        other = book.create_sheet("先进集体")
        other.append(["2024年测试市先进集体汇总表"])
        other.append([FILLER])
        other.append(COLLECTIVE_HEADINGS)
        for row in collectives:
            other.append(row)
    book.save(path)
    return path


def make_site(site) -> Path:
    site.write("site_config.yml", CONFIG.format(extra=""))
    site.write("notices/campaign.yml", CAMPAIGN)
    site.write("notices/notice.yml", NOTICE)
    (site.root / "content").mkdir(exist_ok=True)
    return site.root


def run(root: Path, table: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["import", str(table), "--notice", str(root / "notices/notice.yml"),
                                       "-f", str(root / "site_config.yml"), "--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def nominees(root: Path) -> list[dict]:
    return yaml.safe_load((root / "notices/notice.yml").read_text(encoding="utf-8"))["notice"]["nominees"]
