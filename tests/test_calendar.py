"""The working-day rule against known official days of 2024–2026; declared years and their festivals."""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

import chinese_calendar
import pytest
import yaml

from conftest import NOMINEE, NOTICE, REPO
from generator.newsite import create_site, last_known_year
from generator.records.calendar import DeclaredYear, UnknownYear, WorkCalendar, festival_days
from generator.records.loader import load_site

CAL = WorkCalendar()


@pytest.mark.parametrize("day", [
    date(2024, 9, 29), date(2024, 10, 12),  # Sunday and Saturday worked for National Day
    date(2024, 2, 4), date(2024, 2, 18), date(2024, 4, 7), date(2024, 4, 28), date(2024, 5, 11),
    date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11),
    date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
])
def test_make_up_working_days(day):
    assert day.weekday() >= 5
    assert CAL.is_workday(day)


@pytest.mark.parametrize("day", [
    *(date(2024, 10, d) for d in range(1, 8)),
    date(2024, 1, 1), date(2024, 2, 12), date(2024, 4, 4), date(2024, 5, 2), date(2024, 6, 10), date(2024, 9, 16),
    date(2025, 1, 28), date(2025, 5, 5), date(2025, 10, 8),
    date(2026, 1, 2), date(2026, 2, 20), date(2026, 6, 19), date(2026, 9, 25), date(2026, 10, 7),
])
def test_public_holidays_are_not_working_days(day):
    assert not CAL.is_workday(day)


def test_ordinary_weeks():
    monday = date(2024, 11, 4)
    assert [CAL.is_workday(monday + timedelta(days=i)) for i in range(7)] == [True] * 5 + [False] * 2


def test_count_and_earliest_end_across_national_day():
    # 2024-09-27 Fri, 28 Sat, 29 Sun (worked), 30 Mon, Oct 1-7 holiday, 8 Tue
    assert CAL.count(date(2024, 9, 27), date(2024, 10, 8)) == 4
    assert CAL.earliest_end(date(2024, 9, 27), 5) == date(2024, 10, 9)
    assert CAL.count(date(2024, 10, 8), date(2024, 10, 12)) == 5


def test_unknown_year_is_not_guessed():
    with pytest.raises(UnknownYear) as e:
        CAL.is_workday(date(2031, 3, 3))
    assert str(e.value) == ("the official holidays of 2031 are not known; declare them in site_config.yml under "
                            "plugins › gongshi › calendar › 2031 (holidays: [...], workdays: [...] for make-up "
                            "working days)")


def test_declared_year_overrides_and_extends():
    cal = WorkCalendar({2031: DeclaredYear(frozenset({date(2031, 1, 1)}), frozenset({date(2031, 1, 4)}))})
    assert not cal.is_workday(date(2031, 1, 1))  # Wednesday, declared holiday
    assert cal.is_workday(date(2031, 1, 2))
    assert cal.is_workday(date(2031, 1, 4))  # Saturday, declared make-up day
    assert not cal.is_workday(date(2031, 1, 5))


def _notice_2031(start: str, end: str) -> str:
    return (NOTICE.format(nominees=NOMINEE).replace("2024-09-23", start).replace("2024-09-27", end))


def test_unknown_year_in_a_notice_names_the_setting(site):
    config = site.make(notice=_notice_2031("2031-01-06", "2031-01-10"))
    assert [str(p) for p in load_site(config).problems.sorted()] == [
        "notices/notice.yml:8: end: the official holidays of 2031 are not known; declare them in site_config.yml "
        "under plugins › gongshi › calendar › 2031 (holidays: [...], workdays: [...] for make-up working days)"]


# 2031, complete: each festival's day (Mid-Autumn falls on National Day) and a make-up Saturday
DECLARED_2031 = ("      calendar:\n        2031:\n"
                 "          holidays: [2031-01-01, 2031-01-23, 2031-04-05, 2031-05-01, 2031-06-24, 2031-10-01]\n"
                 "          workdays: [2031-01-04]\n")


def test_the_setting_in_site_config_works(site):
    config = site.make(notice=_notice_2031("2031-01-01", "2031-01-07"), extra_config=DECLARED_2031)
    loaded = load_site(config)
    assert loaded.problems.items == []
    # Jan 1 holiday, 2 Thu, 3 Fri, 4 Sat (declared working day), 5 Sun, 6 Mon, 7 Tue
    assert loaded.records.notices["test-notice"].working_days == 5


def test_declared_years_are_checked(site):
    extra = ("      calendar:\n        next-year:\n          holidays: [2031-01-01]\n"
             "        2031:\n          holidays: [2030-12-31, 2031-01-01, 2031-01-23, 2031-04-05, 2031-05-01, "
             "2031-06-24, 2031-10-01]\n          workdays: [2031-01-01]\n")
    config = site.make(extra_config=extra)
    assert [str(p) for p in load_site(config).problems.sorted()] == [
        "site_config.yml:14: plugins › gongshi › calendar › next-year: 'next-year' is not a year; use the four-digit "
        "year, e.g. 2027",
        "site_config.yml:17: plugins › gongshi › calendar › 2031: 2030-12-31 is not in 2031; list it under its own year",
        "site_config.yml:17: plugins › gongshi › calendar › 2031: 2031-01-01 is listed both as holiday and as "
        "working day",
    ]


def test_festival_days_of_2027():
    assert [(f.key, day) for f, day in festival_days(2027)] == [
        ("new_years_day", date(2027, 1, 1)), ("spring_festival", date(2027, 2, 6)),
        ("tomb_sweeping_day", date(2027, 4, 5)), ("labour_day", date(2027, 5, 1)),
        ("dragon_boat_festival", date(2027, 6, 9)), ("mid_autumn_festival", date(2027, 9, 15)),
        ("national_day", date(2027, 10, 1))]
    assert [f.key for f, _ in festival_days(2007)] == ["new_years_day", "spring_festival", "labour_day",
                                                       "national_day"]  # 清明, 端午, 中秋 from 2008 on


def test_festival_days_are_official_days_off_in_every_year_the_library_knows():
    years = range(min(chinese_calendar.constants.holidays).year, last_known_year() + 1)
    assert years.start == 2004 and len(years) >= 23
    for year in years:
        days = festival_days(year)
        assert len(days) == (7 if year >= 2008 else 4)
        for festival, day in days:
            assert day.year == year and not chinese_calendar.is_workday(day), (year, festival.key, day)
            named = chinese_calendar.get_holiday_detail(day)[1]
            # the library names the festival, or another falling on the same day (中秋 on 国庆 in 2020); a
            # weekend day of a holiday it may leave unnamed (2012-06-23, 端午 on a Saturday)
            allowed = {chinese_calendar.Holiday[f.key].value for f, d in days if d == day}
            assert named in allowed | ({None} if day.weekday() >= 5 else set()), (year, festival.key, day, named)


def _calendar_extra(lines: list[str]) -> str:
    """The calendar block of a commented configuration, as it is once its `# ` are removed."""
    start = lines.index("      # calendar:")
    block = [lines[start]] + [line for line in itertools.takewhile(lambda ln: ln.startswith("      #  "),
                                                                   lines[start + 1:])]
    return "".join(line.replace("# ", "", 1) + "\n" for line in block)


def test_the_demo_sites_2027_declaration_is_complete(site):
    extra = _calendar_extra((REPO / "site_config.yml").read_text(encoding="utf-8").splitlines())
    assert extra.startswith("      calendar:\n        2027:\n          holidays: [\n")
    config = site.make(notice=_notice_2031("2027-02-01", "2027-02-19"), extra_config=extra)
    loaded = load_site(config)
    assert loaded.problems.items == []
    # Feb 1-4, Sunday 14 (make-up), 15-19; the holidays of 5-13 are not working days
    assert loaded.records.notices["test-notice"].working_days == 10


def test_the_documented_2027_declarations_are_the_demo_sites(site):
    def calendar(block: str) -> dict:
        return yaml.safe_load(block)["plugins"][0]["gongshi"]["calendar"]

    demo = calendar("plugins:\n  - gongshi:\n" + _calendar_extra(
        (REPO / "site_config.yml").read_text(encoding="utf-8").splitlines()))
    assert len(demo[2027]["holidays"]) == 29 and len(demo[2027]["workdays"]) == 5
    for page in ("README.md", "content/records.md"):
        blocks = re.findall(r"```yaml\n(.*?)```", (REPO / page).read_text(encoding="utf-8"), re.S)
        assert [calendar(b) for b in blocks if "      calendar:" in b] == [demo], page


def test_the_starter_declares_each_festival_of_the_first_year_the_library_does_not_know(site, tmp_path):
    create_site(tmp_path / "new", date(2026, 11, 20))
    extra = _calendar_extra((tmp_path / "new/site_config.yml").read_text(encoding="utf-8").splitlines())
    year = last_known_year() + 1
    assert extra.splitlines()[:4] == ["      calendar:", f"        {year}:",
                                      "          holidays:                   # 放假的日子（不算工作日），逐日列出",
                                      f"            - {year}-01-01   # 元旦"]
    assert load_site(site.make(extra_config=extra)).problems.items == []


SPRING_FESTIVAL_MISSING = ("      calendar:\n        2027:\n"
                           "          holidays: [2027-01-01, 2027-04-05, 2027-05-01, 2027-06-09, 2027-09-15, "
                           "2027-10-01]\n")


def test_a_declared_year_without_the_spring_festival_is_an_error(site):
    config = site.make(notice=_notice_2031("2027-02-01", "2027-02-08"), extra_config=SPRING_FESTIVAL_MISSING)
    assert [str(p) for p in load_site(config).problems.sorted()] == [
        "site_config.yml:15: plugins › gongshi › calendar › 2027: Spring Festival (2027-02-06) is missing; list "
        "every day of the Spring Festival holiday in the State Council's notice under `holidays:`"]


def test_a_missing_festival_in_chinese(site, chinese):
    config = site.make(extra_config=SPRING_FESTIVAL_MISSING)
    assert [str(p) for p in load_site(config).problems.sorted()] == [
        "site_config.yml:15: plugins › gongshi › calendar › 2027: 缺少春节（2027-02-06）；请按国务院办公厅的放假通知，"
        "把春节假期的每一天写进 `holidays:`"]


def test_every_missing_festival_is_named_in_one_run(site):
    extra = "      calendar:\n        2027:\n          holidays: [2027-01-01]\n          workdays: []\n"
    problems = load_site(site.make(extra_config=extra)).problems.sorted()
    tail = " is missing; list every day of the {} holiday in the State Council's notice under `holidays:`"
    assert [str(p) for p in problems] == [
        f"site_config.yml:15: plugins › gongshi › calendar › 2027: {name} ({day}){tail.format(name)}"
        for name, day in [("Dragon Boat Festival", "2027-06-09"), ("Labour Day", "2027-05-01"),
                          ("Mid-Autumn Festival", "2027-09-15"), ("National Day", "2027-10-01"),
                          ("Qingming Festival", "2027-04-05"), ("Spring Festival", "2027-02-06")]]
    assert {p.severity for p in problems} == {"error"}


def _official_2026(drop: set[date], add: set[date]) -> str:
    """2026 as chinese_calendar has it (days off on weekdays, make-up working days on weekends), less
    ``drop`` and with the holidays ``add``."""
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    off = sorted({d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d)} - drop | add)
    on = sorted({d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d)} - drop)
    return ("      calendar:\n        2026:\n"
            f"          holidays: [{', '.join(d.isoformat() for d in off)}]\n"
            f"          workdays: [{', '.join(d.isoformat() for d in on)}]\n")


def test_a_declared_year_the_library_knows_is_used_and_its_differences_are_warnings(site):
    assert load_site(site.make(extra_config=_official_2026(set(), set()))).problems.items == []
    extra = _official_2026({date(2026, 2, 19), date(2026, 2, 20), date(2026, 2, 23), date(2026, 2, 28)},
                           {date(2026, 3, 2)})
    loaded = load_site(site.make(notice=_notice_2031("2026-02-23", "2026-03-02"), extra_config=extra))
    tail = ("this declaration is used: check it against the State Council's notice, or delete the year to use the "
            "official calendar")
    assert [str(p) for p in loaded.problems.sorted()] == [
        "site_config.yml:14: plugins › gongshi › calendar › 2026: warning: 2026-02-19 to 2026-02-20, 2026-02-23: "
        f"days off in the official calendar gongshi carries, working days here; {tail}",
        "site_config.yml:14: plugins › gongshi › calendar › 2026: warning: 2026-02-28, 2026-03-02: working days in "
        f"the official calendar gongshi carries, days off here; {tail}"]
    assert not loaded.problems  # warnings only
    # declared: Mon 23 to Fri 27 worked, Sat 28 and Mon 2 off (the library: 24-28 and 2)
    assert loaded.records.notices["test-notice"].working_days == 5


def test_a_difference_with_the_library_in_chinese(site, chinese):
    extra = _official_2026({date(2026, 2, 23)}, set())
    assert [str(p) for p in load_site(site.make(extra_config=extra)).problems.sorted()] == [
        "site_config.yml:14: plugins › gongshi › calendar › 2026: 警告：2026-02-23 在 gongshi 内置的官方放假安排中休息，"
        "这里却算作工作日；现以这里为准：请对照国务院办公厅的放假通知核对，或删去这一年，改用内置安排"]
