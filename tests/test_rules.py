"""Nomination rules: every rule type, boundaries, empty populations, duplicates, the report."""

from __future__ import annotations

import csv
from pathlib import Path
import io
import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from conftest import CAMPAIGN, NOTICE
from generator.cli import main
from generator.records.loader import load_site
from generator.records.rules import parse_share, share_text

N = "notices/notice.yml"


def person(i: int, category: str = "一线工人", gender: str = "男", unit_type: str = "企业", region: str = "甲区",
           extra: str = "", private: str = "") -> str:
    return (f"    - id: p{i}\n      award: model-worker\n      name: 人员{i}\n      gender: {gender}\n"
            f"      unit: 单位{i}\n      category: {category}\n      unit_type: {unit_type}\n      region: {region}\n"
            f"      brief_deeds: 事迹。\n{extra}"
            f"      private:\n        id_number: \"{999999000000000000 + i * 10}\"\n{private}")


def campaign_with(rules: str, ranks: str = "") -> str:
    return CAMPAIGN.replace("  regions:", f"{ranks}  rules:\n{rules}  regions:")


SHARE_65 = ("    - label: 一线工人和专业技术人员不低于65%\n      type: share\n      of:\n"
            "        - {field: unit_type, in: [企业]}\n      population_label: 企业推荐人选\n"
            "      count:\n        - {field: category, in: [一线工人, 专业技术人员]}\n      min: 65%\n")


def messages(site, rules: str, people: list[str], ranks: str = "", notice: str = NOTICE) -> list[str]:
    config = site.make(campaign=campaign_with(rules, ranks), notice=notice.format(nominees="".join(people)))
    return [str(p) for p in load_site(config).problems.sorted()]


def test_share_below_minimum_says_the_numbers(site):
    people = [person(i) for i in range(7)] + [person(i, "企业管理人员") for i in range(7, 11)]
    people.append(person(11, "机关事业单位人员", unit_type="机关"))  # outside the population
    assert messages(site, SHARE_65, people) == [
        f"{N}:2: rules[1]: 一线工人和专业技术人员不低于65% 63.6% < 65% (7 of 11 企业推荐人选)"]


@pytest.mark.parametrize("front, total, ok", [(13, 20, True), (12, 20, False), (26, 40, True)])
def test_share_boundary_exactly_on_the_bound_passes(site, front, total, ok):
    people = [person(i) for i in range(front)] + [person(i, "企业管理人员") for i in range(front, total)]
    got = messages(site, SHARE_65, people)
    assert (got == []) is ok, got


def test_rounding_never_hides_a_miss():
    assert share_text(Fraction(6499, 10000), Fraction(65, 100)) == "64.99%"  # not "65.0%"
    assert share_text(Fraction(582, 1000), Fraction(65, 100)) == "58.2%"
    assert parse_share("65%") == Fraction(13, 20) and parse_share("1/3") == Fraction(1, 3)
    assert parse_share("62.5%") == Fraction(5, 8) and parse_share("abc") is None


def test_share_maximum_and_warning_severity(site):
    rule = ("    - label: 企业负责人不超过15%\n      type: share\n      severity: warning\n"
            "      count:\n        - {field: category, in: [企业负责人]}\n      max: 15%\n")
    people = [person(0, "企业负责人"), person(1), person(2), person(3)]
    config = site.make(campaign=campaign_with(rule), notice=NOTICE.format(nominees="".join(people)))
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 0  # a warning informs, it does not block
    assert result.stderr.splitlines()[0] == (f"{N}:2: rules[1]: warning: 企业负责人不超过15% 25.0% > 15% "
                                             f"(1 of 4 nominees)")


def test_empty_population_is_not_a_miss(site):
    people = [person(i, "机关事业单位人员", unit_type="机关") for i in range(3)]
    assert messages(site, SHARE_65, people) == []


def test_withdrawn_nominees_do_not_count(site):
    people = [person(i) for i in range(2)] + [person(2, "企业管理人员"), person(3, "企业管理人员")]
    assert messages(site, SHARE_65, people) == [
        f"{N}:2: rules[1]: 一线工人和专业技术人员不低于65% 50.0% < 65% (2 of 4 企业推荐人选)"]
    withdrawn = NOTICE + ("  corrections:\n    - date: 2024-09-24\n      action: withdrawn\n"
                          "      nominee: p3\n      text: 撤销。\n")
    assert messages(site, SHARE_65, people, notice=withdrawn) == []  # 2 of 3 once p3 is withdrawn


def test_women_and_minorities_with_not_in(site):
    rule = ("    - label: 少数民族应占一定比例\n      type: share\n      count:\n"
            "        - {field: ethnicity, not_in: [汉族]}\n      min: 10%\n")
    people = [person(i, extra="      ethnicity: 汉族\n") for i in range(9)] + [person(9)]  # no ethnicity counts
    assert messages(site, rule, people) == []
    people[-1] = person(9, extra="      ethnicity: 汉族\n")
    assert messages(site, rule, people) == [f"{N}:2: rules[1]: 少数民族应占一定比例 0.0% < 10% (0 of 10 nominees)"]


def test_quota_per_region_pooled_over_the_campaign(site):
    rule = ("    - label: 地区名额\n      type: quota\n      scope: campaign\n      level: city\n"
            "      field: region\n      limits: {甲区: 2, 乙区: 1}\n")
    people = [person(0), person(1), person(2, region="乙区")]
    config = site.make(campaign=campaign_with(rule), notice=NOTICE.format(nominees="".join(people)))
    site.write("notices/second.yml", NOTICE.format(nominees=person(3) + person(4, region="乙区"))
               .replace("test-notice", "second"))
    got = [str(p) for p in load_site(config).problems.sorted()]
    assert got == ["notices/campaign.yml:2: rules[1]: 地区名额: 乙区 2 > 1",
                   "notices/campaign.yml:2: rules[1]: 地区名额: 甲区 3 > 2"]


def test_exclusions_by_rank_and_private_fields(site):
    rules = ("    - label: 副局级及以上干部不参加评选\n      type: exclude\n      where:\n"
             "        - {field: rank, at_least: 副局级}\n"
             "    - label: 离退休人员不参加评选\n      type: exclude\n      where:\n"
             "        - {field: private.retired, in: [是]}\n")
    ranks = "  ranks: [正科级, 副处级, 正处级, 副局级, 正局级]\n"
    people = [person(0, extra="      rank: 正处级\n"), person(1, extra="      rank: 副局级\n"),
              person(2, extra="      rank: 正局级\n"), person(3, private="        retired: 是\n")]
    assert messages(site, rules, people, ranks) == [
        f"{N}:2: rules[1]: 副局级及以上干部不参加评选: 人员1 (p1) is not eligible",
        f"{N}:2: rules[1]: 副局级及以上干部不参加评选: 人员2 (p2) is not eligible",
        f"{N}:2: rules[2]: 离退休人员不参加评选: 人员3 (p3) is not eligible",
    ]


def test_rule_definitions_are_checked(site):
    rules = ("    - label: 坏规则\n      type: share\n      count:\n        - {field: gender, in: [女], not_in: [男]}\n"
             "      min: 六成\n    - label: 名额\n      type: quota\n      level: city\n"
             "    - label: 职级\n      type: exclude\n      where:\n        - {field: rank, at_least: 部级}\n")
    got = messages(site, rules, [person(0)])
    assert got == [
        "notices/campaign.yml:17: rules[1].count[1]: a condition has exactly one of `in:`, `not_in:` or `at_least:`",
        "notices/campaign.yml:18: rules[1].min: '六成' is not a share; write a percentage like 65% or a fraction "
        "like 1/3",
        "notices/campaign.yml:19: rules[2].field: a quota rule needs `field:`",
        "notices/campaign.yml:19: rules[2].limits: a quota rule needs `limits:`",
        "notices/campaign.yml:21: rules[2].level: `level` goes with `scope: campaign`",
        "notices/campaign.yml:25: rules[3].where[1].at_least: '部级' is not in the campaign's `ranks`",
    ]


def _levels(site, first_level: str, second_level: str, second_award: str = "model-worker",
            second_campaign: str = "test-campaign"):
    people = person(0)
    config = site.make(notice=NOTICE.format(nominees=people).replace("level: city", f"level: {first_level}"))
    second = (NOTICE.format(nominees=people.replace("award: model-worker", f"award: {second_award}"))
              .replace("test-notice", "second").replace("level: city", f"level: {second_level}")
              .replace("campaign: test-campaign", f"campaign: {second_campaign}"))
    if second_award == "collective":
        second = second.replace("      gender: 男\n", "").replace("      category: 一线工人\n", "")
    site.write("notices/second.yml", second)
    if second_campaign != "test-campaign":
        site.write("notices/other-campaign.yml", CAMPAIGN.replace("id: test-campaign", f"id: {second_campaign}"))
    return [str(p) for p in load_site(config).problems.sorted()]


def test_duplicate_nomination_at_the_same_level_is_an_error(site):
    got = _levels(site, "district", "district")
    assert got == [f"{N}:10: nominee: the same ID number as second/p0: one person in two district "
                   "notices of one campaign (second/p0 and test-notice/p0)"]
    assert "999999" not in got[0]


def test_the_same_person_at_three_levels_is_fine(site):
    assert _levels(site, "unit", "district") == []


def test_duplicate_for_another_award_is_an_error(site):
    got = _levels(site, "unit", "district", second_award="collective")
    assert got == [f"{N}:10: nominee: the same ID number as second/p0 but for another award "
                   "(collective / model-worker); a person is nominated for one award"]


def test_duplicate_across_campaigns_is_a_warning(site):
    got = _levels(site, "city", "city", second_campaign="other-campaign")
    assert got == [f"{N}:10: nominee: warning: the same ID number as second/p0 in campaign "
                   "other-campaign; check that both nominations are meant"]


def test_same_name_and_unit_with_another_id_is_a_warning(site):
    people = person(0)
    config = site.make(notice=NOTICE.format(nominees=people))
    other = people.replace('"999999000000000000"', '"999999000000000990"')
    site.write("notices/second.yml", NOTICE.format(nominees=other).replace("test-notice", "second"))
    got = [str(p) for p in load_site(config).problems.sorted()]
    assert got == [f"{N}:10: nominee: warning: 人员0 of 单位0 is also second/p0 with a different "
                   "ID number; check whether this is one person"]


@pytest.fixture
def report_site(site):
    people = [person(0), person(1, "专业技术人员", "女"), person(2, "企业管理人员", region="乙区")]
    return site.make(campaign=campaign_with(SHARE_65), notice=NOTICE.format(nominees="".join(people)))


def test_report_table(report_site, chinese):
    result = CliRunner().invoke(main, ["report", "-f", str(report_site)])
    assert result.exit_code == 0
    block = ("  人员类别      一线工人          1/3     33.3%\n"
             "  人员类别      专业技术人员      1/3     33.3%\n"
             "  人员类别      企业管理人员      1/3     33.3%\n"
             "  性别          男                2/3     66.7%\n"
             "  性别          女                1/3     33.3%\n"
             "  民族          未填              3/3     100.0%\n"
             "  地区（系统）  甲区              2/3     66.7%\n"
             "  地区（系统）  乙区              1/3     33.3%\n")
    levels = "".join(
        f"  [各级公示齐全] 人员{i}（单位公示：—；区县（系统）公示：站外公示：测试下级工会（2024-09-02 至 2024-09-11），"
        f"下级工会公告栏；全市公示：test-notice（2024-09-23 至 2024-09-27））\n" for i in range(3))
    assert result.stdout == (
        "测试评选 · 全市名单（汇总）\n"
        "===========================\n" + block + "\n"
        "测试评选 · 推荐对象逐级公示情况\n"
        "===============================\n" + levels + "\n"
        "测试公示（全市公示）\n"
        "====================\n" + block +  # the one city notice is the whole city list
        "  [符合] 一线工人和专业技术人员不低于65% 66.7% ≥ 65%（企业推荐人选 3 名中的 2 名）\n"
    )


def test_report_csv_opens_in_a_spreadsheet(report_site, tmp_path, chinese):
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["report", "-f", str(report_site), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["评选活动", "范围", "类别", "项目", "数量", "总数", "占比", "名额", "结果"]
    assert ["test-campaign", "test-notice", "性别", "女", "1", "3", "33.3%", "", ""] in rows
    assert rows[-1][2:] == ["规则", "一线工人和专业技术人员不低于65% 66.7% ≥ 65%（企业推荐人选 3 名中的 2 名）", "2", "3",
                            "", "", "符合"]


def test_report_json(report_site, chinese):
    result = CliRunner().invoke(main, ["report", "-f", str(report_site), "--format", "json"])
    rows = json.loads(result.stdout)
    assert {r["section"] for r in rows} == {"人员类别", "性别", "民族", "地区（系统）", "规则", "逐级公示"}
    assert all(set(r) == {"campaign", "scope", "section", "label", "count", "total", "share", "limit", "result"}
               for r in rows)


def test_the_documented_example_campaign_is_valid(site):
    text = (Path(__file__).resolve().parent.parent / "content/rules.md").read_text(encoding="utf-8")
    example = text.split("### 示例活动文件", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    notice = (NOTICE.format(nominees=person(0)).replace("campaign: test-campaign", "campaign: example-2024-city")
              .replace("      region: 甲区\n", "") + "  channels:\n    - office: 示例市总工会\n      phones: [\"12351\"]\n")
    config = site.make(campaign=example, notice=notice)
    loaded = load_site(config)
    assert loaded.problems.errors == [], loaded.problems.sorted()
    assert len(loaded.records.campaigns["example-2024-city"].rules) == 7
