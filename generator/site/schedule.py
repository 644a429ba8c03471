"""What `gongshi check` tells a clerk about each notice: when it is published, its period, the deadline,
its status at a moment, how many nominees stand, and what is still waiting for its day; and the next moment
the site changes without an edit, which `gongshi build` and `check` print and a timer can wait for.

Pure: it reads the public model and returns lines of text in the current language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from generator.records.content import Content
from generator.base.dates import TZ, deadline, start_instant, zh_date
from generator.base.i18n import N_, _, language
from generator.model.public import Notice, Records
from generator.records.config import SiteConfig
from generator.site.status import CLOSED, OPEN, OUTCOME, UPCOMING, WITHDRAWN, days_left, instants, status

STATUS_NAMES = {UPCOMING: N_("upcoming"), OPEN: N_("open for objections"), CLOSED: N_("period ended"),
                OUTCOME: N_("outcome published"), WITHDRAWN: N_("withdrawn")}
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_text(day: date) -> str:
    """A day with its weekday, as the language writes it: 2026年11月24日（星期二）, Tuesday 2026-11-24."""
    if language() == "zh":
        return zh_date(day)
    return f"{_WEEKDAYS_EN[day.weekday()]} {day.isoformat()}"


def moment_text(moment: datetime) -> str:
    local = moment.astimezone(TZ)
    return f"{day_text(local.date())}{'' if language() == 'zh' else ' '}{local:%H:%M}"


def deadline_text(notice: Notice) -> str:
    """The last moment to object; a last day without closing time ends at 24:00."""
    if notice.closing_time is None:
        return f"{day_text(notice.end)}{'' if language() == 'zh' else ' '}24:00"
    return moment_text(deadline(notice.end, notice.closing_time))


@dataclass(frozen=True)
class Schedule:
    notice: Notice
    lines: tuple[str, ...]


def standing(notice: Notice, today: date) -> tuple[int, int]:
    """Nominees on the list on ``today`` and nominees taken off it by a correction dated on or before it."""
    gone = notice.taken_off(today)
    return len(notice.nominees) - len(gone), len(gone)


def waiting(notice: Notice, now: datetime) -> list[str]:
    """What the notice holds that is not public yet at ``now``."""
    return [text for _day, text in _waiting(notice, now)]


def _waiting(notice: Notice, now: datetime) -> list[tuple[date, str]]:
    """What the notice holds that is not public yet at ``now``, with its day: its publication, then what
    :meth:`Notice.waiting` finds dated after today (corrections, outcome, withdrawal), and an outcome dated on
    the last day before the deadline."""
    today = now.astimezone(TZ).date()
    found = []
    if notice.published > today:
        found.append((notice.published, _("the notice itself, to be published on {day}").format(
            day=day_text(notice.published))))
    phrases = {"correction": _("a correction dated {day}"), "outcome": _("the outcome dated {day}"),
               "withdrawal": _("the withdrawal dated {day}")}
    found += [(day, phrases[what].format(day=day_text(day))) for day, what in notice.waiting(today)]
    if notice.outcome and notice.outcome.date <= today and notice.public_at(now).outcome is None:
        found.append((notice.outcome.date, _("the outcome, to be published at {moment}").format(
            moment=moment_text(instants(notice).outcome))))
    return sorted(found, key=lambda f: f[0])


def notice_schedule(notice: Notice, now: datetime) -> Schedule:
    today = now.astimezone(TZ).date()
    state = status(notice, now)
    shown = _(STATUS_NAMES[state])
    if state == OPEN:
        shown = _("{status}, {days} day(s) left").format(status=shown, days=days_left(notice, now))
    elif state == UPCOMING:
        shown = _("{status}, starts in {days} day(s)").format(status=shown, days=(notice.start - today).days)
    on_list, gone = standing(notice, today)
    nominees = _("{count} nominee(s)").format(count=on_list)
    if gone:
        nominees = _("{count} nominee(s) ({gone} withdrawn, not counted)").format(count=on_list, gone=gone)
    lines = [
        _("published: {day}").format(day=day_text(notice.published)),
        _("period: {start} to {end}, {days} working day(s)").format(
            start=day_text(notice.start), end=day_text(notice.end), days=notice.working_days),
        _("objections until: {deadline}").format(deadline=deadline_text(notice)),
        _("status: {status}").format(status=shown),
        _("nominees: {nominees}").format(nominees=nominees),
    ]
    later = waiting(notice, now)
    if later:
        lines.append(_("waiting for their day: {items}").format(items=_("; ").join(later)))
    return Schedule(notice, tuple(lines))


def waiting_stories(content: Content, now: datetime) -> list[str]:
    """Stories dated after ``now``'s day, soonest first."""
    return [_story(s.title, s.date) for s in content.waiting(now.astimezone(TZ).date())]


def _story(title: str, day: date) -> str:
    return _("{title} ({day})").format(title=title, day=day_text(day))


def site_waiting(records: Records, content: Content, now: datetime, most: int = 5) -> list[str]:
    """What `gongshi build` says waits for its day, soonest first, one line each (the same words as
    `gongshi check`): at most ``most`` lines, then how many more; nothing when nothing waits."""
    today = now.astimezone(TZ).date()
    found = [(day, n.id, _("{notice}: {item}").format(notice=n.id, item=text))
             for n in records.notices.values() for day, text in _waiting(n, now)]
    found += [(s.date, s.src_uri, _("story: {item}").format(item=_story(s.title, s.date)))
              for s in content.waiting(today)]
    if not found:
        return []
    found.sort(key=lambda f: (f[0], f[1]))
    lines = [_("waiting for their day ({count}):").format(count=len(found))]
    lines += [f"  {text}" for _day, _where, text in found[:most]]
    if len(found) > most:
        lines.append("  " + _("and {count} more; `gongshi check` lists them all").format(count=len(found) - most))
    return lines


def site_schedule(records: Records, now: datetime) -> list[Schedule]:
    """Every notice's schedule, in the order of their periods (earliest first), then by id."""
    notices = sorted(records.notices.values(), key=lambda n: (n.start, n.id))
    return [notice_schedule(n, now) for n in notices]


# ------------------------------------------------------------------ the next moment the site changes

#: what happens to a record at a moment, by kind (see :class:`Change`)
CHANGE_TEXTS = {
    "published": N_("“{title}” is published"),
    OPEN: N_("“{title}” opens for objections"),
    "days-left": N_("the days left to object to “{title}” count down"),
    CLOSED: N_("objections to “{title}” close"),
    OUTCOME: N_("the outcome of “{title}” is published"),
    WITHDRAWN: N_("“{title}” is withdrawn"),
    "correction": N_("a correction to “{title}” reaches its date"),
    "story": N_("the story “{title}” reaches its date"),
    "feeds": N_("“{title}” leaves the feeds"),
}
#: reasons named in the line ``gongshi build`` and ``check`` print; the others are counted
SHOWN_REASONS = 3
_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Change:
    """Something that happens without an edit: ``kind`` (a key of :data:`CHANGE_TEXTS`) to the notice or
    story ``id`` titled ``title``."""

    kind: str
    id: str
    title: str

    @property
    def text(self) -> str:
        return _(CHANGE_TEXTS[self.kind]).format(title=self.title)


class NextChange(NamedTuple):
    """The earliest instant after a moment at which the site's outputs change with no edit (None: never),
    and what happens then."""

    at: datetime | None
    reasons: tuple[Change, ...]


def _notice_changes(notice: Notice, now: datetime, retention: timedelta) -> Iterator[tuple[datetime, Change]]:
    """Every instant after ``now`` at which what the site shows of ``notice`` changes by itself."""
    def change(kind: str) -> Change:
        return Change(kind, notice.id, notice.title)

    public = start_instant(notice.published)
    if public > now:
        yield public, change("published")
    at = instants(notice)
    for moment in (at.start, at.deadline, at.outcome, at.withdrawn):
        if moment is not None and moment > now and moment >= public:
            before, after = status(notice, moment - _TICK), status(notice, moment)
            if before != after:
                yield moment, change(after)
    midnight = start_instant(now.astimezone(TZ).date() + timedelta(days=1))
    if midnight >= public and status(notice, midnight - _TICK) == status(notice, midnight) == OPEN:
        yield midnight, change("days-left")  # later midnights come after this one or after the start
    for c in notice.corrections:
        if start_instant(c.date) > now and c.date >= notice.published:
            yield start_instant(c.date), change("correction")
    # as generator.site.feed_items.notice_feeds keeps an item: until retention_days after its last change
    dated = [c.date for c in notice.corrections] + [x.date for x in (notice.outcome, notice.withdrawn) if x]
    last = max([at.deadline, public] + [start_instant(day) for day in dated])
    leaves = last + retention + timedelta(minutes=1)  # kept at exactly ``retention`` after it: gone a minute on
    if leaves > now:
        yield leaves, change("feeds")


def next_change(records: Records, content: Content, config: SiteConfig, now: datetime) -> NextChange:
    """The earliest instant strictly after ``now`` at which a build would publish something else without an
    edit: a notice published, a period starting or ending, an outcome or a withdrawal taking effect, the
    days left of an open notice at midnight, a correction or a story reaching its date, a notice leaving
    the feeds; with everything that happens then, in the order of the notices' periods."""
    retention = timedelta(days=config.feed_retention_days)
    found: list[tuple[datetime, Change]] = []
    for notice in sorted(records.notices.values(), key=lambda n: (n.start, n.id)):
        found += _notice_changes(notice, now, retention)
    today = now.astimezone(TZ).date()
    found += [(start_instant(s.date), Change("story", s.slug, s.title))
              for s in sorted(content.stories, key=lambda s: (s.date, s.slug)) if s.date > today]
    if not found:
        return NextChange(None, ())
    first = min(moment for moment, _change in found)
    return NextChange(first, tuple(dict.fromkeys(c for moment, c in found if moment == first)))


def next_change_line(change: NextChange) -> str:
    """One line for the clerk: when to build again, and why (at most :data:`SHOWN_REASONS` reasons named)."""
    if change.at is None:
        return _("next automatic update: none; the site changes only when its records or pages are edited")
    reasons = _("; ").join(c.text for c in change.reasons[:SHOWN_REASONS])
    if len(change.reasons) > SHOWN_REASONS:
        reasons = _("{reasons} ({count} in all)").format(reasons=reasons, count=len(change.reasons))
    return _("next automatic update: {moment} ({reasons}); build again then").format(
        moment=moment_text(change.at), reasons=reasons)


def next_change_json(change: NextChange, now: datetime, built_at: datetime) -> dict:
    """What :func:`next_change` found, for a timer to read (instants in RFC 3339, Asia/Shanghai)."""
    def instant(moment: datetime) -> str:
        return moment.astimezone(TZ).isoformat(timespec="seconds")
    return {"next": instant(change.at) if change.at else None,
            "reasons": [{"kind": c.kind, "id": c.id, "text": c.text} for c in change.reasons],
            "now": instant(now), "built_at": instant(built_at)}
