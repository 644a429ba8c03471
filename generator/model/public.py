"""The public model: frozen objects handed to pages, feeds, search and JSON.

Built from validated records by an allow-list of public fields: there is no
``private`` attribute anywhere, and ``slots`` forbids adding one later.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from generator.base.dates import TZ, deadline, start_instant

#: corrections that take a nominee off the list
LEAVING = ("withdrawn", "replaced")
#: the three levels of a notice (单位, 区县/系统, 全市), as the site names them
LEVEL_NAMES = {"unit": "单位公示", "district": "区县（系统）公示", "city": "全市公示"}
#: the levels of a campaign unless it names its own, lowest first (一报告两审核三公示)
DEFAULT_LEVELS = ("unit", "district", "city")


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
    #: the same nominee in the notice of the level below ("notice-id/nominee-id"), when carried up from it
    carried_from: str | None = None


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
class Level:
    """A level of a campaign's notices and its shortest period."""

    level: str
    min_working_days: int


@dataclass(frozen=True, slots=True)
class HeldElsewhere:
    """A notice of the level below held outside the site, on which some nominees of a list rest."""

    level: str
    issuer: str
    start: date
    end: date
    posted_at: str
    #: the ids of the nominees of the list it covers
    nominees: tuple[str, ...]
    document_number: str | None = None
    outcome: str | None = None

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]


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
    #: the levels a nominee is noticed at, lowest first
    levels: tuple[Level, ...] = ()

    def award(self, award_id: str) -> Award | None:
        return next((a for a in self.awards if a.id == award_id), None)

    def level_below(self, level: str) -> str | None:
        """The level whose notice a nominee of ``level`` must have passed first (None at the lowest)."""
        names = [lv.level for lv in self.levels]
        return names[names.index(level) - 1] if level in names and names.index(level) > 0 else None


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
    #: notices of the level below held outside the site, for nominees not carried from a notice here
    held_elsewhere: tuple[HeldElsewhere, ...] = ()
    #: digest of everything the notice is built from (its file, its campaign's file, its working days), or ""
    source_digest: str = field(default="", compare=False, repr=False)

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    def as_of(self, day: date) -> Notice:
        """The notice as it is public on ``day``: corrections, outcome and withdrawal dated later are not
        published until their day."""
        corrections = tuple(c for c in self.corrections if c.date <= day)
        outcome = self.outcome if self.outcome and self.outcome.date <= day else None
        withdrawn = self.withdrawn if self.withdrawn and self.withdrawn.date <= day else None
        if (corrections, outcome, withdrawn) == (self.corrections, self.outcome, self.withdrawn):
            return self
        return replace(self, corrections=corrections, outcome=outcome, withdrawn=withdrawn)

    def taken_off(self, day: date | None = None) -> dict[str, Correction]:
        """The nominees a correction took off the list (withdrawn or replaced), by id, with the correction that
        did; only corrections dated on or before ``day`` when it is given. The one rule every count of the list
        follows: they are counted apart, never as on the list."""
        ids = {n.id for n in self.nominees}
        return {c.nominee: c for c in self.corrections
                if c.action in LEAVING and c.nominee in ids and (day is None or c.date <= day)}

    def on_list(self, day: date | None = None) -> tuple[Nominee, ...]:
        """The nominees on the list (see :meth:`taken_off`)."""
        gone = self.taken_off(day)
        return tuple(n for n in self.nominees if n.id not in gone)

    def public_at(self, now: datetime) -> Notice:
        """The notice as it is public at ``now``: what is dated later waits for its day (:meth:`as_of`), and an
        outcome dated on the last day waits for the deadline too."""
        shown = self.as_of(now.astimezone(TZ).date())
        if shown.outcome and now < max(start_instant(shown.outcome.date), deadline(shown.end, shown.closing_time)):
            shown = replace(shown, outcome=None)
        return shown

    def waiting(self, day: date) -> list[tuple[date, str]]:
        """What is dated after ``day`` and waits for its day: (day, "correction" | "outcome" | "withdrawal")."""
        out = [(c.date, "correction") for c in self.corrections if c.date > day]
        out += [(self.outcome.date, "outcome")] if self.outcome and self.outcome.date > day else []
        out += [(self.withdrawn.date, "withdrawal")] if self.withdrawn and self.withdrawn.date > day else []
        return sorted(out)


@dataclass(frozen=True)
class Records:
    """Every public record of a site, by id, in a stable order."""

    campaigns: dict[str, Campaign]
    notices: dict[str, Notice]
