"""Nomination rules: structure ratios (结构比例), quotas (名额), eligibility, duplicate nominations.

A campaign declares its rules in YAML (see ``RULE`` in :mod:`generator.records`);
this module evaluates them on each notice (or pooled over the campaign) and
says every miss with its numbers, e.g.
``一线工人和专业技术人员 58.2% < 65%（企业职工人选 91 名中的 53 名）``. Shares are
compared as exact fractions; exactly on the bound passes. Nominees withdrawn
or replaced by a correction are not counted.

Duplicate nominations are found by the private ID number, compared as a
salted hash that is never printed, and by name and unit.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from generator.records.contacts import half_width
from generator.base.errors import Problems
from generator.base.i18n import _
from generator.model.public import Campaign, Nominee, Notice, Records
from generator.model.private import PrivateStore
from generator.records.conversion import comparable

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_RATIO = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_share(text: str) -> Fraction | None:
    """'65%', '62.5%' or '1/3' as an exact fraction; None if it is neither."""
    if m := _PERCENT.match(text):
        return Fraction(m.group(1)) / 100
    if (m := _RATIO.match(text)) and int(m.group(2)) > 0:
        return Fraction(int(m.group(1)), int(m.group(2)))
    return None


def percent(value: Fraction, digits: int = 1) -> str:
    return f"{float(value) * 100:.{digits}f}%"


def bound_text(value: Fraction) -> str:
    exact = value * 100
    return f"{exact.numerator // exact.denominator}%" if exact.denominator == 1 else percent(value, 2)


def share_text(share: Fraction, bound: Fraction) -> str:
    """One decimal, or two when one would show the bound although the share misses it."""
    text = percent(share)
    return percent(share, 2) if share != bound and text == percent(bound) else text


@dataclass(frozen=True)
class Member:
    """A nominee as the rules see it: public fields, private ones by name, and where it was written."""

    notice: Notice
    nominee: Nominee
    private: Mapping[str, Any]

    def value(self, field: str) -> str | None:
        if field.startswith("private."):
            value = self.private.get(field.removeprefix("private."))
        else:
            value = getattr(self.nominee, field, None)
        return None if value is None else str(value)


def _matches(member: Member, conditions: list[Mapping[str, Any]], ranks: tuple[str, ...]) -> bool:
    for cond in conditions:
        value = member.value(cond["field"])
        if "in" in cond and value not in cond["in"]:
            return False
        if "not_in" in cond and value in cond["not_in"]:
            return False
        if "at_least" in cond:
            if value not in ranks or ranks.index(value) < ranks.index(cond["at_least"]):
                return False
    return True


def current_members(notice: Notice, private: PrivateStore) -> list[Member]:
    """The list as it stands: nominees withdrawn or replaced by a correction do not count."""
    return [Member(notice, n, private.get(notice.id, n.id)) for n in notice.on_list()]


@dataclass(frozen=True)
class Outcome:
    """One evaluation of one rule on one population."""

    rule: Mapping[str, Any]
    where: str  # "notice <id>" or "campaign <id>"
    passed: bool
    message: str
    numerator: int = 0
    denominator: int = 0

    @property
    def severity(self) -> str:
        return self.rule.get("severity", "error")


def evaluate(rule: Mapping[str, Any], members: list[Member], ranks: tuple[str, ...], where: str) -> list[Outcome]:
    population = [m for m in members if _matches(m, rule.get("of", []), ranks)]
    label = rule["label"]
    kind = rule["type"]
    if kind == "share":
        counted = [m for m in population if _matches(m, rule.get("count", []), ranks)]
        total = len(population)
        named = rule.get("population_label") or _("nominees")
        if total == 0:
            return [Outcome(rule, where, True, _("{label}: no {population} in this list; not applicable").format(
                label=label, population=named))]
        share = Fraction(len(counted), total)
        out = []
        for key, ok, sign in (("min", lambda b: share >= b, "<"), ("max", lambda b: share <= b, ">")):
            bound = parse_share(rule[key]) if key in rule else None
            if bound is None:
                continue
            passed = ok(bound)
            relation = ("≥" if key == "min" else "≤") if passed else sign
            message = _("{label} {share} {relation} {bound} ({count} of {total} {population})").format(
                label=label, share=share_text(share, bound), relation=relation, bound=bound_text(bound),
                count=len(counted), total=total, population=named)
            out.append(Outcome(rule, where, passed, message, len(counted), total))
        return out
    if kind == "quota":
        counts = Counter(m.value(rule["field"]) for m in population)
        out = []
        for value, limit in rule.get("limits", {}).items():
            have = counts.get(value, 0)
            passed = have <= limit
            message = _("{label}: {value} {count} {relation} {limit}").format(
                label=label, value=value, count=have, relation="≤" if passed else ">", limit=limit)
            out.append(Outcome(rule, where, passed, message, have, limit))
        return out
    if kind == "exclude":
        hits = [m for m in population if _matches(m, rule.get("where", []), ranks)]
        if not hits:
            return [Outcome(rule, where, True, _("{label}: no nominee affected").format(label=label))]
        return [Outcome(rule, where, False, _("{label}: {name} ({id}) is not eligible").format(
                    label=label, name=m.nominee.name, id=m.nominee.id))
                for m in hits]
    raise ValueError(kind)


def evaluate_campaign(campaign: Campaign, notices: list[Notice], private: PrivateStore) -> list[Outcome]:
    """Every rule of a campaign on each of its notices (scope notice) or pooled (scope campaign)."""
    out = []
    for rule in campaign.rules:
        if rule.get("scope", "notice") == "campaign":
            pooled = [m for n in notices if rule.get("level") in (None, n.level) for m in current_members(n, private)]
            out += evaluate(rule, pooled, campaign.ranks, f"campaign {campaign.id}")
        else:
            for notice in notices:
                out += evaluate(rule, current_members(notice, private), campaign.ranks, f"notice {notice.id}")
    return out


def check_rules(records: Records, private: PrivateStore, problems: Problems) -> None:
    """Report every missed rule (error or warning, as the rule says) and duplicate nominations."""
    for campaign in records.campaigns.values():
        notices = [n for n in records.notices.values() if n.campaign == campaign.id]
        by_id = {n.id: n for n in notices}
        for i, outcome in enumerate(evaluate_campaign(campaign, notices, private)):
            if outcome.passed:
                continue
            kind, _space, ident = outcome.where.partition(" ")
            source = by_id[ident].source if kind == "notice" else campaign.source
            index = campaign.rules.index(outcome.rule) + 1
            problems.add(source.path, source.line, f"rules[{index}]", outcome.message, outcome.severity)
    _duplicates(records, private, problems)


def _twice_at_level(level: str, first: str, second: str) -> str:
    """One person nominated in two notices of one level of one campaign: a whole message for each level."""
    if level == "unit":
        text = _("the same ID number as {first}: one person in two unit notices of one campaign ({first} and "
                 "{second})")
    elif level == "district":
        text = _("the same ID number as {first}: one person in two district notices of one campaign ({first} and "
                 "{second})")
    else:
        text = _("the same ID number as {first}: one person in two city notices of one campaign ({first} and "
                 "{second})")
    return text.format(first=first, second=second)


def _salt() -> bytes:
    return os.urandom(16)  # new for every run: hashes are only ever compared within one run


def _duplicates(records: Records, private: PrivateStore, problems: Problems) -> None:
    salt = _salt()
    by_person: dict[bytes, list[tuple[Notice, Nominee]]] = defaultdict(list)
    by_name: dict[tuple[str, str], list[tuple[Notice, Nominee]]] = defaultdict(list)
    for notice in records.notices.values():
        for nominee in notice.nominees:
            id_number = private.get(notice.id, nominee.id).get("id_number")
            if id_number:
                key = hashlib.sha256(salt + half_width(str(id_number)).upper().encode()).digest()
                by_person[key].append((notice, nominee))
            if nominee.kind == "individual" and nominee.unit:  # 王⼤力 (a Kangxi radical) is 王大力
                by_name[(comparable(nominee.name), comparable(nominee.unit))].append((notice, nominee))
    for entries in by_person.values():
        for (n1, a), (n2, b) in zip(entries, entries[1:]):
            first, second = f"{n1.id}/{a.id}", f"{n2.id}/{b.id}"
            if n1.campaign == n2.campaign and n1.level == n2.level and n1.id != n2.id:
                problems.add(n2.source.path, b.source.line, "nominee",
                             _twice_at_level(n1.level, first, second))
            elif n1.campaign == n2.campaign and a.award != b.award:
                problems.add(n2.source.path, b.source.line, "nominee",
                             _("the same ID number as {first} but for another award ({first_award} / "
                               "{second_award}); a person is nominated for one award").format(
                                 first=first, first_award=a.award, second_award=b.award))
            elif n1.campaign != n2.campaign:
                problems.add(n2.source.path, b.source.line, "nominee",
                             _("the same ID number as {first} in campaign {campaign}; check that both "
                               "nominations are meant").format(first=first, campaign=n1.campaign), "warning")
    for entries in by_name.values():
        ids = {private.get(n.id, m.id).get("id_number") for n, m in entries}
        if len(entries) > 1 and len(ids) > 1:
            (n1, a), (n2, b) = entries[0], entries[1]
            problems.add(n2.source.path, b.source.line, "nominee",
                         _("{name} of {unit} is also {first} with a different ID number; "
                           "check whether this is one person").format(name=b.name, unit=b.unit,
                                                                      first=f"{n1.id}/{a.id}"),
                         "warning")
