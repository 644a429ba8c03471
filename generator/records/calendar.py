"""Working days (工作日) on the official Chinese calendar.

Public holidays are not working days; some weekends are make-up working days
(调休). The official schedule comes from ``chinesecalendar``; a year it does
not know is never guessed: :class:`UnknownYear` is raised, and the site may
declare that year's holidays and make-up days in ``site_config.yml``
(``plugins › gongshi › calendar``). A declared year overrides the library.

A declared year must be complete: each of the seven statutory festivals (:data:`FESTIVALS`) must be among
its holidays. Where they fall comes from ``borax`` (lunar months and solar terms of 1900–2100): 春节,
端午 and 中秋 on the lunar calendar, 清明 the solar term, the others on fixed days. Once the library knows
a declared year, the declaration still overrides it, and the days on which they differ are a warning.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar
from borax.calendars.lunardate import LunarDate, TermUtils

from generator.base.errors import GongshiError
from generator.base.i18n import N_, _

CONFIG_SETTING = "plugins › gongshi › calendar"


class UnknownYear(GongshiError):
    """The official calendar of this year is not known to the library or the site."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _("the official holidays of {year} are not known; declare them in site_config.yml under "
              "{setting} › {year} (holidays: [...], workdays: [...] for make-up working days)").format(
                year=year, setting=CONFIG_SETTING)
        )


@dataclass(frozen=True)
class DeclaredYear:
    """A year's public holidays and make-up working days, declared by the site."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Festival:
    """A statutory festival (《全国年节及纪念日放假办法》): the day it falls on in a year."""

    #: its name in chinese_calendar.Holiday, and in the starter's site_config.yml
    key: str
    name: str
    day: Callable[[int], date]
    #: the first year it is a public holiday
    since: int = 1949


def _lunar(month: int, day: int) -> Callable[[int], date]:
    """A day of the lunar calendar (the ordinary month, not a leap month of the same number)."""
    return lambda year: LunarDate(year, month, day).to_solar_date()


def _qingming(year: int) -> date:
    """The day of the solar term 清明 (the sun at 15° ecliptic longitude, Beijing time)."""
    return TermUtils.nth_term_day(year, term_name="清明")


#: the seven festivals every year's holidays include, in the order of the law (清明, 端午 and 中秋 since
#: 2008, by State Council decree 513)
FESTIVALS = (
    Festival("new_years_day", N_("New Year's Day"), lambda year: date(year, 1, 1)),
    Festival("spring_festival", N_("Spring Festival"), _lunar(1, 1)),
    Festival("tomb_sweeping_day", N_("Qingming Festival"), _qingming, 2008),
    Festival("labour_day", N_("Labour Day"), lambda year: date(year, 5, 1)),
    Festival("dragon_boat_festival", N_("Dragon Boat Festival"), _lunar(5, 5), 2008),
    Festival("mid_autumn_festival", N_("Mid-Autumn Festival"), _lunar(8, 15), 2008),
    Festival("national_day", N_("National Day"), lambda year: date(year, 10, 1)),
)


def festival_days(year: int) -> list[tuple[Festival, date]]:
    """Each festival of ``year`` with the day it falls on (1900–2100)."""
    return [(festival, festival.day(year)) for festival in FESTIVALS if year >= festival.since]


def official_knows(year: int) -> bool:
    """Whether the State Council's calendar of ``year`` is in chinese_calendar."""
    try:
        _official_workday(date(year, 1, 1))
    except UnknownYear:
        return False
    return True


def disagreements(year: int, declared: DeclaredYear) -> tuple[list[date], list[date]]:
    """Days of a year chinese_calendar knows on which ``declared`` says otherwise: (official days off that
    the declaration makes working days, official working days it makes days off)."""
    mine = WorkCalendar({year: declared})
    day, off, on = date(year, 1, 1), [], []
    while day.year == year:
        official = _official_workday(day)
        if official != mine.is_workday(day):
            (on if official else off).append(day)
        day += timedelta(days=1)
    return off, on


@functools.cache
def _official_workday(day: date) -> bool:
    """The State Council's calendar (chinese_calendar), asked once per day."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError as e:
        raise UnknownYear(day.year) from e


@dataclass(frozen=True)
class WorkCalendar:
    declared: Mapping[int, DeclaredYear] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        year = self.declared.get(day.year)
        if year is not None:
            if day in year.workdays:
                return True
            if day in year.holidays:
                return False
            return day.weekday() < 5
        return _official_workday(day)

    def count(self, start: date, end: date) -> int:
        """Working days from ``start`` to ``end``, both inclusive."""
        days = (end - start).days + 1
        return sum(1 for i in range(max(days, 0)) if self.is_workday(start + timedelta(days=i)))

    def earliest_end(self, start: date, workdays: int) -> date:
        """The first day on which a period from ``start`` has ``workdays`` working days."""
        day, seen = start, 0
        while True:
            if self.is_workday(day):
                seen += 1
                if seen >= workdays:
                    return day
            day += timedelta(days=1)
