"""What a notice's feed item says changed, and when: the dated notes at the top of the item and the item's
``published`` and ``updated`` moments.

Each note carries the moment its change first went out, from the publication ledger
(:mod:`generator.records.ledger`): a correction, the outcome or the withdrawal from the first version that held
it (two corrections on one day have two different times), a version's other changes listed on the note of that
version; and the notice opening (the start of its first day) and closing (the deadline) once its status shows
it. A change no version of the ledger recorded (one made before the site kept a ledger) is dated by its day.
The item's ``updated`` is the latest of these moments, never earlier than its ``published``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from generator.base import dates
from generator.model.public import Notice
from generator.records.ledger import Version, new_corrections
from generator.site import feeds
from generator.site.status import CLOSED, OUTCOME, UPCOMING, WITHDRAWN
from generator.site.versions import Row, instant_text, rows
from generator.site.views import NoticeView, correction_text

#: rows of :func:`generator.site.versions.rows` that are the entries the notes themselves tell
_ENTRY_ROWS = {"新增更正记录", "公示结果", "撤回公示"}
#: at most this many of a version's other changes are named on its note; the version's page lists them all
SHOWN_ROWS = 3
#: a changed value longer than this is cut short on the note
SHOWN_CHARS = 40


@dataclass(frozen=True)
class Note:
    """A dated note: what changed (``text``), when it first went out (``moment``) and how the note names that
    moment (``when``: date and time, or the date alone when no version of the ledger recorded it); ``detail``
    lists the other changes the same version made."""

    moment: datetime
    when: str
    text: str
    detail: str = ""
    #: the version of the ledger that first published the change (0: none recorded it)
    version: int = 0


def outcome_text(n: Notice) -> str:
    assert n.outcome is not None
    return ("公示结果：" + ("公示无异议。" if n.outcome.result == "no-objection" else "名单有调整。")
            + (n.outcome.text or ""))


def _entry_key(entry: dict[str, Any]) -> tuple:
    return entry.get("date"), entry.get("action"), entry.get("nominee"), entry.get("text")


def _first_seen(versions: tuple[Version, ...]) -> tuple[dict[Any, Version], dict[int, str]]:
    """The version that first held each entry (a correction by its fields, "outcome", "withdrawn"), and the
    other changes each later version made, as one line, by version number."""
    seen: dict[Any, Version] = {}
    details: dict[int, str] = {}
    before: dict[str, Any] | None = None
    for version in versions:
        state = version.state
        added = new_corrections(before, state) if before is not None else state.get("corrections", [])
        for c in added:
            seen.setdefault(_entry_key(c), version)
        for key in ("outcome", "withdrawn"):
            if state.get(key) and not (before or {}).get(key):
                seen.setdefault(key, version)
        if before is not None:
            others = [r for r in rows(before, state) if r.what not in _ENTRY_ROWS]
            if others:
                details[version.number] = _detail(others)
        before = state
    return seen, details


def _detail(changed: list[Row]) -> str:
    """A version's changes in one line: 本次改动：张三 · 职务：技术员→高级技术员。"""
    def short(text: str) -> str:
        return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"

    def one(r: Row) -> str:
        who = "" if r.who == "公示" else f"{r.who} · "
        if r.new == "—":
            return f"{who}{r.what}"
        if r.old == "—":
            return f"{who}{r.what}：{short(r.new)}"
        return f"{who}{r.what}：{short(r.old)}→{short(r.new)}"
    named = "；".join(one(r) for r in changed[:SHOWN_ROWS])
    more = f"等{len(changed)}项" if len(changed) > SHOWN_ROWS else ""
    return f"本次改动：{named}{more}（详见该版本页面）。"


def published(view: NoticeView, versions: tuple[Version, ...]) -> datetime:
    """When the notice first went out: its first version's moment when that was on its publication day, else
    (a notice published before the site kept a ledger) the start of that day."""
    n = view.notice
    first = versions[0].published if versions else None
    if first is not None and first.astimezone(dates.TZ).date() == n.published:
        return first
    return feeds.day_instant(n.published)


def notes(view: NoticeView, versions: tuple[Version, ...]) -> list[Note]:
    """The dated notes of a notice's item, newest first."""
    n = view.notice
    seen, details = _first_seen(versions)
    out: list[Note] = []

    def note(version: Version | None, day, text: str) -> None:
        if version is not None and version.number > 1:
            out.append(Note(version.published, instant_text(version.published), text, version=version.number))
        else:
            out.append(Note(feeds.day_instant(day), f"{day.year}年{day.month}月{day.day}日", text))

    for c in n.corrections:
        note(seen.get(_entry_key({"date": c.date.isoformat(), "action": c.action, "nominee": c.nominee,
                                  "text": c.text})), c.date, correction_text(c))
    if n.outcome:
        note(seen.get("outcome"), n.outcome.date, outcome_text(n))
    if n.withdrawn:
        note(seen.get("withdrawn"), n.withdrawn.date, f"本公示已撤回：{n.withdrawn.reason}")
    noted = {x.version for x in out}
    out += [Note(v.published, instant_text(v.published), "公示内容有改动。", version=v.number)
            for v in versions[1:] if v.number in details and v.number not in noted]
    out += _status_notes(view, published(view, versions))
    out.sort(key=lambda x: x.moment, reverse=True)
    # a version's other changes close the last of its notes
    last = {x.version: i for i, x in enumerate(out) if x.version}
    return [replace(x, detail=details[x.version]) if x.version in details and last[x.version] == i else x
            for i, x in enumerate(out)]


def _status_notes(view: NoticeView, first: datetime) -> list[Note]:
    """The notice opening (when the item was out before it) and closing, once its status shows it."""
    at, status = view.at, view.status
    out = []
    withdrawn = at.withdrawn if status == WITHDRAWN else None
    if status != UPCOMING and at.start > first and (withdrawn is None or withdrawn > at.start):
        out.append(Note(at.start, instant_text(at.start), "公示开始。"))
    if status in (CLOSED, OUTCOME):
        out.append(Note(at.deadline, instant_text(at.deadline), "反映情况截止，公示期已结束。"))
    return out


def updated(view: NoticeView, versions: tuple[Version, ...]) -> datetime:
    """The latest moment the item's content changed: its publication, a later version, a note's moment."""
    return max([published(view, versions)] + [v.published for v in versions[1:]]
               + [x.moment for x in notes(view, versions)])
