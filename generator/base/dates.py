"""Time in Asia/Shanghai, and Chinese formatting of dates and deadlines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from generator.base.errors import BuildError
from generator.base.i18n import _

TZ = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"


def deadline(end: date, closing: time | None) -> datetime:
    """The instant objections stop being accepted.

    The last day is inclusive: without a closing time the period ends at the
    end of that day (the next day's 00:00 in Asia/Shanghai).
    """
    if closing is None:
        return datetime.combine(end + timedelta(days=1), time(0, 0), TZ)
    return datetime.combine(end, closing, TZ)


def start_instant(start: date) -> datetime:
    return datetime.combine(start, time(0, 0), TZ)


def zh_date(day: date, weekday: bool = True) -> str:
    """2024年10月8日（星期二）"""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（星期{WEEKDAYS[day.weekday()]}）" if weekday else text


def zh_deadline(end: date, closing: time | None) -> str:
    """The last moment to object, unambiguous: date, weekday and time."""
    clock = f"{closing.hour}:{closing.minute:02d}" if closing else "24:00"
    return f"{zh_date(end)}{clock}"


def parse_now(text: str) -> datetime:
    """Parse ``--now``; a time without zone is Asia/Shanghai, a bare date its 00:00."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=TZ)


def build_now(override: datetime | None = None) -> datetime:
    """The one "now" of a build: ``--now``, else SOURCE_DATE_EPOCH, else the clock."""
    import os

    if override is not None:
        return override
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), TZ)
        except (ValueError, OverflowError, OSError) as e:
            raise BuildError(_("SOURCE_DATE_EPOCH is '{value}', not a number of seconds since 1970-01-01; set it "
                               "to a whole number such as 1727049600, or unset it").format(value=epoch)) from e
    return datetime.now(TZ)
