"""Outcomes in order: an outcome comes after objections close, "no objection" after a change of the list is
questioned, and nominees taken off the list are counted apart and shown as such."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from lxml import etree

from conftest import NOMINEE, NOTICE
from generator.base.dates import TZ, parse_now
from generator.cli import main
from generator.records.loader import load_site
from generator.site import feeds
from generator.site.status import instants, status
from generator.site.views import views

N = "notices/notice.yml"
CLOSING = '  closing_time: "17:30"\n'
REPLACED = """\
  corrections:
    - date: 2024-09-25
      action: replaced
      nominee: zhang-san
      replaced_by: li-si
      text: 经核实，张三不符合条件，由李四递补。
"""


def outcome(day: str, result: str = "no-objection") -> str:
    return f"  outcome:\n    date: {day}\n    result: {result}\n"


def problems(site, extra: str) -> list[str]:
    return [str(p) for p in load_site(site.make(notice=NOTICE.format(nominees=NOMINEE) + extra)).problems.sorted()]


def test_an_outcome_before_the_last_day_is_an_error_naming_the_deadline(site):
    assert problems(site, CLOSING + outcome("2024-09-26")) == [
        f"{N}:24: outcome.date: the outcome (2024-09-26) is dated before objections close (2024-09-27 17:30); date it "
        f"2024-09-27 or later: an outcome dated on the last day goes out at 17:30"]


def test_an_outcome_on_the_last_day_needs_a_closing_time(site, chinese):
    assert problems(site, outcome("2024-09-27")) == [
        f"{N}:23: outcome.date: 公示结果的日期（2024-09-27）早于反映情况截止时间（2024-09-27 24:00，最后一天全天受理）；"
        f"请改为 2024-09-28 或之后，或为公示设置 `closing_time:`，日期为最后一天的公示结果将在截止时间后发布"]
    assert problems(site, outcome("2024-09-28")) == []
    assert problems(site, CLOSING + outcome("2024-09-27")) == []


def test_an_outcome_on_the_last_day_goes_out_at_the_deadline(site):
    config = site.make(notice=NOTICE.format(nominees=NOMINEE) + CLOSING + outcome("2024-09-27"))
    records = load_site(config).records
    notice = records.notices["test-notice"]
    assert instants(notice).outcome == datetime(2024, 9, 27, 17, 30, tzinfo=TZ)
    assert status(notice, parse_now("2024-09-27T17:29")) == "open"
    assert status(notice, parse_now("2024-09-27T17:30")) == "outcome"
    before, = views(records, parse_now("2024-09-27T12:00"))
    assert (before.status, before.notice.outcome) == ("open", None)  # not on any page while objections are open
    after, = views(records, parse_now("2024-09-27T18:00"))
    assert (after.status, after.notice.outcome.result) == ("outcome", "no-objection")
    check = CliRunner().invoke(main, ["check", "-f", str(config), "--now", "2024-09-27T12:00"])
    assert check.stdout.splitlines()[4:7] == [
        "  status: open for objections, 1 day(s) left",
        "  nominees: 1 nominee(s)",
        "  waiting for their day: the outcome, to be published at Friday 2024-09-27 17:30",
    ]


def test_no_objection_after_a_replacement_is_a_warning(site, chinese):
    nominees = NOMINEE + NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四").replace(
        "199001010014", "199001020010").replace("13900000001", "13900000002")
    text = NOTICE.format(nominees=nominees) + REPLACED + outcome("2024-09-30")
    got = [str(p) for p in load_site(site.make(notice=text)).problems.sorted()]
    assert got == [
        f"{N}:42: outcome.result: 警告：公示结果写的是无异议，但名单已于 2024-09-25 调整（corrections[1]，"
        f"`action: replaced`）；如调整是因反映情况核实所致，请改为 `result: adjusted`（名单有调整）"]
    adjusted = NOTICE.format(nominees=nominees) + REPLACED + outcome("2024-09-30", "adjusted")
    assert [str(p) for p in load_site(site.make(notice=adjusted)).problems.sorted()] == []


def _person(nid: str, name: str, n: int) -> str:
    return (NOMINEE.replace("zhang-san", nid).replace("张三", name)
            .replace("199001010014", f"19900101{n:03d}{(n * 7) % 10}").replace("13900000001", f"1390000000{n}"))


TAKEN_OFF = NOTICE.format(nominees=NOMINEE + _person("li-si", "李四", 2) + _person("wang-wu", "王五", 3)
                          + _person("zhao-liu", "赵六", 4)) + """\
  corrections:
    - date: 2024-09-25
      action: withdrawn
      nominee: li-si
      text: 本人申请退出。
    - date: 2024-09-25
      action: replaced
      nominee: wang-wu
      replaced_by: zhao-liu
      text: 经核实不符合条件，由赵六替换。
"""
OFF = "另有 1 名/个已撤销推荐、1 名/个已被替换"


@pytest.fixture
def taken_off(site, tmp_path):
    """A notice of four whose second nominee was withdrawn and third replaced (on 2024-09-25), built on the
    day after; and the same site built the day before."""
    config = site.make(notice=TAKEN_OFF)
    assert load_site(config).problems.items == []
    after, before = tmp_path / "after", tmp_path / "before"
    for out, now in ((after, "2024-09-26T12:00:00+08:00"), (before, "2024-09-24T12:00:00+08:00")):
        result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", now])
        assert result.exit_code == 0, result.output
    return config, after, before


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_nominees_taken_off_are_counted_apart_on_the_notice_page(taken_off):
    _config, after, before = taken_off
    page = soup(after / "notices/test-notice/index.html")
    assert page.find(id="gs-list-heading").get_text() == f"推荐对象名单（2 名/个，{OFF}）"
    stats = page.find(id="stats")
    assert stats.p.get_text() == f"个人 2 名，集体 0 个（{OFF}，不计入统计）。"
    by_award = stats.find("caption", string="按称号").parent
    assert [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in by_award.tbody.find_all("tr")] == [
        ["劳动模范", "2", "100.0%"]]
    assert page.find("meta", attrs={"name": "description"})["content"] == (
        f"测试市总工会发布，公示期2024年9月23日至2024年9月27日，共2名（个）推荐对象（{OFF}）。")
    entries = {li["id"]: li for li in page.select("li.gs-nominee")}
    assert entries["n-li-si"].find("p", class_="gs-left").get_text() == "已撤销推荐（2024年9月25日（星期三））：本人申请退出。"
    assert entries["n-wang-wu"].find("p", class_="gs-left").get_text() == (
        "已被替换（2024年9月25日（星期三））：经核实不符合条件，由赵六替换。")
    assert entries["n-zhang-san"].find("p", class_="gs-left") is None
    # the day before the corrections: all four on the list
    earlier = soup(before / "notices/test-notice/index.html")
    assert earlier.find(id="gs-list-heading").get_text() == "推荐对象名单（4 名/个）"
    assert earlier.find(id="stats").p.get_text() == "个人 4 名，集体 0 个。"
    assert earlier.find("p", class_="gs-left") is None


def test_a_withdrawn_nominees_page_says_so_instead_of_inviting_objections(taken_off):
    _config, after, before = taken_off
    li_si = soup(after / "notices/test-notice/li-si/index.html").find("article", class_="gs-nominee-page")
    section = li_si.find("section", class_="gs-object")
    assert section.h2.get_text() == "已撤销推荐"
    assert [p.get_text() for p in section.find_all("p")] == [
        "已撤销推荐（2024年9月25日（星期三））：本人申请退出。", "该推荐对象已不在公示名单上，无需再对其反映情况。见更正记录。"]
    assert "对该推荐对象有异议？" not in li_si.get_text()
    assert not li_si.find("a", href=lambda h: h and h.endswith("#channels"))
    assert soup(after / "notices/test-notice/wang-wu/index.html").find("section", class_="gs-object").h2.get_text() \
        == "已被替换"
    description = soup(after / "notices/test-notice/li-si/index.html").find("meta", attrs={"name": "description"})
    assert description["content"] == "李四，劳动模范推荐对象（已撤销推荐）：事迹简要。"
    for page in (after / "notices/test-notice/zhang-san/index.html", before / "notices/test-notice/li-si/index.html"):
        invite = soup(page).find("section", class_="gs-object")
        assert invite.h2.get_text() == "对该推荐对象有异议？"
        assert invite.find("a", href=lambda h: h and h.endswith("#channels"))


def test_home_cards_json_and_feeds_count_them_apart(taken_off):
    _config, after, before = taken_off
    card = soup(after / "index.html").find("li", class_="gs-card")
    assert card.find(class_="gs-card__issuer").get_text() == f"测试市总工会 · 全市公示 · 2 名（个）推荐对象（{OFF}）"
    assert soup(before / "index.html").find(class_="gs-card__issuer").get_text() == "测试市总工会 · 全市公示 · 4 名（个）推荐对象"
    data = json.loads((after / "notices/test-notice/notice.json").read_text(encoding="utf-8"))
    assert (data["nominees_on_list"], data["nominees_off_list"]) == (2, {"withdrawn": 1, "replaced": 1})
    assert [(n["id"], n.get("off_list")) for n in data["nominees"]] == [
        ("zhang-san", None), ("li-si", {"action": "withdrawn", "date": "2024-09-25"}),
        ("wang-wu", {"action": "replaced", "date": "2024-09-25"}), ("zhao-liu", None)]
    earlier = json.loads((before / "notices/test-notice/notice.json").read_text(encoding="utf-8"))
    assert (earlier["nominees_on_list"], earlier["nominees_off_list"]) == (4, {})
    item, = json.loads((after / "feeds/notices.json").read_text(encoding="utf-8"))["items"]
    fields = item["_gongshi"]
    assert (fields["nominees"], fields["nomineesWithdrawn"], fields["nomineesReplaced"]) == (2, 1, 1)
    assert item["summary"] == (f"公示中。测试市总工会发布，公示期2024年9月23日至2024年9月27日，共2名（个）推荐对象（{OFF}）。"
                               "反映情况截止：2024年9月27日（星期五）24:00。")
    content = BeautifulSoup(item["content_html"], "html.parser")
    assert content.find("h3", string=lambda s: s and s.startswith("推荐对象名单")).get_text() == f"推荐对象名单（2，{OFF}）"
    assert "已撤销推荐（2024年9月25日（星期三））：本人申请退出。" in [p.get_text() for p in content.find_all("p")]
    rss = etree.parse(str(after / "feeds/notices.xml"))
    ns = {"g": feeds.NS}
    assert [rss.getroot().findtext(f"./channel/item/g:notice/g:{name}", namespaces=ns)
            for name in ("nominees", "nomineesWithdrawn", "nomineesReplaced")] == ["2", "1", "1"]
    first, = json.loads((before / "feeds/notices.json").read_text(encoding="utf-8"))["items"]
    assert (first["_gongshi"]["nominees"], first["_gongshi"]["nomineesWithdrawn"]) == (4, 0)


def test_report_counts_them_apart(taken_off, chinese):
    config, _after, _before = taken_off
    result = CliRunner().invoke(main, ["report", "-f", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        "测试评选 · 全市名单（汇总）",
        "===========================",
        "  名单          在名单上          2/4     50.0%",
        "  名单          已撤销推荐        1/4     25.0%",
        "  名单          已被替换          1/4     25.0%",
        "  人员类别      一线工人          2/2     100.0%",
        "  性别          男                2/2     100.0%",
    ]
