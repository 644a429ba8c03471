"""No silent rewrite: once a notice's public content went out, any change to it comes with a correction.

The records as they stand are compared with the last version of each notice in the publication ledger
(:mod:`generator.records.ledger`) that went out at or before the moment of the check. Each changed field, each
nominee added, and each removal is an error at its ``path:line`` unless a new correction covers it: for a
nominee's field, a correction naming the nominee with action ``amended`` (or ``minor`` for a typing error);
for a nominee added, ``added`` (or ``replaced`` naming them in ``replaced_by``); for a field of the notice, a
correction naming no nominee (``note``, or ``minor`` for a typing error). Nothing covers a published nominee, correction,
outcome or withdrawal removed or changed, nor a notice whose record is gone: history is added to, never
rewritten. Every correction is still shown, ``minor`` ones too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from generator.base.dates import TZ
from generator.base.errors import Problems
from generator.base.i18n import _
from generator.model.public import Records
from generator.records.config import SiteConfig
from generator.records.ledger import Change, Ledger, changes, ledger_dir, new_corrections, state_of
from generator.records.validate import RecordFile

#: the actions of a correction that cover a change of a field
COVERS_FIELD = {"amended", "minor"}
COVERS_NOTICE_FIELD = {"note", "minor"}
#: the longest old value a message repeats
_SHOWN = 40


def check_rewrites(files: list[RecordFile], records: Records, ledger: Ledger, now: datetime, config: SiteConfig,
                   problems: Problems) -> None:
    today = now.astimezone(TZ).date()
    by_id = {f.rec["id"]: f for f in files if f.kind == "notice"}
    for notice_id, versions in sorted(ledger.notices.items()):
        if notice_id not in records.notices and versions[0].published <= now:
            problems.add(config.rel(ledger_dir(config) / f"{notice_id}.json"), 0, "(ledger)", _(
                "notice {notice} was published on {moment} and its record cannot be removed; restore its file, and "
                "if the notice no longer stands, withdraw it with `withdrawn:`").format(
                notice=notice_id, moment=_moment(versions[0].published)))
    for notice_id, notice in records.notices.items():
        last = ledger.last(notice_id, until=now)
        if last is None or notice_id not in by_id:
            continue
        state = state_of(notice.public_at(now))
        if state == last.state:
            continue
        _check_notice(by_id[notice_id], last.state, state, last.published, today.isoformat(), problems)


def _check_notice(f: RecordFile, old: dict[str, Any], new: dict[str, Any], published: datetime, today: str,
                  problems: Problems) -> None:
    rec = f.rec
    added = new_corrections(old, new)
    moment = _moment(published)
    for i, c in enumerate(rec.get("corrections", []), 1):
        if _plain_correction(c) in added and c["date"] < published.astimezone(TZ).date():
            problems.add(f.path, c.line_of("date"), f"corrections[{i}].date", _(
                "this correction is dated {date}, before the version it changes was published ({moment}); date it "
                "{today} or later").format(date=c["date"].isoformat(), moment=moment, today=today))
    nominees = {n["id"]: (i, n) for i, n in enumerate(rec.get("nominees", []), 1)}
    for change in changes(old, new):
        if _covered(change, added, new):
            continue
        where, line = _place(change, rec, nominees)
        problems.add(f.path, line, where, _message(change, moment, today, old))


def _plain_correction(c) -> dict[str, Any]:
    return {"date": c["date"].isoformat(), "action": c["action"], "nominee": c.get("nominee"),
            "replaced_by": c.get("replaced_by"), "text": c["text"]}


def _covered(change: Change, added: list[dict[str, Any]], new: dict[str, Any]) -> bool:
    if change.what == "field" and change.nominee:
        return any(c["nominee"] == change.nominee and c["action"] in COVERS_FIELD for c in added)
    if change.what == "field":
        return any(not c["nominee"] and c["action"] in COVERS_NOTICE_FIELD for c in added)
    if change.what == "added":
        return any((c["action"] == "added" and c["nominee"] == change.nominee)
                   or (c["action"] == "replaced" and c["replaced_by"] == change.nominee) for c in added)
    return False  # a nominee, correction, outcome or withdrawal that went out is never removed or changed


def _place(change: Change, rec, nominees: dict) -> tuple[str, int]:
    if change.nominee and change.nominee in nominees and change.what != "entry":
        i, nom = nominees[change.nominee]
        if change.field:
            return f"nominees[{i}].{change.field}", nom.line_of(change.field)
        return f"nominees[{i}]", nom.line
    key = change.field if change.what in ("field", "entry") else "nominees"
    return key, rec.line_of(key)


def _message(change: Change, moment: str, today: str, old: dict[str, Any]) -> str:
    if change.what == "field" and change.nominee:
        return _("changed since the list was published on {moment} (it was: {old}); a published notice is never "
                 "changed silently: add to `corrections:` an entry such as `- {{date: {today}, action: amended, "
                 "nominee: {nominee}, text: ...}}` (action: minor for a typing error)").format(
            moment=moment, old=_shown(change.old), today=today, nominee=change.nominee)
    if change.what == "field":
        return _("changed since the notice was published on {moment} (it was: {old}); add to `corrections:` an "
                 "entry such as `- {{date: {today}, action: note, text: ...}}` that says what changed (action: minor "
                 "for a typing error)").format(moment=moment, old=_shown(change.old), today=today)
    if change.what == "added":
        return _("{name} is not on the list published on {moment}; a nominee added later needs a correction: "
                 "`- {{date: {today}, action: added, nominee: {nominee}, text: ...}}`").format(
            name=change.new.get("name"), moment=moment, today=today, nominee=change.nominee)
    if change.what == "removed":
        return _("{name} ({nominee}) was on the list published on {moment} and cannot be removed; keep the nominee "
                 "and add a correction `- {{date: {today}, action: withdrawn, nominee: {nominee}, text: ...}}`").format(
            name=change.old.get("name"), nominee=change.nominee, moment=moment, today=today)
    return _("what was published on {moment} cannot be changed or removed ({entry}); restore it as it was, and add "
             "a new correction that says what changed").format(moment=moment, entry=change.field)


def _shown(value: Any) -> str:
    text = "—" if value in (None, "", [], {}) else str(value)
    return text if len(text) <= _SHOWN else text[:_SHOWN] + "…"


def _moment(at: datetime) -> str:
    return at.astimezone(TZ).strftime("%Y-%m-%d %H:%M")
