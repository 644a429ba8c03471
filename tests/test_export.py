"""`gongshi export list` and `gongshi export template`: the list as the summary table (汇总表) for the next
level, and the blank form of a campaign, read back with openpyxl."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import CAMPAIGN
from generator.cli import main
from generator.records.types import CATEGORIES, UNIT_TYPES
from list_fixtures import CANARIES, NOW, make_site

HEADERS = ["序号", "姓名", "性别", "民族", "政治面貌", "工作单位及职务", "职称", "人员结构", "曾获最高荣誉", "简要事迹",
           "备注"]
PRIVATE_HEADERS = ["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "工作单位及职务", "职称", "人员结构",
                   "曾获最高荣誉", "简要事迹", "备注", "身份证号码", "联系电话"]
COLLECTIVE = ["序号", "单位名称", "所属单位", "法人代表", "单位人数", "单位类型", "单位性质", "曾获最高荣誉", "简要事迹",
              "备注"]


def run(*args: str, lang: str = "en"):
    return CliRunner().invoke(main, [*args, "--lang", lang])


def rows(path, sheet: str) -> list[tuple]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


def every_value(path) -> set:
    return {v for ws in load_workbook(path) for row in ws.iter_rows(values_only=True) for v in row if v is not None}


def test_the_list_has_every_nominee_on_it_and_no_withdrawn_one(site, tmp_path):
    out = tmp_path / "list.xlsx"
    result = run("export", "list", "test-notice", "-o", str(out), "--now", NOW, "-f", str(make_site(site)))
    assert (result.exit_code, result.output) == (0, f"wrote {out}: 3 on the list as of 2024-09-25\n")
    assert load_workbook(out).sheetnames == ["劳动模范", "先进集体"]
    assert rows(out, "劳动模范") == [
        ("劳动模范推荐对象汇总表", *[None] * 10),
        ("填报单位：测试市总工会　　名单截至：2024年9月25日　　共 2 名/个", *[None] * 10),
        tuple(HEADERS),
        (1, "张三", "男", "汉族", "中共党员", "示例公司 技术员", "工程师", "一线工人", "市优秀员工", "张三的事迹简要。", None),
        (2, "王五", "男", None, None, "示例医院 医生", None, "专业技术人员", None, "王五的事迹简要。", "递补"),
    ]
    assert rows(out, "先进集体")[2:] == [
        tuple(COLLECTIVE), (1, "示例车间", "示例公司", "赵六", 40, "企业", None, None, "示例车间的事迹简要。", None)]
    values = every_value(out)
    assert "李四" not in values  # withdrawn on 2024-09-24
    assert [v for v in CANARIES.values() if v in values] == []
    assert "13900000002" not in values


def test_before_the_correction_the_list_is_as_it_was(site, tmp_path):
    out = tmp_path / "list.xlsx"
    result = run("export", "list", "test-notice", "-o", str(out), "--now", "2024-09-23T12:00+08:00",
                 "-f", str(make_site(site)))
    assert result.exit_code == 0, result.output
    assert [r[1] for r in rows(out, "劳动模范")[3:]] == ["张三", "李四", "王五"]


def test_private_columns_only_with_the_option_and_a_warning(site, tmp_path, chinese):
    out = tmp_path / "list.xlsx"
    result = run("export", "list", "test-notice", "-o", str(out), "--now", NOW, "--with-private",
                 "-f", str(make_site(site)), lang="zh")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"已写入 {out}：截至 2024-09-25，名单上共 3 名/个\n"
    assert result.stderr == (f"警告：{out} 含有个人信息（身份证号码、联系电话、出生年月）；请妥善保管，"
                             "只发给确需使用的单位和人员\n")
    sheet = rows(out, "劳动模范")
    assert sheet[2] == tuple(PRIVATE_HEADERS)
    assert sheet[3] == (1, "张三", "男", "汉族", "1990-01-01", "中共党员", "示例公司 技术员", "工程师", "一线工人",
                        "市优秀员工", "张三的事迹简要。", None, "999999199001010014", "13900000001")
    assert rows(out, "先进集体")[2][-1] == "联系电话"


def test_an_unknown_notice_names_the_known_ones(site, tmp_path, chinese):
    result = run("export", "list", "nope", "-o", str(tmp_path / "x.xlsx"), "-f", str(make_site(site)), lang="zh")
    assert (result.exit_code, result.stderr) == (1, "错误：没有公示“nope”；已有的公示：test-notice\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_records_with_errors_are_not_exported(site, tmp_path):
    config = make_site(site)
    site.write("notices/notice.yml", (site.root / "notices/notice.yml").read_text(encoding="utf-8")
               .replace("gender: 女", "gender: 未知"))
    result = run("export", "list", "test-notice", "-o", str(tmp_path / "x.xlsx"), "-f", str(config))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "the records have errors; fix them before exporting (gongshi check)"
    assert not (tmp_path / "x.xlsx").exists()


def validations(ws) -> dict[str, str]:
    return {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}


def test_the_blank_form_has_drop_down_lists_and_instructions(site, tmp_path):
    out = tmp_path / "form.xlsx"
    result = run("export", "template", "-o", str(out), "--now", NOW, "-f", str(make_site(site)))
    assert (result.exit_code, result.output) == (0, f"wrote {out}\n")
    wb = load_workbook(out)
    assert wb.sheetnames == ["个人", "集体", "填表说明"]
    header = [c.value for c in wb["个人"][3]]
    assert header == ["序号", "称号", "姓名", "性别", "民族", "出生年月", "政治面貌", "工作单位", "职务", "职称", "技术等级",
                      "人员结构", "单位类型", "单位性质", "所属地区（系统）", "曾获最高荣誉", "简要事迹", "备注", "身份证号码",
                      "联系电话"]
    letter = {name: wb["个人"].cell(3, i).column_letter for i, name in enumerate(header, 1)}
    assert validations(wb["个人"]) == {
        f"{letter['称号']}4:{letter['称号']}503": '"劳动模范"',
        f"{letter['性别']}4:{letter['性别']}503": '"男,女"',
        f"{letter['人员结构']}4:{letter['人员结构']}503": '"' + ",".join(CATEGORIES) + '"',
        f"{letter['单位类型']}4:{letter['单位类型']}503": '"' + ",".join(UNIT_TYPES) + '"',
    }
    collective = [c.value for c in wb["集体"][3]]
    assert collective[:6] == ["序号", "称号", "单位名称", "所属单位", "法人代表", "单位人数"]
    assert sorted(validations(wb["集体"]).values()) == sorted(['"先进集体"', '"' + ",".join(UNIT_TYPES) + '"'])
    explained = [(r[0], r[1]) for r in wb["填表说明"].iter_rows(min_row=4, values_only=True)]
    assert explained == [("个人", h) for h in header[1:]] + [("集体", h) for h in collective[1:]]
    assert wb["填表说明"]["C5"].value == "推荐对象的姓名，与身份证一致。"


def test_a_site_with_two_campaigns_asks_which(site, tmp_path, chinese):
    config = make_site(site)
    site.write("notices/other/campaign.yml", CAMPAIGN.replace("test-campaign", "other-campaign"))
    result = run("export", "template", "-o", str(tmp_path / "f.xlsx"), "-f", str(config), lang="zh")
    assert (result.exit_code, result.stderr) == (
        1, "错误：本站点有 2 个评选表彰活动；请用 --campaign 指定其中一个：other-campaign、test-campaign\n")
    result = run("export", "template", "-o", str(tmp_path / "f.xlsx"), "--campaign", "other-campaign",
                 "-f", str(config), lang="zh")
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "f.xlsx")["个人"]["A1"].value == "测试评选推荐对象汇总表（个人）"


@pytest.mark.parametrize("command", [["list", "test-notice"], ["template"]])
def test_the_same_records_give_the_same_bytes(site, tmp_path, command):
    config = make_site(site)
    written = []
    for name in ("a.xlsx", "b.xlsx"):
        assert run("export", *command, "-o", str(tmp_path / name), "--now", NOW, "-f", str(config)).exit_code == 0
        written.append((tmp_path / name).read_bytes())
    assert written[0] == written[1]


def test_import_writes_the_same_blank_form_with_template(site, tmp_path):
    config = str(make_site(site))
    assert run("export", "template", "-o", str(tmp_path / "a.xlsx"), "-f", config).exit_code == 0
    result = run("import", "--template", str(tmp_path / "b.xlsx"), "-f", config)
    assert (result.exit_code, result.output) == (0, f"wrote {tmp_path / 'b.xlsx'}\n")
    assert (tmp_path / "b.xlsx").read_bytes() == (tmp_path / "a.xlsx").read_bytes()
    missing = run("import", "-f", config)
    assert missing.exit_code == 1
    assert missing.stderr.strip() == (
        "error: name the table to import and the notice file: gongshi import TABLE.xlsx --notice notices/x.yml "
        "(or write a blank table with gongshi import --template FILE.xlsx)")
