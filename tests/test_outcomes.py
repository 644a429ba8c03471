"""Outcomes in order: an outcome comes after objections close, "no objection" after a change of the list is
questioned, and nominees taken off the list are counted apart and shown as such."""

from __future__ import annotations

from datetime import datetime

from click.testing import CliRunner

from conftest import NOMINEE, NOTICE
from generator.base.dates import TZ, parse_now
from generator.cli import main
from generator.records.loader import load_site
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
