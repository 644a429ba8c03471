"""The public model: frozen objects handed to pages, feeds, search and JSON.

Built from validated records by an allow-list of public fields: there is no
``private`` attribute anywhere, and ``slots`` forbids adding one later.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from generator.records.types import LEVEL_NAMES
from generator.records.schema import Rec


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record was written (relative path and line), for messages."""

    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Award:
    id: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class InPerson:
    address: str
    hours: str


@dataclass(frozen=True, slots=True)
class Channel:
    office: str
    contacts: tuple[Contact, ...] = ()
    phones: tuple[str, ...] = ()
    fax: str | None = None
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    in_person: InPerson | None = None


@dataclass(frozen=True, slots=True)
class ObjectionRules:
    real_name: bool = False
    postmark: bool = False
    confidential: bool = False
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Nominee:
    id: str
    award: str
    kind: str
    name: str
    brief_deeds: str
    source: Source
    gender: str | None = None
    ethnicity: str | None = None
    political_status: str | None = None
    unit: str | None = None
    position: str | None = None
    rank: str | None = None
    professional_title: str | None = None
    title_level: str | None = None
    skill_level: str | None = None
    unit_type: str | None = None
    unit_nature: str | None = None
    category: str | None = None
    region: str | None = None
    legal_representative: str | None = None
    staff_count: int | None = None
    highest_honour: str | None = None
    #: relative to the site directory
    photo: str | None = None
    photo_alt: str | None = None
    figure: str | None = None
    remarks: str | None = None


@dataclass(frozen=True, slots=True)
class Correction:
    date: date
    action: str
    text: str
    nominee: str | None = None
    replaced_by: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    date: date
    result: str
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Withdrawal:
    date: date
    reason: str


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    title: str
    year: int
    organizer: str
    awards: tuple[Award, ...]
    source: Source
    regions: tuple[str, ...] = ()
    min_working_days: int = 5
    brief_deeds_limit: int = 500
    default_channels: tuple[Channel, ...] = ()
    description: str | None = None
    ranks: tuple[str, ...] = ()
    #: the rules as written (plain data: label, type, conditions, bounds)
    rules: tuple[Any, ...] = ()

    def award(self, award_id: str) -> Award | None:
        return next((a for a in self.awards if a.id == award_id), None)


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    campaign: str
    title: str
    issuer: str
    level: str
    start: date
    end: date
    published: date
    channels: tuple[Channel, ...]
    nominees: tuple[Nominee, ...]
    working_days: int
    source: Source
    document_number: str | None = None
    region: str | None = None
    closing_time: time | None = None
    intro: str | None = None
    objection_rules: ObjectionRules = field(default_factory=ObjectionRules)
    corrections: tuple[Correction, ...] = ()
    outcome: Outcome | None = None
    withdrawn: Withdrawal | None = None
    #: digest of everything the notice is built from (its file, its campaign's file, its working days), or ""
    source_digest: str = field(default="", compare=False, repr=False)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


@dataclass(frozen=True)
class Records:
    """Every public record of a site, by id, in a stable order."""

    campaigns: dict[str, Campaign]
    notices: dict[str, Notice]


# ------------------------------------------------------------------ building

def _pick(cls: type, rec: Rec | dict, **extra: Any) -> Any:
    """Construct ``cls`` from the keys of ``rec`` that are fields of ``cls``.

    This is the allow-list: a key that is not a declared field of the public
    class (``private`` above all) is never copied.
    """
    names = cls.__dataclass_fields__.keys()  # type: ignore[attr-defined]
    values = {k: v for k, v in rec.items() if k in names}
    values.update(extra)
    return cls(**values)


def channel(rec: Rec) -> Channel:
    return _pick(
        Channel, rec,
        contacts=tuple(_pick(Contact, c) for c in rec.get("contacts", [])),
        phones=tuple(rec.get("phones", [])),
        in_person=_pick(InPerson, rec["in_person"]) if "in_person" in rec else None,
    )


def campaign(rec: Rec, path: str) -> Campaign:
    return _pick(
        Campaign, rec,
        awards=tuple(_pick(Award, a) for a in rec["awards"]),
        regions=tuple(rec.get("regions", [])),
        default_channels=tuple(channel(c) for c in rec.get("default_channels", [])),
        ranks=tuple(rec.get("ranks", [])),
        rules=tuple(rec.get("rules", [])),
        source=Source(path, rec.line),
    )


def nominee(rec: Rec, kind: str, path: str) -> Nominee:
    photo = site_path(path, rec["photo"]) if "photo" in rec else None
    return _pick(Nominee, rec, kind=kind, photo=photo, source=Source(path, rec.line))


def site_path(record_path: str, relative: str) -> str:
    """A path written relative to a record file, as a path relative to the site."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(record_path), relative))


def notice(rec: Rec, camp: Campaign, working_days: int, path: str, source_digest: str = "") -> Notice:
    rules = rec.get("objection_rules")
    own_channels = rec.get("channels", [])
    return _pick(
        Notice, rec,
        published=rec.get("published", rec["start"]),
        channels=tuple(channel(c) for c in own_channels) if own_channels else camp.default_channels,
        objection_rules=_pick(ObjectionRules, rules, notes=tuple(rules.get("notes", []))) if rules else ObjectionRules(),
        nominees=tuple(nominee(n, camp.award(n["award"]).kind, path) for n in rec["nominees"]),  # type: ignore[union-attr]
        corrections=tuple(sorted((_pick(Correction, c) for c in rec.get("corrections", [])),
                                 key=lambda c: c.date)),
        outcome=_pick(Outcome, rec["outcome"]) if "outcome" in rec else None,
        withdrawn=_pick(Withdrawal, rec["withdrawn"]) if "withdrawn" in rec else None,
        working_days=working_days,
        source=Source(path, rec.line),
        source_digest=source_digest,
    )
