"""The three-level trail (一报告两审核三公示): nominees carried up with `from:`, lower notices held elsewhere,
the order of the levels checked at the right line, and the trail shown on pages, in notice.json, the feeds
and the report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import CAMPAIGN, CONFIG, NOMINEE, REPO
from generator.cli import main

NOW = "2024-09-25T12:00:00+08:00"

UNIT = """\
notice:
  id: unit-a
  campaign: test-campaign
  title: 单位公示
  issuer: 示例公司工会
  level: unit
  start: 2024-09-02
  end: 2024-09-06
  nominees:
{nominees}  outcome:
    date: 2024-09-09
    result: no-objection
"""

DISTRICT = """\
notice:
  id: district-a
  campaign: test-campaign
  title: 甲区公示
  issuer: 甲区总工会
  level: district
  start: {start}
  end: 2024-09-13
  nominees:
    - from: unit-a/zhang-san
{extra}  outcome:
    date: 2024-09-18
    result: no-objection
"""

CITY = """\
notice:
  id: city-a
  campaign: test-campaign
  title: 全市公示
  issuer: 测试市总工会
  level: city
  start: 2024-09-23
  end: 2024-09-27
  nominees:
    - from: district-a/zhang-san
"""


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args])


def three_levels(site, unit: str = UNIT, district_start: str = "2024-09-09", district_extra: str = "",
                 city: str = CITY, campaign: str = CAMPAIGN) -> Path:
    """A unit, a district and a city notice, the nominee carried from each to the next."""
    site.write("site_config.yml", CONFIG.format(extra=""))
    site.write("notices/campaign.yml", campaign)
    site.write("notices/unit.yml", unit.format(nominees=NOMINEE), lower=False)
    site.write("notices/district.yml", DISTRICT.format(start=district_start, extra=district_extra), lower=False)
    site.write("notices/city.yml", city, lower=False)
    (site.root / "content").mkdir(exist_ok=True)
    return site.root / "site_config.yml"


def check(config: Path, now: str = NOW) -> list[str]:
    """The problems `check` prints (errors and warnings), without its summary lines."""
    result = run("check", "-f", str(config), "--now", now)
    return [line for line in result.stderr.splitlines() if line.startswith("notices/")]


def test_three_levels_pass_check(site):
    config = three_levels(site)
    result = run("check", "-f", str(config), "--now", NOW)
    assert result.exit_code == 0, result.stderr
    assert check(config) == []


def test_the_carried_nominee_takes_the_lower_record(site):
    from generator.base.dates import parse_now
    from generator.records.loader import load_site

    loaded = load_site(three_levels(site), parse_now(NOW))
    city = loaded.records.notices["city-a"].nominees[0]
    unit = loaded.records.notices["unit-a"].nominees[0]
    assert (city.id, city.name, city.unit, city.brief_deeds, city.carried_from) == (
        unit.id, unit.name, unit.unit, unit.brief_deeds, "district-a/zhang-san")
    # the private values come along for the checks, into the private store only
    assert loaded.private.get("city-a", "zhang-san")["id_number"] == "999999199001010014"


def _without_outcome(text: str) -> str:
    return text.replace("  outcome:\n    date: 2024-09-09\n    result: no-objection\n", "")


WITHDRAWN_THERE = UNIT.replace("  outcome:", "  corrections:\n    - date: 2024-09-04\n      action: withdrawn\n"
                                         "      nominee: zhang-san\n      text: 经核实撤销。\n  outcome:").replace(
    "result: no-objection", "result: adjusted")
LI_SI = NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四").replace("999999199001010014", "999999199001010022")
HELD = """\
  held_elsewhere:
    - level: {level}
      issuer: 乙区总工会
      start: {start}
      end: {end}
      posted_at: 乙区公告栏
      nominees: [{nominees}]
"""


@pytest.mark.parametrize(("variant", "expected"), [
    (dict(district_start="2024-09-02"), [
        "notices/district.yml:7: start: this notice starts on 2024-09-02, but the lower notice unit-a (示例公司工会) it "
        "carries nominees from runs until 2024-09-06; a notice starts after the lower one ended: start on 2024-09-07 "
        "or later",
        "notices/district.yml:10: nominees: the outcome of the lower notice unit-a is dated 2024-09-09, after this "
        "notice starts on 2024-09-02; a notice starts after the lower one's outcome"]),
    (dict(unit=WITHDRAWN_THERE), [
        "notices/district.yml:10: nominees[1].from: 张三 was taken off the list of unit-a on 2024-09-04 (经核实撤销。); "
        "a nominee who left the lower list cannot be carried up"]),
    (dict(unit=UNIT.replace("  outcome:\n    date: 2024-09-09\n    result: no-objection\n",
                            "  withdrawn:\n    date: 2024-09-04\n    reason: 信息有误，撤回。\n")), [
        "notices/district.yml:10: nominees: the lower notice unit-a was withdrawn on 2024-09-04; its nominees cannot be "
        "carried up"]),
    (dict(unit=_without_outcome(UNIT)), [
        "notices/district.yml:10: nominees: the lower notice unit-a has no outcome yet; add its `outcome:` (公示结果) "
        "before this notice is published on 2024-09-09"]),
    (dict(city=CITY.replace("district-a/zhang-san", "unit-a/zhang-san")), [
        "notices/city.yml:10: nominees[1].from: notice unit-a is a 单位公示; a 全市公示 carries its nominees from a "
        "区县（系统）公示"]),
    (dict(city=CITY.replace("    - from: district-a/zhang-san\n", LI_SI)), [
        "notices/city.yml:10: nominees[1]: 李四 has no 区县（系统）公示 before this 全市公示: carry them from it with "
        "`from: notice-id/nominee-id` (`gongshi promote` writes these), or say where it was held under "
        "`held_elsewhere:` (level, issuer, start, end, posted_at)"]),
    (dict(city=CITY.replace("district-a/zhang-san\n", "district-a/zhang-san\n      position: 高级技师\n")), [
        "notices/city.yml:11: nominees[1].position: differs from the lower notice district-a (it was: 技术员); record "
        "the change with a correction: `- {date: 2024-09-23, action: amended, nominee: zhang-san, text: ...}`"]),
    (dict(city=CITY.replace("    - from: district-a/zhang-san\n", "    - from: district-a\n    - from: nowhere/zhang-san\n"
                            "    - from: district-a/wang-wu\n    - from: city-a/zhang-san\n")), [
        "notices/city.yml:9: nominees: the list is empty; add at least one nominee",
        "notices/city.yml:10: nominees[1].from: write the nominee of the lower notice as notice-id/nominee-id, e.g. "
        "`from: 2026-district-model-workers/lin-xiaowen`",
        "notices/city.yml:11: nominees[2].from: no notice 'nowhere'; the notices are: city-a, district-a, unit-a",
        "notices/city.yml:12: nominees[3].from: notice district-a has no nominee 'wang-wu'; its nominees are: zhang-san",
        "notices/city.yml:13: nominees[4].from: notice city-a cannot carry a nominee from itself or from a notice that "
        "carries from it"]),
    (dict(city=CITY.replace("  nominees:\n", "  nominees:\n" + LI_SI)
          + HELD.format(level="unit", start="2024-09-09", end="2024-09-13", nominees="li-si")
          + HELD.format(level="district", start="2024-09-18", end="2024-09-23",
                        nominees="li-si, zhao-liu, zhang-san").replace("  held_elsewhere:\n", "")), [
        "notices/city.yml:24: held_elsewhere[1].level: a 全市公示 rests on a 区县（系统）公示; write `level: district`",
        "notices/city.yml:33: held_elsewhere[2].end: the lower notice ran until 2024-09-23, but this notice starts on "
        "2024-09-23; a notice starts after the lower one ended",
        "notices/city.yml:33: held_elsewhere[2].end: the period 2024-09-18 to 2024-09-23 has 4 working days; a "
        "区县（系统）公示 lasts at least 5",
        "notices/city.yml:35: held_elsewhere[2].nominees[2]: no nominee 'zhao-liu' in this notice",
        "notices/city.yml:35: held_elsewhere[2].nominees[3]: zhang-san is carried with `from:` from a notice of the "
        "site; remove them here"]),
    (dict(campaign=CAMPAIGN + "  levels:\n    - level: district\n    - level: unit\n    - level: city\n"
                              "      min_working_days: 7\n"), [
        "notices/campaign.yml:19: levels[2].level: the levels are listed once each, lowest first: unit, district, city",
        "notices/city.yml:8: end: the period 2024-09-23 to 2024-09-27 has 5 working days; campaign 'test-campaign' "
        "requires at least 7: end on 2024-09-30 or later"]),
], ids=["starts-before-lower-ends", "withdrawn-there", "lower-withdrawn", "no-outcome", "skips-a-level",
        "no-lower-notice", "changed-without-correction", "bad-references", "held-elsewhere", "levels"])
def test_each_rule_of_the_levels_says_what_and_where(site, variant, expected):
    assert check(three_levels(site, **variant)) == expected


def test_a_change_on_the_way_up_recorded_by_a_correction_passes(site):
    city = CITY.replace("district-a/zhang-san\n", "district-a/zhang-san\n      position: 高级技师\n") + (
        "  corrections:\n    - date: 2024-09-23\n      action: amended\n      nominee: zhang-san\n"
        "      text: 报送时职务更正为高级技师。\n")
    assert check(three_levels(site, city=city)) == []


def test_a_lower_notice_held_elsewhere_stands_for_the_missing_level(site):
    city = CITY.replace("  nominees:\n", "  nominees:\n" + LI_SI) + HELD.format(
        level="district", start="2024-09-09", end="2024-09-13", nominees="li-si")
    assert check(three_levels(site, city=city)) == []


def test_a_list_prepared_in_advance_may_wait_for_the_lower_outcome(site):
    district = DISTRICT.format(start="2024-09-09", extra="").replace("  outcome:\n    date: 2024-09-18\n"
                                                                     "    result: no-objection\n", "")
    config = three_levels(site, city=CITY.replace("  start: 2024-09-23", "  published: 2024-09-20\n  start: 2024-09-23"))
    site.write("notices/district.yml", district, lower=False)
    message = ("notices/city.yml:11: nominees: {}the lower notice district-a has no outcome yet; add its `outcome:` "
               "(公示结果) before this notice is published on 2024-09-20")
    assert check(config, "2024-09-19T12:00:00+08:00") == [message.format("warning: ")]
    assert check(config, "2024-09-20T12:00:00+08:00") == [message.format("")]


def test_the_messages_are_chinese_by_default(site, chinese):
    config = three_levels(site, district_start="2024-09-02")
    result = CliRunner().invoke(main, ["check", "-f", str(config), "--now", NOW])
    assert "notices/district.yml:7: start: 本公示 2024-09-02 开始，但其推荐对象所在的下级公示 unit-a（示例公司工会）到 " \
           "2024-09-06 才结束；上一级公示须在下级公示期满后开始：请把开始日期改为 2024-09-07 或以后" in result.stderr.splitlines()


@pytest.fixture
def built(site, tmp_path):
    config = three_levels(site, unit=WITHDRAWN_THERE.replace("  corrections:", NOMINEE.replace("zhang-san", "wang-wu")
                                                             .replace("张三", "王五").replace("999999199001010014",
                                                                                             "999999199001010030")
                                                             + "  corrections:", 1))
    out = tmp_path / "public"
    result = run("build", "-f", str(config), "--out", str(out), "--now", NOW)
    return result, out


def _trail(page: Path) -> list[tuple[str, str, str | None]]:
    """Each step of a nominee page's trail: its level, issuer and link."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [(li.select_one(".gs-trail__level").get_text(strip=True),
             li.select_one(".gs-trail__issuer").get_text(" ", strip=True),
             (li.select_one(".gs-trail__issuer a") or {}).get("href"))
            for li in soup.select("section.gs-trail li")]


def test_a_carried_nominee_fails_when_withdrawn_below_and_the_build_leaves_nothing(built):
    result, out = built
    assert result.exit_code == 1
    assert not out.exists()


@pytest.fixture
def three_built(site, tmp_path):
    config = three_levels(site)
    out = tmp_path / "public"
    result = run("build", "-f", str(config), "--out", str(out), "--now", NOW)
    assert result.exit_code == 0, result.stderr
    return out


def test_every_level_of_the_trail_is_on_each_nominee_page(three_built):
    out = three_built
    assert _trail(out / "notices/city-a/zhang-san/index.html") == [
        ("单位公示", "示例公司工会", "../../unit-a/zhang-san/"),
        ("区县（系统）公示", "甲区总工会", "../../district-a/zhang-san/"),
        ("全市公示", "测试市总工会（本公示）", None)]
    assert _trail(out / "notices/unit-a/zhang-san/index.html") == [
        ("单位公示", "示例公司工会（本公示）", None),
        ("区县（系统）公示", "甲区总工会", "../../district-a/zhang-san/"),
        ("全市公示", "测试市总工会", "../../city-a/zhang-san/")]
    soup = BeautifulSoup((out / "notices/city-a/zhang-san/index.html").read_text(encoding="utf-8"), "html.parser")
    steps = soup.select("section.gs-trail li")
    # each step with its period, its status (for the reader's clock) and its outcome
    assert "公示期：2024年9月2日（星期一）至2024年9月6日（星期五）" in steps[0].get_text("", strip=True)
    assert steps[0].select_one(".gs-badge")["data-gs-status"] == "outcome"
    assert "公示结果：公示无异议" in steps[1].get_text(" ", strip=True)
    assert steps[2].select_one(".gs-badge")["data-gs-status"] == "open"


def test_the_notice_page_names_the_lower_notices_its_list_rests_on(three_built):
    soup = BeautifulSoup((three_built / "notices/city-a/index.html").read_text(encoding="utf-8"), "html.parser")
    items = soup.select("section#bases li")
    assert [(li.a.get_text(strip=True), li.a["href"]) for li in items] == [("甲区公示", "../district-a/")]
    assert items[0].get_text(strip=True).endswith("本公示中 1 名/个推荐对象来自该公示")


def test_notice_json_and_the_feeds_carry_the_trail(three_built):
    data = json.loads((three_built / "notices/city-a/notice.json").read_text(encoding="utf-8"))
    trail = data["nominees"][0]["trail"]
    assert [(s["level"], s["notice"], s["url"], s["status_at_build"]) for s in trail] == [
        ("unit", "unit-a", "https://test.example.org/notices/unit-a/zhang-san/", "outcome"),
        ("district", "district-a", "https://test.example.org/notices/district-a/zhang-san/", "outcome"),
        ("city", "city-a", "https://test.example.org/notices/city-a/zhang-san/", "open")]
    assert data["rests_on"] == [{
        "level": "district", "level_name": "区县（系统）公示", "notice": "district-a",
        "url": "https://test.example.org/notices/district-a/", "issuer": "甲区总工会", "document_number": None,
        "start": "2024-09-09", "end": "2024-09-13", "nominees": 1}]
    atom = ElementTree.parse(three_built / "feeds/notices.atom")
    ns = {"a": "http://www.w3.org/2005/Atom", "g": "urn:gongshi:notice:2.0"}
    entry = next(e for e in atom.getroot().findall("a:entry", ns) if e.find("g:notice/g:id", ns).text == "city-a")
    lower = entry.findall("g:notice/g:lowerNotice", ns)
    assert [{child.tag.split("}")[1]: child.text for child in el} for el in lower] == [{
        "level": "district", "id": "district-a", "url": "https://test.example.org/notices/district-a/",
        "issuer": "甲区总工会", "start": "2024-09-09", "end": "2024-09-13", "nominees": "1"}]
    feed = json.loads((three_built / "feeds/notices.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["_gongshi"]["id"] == "city-a")
    assert item["_gongshi"]["lowerNotices"][0]["id"] == "district-a"


def test_the_report_lists_each_nominees_levels(site):
    config = three_levels(site, city=CITY.replace("  nominees:\n", "  nominees:\n" + LI_SI) + HELD.format(
        level="district", start="2024-09-09", end="2024-09-13", nominees="li-si"))
    result = run("report", "-f", str(config), "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = [(r["label"], r["result"]) for r in json.loads(result.stdout) if r["scope"] == "levels"]
    assert rows == [
        ("李四（单位公示：—；区县（系统）公示：held elsewhere: 乙区总工会 (2024-09-09 to 2024-09-13), 乙区公告栏；"
         "全市公示：city-a (2024-09-23 to 2024-09-27)）", "every level"),
        ("张三（单位公示：unit-a (2024-09-02 to 2024-09-06)；区县（系统）公示：district-a (2024-09-09 to 2024-09-13)；"
         "全市公示：city-a (2024-09-23 to 2024-09-27)）", "every level")]


def test_the_report_says_where_a_nominee_stopped_and_what_is_not_done_yet(site):
    wang_wu = NOMINEE.replace("zhang-san", "wang-wu").replace("张三", "王五").replace("999999199001010014",
                                                                                    "999999199001010030")
    unit = UNIT.format(nominees=NOMINEE + LI_SI + wang_wu)
    config = three_levels(site, district_extra="    - from: unit-a/wang-wu\n")
    site.write("notices/unit.yml", unit.replace("  outcome:", "  corrections:\n    - date: 2024-09-05\n      action: "
                                                "withdrawn\n      nominee: li-si\n      text: 本人申请退出。\n  outcome:")
               .replace("no-objection", "adjusted"), lower=False)
    rows = {r["label"].split("（")[0]: r["result"] for r in json.loads(run("report", "-f", str(config), "--format",
                                                                          "json").stdout) if r["scope"] == "levels"}
    assert rows == {"张三": "every level", "李四": "stopped at the 单位公示", "王五": "not yet: 全市公示"}


def test_promote_writes_the_current_nominees_of_the_lower_notices(site):
    wang_wu = NOMINEE.replace("zhang-san", "wang-wu").replace("张三", "王五").replace("999999199001010014",
                                                                                    "999999199001010030")
    config = three_levels(site, district_extra="    - from: unit-a/wang-wu\n    - from: unit-a/li-si\n",
                          city=CITY.replace("    - from: district-a/zhang-san\n", "    []  # 由 gongshi promote 填写\n")
                          .replace("  nominees:\n    []", "  nominees: []"))
    site.write("notices/unit.yml", UNIT.format(nominees=NOMINEE + LI_SI + wang_wu), lower=False)
    site.write("notices/district.yml", (site.root / "notices/district.yml").read_text(encoding="utf-8").replace(
        "  outcome:", "  corrections:\n    - date: 2024-09-11\n      action: withdrawn\n      nominee: li-si\n"
        "      text: 经核实撤销。\n  outcome:").replace("no-objection", "adjusted"), lower=False)
    city = site.root / "notices/city.yml"
    before = city.read_text(encoding="utf-8")
    result = run("promote", "district-a", "--notice", str(city), "-f", str(config), "--now", "2024-09-19T10:00+08:00")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "left out (taken off its list by a correction): district-a/li-si",
        f"{city}: 2 nominee(s) carried up, 0 already there, 1 left out; run gongshi check"]
    head = before.split("  nominees:")[0]
    assert city.read_text(encoding="utf-8") == head + (
        "  nominees:  # 由 gongshi promote 填写\n"
        "    - from: district-a/zhang-san\n"
        "    - from: district-a/wang-wu\n")
    assert check(config) == []
    again = run("promote", "district-a", "--notice", str(city), "-f", str(config), "--now", "2024-09-19T10:00+08:00")
    assert again.stdout.splitlines()[-1] == f"{city}: 0 nominee(s) carried up, 2 already there, 1 left out; run gongshi check"


def test_promote_refuses_unknown_notices_and_published_ones(site, tmp_path):
    config = three_levels(site)
    city = site.root / "notices/city.yml"
    result = run("promote", "district-b", "--notice", str(city), "-f", str(config))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("no notice 'district-b'; the notices are: city-a, district-a, unit-a")
    demo = tmp_path / "demo"
    demo.mkdir()
    for name in ("site_config.yml", "notices", "content", "theme", "branding", "ledger"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, demo / name)
    published = demo / "notices/2026-model-workers/city-recommend.yml"
    before = published.read_bytes()
    result = run("promote", "2026-songyu-county", "--notice", str(published), "-f", str(demo / "site_config.yml"))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "notice '2026-city-recommend' is already published (ledger/2026-city-recommend.json); its nominees cannot be "
        "changed: write each change with a correction (`corrections:`) by hand")
    assert published.read_bytes() == before


def test_the_demo_shows_the_three_kinds_of_trail(demo):
    # carried through all three levels
    assert _trail(demo / "notices/2026-city-recommend/ding-haoran/index.html") == [
        ("单位公示", "青澜市示例人民医院工会", "../../2026-unit-city-hospital/ding-haoran/"),
        ("区县（系统）公示", "青澜市直属机关工会工作委员会 青直工〔2026〕9号", "../../2026-shizhi-system/ding-haoran/"),
        ("全市公示", "青澜市总工会（本公示） 青工发〔2026〕37号", None)]
    # stopped at the district level: withdrawn there after the facts were checked
    page = demo / "notices/2026-landong-district/xu-anqi/index.html"
    assert [level for level, _, _ in _trail(page)] == ["单位公示", "区县（系统）公示"]
    last = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("section.gs-trail li")[-1]
    assert "已撤销推荐（2026年10月9日（星期五）），未再向上一级推荐" in last.get_text("", strip=True)
    # the unit notice held elsewhere
    page = demo / "notices/2026-landong-district/gao-shuming/index.html"
    first = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("section.gs-trail li")[0]
    assert _trail(page)[0] == ("单位公示", "青澜示例物流集团有限公司工会", None)
    assert "张贴地点：集团公司总部及各分公司公告栏、内部办公网（未在本站发布）" in first.get_text("", strip=True)
