"""Machine-readable files of a notice: its public data as JSON, its period as iCalendar."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, time, timedelta, timezone
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.base import dates
from generator.site import trails

if TYPE_CHECKING:
    from generator.site import trails
from generator.site.views import NoticeView


def _plain(value: Any) -> Any:
    """JSON-ready data of the model: dataclasses as dicts (like dataclasses.asdict, without its deep copies)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, (), [])}
    return value


def notice_data(view: NoticeView, site_url: str, photo_url: Callable[[str], str | None]) -> dict[str, Any]:
    """The public data of a notice (the model's public fields, plus status and links); a nominee's ``photo``
    is the address of the published photo (``photo_url`` of its path), never the path of the original."""
    n = view.notice
    data = _plain(n)
    gone = n.taken_off()
    for nominee in data["nominees"]:
        nominee.pop("source", None)
        if nominee["id"] in gone:
            nominee["off_list"] = {"action": gone[nominee["id"]].action, "date": gone[nominee["id"]].date.isoformat()}
        nominee["url"] = site_url + f"{view.url}{nominee['id']}/"
        trail = view.trail(nominee["id"])
        if len(trail) > 1:  # the nominee's notices through the levels, lowest first (this one among them)
            nominee["trail"] = [trails.step_data(s, site_url) for s in trail]
        if "photo" in nominee:
            published = photo_url(nominee.pop("photo"))
            if published:
                nominee["photo"] = published
    data.pop("source", None)
    data.pop("source_digest", None)
    data.pop("held_elsewhere", None)  # in ``rests_on``, with the lower notices of the site
    if view.bases:
        data["rests_on"] = [trails.basis_data(b, site_url) for b in view.bases]
    data.update(
        url=site_url + view.url,
        docx=site_url + view.url + "notice.docx",  # the notice as a Word file (generator.site.notice_docx)
        level_name=n.level_name,
        campaign_title=view.campaign.title,
        deadline=view.at.deadline.isoformat(),
        deadline_text=dates.zh_deadline(n.end, n.closing_time),
        status_at_build=view.status,
        # the list as it stands: nominees a correction withdrew or replaced are counted apart (each keeps its
        # entry in ``nominees``, marked by ``off_list``)
        nominees_on_list=view.standing,
        nominees_off_list={action: count for action, count in view.off_list},
        awards={a.id: a.name for a, _ in view.groups},
    )
    return data


def notice_json(view: NoticeView, site_url: str, photo_url: Callable[[str], str | None]) -> bytes:
    return (json.dumps(notice_data(view, site_url, photo_url), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def notice_ics(view: NoticeView, site_url: str) -> bytes:
    """An all-day event over the period, with a reminder the day before the deadline."""
    from icalendar import Alarm, Calendar, Event  # imported when a notice is rendered, not on every run

    n = view.notice
    domain = urlsplit(site_url).hostname or "localhost"
    cal = Calendar()
    cal.add("prodid", "-//gongshi//公示期//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", "Asia/Shanghai")
    event = Event()
    event.add("uid", f"notice-{n.id}@{domain}")
    event.add("dtstamp", datetime.combine(n.published, time(0, 0), dates.TZ))
    event.add("summary", f"公示期：{n.title}")
    event.add("dtstart", n.start)
    event.add("dtend", n.end + timedelta(days=1))
    deadline = dates.zh_deadline(n.end, n.closing_time)
    channels = "；".join(ch.office for ch in n.channels)
    event.add("description", f"{n.issuer}发布。反映情况截止：{deadline}。受理：{channels}。详情：{site_url}{view.url}")
    event.add("url", site_url + view.url)
    event.add("location", n.issuer)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"公示反映情况截止：{deadline}")
    # an absolute trigger must be in UTC (RFC 5545 §3.8.6.3)
    alarm.add("trigger", (view.at.deadline - timedelta(days=1)).astimezone(timezone.utc))
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()
