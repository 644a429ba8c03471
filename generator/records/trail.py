"""The three-level trail (一报告两审核三公示): a nominee carried up from the notice of the level below, and
the order of the levels checked.

A nominee written as ``from: notice-id/nominee-id`` takes the record of the same nominee in a lower notice;
the fields written beside ``from:`` replace its values, and each public field so changed must be recorded
by a correction of the higher notice. :func:`carry` resolves the references before validation, so that
every rule of a nominee applies to the record taken. :func:`check_trail` then checks, on the public model,
that each carried nominee comes from the level right below, from a notice that ended before this one
started, with its outcome recorded and the nominee still on its list; and that every nominee above the
lowest level rests on a lower notice: one of the site, or one declared under ``held_elsewhere:`` (issuer,
period and where it was posted), whose period is as long as its level asks.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from generator.base.cache import digest
from generator.base.dates import TZ
from generator.base.errors import Problems
from generator.base.i18n import _, listing, ngettext
from generator.model.private import PRIVATE_FIELDS
from generator.model.public import LEVEL_NAMES, Notice, Records
from generator.records.calendar import UnknownYear
from generator.records.config import SiteConfig
from generator.records.conversion import Rec
from generator.records.public import site_path
from generator.records.validate import RecordFile

#: corrections of the higher notice that record a field changed on the way up
RECORDS_CHANGE = ("amended", "minor")
#: fields that are not the nominee's published content: changing them on the way up needs no correction
_NOT_CONTENT = ("from", "id", "private")


@dataclass
class Carried:
    """One nominee carried up: from where, and the fields the higher notice changed (old and new value)."""

    notice: str
    nominee: str
    line: int
    changed: dict[str, tuple[object, object]] = field(default_factory=dict)


def carry(files: list[RecordFile], problems: Problems) -> tuple[list[RecordFile], dict[tuple[str, str], Carried]]:
    """The record files with every ``from:`` resolved (a carried nominee's record is the lower one's with the
    fields written beside ``from:``), and what each carried nominee came from, by (notice id, nominee id). A
    reference that cannot be resolved is an error at its line, and the nominee is left out."""
    notices: dict[str, RecordFile] = {}
    for f in files:
        if f.kind == "notice" and "id" in f.rec:
            notices.setdefault(f.rec["id"], f)  # an id used twice is said by validation
    done: dict[str, RecordFile] = {}
    carried: dict[tuple[str, str], Carried] = {}

    def resolved(notice_id: str, below: frozenset[str]) -> RecordFile:
        if notice_id in done:
            return done[notice_id]
        f = notices[notice_id]
        nominees = f.rec.get("nominees", [])
        if not any("from" in n for n in nominees):
            done[notice_id] = f
            return f
        out, digests = [], [f.digest]
        for i, own in enumerate(nominees, 1):
            if "from" not in own:
                out.append(own)
                continue
            lower_id, lower_file, found = _lower(f, i, own, notices, below | {notice_id}, resolved, problems)
            if found is None:
                continue
            merged = _merged(found, own, lower_file.path, f.path)
            out.append(merged)
            digests.append(lower_file.digest)
            carried[(notice_id, merged["id"])] = Carried(lower_id, found["id"], own.line_of("from"), {
                k: (found.get(k), v) for k, v in own.items() if k not in _NOT_CONTENT and found.get(k) != v})
        rec = Rec(f.rec.line)
        rec.update(f.rec)
        rec.lines.update(f.rec.lines)
        rec["nominees"] = out
        done[notice_id] = replace(f, rec=rec, digest=digest(*digests) if all(digests) else "")
        return done[notice_id]

    out = [resolved(f.rec["id"], frozenset()) if f.kind == "notice" and notices.get(f.rec.get("id")) is f else f
           for f in files]
    return out, carried


def _lower(f: RecordFile, i: int, own: Rec, notices: dict[str, RecordFile], below: frozenset[str], resolved,
           problems: Problems) -> tuple[str, RecordFile | None, Rec | None]:
    """The lower notice and nominee a ``from:`` names, or (…, None) with the error said."""
    where, line, ref = f"nominees[{i}].from", own.line_of("from"), own["from"]
    lower_id, slash, nominee_id = ref.partition("/")
    if not (slash and lower_id and nominee_id) or "/" in nominee_id:
        problems.add(f.path, line, where, _(
            "write the nominee of the lower notice as notice-id/nominee-id, e.g. `from: {example}`").format(
            example="2026-district-model-workers/lin-xiaowen"))
        return lower_id, None, None
    if lower_id in below:
        problems.add(f.path, line, where, _(
            "notice {notice} cannot carry a nominee from itself or from a notice that carries from it").format(
            notice=lower_id))
        return lower_id, None, None
    if lower_id not in notices:
        problems.add(f.path, line, where, _("no notice '{notice}'; the notices are: {known}").format(
            notice=lower_id, known=listing(sorted(notices))))
        return lower_id, None, None
    lower = resolved(lower_id, below)
    found = next((n for n in lower.rec.get("nominees", []) if n.get("id") == nominee_id), None)
    if found is None:
        problems.add(f.path, line, where, _("notice {notice} has no nominee '{nominee}'; its nominees are: {known}").format(
            notice=lower_id, nominee=nominee_id, known=listing(n.get("id", "?") for n in lower.rec.get("nominees", []))))
    return lower_id, lower, found


def _merged(lower: Rec, own: Rec, lower_path: str, own_path: str) -> Rec:
    """The lower nominee's record with the fields written beside ``from:`` in its place (their lines are
    their own; the fields taken are at the line of ``from:``). A photo taken is made relative to this file."""
    at = own.line_of("from")
    out = Rec(own.line)
    for key, value in lower.items():
        out[key], out.lines[key] = value, at
    if "photo" in lower:
        out["photo"] = posixpath.relpath(site_path(lower_path, lower["photo"]), posixpath.dirname(own_path) or ".")
    for key, value in own.items():
        out[key], out.lines[key] = value, own.line_of(key)
    if "private" in lower and "private" in own:
        private = Rec(own["private"].line)
        for part in (lower["private"], own["private"]):
            private.update(part)
            private.lines.update({k: own["private"].line for k in part})
        out["private"] = private
    return out


def check_levels(f: RecordFile, problems: Problems) -> None:
    """A campaign's ``levels``: each once, lowest first."""
    levels = [lv.get("level") for lv in f.rec.get("levels", [])]
    order = list(LEVEL_NAMES)
    for i, level in enumerate(levels, 1):
        if level in levels[: i - 1] or any(order.index(level) <= order.index(prev) for prev in levels[: i - 1]):
            problems.add(f.path, f.rec["levels"][i - 1].line_of("level"), f"levels[{i}].level", _(
                "the levels are listed once each, lowest first: unit, district, city"))


def check_trail(files: list[RecordFile], records: Records, carried: dict[tuple[str, str], Carried],
                config: SiteConfig, now: datetime, problems: Problems) -> None:
    """The order of the levels, for every notice of the site (see the module's docstring)."""
    today = now.astimezone(TZ).date()
    for f in files:
        if f.kind != "notice" or f.rec.get("id") not in records.notices:
            continue
        notice = records.notices[f.rec["id"]]
        _Trail(f, notice, records, carried, config, today >= notice.published, problems).check()


@dataclass
class _Trail:
    f: RecordFile
    notice: Notice
    records: Records
    carried: dict[tuple[str, str], Carried]
    config: SiteConfig
    public: bool
    problems: Problems

    def add(self, line: int, where: str, message: str, severity: str = "error") -> None:
        self.problems.add(self.f.path, line, where, message, severity)

    def check(self) -> None:
        n, rec = self.notice, self.f.rec
        camp = self.records.campaigns[n.campaign]
        names = [lv.level for lv in camp.levels]
        if n.level not in names:
            self.add(rec.line_of("level"), "level", _(
                "campaign {campaign} has no {level} notices; its levels are: {levels}").format(
                campaign=camp.id, level=n.level, levels=listing(names)))
            return
        below = camp.level_below(n.level)
        self._held_elsewhere(below)
        covered = {i for h in n.held_elsewhere if h.level == below for i in h.nominees}
        lowers: dict[str, int] = {}
        for i, (nom, own) in enumerate(zip(n.nominees, rec["nominees"]), 1):
            came = self.carried.get((n.id, nom.id))
            if came is not None:
                self._carried(i, nom.name, came, below, own)
                lowers.setdefault(came.notice, came.line)
            elif below is not None and nom.id not in covered:
                self.add(own.line, f"nominees[{i}]", _(
                    "{name} has no {lower} before this {level}: carry them from it with `from: notice-id/"
                    "nominee-id` (`gongshi promote` writes these), or say where it was held under "
                    "`held_elsewhere:` (level, issuer, start, end, posted_at)").format(
                    name=nom.name, lower=LEVEL_NAMES[below], level=n.level_name))
        for lower_id, line in lowers.items():
            self._lower_notice(self.records.notices[lower_id], line)

    def _carried(self, i: int, name: str, came: Carried, below: str | None, own: Rec) -> None:
        n, where = self.notice, f"nominees[{i}].from"
        lower = self.records.notices[came.notice]
        if lower.campaign != n.campaign:
            self.add(came.line, where, _("notice {notice} belongs to campaign {other}, not {campaign}").format(
                notice=lower.id, other=lower.campaign, campaign=n.campaign))
        elif lower.level != below:
            self.add(came.line, where, _(
                "notice {notice} is a {its}; a {level} carries its nominees from a {lower}").format(
                notice=lower.id, its=lower.level_name, level=n.level_name,
                lower=LEVEL_NAMES[below] if below else "—"))
        gone = lower.taken_off().get(came.nominee)
        if gone is not None:
            self.add(came.line, where, _(
                "{name} was taken off the list of {notice} on {date} ({text}); a nominee who left the lower list "
                "cannot be carried up").format(name=name, notice=lower.id, date=gone.date.isoformat(),
                                                text=gone.text))
        fixed = {c.get("nominee") for c in self.f.rec.get("corrections", []) if c.get("action") in RECORDS_CHANGE}
        for key, (old, new) in sorted(came.changed.items()):
            if key in PRIVATE_FIELDS or own.get("id", came.nominee) in fixed:
                continue
            self.add(own.line_of(key), f"nominees[{i}].{key}", _(
                "differs from the lower notice {notice} (it was: {old}); record the change with a correction: "
                "`- {{date: {date}, action: amended, nominee: {nominee}, text: ...}}`").format(
                notice=lower.id, old=old if old not in (None, "") else "—", date=n.published.isoformat(),
                nominee=own.get("id", came.nominee)))

    def _lower_notice(self, lower: Notice, line: int) -> None:
        """Once per lower notice: it ended before this one started, stands, and has its outcome."""
        n, rec = self.notice, self.f.rec
        if lower.end >= n.start:
            self.add(rec.line_of("start"), "start", _(
                "this notice starts on {start}, but the lower notice {notice} ({issuer}) it carries nominees from "
                "runs until {end}; a notice starts after the lower one ended: start on {earliest} or later").format(
                start=n.start.isoformat(), notice=lower.id, issuer=lower.issuer, end=lower.end.isoformat(),
                earliest=(lower.end + timedelta(days=1)).isoformat()))
        where = "nominees"
        if lower.withdrawn is not None:
            self.add(line, where, _(
                "the lower notice {notice} was withdrawn on {date}; its nominees cannot be carried up").format(
                notice=lower.id, date=lower.withdrawn.date.isoformat()))
        elif lower.outcome is None:
            # prepared in advance, the list may wait for the outcome; once public, it rests on it
            self.add(line, where, _(
                "the lower notice {notice} has no outcome yet; add its `outcome:` (公示结果) before this notice is "
                "published on {published}").format(notice=lower.id, published=n.published.isoformat()),
                "error" if self.public else "warning")
        elif lower.outcome.date > n.start:
            self.add(line, where, _(
                "the outcome of the lower notice {notice} is dated {date}, after this notice starts on {start}; "
                "a notice starts after the lower one's outcome").format(
                notice=lower.id, date=lower.outcome.date.isoformat(), start=n.start.isoformat()))

    def _held_elsewhere(self, below: str | None) -> None:
        n, rec = self.notice, self.f.rec
        own_ids = {nom.id for nom in n.nominees}
        camp = self.records.campaigns[n.campaign]
        need = next((lv.min_working_days for lv in camp.levels if lv.level == below), camp.min_working_days)
        for i, (h, hrec) in enumerate(zip(n.held_elsewhere, rec.get("held_elsewhere", [])), 1):
            where = f"held_elsewhere[{i}]"
            if h.level != below:
                self.add(hrec.line_of("level"), f"{where}.level", _(
                    "a {level} rests on a {lower}; write `level: {below}`").format(
                    level=n.level_name, lower=LEVEL_NAMES[below] if below else "—", below=below or "—")
                    if below else _("a notice of the lowest level rests on no lower notice; remove `held_elsewhere:`"))
                continue
            if h.end < h.start:
                self.add(hrec.line_of("end"), f"{where}.end", _("end {end} is before start {start}").format(
                    end=h.end, start=h.start))
                continue
            if h.end >= n.start:
                self.add(hrec.line_of("end"), f"{where}.end", _(
                    "the lower notice ran until {end}, but this notice starts on {start}; a notice starts after the "
                    "lower one ended").format(end=h.end.isoformat(), start=n.start.isoformat()))
            self._long_enough(h, hrec, where, need)
            for j, nominee in enumerate(hrec.get("nominees", []), 1):
                if nominee not in own_ids:
                    self.add(hrec.line_of("nominees"), f"{where}.nominees[{j}]", _(
                        "no nominee '{nominee}' in this notice").format(nominee=nominee))
                elif (n.id, nominee) in self.carried:
                    self.add(hrec.line_of("nominees"), f"{where}.nominees[{j}]", _(
                        "{nominee} is carried with `from:` from a notice of the site; remove them here").format(
                        nominee=nominee))

    def _long_enough(self, h, hrec: Rec, where: str, need: int) -> None:
        try:
            days = self.config.calendar.count(h.start, h.end)
        except UnknownYear as e:
            self.add(hrec.line_of("end"), f"{where}.end", str(e))
            return
        if days < need:
            self.add(hrec.line_of("end"), f"{where}.end", ngettext(
                "the period {start} to {end} has {days} working day; a {level} lasts at least {need}",
                "the period {start} to {end} has {days} working days; a {level} lasts at least {need}", days).format(
                start=h.start.isoformat(), end=h.end.isoformat(), days=days, level=h.level_name, need=need))


def promoted(notices: list[Notice], day) -> list[tuple[str, str]]:
    """The nominees a higher notice carries from ``notices``: (notice id, nominee id) of each nominee still on
    its list on ``day`` (withdrawn and replaced ones left out, replacements in), in the lists' order."""
    out = []
    for lower in notices:
        gone = lower.taken_off(day)
        out += [(lower.id, nom.id) for nom in lower.as_of(day).nominees if nom.id not in gone]
    return out

