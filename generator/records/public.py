"""Records made public: the objects of :mod:`generator.model.public` built from validated records by an
allow-list of public fields (a key that is not a field of the public class, ``private`` above all, is never
copied)."""

from __future__ import annotations

import posixpath
from typing import Any

from generator.model.public import (DEFAULT_LEVELS, Award, Campaign, Channel, Contact, Correction, HeldElsewhere,
                                    InPerson, Level, Nominee, Notice, ObjectionRules, Outcome, Source, Withdrawal)
from generator.records.conversion import Rec


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
        levels=levels(rec),
        source=Source(path, rec.line),
    )


def levels(rec: Rec) -> tuple[Level, ...]:
    """A campaign's levels, lowest first, each with its shortest period (default: the campaign's)."""
    days = rec.get("min_working_days", 5)
    given = rec.get("levels") or [{"level": level} for level in DEFAULT_LEVELS]
    return tuple(Level(lv["level"], lv.get("min_working_days", days)) for lv in given)


def held_elsewhere(rec: Rec, notice_rec: Rec) -> HeldElsewhere:
    """A lower notice held outside the site, with the ids it covers: those it names, else every nominee of the
    list that is neither carried from a notice of the site nor named by another notice of the level."""
    named = {i for h in notice_rec.get("held_elsewhere", []) if h["level"] == rec["level"] for i in h.get("nominees", [])}
    covers = rec.get("nominees") or [n["id"] for n in notice_rec["nominees"] if "from" not in n and n["id"] not in named]
    return _pick(HeldElsewhere, rec, nominees=tuple(covers))


def nominee(rec: Rec, kind: str, path: str) -> Nominee:
    photo = site_path(path, rec["photo"]) if "photo" in rec else None
    return _pick(Nominee, rec, kind=kind, photo=photo, source=Source(path, rec.line), carried_from=rec.get("from"))


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
        held_elsewhere=tuple(held_elsewhere(h, rec) for h in rec.get("held_elsewhere", [])),
        working_days=working_days,
        source=Source(path, rec.line),
        source_digest=source_digest,
    )
