"""The Chinese lines `gongshi check` prints for the most common mistakes, exactly; and the same problems in
English when English is asked for."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

import photo_fixtures
from conftest import CAMPAIGN, NOMINEE, NOTICE
from generator.base import i18n
from generator.cli import main
from generator.records.loader import load_site

N = "notices/notice.yml"
C = "notices/campaign.yml"


def lines(config) -> list[str]:
    return [str(p) for p in load_site(config).problems.sorted()]


def notice(replace: dict[str, str] | None = None, nominees: str = NOMINEE, extra: str = "") -> str:
    text = NOTICE.format(nominees=nominees) + extra
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def person(i: int, category: str = "一线工人") -> str:
    return (f"    - id: p{i}\n      award: model-worker\n      name: 人员{i}\n      gender: 男\n"
            f"      unit: 单位{i}\n      category: {category}\n      unit_type: 企业\n      region: 甲区\n"
            f"      brief_deeds: 事迹。\n      private:\n        id_number: \"{999999000000000000 + i * 10}\"\n")


SHARE_65 = ("  rules:\n    - label: 一线工人和专业技术人员不低于65%\n      type: share\n      of:\n"
            "        - {field: unit_type, in: [企业]}\n      population_label: 企业推荐人选\n"
            "      count:\n        - {field: category, in: [一线工人, 专业技术人员]}\n      min: 65%\n")
UNKNOWN_CAMPAIGN = {"  campaign: test-campaign\n": "  campaign: nope\n"}


# ---- Chinese, the default -----------------------------------------------------------------------

def test_unknown_campaign(site, chinese):
    assert lines(site.make(notice=notice(UNKNOWN_CAMPAIGN))) == [
        f"{N}:3: campaign: 没有评选表彰活动“nope”；已有的评选表彰活动：test-campaign"]


def test_unknown_award_lists_the_awards_of_the_campaign(site, chinese):
    got = lines(site.make(notice=notice(nominees=NOMINEE.replace("award: model-worker", "award: hero"))))
    assert got == [f"{N}:11: nominees[1].award: 没有称号“hero”；本次评选的称号有：collective（先进集体）、model-worker（劳动模范）（请写 id）"]


def test_period_with_too_few_working_days(site, chinese):
    # 2024-09-30 (Mon) to 2024-10-08 (Tue): one working day before the National Day holiday, one after
    got = lines(site.make(notice=notice({"  start: 2024-09-23\n": "  start: 2024-09-30\n",
                                         "  end: 2024-09-27\n": "  end: 2024-10-08\n"})))
    assert got == [f"{N}:8: end: 公示期 2024-09-30 至 2024-10-08 只有 2 个工作日；评选表彰活动“test-campaign”"
                   f"要求至少 5 个工作日：请将结束日期定在 2024-10-11 或以后"]


def test_period_of_one_working_day(site, chinese):
    """The singular form of the message is translated too."""
    got = lines(site.make(notice=notice({"  start: 2024-09-23\n": "  start: 2024-09-30\n",
                                         "  end: 2024-09-27\n": "  end: 2024-09-30\n"})))
    assert got == [f"{N}:8: end: 公示期 2024-09-30 至 2024-09-30 只有 1 个工作日；评选表彰活动“test-campaign”"
                   f"要求至少 5 个工作日：请将结束日期定在 2024-10-11 或以后"]


def test_a_year_the_calendar_does_not_know(site, chinese):
    got = lines(site.make(notice=notice({"2024-09-23": "2031-01-06", "2024-09-27": "2031-01-10"})))
    assert got == [f"{N}:8: end: 尚无 2031 年的法定节假日安排；请在 site_config.yml 的 plugins › gongshi › calendar › "
                   f"2031 下写明（holidays: [...] 为放假日期，workdays: [...] 为调休上班日期）"]


def test_duplicate_nominee_id_and_id_number_in_one_notice(site, chinese):
    assert lines(site.make(nominees=NOMINEE + NOMINEE)) == [
        f"{N}:22: nominees[2].id: 推荐对象 id “zhang-san”已在第 10 行使用；同一公示中 id 不得重复",
        f"{N}:31: nominees[2].private.id_number: 与推荐对象“zhang-san”的身份证号码相同；同一人在一份公示中只能推荐一次",
    ]


def test_missing_objection_channel(site, chinese):
    got = lines(site.make(campaign=CAMPAIGN.split("  default_channels:")[0]))
    assert got == [f"{N}:2: channels: 没有反映情况的渠道；请添加 `channels:` 并至少写一个受理部门，"
                   f"或在评选表彰活动中添加 `default_channels:`"]


def test_brief_deeds_over_the_limit(site, chinese):
    campaign = CAMPAIGN.replace("  regions:", "  brief_deeds_limit: 10\n  regions:")
    got = lines(site.make(campaign=campaign, nominees=NOMINEE.replace("事迹简要。", "一二三四五 六七八九十十一")))
    assert got == [f"{N}:18: nominees[1].brief_deeds: 简要事迹共 12 字，超过本评选表彰活动 10 字的限制；请删减 2 字"]


def test_missing_photo_file_and_its_description(site, chinese):
    got = lines(site.make(nominees=NOMINEE.replace("      brief_deeds", "      photo: p/x.jpg\n      brief_deeds")))
    assert got == [
        f"{N}:18: nominees[1].photo: 文件 notices/p/x.jpg 不存在；路径从本 YAML 文件所在目录算起",
        f"{N}:18: nominees[1].photo_alt: 照片须有文字说明，供看不到图片的读者使用；请添加 `photo_alt:`",
    ]


def test_damaged_photo_names_its_file(site, chinese):
    site.write("notices/p/fake.jpg", b"GIF89a not really")
    got = lines(site.make(nominees=NOMINEE.replace(
        "      brief_deeds", "      photo: p/fake.jpg\n      photo_alt: 照片\n      brief_deeds")))
    assert got == [f"{N}:18: nominees[1].photo: notices/p/fake.jpg: 不是 JPEG、PNG 或 WebP 图片（或文件已损坏）"]


def test_rule_share_missed_says_the_numbers(site, chinese):
    people = [person(i) for i in range(7)] + [person(i, "企业管理人员") for i in range(7, 11)]
    config = site.make(campaign=CAMPAIGN.replace("  regions:", SHARE_65 + "  regions:"),
                       notice=NOTICE.format(nominees="".join(people)))
    assert lines(config) == [f"{N}:2: rules[1]: 一线工人和专业技术人员不低于65% 63.6% < 65%（企业推荐人选 11 名中的 7 名）"]


def test_rule_share_without_population_label_counts_nominees(site, chinese):
    rule = SHARE_65.replace("      population_label: 企业推荐人选\n", "")
    people = [person(0), person(1, "企业管理人员")]
    config = site.make(campaign=CAMPAIGN.replace("  regions:", rule + "  regions:"),
                       notice=NOTICE.format(nominees="".join(people)))
    assert lines(config) == [f"{N}:2: rules[1]: 一线工人和专业技术人员不低于65% 50.0% < 65%（推荐人选 2 名中的 1 名）"]


def test_duplicate_nomination_by_id_number_in_two_notices(site, chinese):
    district = notice(nominees=person(0)).replace("level: city", "level: district")
    config = site.make(notice=district)
    site.write("notices/second.yml", district.replace("id: test-notice", "id: second"))
    got = lines(config)
    assert got == [f"{N}:10: nominee: 与 second/p0 的身份证号码相同：同一人出现在同一评选表彰活动的两份区县（系统）公示中"
                   f"（second/p0 与 test-notice/p0）"]
    assert "999999" not in got[0]  # the ID number itself is never printed


def test_raw_html_in_markdown(site, chinese):
    config = site.make()
    site.write("content/about.md", "# 关于\n\n<script>alert(1)</script>\n")
    assert lines(config) == ["content/about.md:3: (markdown): 不允许直接写 HTML；请用 Markdown 书写，标记的示例请放在 `代码` 中"]


def test_check_prints_chinese_without_being_asked(site, monkeypatch):
    """No --lang, no language in the environment: the site's `theme.language: zh`, and Chinese anyway."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.choose(None)
    config = site.make(notice=notice(UNKNOWN_CAMPAIGN))
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("notices/")]
    assert problems == [f"{N}:3: campaign: 没有评选表彰活动“nope”；已有的评选表彰活动：test-campaign"]


def report_rows(site) -> list[list[str]]:
    """The rows of `gongshi report --format csv` for a site with one share rule and one nominee."""
    config = site.make(campaign=CAMPAIGN.replace("  regions:", SHARE_65 + "  regions:"),
                       notice=NOTICE.format(nominees=person(0)))
    result = CliRunner().invoke(main, ["report", "-f", str(config), "--format", "csv"])
    return list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))


def test_report_headings_in_chinese(site, chinese):
    rows = report_rows(site)
    assert rows[0] == ["评选活动", "范围", "类别", "项目", "数量", "总数", "占比", "名额", "结果"]
    assert rows[-1] == ["test-campaign", "test-notice", "规则",
                        "一线工人和专业技术人员不低于65% 100.0% ≥ 65%（企业推荐人选 1 名中的 1 名）", "1", "1", "", "", "符合"]


# ---- English when asked -------------------------------------------------------------------------

def test_unknown_campaign_in_english(site, english):
    assert lines(site.make(notice=notice(UNKNOWN_CAMPAIGN))) == [
        f"{N}:3: campaign: unknown campaign 'nope'; known campaigns: test-campaign"]


def test_each_language_has_its_own_cached_problems(site):
    """The cache of checked Markdown files keeps the problems of each language apart: the same page read in
    Chinese, then in English, then in Chinese again, each time in the language asked for."""
    config = site.make()
    site.write("content/about.md", "# 关于\n\n[点击](javascript:alert(1))\n")
    chinese = "content/about.md:3: (markdown): 链接只能是 http(s)、mailto、tel 或本站内的地址"
    english = "content/about.md:3: (markdown): links may only be http(s), mailto, tel or addresses within the site"
    for language, expected in (("zh", chinese), ("en", english), ("zh", chinese)):
        i18n.choose(language)
        assert lines(config) == [expected], language


def test_report_headings_in_english(site, english):
    rows = report_rows(site)
    assert rows[0] == ["campaign", "scope", "section", "item", "count", "total", "share", "quota", "result"]
    assert rows[-1] == ["test-campaign", "test-notice", "rule",
                        "一线工人和专业技术人员不低于65% 100.0% ≥ 65% (1 of 1 企业推荐人选)", "1", "1", "", "", "met"]


@pytest.mark.parametrize("language, message", [
    ("zh", "不是 JPEG、PNG 或 WebP 图片（或文件已损坏）"),
    ("en", "not a JPEG, PNG or WebP image (or the file is damaged)"),
])
def test_photo_check_gives_the_reason_without_the_file_name(language, message):
    from generator.media import photos

    i18n.choose(language)
    assert photos.check(b"GIF89a not really", "notices/p/fake.jpg") == message
    assert photos.check(photo_fixtures.jpeg_with_canaries(), "notices/p/ok.jpg") is None
