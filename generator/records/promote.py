"""`gongshi promote`: the nominees of lower notices carried up into a higher notice file.

Each nominee still on a lower list (not withdrawn or replaced by a correction dated on or before the day;
replacements are on it) is written into the higher notice as ``- from: notice-id/nominee-id``, after the
nominees already there; one already carried is not written twice. The rest of the file stays byte for
byte. A higher notice already published (it has versions in the ledger) is never changed: its changes need
corrections. ``gongshi check`` then checks the order of the levels (:mod:`generator.records.trail`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.base.cache import Store
from generator.base.errors import GongshiError, Problems
from generator.base.i18n import _, listing
from generator.model.public import LEAVING
from generator.records.config import load_config
from generator.records.ledger import LEDGER_DIR, read_ledger
from generator.records.loader import read_records, record_files
from generator.records.notice_text import locate, splice
from generator.records.trail import carry


class PromoteError(GongshiError):
    """Nothing can be carried up: the notices named are unknown, withdrawn, or the higher one is published."""


@dataclass
class Promoted:
    path: Path
    added: list[str] = field(default_factory=list)  #: the references written
    present: int = 0  #: nominees already carried
    left_out: list[str] = field(default_factory=list)  #: taken off a lower list
    warnings: list[str] = field(default_factory=list)


def promote(config_path: Path, lower_ids: list[str], notice_path: Path, today: date) -> Promoted:
    """Carry the current nominees of ``lower_ids`` into the notice file ``notice_path`` (see the module)."""
    problems = Problems()
    config = load_config(config_path, problems)
    if not notice_path.is_file():
        raise PromoteError(_("{path}: no such notice file; write the higher notice first (its id, campaign, level, "
                             "title, period and channels), then carry its nominees into it").format(path=notice_path))
    located = locate(notice_path.read_text(encoding="utf-8"))
    if located is None:
        raise PromoteError(_("{path}: not a notice file; it must begin with `notice:` and give its `id:` and "
                             "`campaign:`").format(path=notice_path))
    higher = located.data["notice"]
    if read_ledger(config, problems).versions(str(higher.get("id"))):
        raise PromoteError(_("notice '{id}' is already published ({ledger}); its nominees cannot be changed: write "
                             "each change with a correction (`corrections:`) by hand").format(
            id=higher.get("id"), ledger=f"{LEDGER_DIR}/{higher.get('id')}.json"))
    files = read_records(record_files(config.notices_dir), config, problems, Store(config.cache_dir / "records"))
    files, _carried = carry(files, problems)  # a lower nominee carried from further down has its id from there
    notices = {f.rec["id"]: f.rec for f in files if f.kind == "notice" and "id" in f.rec}
    unknown = [i for i in lower_ids if i not in notices]
    if unknown:
        raise PromoteError(_("no notice '{notice}'; the notices are: {known}").format(
            notice=unknown[0], known=listing(sorted(notices))))
    own = [n for n in higher.get("nominees") or [] if isinstance(n, dict)]
    carried = {n.get("from") for n in own}
    taken = {n.get("id") for n in own} | {str(n["from"]).partition("/")[2] for n in own if n.get("from")}
    result = Promoted(notice_path)
    items = []
    for lower_id in lower_ids:
        lower = notices[lower_id]
        if lower.get("withdrawn") and lower["withdrawn"]["date"] <= today:
            raise PromoteError(_("notice {notice} was withdrawn on {date}; its nominees cannot be carried up").format(
                notice=lower_id, date=lower["withdrawn"]["date"].isoformat()))
        if "outcome" not in lower:
            result.warnings.append(_("notice {notice} has no outcome yet; add its `outcome:` (公示结果) before the "
                                     "higher notice is published").format(notice=lower_id))
        gone = {c.get("nominee") for c in lower.get("corrections", []) if c["action"] in LEAVING and c["date"] <= today}
        for nom in lower.get("nominees", []):
            if "id" not in nom:
                continue  # a reference that is wrong: gongshi check says so
            ref = f"{lower_id}/{nom['id']}"
            if nom["id"] in gone:
                result.left_out.append(ref)
            elif ref in carried:
                result.present += 1
            else:
                item = f"{' ' * located.dash}- from: {ref}\n"
                if nom["id"] in taken:  # the same id from two lower notices: this one gets its own
                    item += f"{' ' * (located.dash + 2)}id: {_free(nom['id'], taken)}\n"
                taken.add(nom["id"])
                items.append(item)
                result.added.append(ref)
    if items:
        temporary = notice_path.with_name(f".{notice_path.name}.promote")
        temporary.write_text(splice(located, {}, items), encoding="utf-8")
        os.replace(temporary, notice_path)
    return result


def _free(nominee_id: str, taken: set[str]) -> str:
    number = 2
    while f"{nominee_id}-{number}" in taken:
        number += 1
    taken.add(f"{nominee_id}-{number}")
    return f"{nominee_id}-{number}"
