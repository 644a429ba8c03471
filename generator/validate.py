"""Rules that span fields and files: references, uniqueness, periods, channels.

Works on converted records (:class:`~generator.schema.Rec`, which keep line
numbers) before the public model is built, and reports every problem; it
never stops at the first one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .calendar import UnknownYear
from .config import SiteConfig
from .errors import Problems
from .records import unknown_award
from .rules import parse_share
from .schema import Rec

DEFAULT_MIN_WORKING_DAYS = 5
DEFAULT_BRIEF_DEEDS_LIMIT = 500
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
#: fields that only make sense for a person, not for a collective
PERSON_ONLY = ("gender", "ethnicity", "political_status", "category", "professional_title", "title_level",
               "skill_level")
COLLECTIVE_ONLY = ("legal_representative", "staff_count")
INDIVIDUAL_REQUIRED = ("gender", "unit", "category")
_ID_NUMBER = re.compile(r"\d{17}[\dX]")


@dataclass
class RecordFile:
    """One converted record file."""

    path: str  # relative to the site, for messages
    file: Path
    kind: str  # "campaign" or "notice"
    rec: Rec
    digest: str = ""  # of the file's path and bytes (its key in the records cache)


@dataclass
class Checked:
    """What validation learned that the model needs."""

    working_days: dict[str, int] = field(default_factory=dict)


def check_all(files: list[RecordFile], config: SiteConfig, problems: Problems,
              unread_campaigns: Container[str] = ()) -> Checked:
    """``unread_campaigns``: ids of campaigns whose files could not be read; their notices are not checked."""
    campaigns = _unique_ids([f for f in files if f.kind == "campaign"], "campaign", problems)
    notices = _unique_ids([f for f in files if f.kind == "notice"], "notice", problems)
    checked = Checked()
    for f in campaigns.values():
        _check_campaign(f, problems)
    for f in notices.values():
        camp = campaigns.get(f.rec.get("campaign", ""))
        if camp is None and "campaign" in f.rec and f.rec["campaign"] not in unread_campaigns:
            known = ", ".join(sorted(campaigns)) or "none yet"
            problems.add(f.path, f.rec.line_of("campaign"), "campaign",
                         f"unknown campaign '{f.rec.get('campaign', '')}'; known campaigns: {known}")
        if camp is not None:
            _check_notice(f, camp.rec, config, problems, checked)
    return checked


def _unique_ids(files: Iterable[RecordFile], kind: str, problems: Problems) -> dict[str, RecordFile]:
    seen: dict[str, RecordFile] = {}
    for f in files:
        rid = f.rec.get("id")
        if rid is None:
            continue
        if rid in seen:
            first = seen[rid]
            problems.add(f.path, f.rec.line_of("id"), "id",
                         f"{kind} id '{rid}' is already used by {first.path}:{first.rec.line_of('id')}; ids must be unique")
            continue
        seen[rid] = f
    return seen


def _check_campaign(f: RecordFile, problems: Problems) -> None:
    rec = f.rec
    seen: dict[str, int] = {}
    for i, award in enumerate(rec.get("awards", []), 1):
        aid = award.get("id")
        if aid in seen:
            problems.add(f.path, award.line_of("id"), f"awards[{i}].id",
                         f"award id '{aid}' is already used on line {seen[aid]}; ids must be unique")
        elif aid:
            seen[aid] = award.line_of("id")
    if not rec.get("awards") and "awards" in rec:
        problems.add(f.path, rec.line_of("awards"), "awards", "a campaign needs at least one award")
    for key in ("min_working_days", "brief_deeds_limit", "year"):
        if key in rec and rec[key] < 1:
            problems.add(f.path, rec.line_of(key), key, f"must be a positive number, not {rec[key]}")
    for i, rule in enumerate(rec.get("rules", []), 1):
        _check_rule(rule, f"rules[{i}]", tuple(rec.get("ranks", [])), f.path, problems)


RULE_NEEDS = {"share": ("count",), "quota": ("field", "limits"), "exclude": ("where",)}


def _check_rule(rule: Rec, where: str, ranks: tuple[str, ...], path: str, problems: Problems) -> None:
    kind = rule.get("type")
    for key in RULE_NEEDS.get(kind, ()):
        if key not in rule.lines:
            problems.add(path, rule.line, f"{where}.{key}", f"a {kind} rule needs `{key}:`")
    if kind == "share":
        if "min" not in rule.lines and "max" not in rule.lines:
            problems.add(path, rule.line, f"{where}.min", "a share rule needs `min:` or `max:`, e.g. min: 65%")
        for key in ("min", "max"):
            value = rule.get(key)
            share = parse_share(value) if value else None
            if value and (share is None or share > 1):
                problems.add(path, rule.line_of(key), f"{where}.{key}",
                             f"'{value}' is not a share; write a percentage like 65% or a fraction like 1/3")
    if rule.get("level") and rule.get("scope") != "campaign":
        problems.add(path, rule.line_of("level"), f"{where}.level", "`level` goes with `scope: campaign`")
    for key in ("of", "count", "where"):
        for j, cond in enumerate(rule.get(key, []), 1):
            tests = [t for t in ("in", "not_in", "at_least") if t in cond.lines]
            if len(tests) != 1:
                problems.add(path, cond.line, f"{where}.{key}[{j}]",
                             "a condition has exactly one of `in:`, `not_in:` or `at_least:`")
            if "at_least" in cond and cond["at_least"] not in ranks:
                problems.add(path, cond.line_of("at_least"), f"{where}.{key}[{j}].at_least",
                             f"'{cond['at_least']}' is not in the campaign's `ranks`")


def _check_notice(f: RecordFile, camp: Rec, config: SiteConfig, problems: Problems, checked: Checked) -> None:
    rec, path = f.rec, f.path
    _check_period(f, camp, config, problems, checked)
    channels = rec.get("channels") or camp.get("default_channels") or []
    if not channels:
        problems.add(path, rec.line_of("channels"), "channels",
                     "no objection channel; add `channels:` with at least one office, "
                     "or `default_channels:` to the campaign")
    for i, ch in enumerate(rec.get("channels", []), 1):
        _check_channel(ch, f"channels[{i}]", path, problems)

    awards = {a.get("id"): a for a in camp.get("awards", [])}
    regions = set(camp.get("regions", []))
    limit = camp.get("brief_deeds_limit", DEFAULT_BRIEF_DEEDS_LIMIT)
    nominees: dict[str, Rec] = {}
    id_numbers: dict[str, str] = {}
    if "nominees" in rec and not rec["nominees"]:
        problems.add(path, rec.line_of("nominees"), "nominees", "the list is empty; add at least one nominee")
    for i, nom in enumerate(rec.get("nominees", []), 1):
        where = f"nominees[{i}]"
        nid = nom.get("id")
        if nid in nominees:
            problems.add(path, nom.line_of("id"), f"{where}.id",
                         f"nominee id '{nid}' is already used on line {nominees[nid].line_of('id')}; "
                         f"ids must be unique in a notice")
        elif nid:
            nominees[nid] = nom
        _check_nominee(nom, where, awards, regions, limit, f, config, problems)
        id_number = nom.get("private", {}).get("id_number")
        if id_number:
            if id_number in id_numbers:
                problems.add(path, nom.line_of("private"), f"{where}.private.id_number",
                             f"the same ID number as nominee '{id_numbers[id_number]}'; "
                             f"a person is nominated once per notice")
            else:
                id_numbers[id_number] = nid or where
    _check_history(f, nominees, problems)


def _check_period(f: RecordFile, camp: Rec, config: SiteConfig, problems: Problems, checked: Checked) -> None:
    rec, path = f.rec, f.path
    start, end = rec.get("start"), rec.get("end")
    published = rec.get("published")
    if published and start and published > start:
        problems.add(path, rec.line_of("published"), "published",
                     f"published {published} is after the start {start}; a notice is published before it opens")
    if not (start and end):
        return
    if end < start:
        problems.add(path, rec.line_of("end"), "end", f"end {end} is before start {start}")
        return
    need = camp.get("min_working_days", DEFAULT_MIN_WORKING_DAYS)
    try:
        days = config.calendar.count(start, end)
        if days < need:
            earliest = config.calendar.earliest_end(start, need)
            problems.add(path, rec.line_of("end"), "end",
                         f"the period {start} to {end} has {days} working day{'s' if days != 1 else ''}; "
                         f"campaign '{camp.get('id')}' requires at least {need}: end on {earliest} or later")
        checked.working_days[rec.get("id", "")] = days
    except UnknownYear as e:
        problems.add(path, rec.line_of("end"), "end", str(e))


def _check_channel(ch: Rec, where: str, path: str, problems: Problems) -> None:
    reachable = (any(c.get("phone") for c in ch.get("contacts", [])) or ch.get("phones") or ch.get("fax")
                 or ch.get("email") or ch.get("address") or ch.get("in_person"))
    if not reachable:
        problems.add(path, ch.line, where,
                     "this channel gives no way to object; add phones, email, a postal address or in_person")
    if ch.get("address") and "postcode" not in ch.lines:
        problems.add(path, ch.line_of("address"), f"{where}.postcode",
                     "a postal address needs its postcode so letters arrive; add `postcode:`")


def _check_nominee(nom: Rec, where: str, awards: dict, regions: set, limit: int, f: RecordFile,
                   config: SiteConfig, problems: Problems) -> None:
    path = f.path
    award = nom.get("award")
    kind = awards[award].get("kind") if award in awards else None
    if award and kind is None:
        problems.add(path, nom.line_of("award"), f"{where}.award", unknown_award(award, awards.values()))
    if kind == "individual":
        for key in INDIVIDUAL_REQUIRED:
            if key not in nom.lines:  # present but invalid has its own error already
                problems.add(path, nom.line, f"{where}.{key}", f"required for an individual; add `{key}:`")
        for key in COLLECTIVE_ONLY:
            if key in nom:
                problems.add(path, nom.line_of(key), f"{where}.{key}", f"only for collectives; remove it")
    elif kind == "collective":
        for key in PERSON_ONLY:
            if key in nom:
                problems.add(path, nom.line_of(key), f"{where}.{key}",
                             f"award '{award}' is for collectives; {key} is only for individuals, remove it")
    region = nom.get("region")
    if regions and region and region not in regions:
        problems.add(path, nom.line_of("region"), f"{where}.region",
                     f"'{region}' is not a region of the campaign; use one of: {', '.join(sorted(regions))}")
    deeds = nom.get("brief_deeds", "")
    length = len(re.sub(r"\s", "", deeds))
    if length > limit:
        problems.add(path, nom.line_of("brief_deeds"), f"{where}.brief_deeds",
                     f"brief deeds are {length} characters; the campaign's limit is {limit}, shorten by {length - limit}")
    photo = nom.get("photo")
    if photo:
        target = f.file.parent / photo
        if not target.resolve().is_relative_to(config.root.resolve()):
            problems.add(path, nom.line_of("photo"), f"{where}.photo", f"'{photo}' points outside the site")
        elif not photo.lower().endswith(PHOTO_SUFFIXES):
            problems.add(path, nom.line_of("photo"), f"{where}.photo",
                         f"'{photo}' is not a JPEG, PNG or WebP file")
        elif not target.is_file():
            problems.add(path, nom.line_of("photo"), f"{where}.photo",
                         f"no such file {config.rel(target)}; the path is relative to this YAML file")
        if not nom.get("photo_alt"):
            problems.add(path, nom.line_of("photo"), f"{where}.photo_alt",
                         "a photo needs a description for readers who cannot see it; add `photo_alt:`")
    figure = nom.get("figure")
    if figure and not (config.docs_dir / "figures" / f"{figure}.md").is_file():
        problems.add(path, nom.line_of("figure"), f"{where}.figure",
                     f"no figure profile '{figure}'; create {config.rel(config.docs_dir / 'figures' / (figure + '.md'))}")
    id_number = nom.get("private", {}).get("id_number")
    if id_number and not _ID_NUMBER.fullmatch(id_number):
        problems.add(path, nom.get("private").line_of("id_number"), f"{where}.private.id_number",
                     "not an 18-character resident ID number (17 digits and a digit or X)")


def _check_history(f: RecordFile, nominees: dict[str, Rec], problems: Problems) -> None:
    rec, path = f.rec, f.path
    start = rec.get("published") or rec.get("start")
    end = rec.get("end")
    for i, cor in enumerate(rec.get("corrections", []), 1):
        where = f"corrections[{i}]"
        action = cor.get("action")
        for key in ("nominee", "replaced_by"):
            ref = cor.get(key)
            if ref and ref not in nominees:
                problems.add(path, cor.line_of(key), f"{where}.{key}",
                             f"no nominee '{ref}' in this notice; corrections name nominees by id")
        if action in ("withdrawn", "replaced", "amended", "added") and not cor.get("nominee"):
            problems.add(path, cor.line, f"{where}.nominee", f"a correction of type {action} names the nominee; add `nominee:`")
        if action == "replaced" and not cor.get("replaced_by"):
            problems.add(path, cor.line, f"{where}.replaced_by", "say who replaces the nominee; add `replaced_by:`")
        if start and cor.get("date") and cor["date"] < start:
            problems.add(path, cor.line_of("date"), f"{where}.date",
                         f"{cor['date']} is before the notice was published ({start})")
    outcome = rec.get("outcome")
    if outcome and end and outcome.get("date") and outcome["date"] < end:
        problems.add(path, outcome.line_of("date"), "outcome.date",
                     f"the outcome ({outcome['date']}) cannot come before the period ends ({end})")
    withdrawn = rec.get("withdrawn")
    if withdrawn and start and withdrawn.get("date") and withdrawn["date"] < start:
        problems.add(path, withdrawn.line_of("date"), "withdrawn.date",
                     f"{withdrawn['date']} is before the notice was published ({start})")
    if withdrawn and outcome:
        problems.add(path, outcome.line, "outcome", "a withdrawn notice has no outcome; remove one of them")
