"""``gongshi init``: a new site that checks and builds at once, from the starter files the package carries
(``generator/starter/``): a commented configuration, a campaign and a notice with every field explained,
the help page and a ``.gitignore``.

The sample notice's period starts on the first working day after the day it is made, so a new site shows
a notice about to open; where the official calendar does not know that year yet, the period lies in the
last year it knows. The configuration's commented calendar block, for the first year the library does not
know, lists the day of each festival of that year.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from string import Template

import chinese_calendar

from generator.records.calendar import UnknownYear, WorkCalendar, festival_days
from generator.base.errors import GongshiError
from generator.base.i18n import _, listing

STARTER = Path(__file__).resolve().parent / "starter"
#: starter file -> where it goes in the new site
FILES = {
    "site_config.yml": "site_config.yml",
    "notices/campaign.yml": "notices/campaign.yml",
    "notices/city-recommend.yml": "notices/city-recommend.yml",
    "content/help.md": "content/help.md",
    "gitignore": ".gitignore",
}
SAMPLE_WORKING_DAYS = 5


def last_known_year() -> int:
    """The last year whose holidays the official calendar library knows."""
    return max(chinese_calendar.constants.holidays).year


def sample_period(today: date, calendar: WorkCalendar) -> tuple[date, date, date]:
    """(published, start, end) of the sample notice made on ``today``."""
    try:
        start = today + timedelta(days=1)
        while not calendar.is_workday(start):
            start += timedelta(days=1)
        return today, start, calendar.earliest_end(start, SAMPLE_WORKING_DAYS)
    except UnknownYear:
        published = date(last_known_year(), 11, 2)
        return sample_period(published, calendar)


def create_site(directory: Path, today: date) -> list[Path]:
    """Write a new site into ``directory``; nothing is written if any of its files exists already."""
    targets = {source: directory / target for source, target in FILES.items()}
    existing = sorted(str(p) for p in targets.values() if p.exists())
    if existing:
        raise GongshiError(_("{directory} already holds a site ({files}); gongshi init never overwrites a file: "
                             "choose an empty folder, e.g. gongshi init mysite")
                           .format(directory=directory, files=listing(existing)))
    calendar = WorkCalendar()
    published, start, end = sample_period(today, calendar)
    lower_start = start - timedelta(days=21)  # the district notices the sample list rests on, weeks before
    while not calendar.is_workday(lower_start):
        lower_start += timedelta(days=1)
    values = {"today": today.isoformat(), "year": start.year, "published": published.isoformat(),
              "start": start.isoformat(), "end": end.isoformat(), "lower_start": lower_start.isoformat(),
              "lower_end": calendar.earliest_end(lower_start, SAMPLE_WORKING_DAYS).isoformat(),
              "last_known": last_known_year(),
              "next_year": last_known_year() + 1,
              **{festival.key: day.isoformat() for festival, day in festival_days(last_known_year() + 1)}}
    for source, target in targets.items():
        text = (STARTER / source).read_text(encoding="utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(text).substitute(values) if source.endswith(".yml") else text,
                          encoding="utf-8")
    return list(targets.values())
