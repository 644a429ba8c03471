"""A notice's status at a given instant, and what the reader is told about it.

The same rule runs in the reader's browser (``theme/assets/gongshi/gongshi.js``)
from the instants embedded in each page, so an old build never shows an
ended notice as open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from generator.base.dates import TZ, deadline, start_instant
from generator.model.public import Notice

UPCOMING, OPEN, CLOSED, OUTCOME, WITHDRAWN = "upcoming", "open", "closed", "outcome", "withdrawn"
LABELS = {UPCOMING: "即将开始", OPEN: "公示中", CLOSED: "公示期已结束", OUTCOME: "已公布结果", WITHDRAWN: "已撤回"}
ORDER = (OPEN, UPCOMING, CLOSED, OUTCOME, WITHDRAWN)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), TZ)


@dataclass(frozen=True)
class Instants:
    """The instants that decide a notice's status (embedded in pages for the script)."""

    start: datetime
    deadline: datetime
    outcome: datetime | None
    withdrawn: datetime | None


def instants(notice: Notice) -> Instants:
    """The notice's instants; an outcome (dated by its day only) takes effect at the start of its day, and one
    dated on the last day at the deadline: never while objections are still open."""
    closes = deadline(notice.end, notice.closing_time)
    return Instants(
        start=start_instant(notice.start),
        deadline=closes,
        outcome=max(_day_start(notice.outcome.date), closes) if notice.outcome else None,
        withdrawn=_day_start(notice.withdrawn.date) if notice.withdrawn else None,
    )


def status(notice: Notice, now: datetime) -> str:
    at = instants(notice)
    if at.withdrawn and now >= at.withdrawn:
        return WITHDRAWN
    if at.outcome and now >= at.outcome:
        return OUTCOME
    if now < at.start:
        return UPCOMING
    if now < at.deadline:
        return OPEN
    return CLOSED


def days_left(notice: Notice, now: datetime) -> int:
    """Calendar days left to object, today included (1 on the last day)."""
    return (notice.end - now.astimezone(TZ).date()).days + 1
