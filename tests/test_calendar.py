"""The working-day rule against known official days of 2024–2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conftest import NOMINEE, NOTICE
from generator.records.calendar import DeclaredYear, UnknownYear, WorkCalendar
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


def test_the_setting_in_site_config_works(site):
    extra = ("      calendar:\n        2031:\n          holidays: [2031-01-01]\n"
             "          workdays: [2031-01-04]\n")
    config = site.make(notice=_notice_2031("2031-01-01", "2031-01-07"), extra_config=extra)
    loaded = load_site(config)
    assert loaded.problems.items == []
    # Jan 1 holiday, 2 Thu, 3 Fri, 4 Sat (declared working day), 5 Sun, 6 Mon, 7 Tue
    assert loaded.records.notices["test-notice"].working_days == 5


def test_declared_years_are_checked(site):
    extra = ("      calendar:\n        next-year:\n          holidays: [2031-01-01]\n"
             "        2031:\n          holidays: [2030-12-31, 2031-01-01]\n          workdays: [2031-01-01]\n")
    config = site.make(extra_config=extra)
    assert [str(p) for p in load_site(config).problems.sorted()] == [
        "site_config.yml:14: plugins › gongshi › calendar › next-year: 'next-year' is not a year; use the four-digit "
        "year, e.g. 2027",
        "site_config.yml:17: plugins › gongshi › calendar › 2031: 2030-12-31 is not in 2031; list it under its own year",
        "site_config.yml:17: plugins › gongshi › calendar › 2031: 2031-01-01 is listed both as holiday and as "
        "working day",
    ]
