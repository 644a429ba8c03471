"""Working days (工作日) on the official Chinese calendar.

Public holidays are not working days; some weekends are make-up working days
(调休). The official schedule comes from ``chinesecalendar``; a year it does
not know is never guessed: :class:`UnknownYear` is raised, and the site may
declare that year's holidays and make-up days in ``site_config.yml``
(``plugins › gongshi › calendar``). A declared year overrides the library.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

from generator.base.errors import GongshiError
from generator.base.i18n import _

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
