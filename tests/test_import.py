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
from conftest import CAMPAIGN, CONFIG, HELD_ELSEWHERE

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
""" + HELD_ELSEWHERE.format(level="district") + """\
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


COLLECTIVE = [1, "示例人民医院急诊科", "唐某", 46, "事业单位", "公立医院", "市工人先锋号", "年接诊急诊患者八万余人次。"]


def expected_person(n: int, nid: str, **changes) -> dict:
    record = {"id": nid, "award": "model-worker", "name": f"测试{n:04d}", "gender": "男" if n % 2 else "女",
              "ethnicity": "汉族", "political_status": "中共党员", "unit": f"示例第{n}机械有限公司",
              "position": "车间主任", "professional_title": "工程师", "title_level": "中级", "skill_level": "高级技师",
              "unit_type": "企业", "unit_nature": "国有企业", "category": "一线工人", "highest_honour": "市五一劳动奖章",
              "brief_deeds": f"扎根一线{n}年，带出徒弟多名。",
              "private": {"id_number": id_number(n), "phone": f"1390000{n:04d}", "birth_date": "1980-01"}}
    record.update(changes)
    return record


EXPECTED_COLLECTIVE = {"id": "n-ed7b6737", "award": "collective", "name": "示例人民医院急诊科", "unit_type": "事业单位",
                       "unit_nature": "公立医院", "legal_representative": "唐某", "staff_count": 46,
                       "highest_honour": "市工人先锋号", "brief_deeds": "年接诊急诊患者八万余人次。"}
IDS = {1: "n-456571f7", 2: "n-a9fbd945", 3: "n-253c588a"}


def test_xlsx_title_rows_broken_headings_merged_cell_and_both_sheets(site):
    root = make_site(site)
    table = workbook(root / "推荐汇总表.xlsx", [person(1), person(2), person(3)], [COLLECTIVE], merge_type=True)
    code, out, err = run(root, table)
    assert (code, err) == (0, "")
    notice = root / "notices/notice.yml"
    assert out.splitlines() == [
        "added 测试0001 (n-456571f7)", "added 测试0002 (n-a9fbd945)", "added 测试0003 (n-253c588a)",
        "added 示例人民医院急诊科 (n-ed7b6737)",
        f"{notice}: 4 added, 0 updated, 0 unchanged; 9 private value(s) placed under `private:`"]
    # K5 is merged into K4: the second nominee's 单位类型 is the merged value
    assert nominees(root) == [expected_person(n, IDS[n]) for n in (1, 2, 3)] + [EXPECTED_COLLECTIVE]
    text = notice.read_text(encoding="utf-8")
    assert text.startswith("# 由 gongshi import 填写推荐对象；其余内容手工填写。\n")
    assert '        id_number: "999999199001010016"\n        phone: "13900000001"\n' in text
    assert "      brief_deeds: >-\n        扎根一线1年，带出徒弟多名。\n" in text
    check = CliRunner().invoke(main, ["check", "-f", str(root / "site_config.yml"), "--lang", "en"])
    assert check.exit_code == 0, check.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_in_gbk(site, encoding):
    root = make_site(site)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([TITLE])
    writer.writerow([FILLER])
    writer.writerow(HEADINGS)
    for n in (1, 2):
        writer.writerow(person(n))
    table = root / "劳模.csv"  # the file's name says the award, as a sheet's name does
    table.write_bytes(out.getvalue().encode(encoding))
    code, _, err = run(root, table)
    assert (code, err) == (0, "")
    assert nominees(root) == [expected_person(n, IDS[n]) for n in (1, 2)]


def write_ods(path: Path, sheet: str, rows: list[list]) -> None:
    """A spreadsheet in the OpenDocument format (ODF 1.2) as WPS and LibreOffice save it: a zip whose first
    member is the uncompressed mimetype, a manifest, and the table in content.xml."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def cell(value) -> str:
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
        return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'
    body = "".join("<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name={quoteattr(sheet)}>{body}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def test_ods(site):
    root = make_site(site)
    table = root / "推荐汇总表.ods"
    write_ods(table, "劳模", [[TITLE], [FILLER], HEADINGS, person(1), person(2)])
    code, _, err = run(root, table)
    assert (code, err) == (0, "")
    assert nominees(root) == [expected_person(n, IDS[n]) for n in (1, 2)]


def test_xls_written_by_xlwt(site):
    import xlwt

    root = make_site(site)
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("劳模")
    for r, values in enumerate(([TITLE], [FILLER], HEADINGS, person(1), person(2))):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    table = root / "推荐汇总表.xls"
    book.save(str(table))
    code, _, err = run(root, table)
    assert (code, err) == (0, "")
    assert nominees(root) == [expected_person(n, IDS[n]) for n in (1, 2)]


def test_heading_merged_over_two_columns_named_apart_below(site):
    root = make_site(site)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "劳动模范"
    sheet.append(["序号", "姓名", "性别", "工作单位及职务", None, "人员结构", "简要事迹"])
    sheet.append([None, None, None, "工作单位", "职务", None, None])
    sheet.merge_cells("D1:E1")
    for cell in ("A1:A2", "B1:B2", "C1:C2", "F1:F2", "G1:G2"):
        sheet.merge_cells(cell)
    sheet.append([1, "李四", "男", "示例研究所", "所长", "专业技术人员", "潜心研究二十年。"])
    table = root / "汇总表.xlsx"
    book.save(table)
    code, _, err = run(root, table)
    assert (code, err) == (0, "")
    assert nominees(root) == [{"id": "n-11efff95", "award": "model-worker", "name": "李四", "gender": "男",
                               "unit": "示例研究所", "position": "所长", "category": "专业技术人员",
                               "brief_deeds": "潜心研究二十年。"}]


@pytest.mark.parametrize("text, split", [
    ("示例第一机械有限公司 数控车间班组长", ("示例第一机械有限公司", "数控车间班组长", "")),
    ("示例市人民医院心内科主任（副处级）", ("示例市人民医院", "心内科主任", "副处级")),
    ("示例研究所所长", ("示例研究所", "所长", "")),
    ("示例市公安局局长(正处级)", ("示例市公安局", "局长", "正处级")),
    ("示例集团有限公司第二分公司车间主任", ("示例集团有限公司第二分公司", "车间主任", "")),
    ("示例村村民", ("示例村", "村民", "")),
    ("示例市第一中学\n教师", ("示例市第一中学", "教师", "")),
    ("示例工作室负责同志", None),
])
def test_the_split_of_the_combined_column(text, split):
    assert split_unit_position(text) == split


def wrong_check_digit(serial: int) -> str:
    good = id_number(serial)
    return good[:17] + ("0" if good[17] != "0" else "1")


def test_every_problem_at_its_cell_in_chinese_and_nothing_written(site, chinese, monkeypatch):
    root = make_site(site)
    site.write("notices/campaign.yml", CAMPAIGN.replace("  awards:", "  brief_deeds_limit: 20\n  awards:"))
    before = (root / "notices/notice.yml").read_bytes()
    rows = [person(1), person(2, 性别="南"), person(3, 身份证号码=wrong_check_digit(3)),
            person(4, 身份证号码="99999919900101"), person(5, 联系电话="1234"), person(6, **{"单位\n类型": "国企"}),
            person(7, **{"人员\n结构": "工人"}), person(8, 出生年月="八十年代"),
            person(9, 简要事迹="扎根一线二十余年，" * 3), person(10, 身份证号码=id_number(1)),
            person(11, name="测试0001", **{"工作单位及职务（职级）": "示例第1机械有限公司 车间主任"}),
            person(12, 性别=""), person(13, **{"工作单位及职务（职级）": "示例工作室负责同志"}),
            person(14, 身份证号码=999999199001010141)]
    table = workbook(root / "推荐汇总表.xlsx", rows)
    book = openpyxl.load_workbook(table)
    book["劳模"]["S3"] = "推荐\n理由"
    book.save(table)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["import", "推荐汇总表.xlsx", "--notice", "notices/notice.yml"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "推荐汇总表.xlsx:劳模!S3: 推荐理由: 警告：无法识别的列，未导入（可识别的列见 content/records.md）",
        '推荐汇总表.xlsx:劳模!C5: 性别: "南" 不是"男"或"女"',
        "推荐汇总表.xlsx:劳模!P6: 身份证号码: 身份证号码最后一位与校验码不符（GB 11643）；请核对号码",
        "推荐汇总表.xlsx:劳模!P7: 身份证号码: 不是 18 位居民身份证号码（17 位数字加 1 位数字或 X）",
        "推荐汇总表.xlsx:劳模!Q8: 联系电话: 不是电话号码；请填写手机号（13800000000）或带区号和连字符的固定电话（010-12345678）",
        "推荐汇总表.xlsx:劳模!K9: 单位类型: 不能填“国企”；请从以下选项中选一个：企业, 机关, 事业单位, 社会组织, 农村, 其他",
        "推荐汇总表.xlsx:劳模!M10: 人员结构: 不能填“工人”；请从以下选项中选一个：一线工人, 专业技术人员, 企业负责人, 企业管理人员, "
        "农民, 农民工, 机关事业单位人员, 其他",
        "推荐汇总表.xlsx:劳模!E11: 出生年月: 不是出生年月；请按文本填写，例如 1980.01 或 1980-01",
        "推荐汇总表.xlsx:劳模!O12: 简要事迹: 简要事迹共 27 字，超过本评选表彰活动 20 字的限制；请删减 7 字",
        "推荐汇总表.xlsx:劳模!P13: 身份证号码: 与 推荐汇总表.xlsx:劳模!P4 的身份证号码相同；同一人只能列一次",
        "推荐汇总表.xlsx:劳模!B14: 姓名: 与 推荐汇总表.xlsx:劳模!B4 的姓名和单位相同；同一人只能列一次",
        "推荐汇总表.xlsx:劳模!C15: 性别: 个人必填；请填写此单元格",
        "推荐汇总表.xlsx:劳模!G16: 工作单位及职务(职级): 警告：无法区分“示例工作室负责同志”中的工作单位和职务，已把全文作为工作单位："
        "请核对，或在单位和职务之间加一个空格",
        "推荐汇总表.xlsx:劳模!P17: 身份证号码: 身份证号码被存成了数字，末几位会丢失；请把这一列设为文本格式，重新输入号码",
        "12 个错误，2 个警告；notices/notice.yml 未作任何改动",
    ]
    assert (root / "notices/notice.yml").read_bytes() == before
    for n in (1, 3, 4, 10):  # private values never appear in a message
        assert id_number(n) not in result.stderr and wrong_check_digit(3) not in result.stderr


def test_reimport_changes_nothing_then_updates_what_the_table_changed_keeping_comments_and_hand_edits(site):
    root = make_site(site)
    notice = root / "notices/notice.yml"
    table = workbook(root / "推荐汇总表.xlsx", [person(1), person(2)])
    assert run(root, table)[0] == 0
    # the clerk's hand edits: a comment, a field the table has not, a reordered private value
    text = notice.read_text(encoding="utf-8")
    text = text.replace("      name: 测试0002\n", "      name: 测试0002  # 已电话核实\n      region: 乙区\n")
    notice.write_text(text, encoding="utf-8")
    code, out, err = run(root, table)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"{notice}: 0 added, 0 updated, 2 unchanged; 6 private value(s) placed under "
                                "`private:`"]
    assert notice.read_text(encoding="utf-8") == text
    # an updated table: a new position for 测试0002, a new phone for 测试0001, and a third nominee
    workbook(table, [person(1, 联系电话="13900009999"), person(2, **{"工作单位及职务（职级）": "示例第2机械有限公司 副厂长"}),
                     person(3)])
    code, out, err = run(root, table)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "updated 测试0001 (n-456571f7): private.phone", "updated 测试0002 (n-a9fbd945): position",
        "added 测试0003 (n-253c588a)",
        f"{notice}: 1 added, 2 updated, 0 unchanged; 9 private value(s) placed under `private:`"]
    assert "13900009999" not in out
    after = notice.read_text(encoding="utf-8")
    assert "      name: 测试0002  # 已电话核实\n      region: 乙区\n" in after
    assert after.startswith("# 由 gongshi import 填写推荐对象；其余内容手工填写。\n")
    assert nominees(root) == [expected_person(1, IDS[1], private={"id_number": id_number(1), "phone": "13900009999",
                                                                   "birth_date": "1980-01"}),
                              expected_person(2, IDS[2], position="副厂长", region="乙区"),
                              expected_person(3, IDS[3])]
    check = CliRunner().invoke(main, ["check", "-f", str(root / "site_config.yml")])
    assert check.exit_code == 0, check.output


def test_same_person_found_by_id_number_keeps_the_id_though_the_unit_changed(site):
    root = make_site(site)
    table = workbook(root / "推荐汇总表.xlsx", [person(1)])
    run(root, table)
    workbook(table, [person(1, **{"工作单位及职务（职级）": "示例新材料有限公司 车间主任"})])
    code, out, _ = run(root, table)
    assert code == 0
    assert out.splitlines()[0] == "updated 测试0001 (n-456571f7): unit"
    assert [n["id"] for n in nominees(root)] == ["n-456571f7"]


def test_a_published_notice_is_refused_naming_the_ledger(site):
    root = make_site(site)
    table = workbook(root / "推荐汇总表.xlsx", [person(1)])
    assert run(root, table)[0] == 0
    built = CliRunner(env={"SOURCE_DATE_EPOCH": "1727150400"}).invoke(  # 2024-09-24 12:00 +08:00
        main, ["build", "-f", str(root / "site_config.yml"), "--lang", "en"])
    assert built.exit_code == 0, built.output
    assert (root / "ledger/test-notice.json").is_file()
    assert run(root, table)[0] == 0  # nothing changes: nothing to refuse
    before = (root / "notices/notice.yml").read_bytes()
    workbook(table, [person(1, 职称="高级工程师")])
    code, out, err = run(root, table)
    assert (code, out) == (1, "")
    notice = root / "notices/notice.yml"
    assert err.splitlines() == [
        f"{notice}: nominees: notice 'test-notice' is already published (ledger/test-notice.json); an import cannot "
        "change its nominees: write each change with a correction (`corrections:`) by hand",
        f"1 error(s), 0 warning(s); nothing was written to {notice}"]
    assert notice.read_bytes() == before


def test_award_by_sheet_name_or_award_option(site):
    root = make_site(site)
    table = root / "表.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(HEADINGS)
    book.active.append(person(1))
    book.save(table)
    code, out, err = run(root, table)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f"{table}:Sheet1: -: cannot tell which award the table 'Sheet1' is for; name the sheet after an award of "
        "the campaign, or give --award with one of: model-worker (劳动模范), collective (先进集体)")
    code, _, err = run(root, table, "--award", "collective")
    assert err.splitlines()[0] == (f"{table}:Sheet1: -: award 'collective' is for collectives, but the table lists "
                                   "individuals")
    code, _, err = run(root, table, "--award", "劳动模范")
    assert err.splitlines()[0] == (f"{table}:Sheet1: --award: use the id `model-worker` of 劳动模范, not its title: "
                                   "`award: model-worker`; the campaign's awards are: collective (先进集体), "
                                   "model-worker (劳动模范)")
    code, out, err = run(root, table, "--award", "model-worker")
    assert (code, err) == (0, "")
    assert nominees(root) == [expected_person(1, IDS[1])]


def test_same_id_number_in_another_notice_is_a_warning(site):
    root = make_site(site)
    site.write("notices/other.yml", NOTICE.replace("id: test-notice", "id: other-notice").replace(
        "  nominees: []\n", "  nominees:\n    - id: wang\n      award: model-worker\n      name: 王某\n"
        "      gender: 男\n      unit: 示例公司\n      category: 一线工人\n      brief_deeds: 事迹。\n"
        f"      private:\n        id_number: \"{id_number(1)}\"\n"))
    table = workbook(root / "推荐汇总表.xlsx", [person(1)])
    code, _, err = run(root, table)
    assert code == 0
    assert err.splitlines() == [
        f"{table}:劳模!P4: 身份证号码: warning: the same ID number as a nominee of notice 'other-notice'; check that "
        "this is meant (a person may be on the notices of several levels)"]


def test_the_notice_file_must_exist(site):
    root = make_site(site)
    table = workbook(root / "推荐汇总表.xlsx", [person(1)])
    (root / "notices/notice.yml").unlink()
    code, _, err = run(root, table)
    assert code == 1
    assert err == (f"error: {root / 'notices/notice.yml'}: no such notice file; write the notice first (its id, "
                   "campaign, title, period and channels), then import its nominees into it\n")


def test_200_rows_import_then_check_and_build(site, tmp_path):
    root = make_site(site)
    table = workbook(root / "推荐汇总表.xlsx", [person(n) for n in range(1, 201)], [COLLECTIVE])
    code, out, err = run(root, table)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (f"{root / 'notices/notice.yml'}: 201 added, 0 updated, 0 unchanged; 600 private "
                                    "value(s) placed under `private:`")
    assert len({n["id"] for n in nominees(root)}) == 201
    check = CliRunner().invoke(main, ["check", "-f", str(root / "site_config.yml"), "--lang", "en"])
    assert check.exit_code == 0, check.output
    assert check.stdout.splitlines()[-1].startswith("ok: 1 campaign(s), 1 notice(s), 201 nominee(s), 0 warning(s)")
    built = CliRunner().invoke(main, ["build", "-f", str(root / "site_config.yml"), "--lang", "en",
                                      "--out", str(tmp_path / "out"), "--now", "2024-09-24T10:00+08:00"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out/notices/test-notice/index.html").is_file()
    assert id_number(7) not in (tmp_path / "out/notices/test-notice/index.html").read_text(encoding="utf-8")


HAND_WRITTEN = NOTICE.replace("  nominees: []\n", """\
  nominees:
    # 第一批，手工录入
    - id: zhang-san
      award: model-worker
      name: 张三  # 已核实
      gender: 男
      unit: 示例公司
      category: 一线工人
      brief_deeds: >-
        事迹简要。
  corrections:  # 更正记录
    - date: 2024-09-24
      action: note
      text: 补充说明。
""")


@pytest.mark.parametrize("notice, nominees_line", [
    (HAND_WRITTEN, None),
    (NOTICE.replace("  nominees: []\n", ""), "  nominees:\n"),
    (NOTICE.replace("  nominees: []\n", "  nominees: []  # 由导入填写\n"), "  nominees:  # 由导入填写\n"),
    (NOTICE.replace("  nominees: []\n", "  nominees:\n"), "  nominees:\n"),
])
def test_new_nominees_go_after_those_written_by_hand_and_every_other_line_stays(site, notice, nominees_line):
    root = make_site(site)
    site.write("notices/notice.yml", notice)
    table = workbook(root / "推荐汇总表.xlsx", [person(1)])
    code, _, err = run(root, table)
    assert (code, err) == (0, "")
    text = (root / "notices/notice.yml").read_text(encoding="utf-8")
    added = text.index("    - id: n-456571f7\n")
    if nominees_line is None:
        assert text[:added] == HAND_WRITTEN[:HAND_WRITTEN.index("  corrections:")]
        assert text[text.index("  corrections:"):] == HAND_WRITTEN[HAND_WRITTEN.index("  corrections:"):]
        assert [n["id"] for n in nominees(root)] == ["zhang-san", "n-456571f7"]
    else:
        assert text[:added].endswith(HELD_ELSEWHERE.format(level="district") + nominees_line)
        assert nominees(root) == [expected_person(1, IDS[1])]
    check = CliRunner().invoke(main, ["check", "-f", str(root / "site_config.yml"), "--lang", "en"])
    assert check.exit_code == 0, check.output


def test_a_table_too_long_for_one_notice_file_is_refused(site, monkeypatch):
    from generator.records import importing

    root = make_site(site)
    before = (root / "notices/notice.yml").read_bytes()
    monkeypatch.setattr(importing, "MAX_BYTES", 2000)  # gongshi check reads record files of 1 MB at most
    table = workbook(root / "推荐汇总表.xlsx", [person(n) for n in range(1, 4)])
    code, out, err = run(root, table)
    notice = root / "notices/notice.yml"
    assert (code, out) == (1, "")
    first = err.splitlines()[0]
    assert first.startswith(f"{notice}: (file): file is ") and first.endswith(
        " bytes, over the 1 MB limit; split it into several notices")
    assert int(first.split("file is ")[1].split(" bytes")[0].replace(",", "")) > 2000
    assert notice.read_bytes() == before


def test_the_plain_form_without_deeds_says_so_for_each_new_nominee_and_that_age_is_not_imported(site):
    root = make_site(site)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "劳动模范"
    sheet.append([TITLE])
    sheet.append([FILLER])
    sheet.append(["序号", "姓名", "性别", "民族", "年龄", "政治面貌", "工作单位及职务（职级）", "职称", "职称\n级别",
                  "技术\n等级", "单位\n类型", "单位\n性质", "人员\n结构", "曾获最高荣誉", "备注"])
    sheet.append([1, "李四", "男", "汉族", 45, "群众", "示例研究所所长", "研究员", "正高级", "", "事业单位", "科研院所",
                  "专业技术人员", "市五一劳动奖章", ""])
    sheet.append([2, None, None, None, None, None, None, None, None, None, None, None, None, None, None])
    table = root / "汇总表.xlsx"
    book.save(table)
    code, out, err = run(root, table)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{table}:劳动模范!E3: 年龄: warning: the records have no age; this column is not imported (a column 出生年月 "
        "goes under `private:`)",
        f"{table}:劳动模范!B4: 姓名: no brief deeds for this new nominee; add a 简要事迹 column with each nominee's "
        "deeds",
        f"1 error(s), 1 warning(s); nothing was written to {root / 'notices/notice.yml'}"]
