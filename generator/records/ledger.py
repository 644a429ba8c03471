"""The publication ledger: what each notice said in public, from which moment, kept with the site's sources.

A notice is a legal act: the union must be able to show what its list said on any day of the period. Each
publishing build records, per notice, every public state it put out (``ledger/<notice-id>.json``, reviewed and
committed like the records): the state as canonical JSON, the moment it first went out, its SHA-256 and a chain
digest over every version before it. The site renders each version from here, so deleting the cache and the
output and building on another machine gives the same site.

This module reads and checks the ledger (a damaged or hand-edited ledger is an error, never rewritten) and
says what changed between two states; :mod:`generator.records.rewrites` holds a change to the records
against it, and :mod:`generator.output.publish` appends to it.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from generator.base.errors import Problems
from generator.base.i18n import _
from generator.base.dates import TZ
from generator.model.public import Notice, Records
from generator.records.config import SiteConfig

#: the folder of the ledger, beside site_config.yml
LEDGER_DIR = "ledger"
FORMAT = "gongshi-ledger 1"
#: fields of a notice that are not part of its public state (where it was written; a digest of its file; the
#: lower notices its list rests on, which are shown beside it but are records of their own)
_NOT_STATE = {"source", "source_digest", "carried_from", "held_elsewhere"}


def ledger_dir(config: SiteConfig) -> Path:
    return config.root / LEDGER_DIR


@functools.lru_cache(maxsize=256)
def state_of(notice: Notice) -> dict[str, Any]:
    """A notice's public state (as it is public at a moment: see :meth:`Notice.public_at`), as plain JSON values; the
    nominees' ``source`` (where they were written) is not part of it. Kept for the notices last asked about: the
    check and the build both compare each notice with the ledger; the state must not be changed by its reader.

    The same values as ``dataclasses.asdict(notice)`` with dates as ISO text, tuples as lists and
    the fields of ``_NOT_STATE`` left out at every level, made in one pass (asdict copies every value first)."""
    return _state(notice)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name not in _NOT_STATE)


def _state(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _state(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _state(v) for k, v in value.items() if k not in _NOT_STATE}
    if isinstance(value, (list, tuple)):
        return [_state(v) for v in value]
    return copy.deepcopy(value)


def canonical(state: dict[str, Any]) -> bytes:
    """The canonical bytes of a state: JSON with sorted keys, no spaces, UTF-8 (what its SHA-256 is of)."""
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chained(previous: str | None, digest: str) -> str:
    """The chain digest of a version: SHA-256 of the previous version's chain digest (none for the first)
    and this version's SHA-256, as hexadecimal text joined by a newline."""
    return sha256(f"{previous or ''}\n{digest}".encode())


@dataclass(frozen=True)
class Version:
    number: int
    published: datetime
    sha256: str
    chain: str
    state: dict[str, Any]

    @staticmethod
    def next_after(last: Version | None, state: dict[str, Any], moment: datetime) -> Version:
        digest = sha256(canonical(state))
        return Version((last.number if last else 0) + 1, moment.replace(microsecond=0), digest,
                       chained(last.chain if last else None, digest), state)

    def as_json(self) -> dict[str, Any]:
        return {"version": self.number, "published": self.published.isoformat(), "sha256": self.sha256,
                "chain": self.chain, "state": self.state}


@dataclass(frozen=True)
class Ledger:
    """Every notice's published versions, oldest first."""

    notices: dict[str, tuple[Version, ...]]

    def versions(self, notice_id: str, until: datetime | None = None) -> tuple[Version, ...]:
        """The versions of a notice published at or before ``until`` (all of them when None)."""
        found = self.notices.get(notice_id, ())
        return found if until is None else tuple(v for v in found if v.published <= until)

    def last(self, notice_id: str, until: datetime | None = None) -> Version | None:
        found = self.versions(notice_id, until)
        return found[-1] if found else None


def pending(records: Records, ledger: Ledger, now: datetime, publishing: bool = False) -> dict[str, Version]:
    """The version each public notice gets at ``now`` if its state differs from its last one in the ledger.
    A preview shows it as published at the start of the day (so that previews of one day agree); a publishing
    build records it at ``now``."""
    today = now.astimezone(TZ).date()
    at = now if publishing else datetime.combine(today, time(0, 0), TZ)
    out = {}
    for notice_id, notice in records.notices.items():
        if notice.published > today:
            continue
        state = state_of(notice.public_at(now))
        last = ledger.last(notice_id, until=now)
        if last is None or last.state != state:
            out[notice_id] = Version.next_after(last, state, max(at, last.published) if last else at)
    return out


def file_text(notice_id: str, versions: tuple[Version, ...]) -> str:
    """The ledger file of a notice: one version per entry, indented so that a review shows what changed."""
    return json.dumps({"format": FORMAT, "notice": notice_id, "versions": [v.as_json() for v in versions]},
                      ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def read_ledger(config: SiteConfig, problems: Problems) -> Ledger:
    """The site's ledger; each damaged or hand-edited file is an error naming what is wrong in it."""
    notices: dict[str, tuple[Version, ...]] = {}
    folder = ledger_dir(config)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        rel = config.rel(path)
        try:
            versions = _versions(path)
        except _Damaged as e:
            problems.add(rel, e.line, "(ledger)", _("{problem}; the ledger is written only by gongshi build: restore "
                                                    "this file from version control (e.g. git checkout -- {path})")
                         .format(problem=e.problem, path=rel))
            continue
        notices[path.stem] = versions
    return Ledger(notices)


class _Damaged(Exception):
    def __init__(self, problem: str, line: int = 0) -> None:
        super().__init__(problem)
        self.problem, self.line = problem, line


def _versions(path: Path) -> tuple[Version, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise _Damaged(_("not valid JSON ({error})").format(error=e.msg), e.lineno) from e
    except (OSError, UnicodeDecodeError) as e:
        raise _Damaged(_("cannot be read ({error})").format(error=e)) from e
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("notice") != path.stem:
        raise _Damaged(_("not a ledger file of notice {notice} (format {format})").format(notice=path.stem,
                                                                                        format=FORMAT))
    versions: list[Version] = []
    for i, entry in enumerate(data.get("versions") or [], 1):
        try:
            version = Version(entry["version"], datetime.fromisoformat(entry["published"]), entry["sha256"],
                              entry["chain"], entry["state"])
        except (TypeError, KeyError, ValueError) as e:
            raise _Damaged(_("version {number} is incomplete ({error})").format(number=i, error=e)) from e
        last = versions[-1] if versions else None
        expected = Version.next_after(last, version.state, version.published)
        if version.number != i or version.published.tzinfo is None:
            raise _Damaged(_("version {number} is out of order").format(number=i))
        if version.sha256 != expected.sha256:
            raise _Damaged(_("version {number} does not match its SHA-256: its state was changed").format(number=i))
        if version.chain != expected.chain:
            raise _Damaged(_("version {number} does not follow from the version before it").format(number=i))
        if last is not None and version.published <= last.published:
            raise _Damaged(_("version {number} is not later than the version before it").format(number=i))
        if version.state.get("id") != path.stem:
            raise _Damaged(_("version {number} is the state of another notice").format(number=i))
        versions.append(version)
    if not versions:
        raise _Damaged(_("it holds no version"))
    return tuple(versions)


@dataclass(frozen=True)
class Change:
    """One difference between two states of a notice: ``what`` is "field" (a notice's field, or a nominee's
    when ``nominee`` is set), "added" or "removed" (a nominee), or "entry" (a published correction, outcome or
    withdrawal changed or removed, which nothing may do)."""

    what: str
    field: str | None = None
    nominee: str | None = None
    old: Any = None
    new: Any = None


#: entries of a state that are only ever added to: the record of every change
ENTRIES = ("corrections", "outcome", "withdrawn")


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from ``old`` to ``new``, besides entries added (new corrections, an outcome, a withdrawal)."""
    out = [Change("field", key, None, old.get(key), new.get(key)) for key in sorted(old.keys() | new.keys())
           if key not in ENTRIES and key != "nominees" and old.get(key) != new.get(key)]
    before = {n["id"]: n for n in old.get("nominees", [])}
    after = {n["id"]: n for n in new.get("nominees", [])}
    for nid, was in before.items():
        if nid not in after:
            out.append(Change("removed", None, nid, was, None))
            continue
        now = after[nid]
        out += [Change("field", key, nid, was.get(key), now.get(key)) for key in sorted(was.keys() | now.keys())
                if was.get(key) != now.get(key)]
    out += [Change("added", None, nid, None, now) for nid, now in after.items() if nid not in before]
    kept = new.get("corrections", [])
    out += [Change("entry", "corrections", c.get("nominee"), c, None) for c in old.get("corrections", [])
            if c not in kept]
    out += [Change("entry", key, None, old[key], new.get(key)) for key in ("outcome", "withdrawn")
            if old.get(key) is not None and old.get(key) != new.get(key)]
    return out


def new_corrections(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The corrections of ``new`` that ``old`` did not have."""
    had = old.get("corrections", [])
    return [c for c in new.get("corrections", []) if c not in had]
