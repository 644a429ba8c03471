"""Rules that span fields and files: references, uniqueness, periods, channels.

Works on converted records (:class:`~generator.records.conversion.Rec`, which keep line
numbers) before the public model is built, and reports every problem; it
never stops at the first one.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path

from generator.records.calendar import UnknownYear
from generator.records.config import SiteConfig
from generator.base.errors import Problems
from generator.base.i18n import _, listing, ngettext
from generator.media.photos import PHOTO_SUFFIXES, image_problem  # PHOTO_SUFFIXES: also read by the loader, content and engine
from generator.records.types import unknown_award
from generator.records.rules import parse_share
from generator.records.conversion import Rec, control_problem

DEFAULT_MIN_WORKING_DAYS = 5
DEFAULT_BRIEF_DEEDS_LIMIT = 500
#: fields that only make sense for a person, not for a collective
PERSON_ONLY = ("gender", "ethnicity", "political_status", "category", "professional_title", "title_level",
               "skill_level")
COLLECTIVE_ONLY = ("legal_representative", "staff_count")
INDIVIDUAL_REQUIRED = ("gender", "unit", "category")
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")  # after contacts.half_width: ASCII digits


def check_page_characters(pages: Mapping[str, str], problems: Problems) -> None:
    """Every line of a Markdown page's body (the text of each page by path) that holds a control character,
    which no feed or page can hold (see :func:`generator.records.conversion.control_problem`); its front
    matter is YAML, whose reading says so already."""
    for path, text in sorted(pages.items()):
        lines = text.split("\n")
        body = 0
        if lines and lines[0].rstrip() == "---":
            body = next((i + 1 for i, line in enumerate(lines[1:], 1) if line.rstrip() == "---"), 0)
        for number, line in enumerate(lines[body:], body + 1):
            if problem := control_problem(line):
                problems.add(path, number, "(markdown)", problem)


def check_content_images(config: SiteConfig, problems: Problems) -> None:
    """Every image under ``content/`` that is not a photo the build re-encodes is an error naming the file
    (the one image policy of :mod:`generator.photos`); the photos themselves are checked where they are
    used."""
    docs = config.docs_dir
    if not docs.is_dir():
        return
    for file in sorted(docs.rglob("*")):
        rel = config.rel(file)
        if file.is_file() and (problem := image_problem(rel)):
            problems.add(rel, 0, "(file)", problem)


def outside_site(path: str) -> str:
    """The message of a photo or cover whose path leaves the site."""
    return _("'{path}' points outside the site").format(path=path)


def not_a_photo(path: str) -> str:
    """The message of a photo or cover whose file name is not of an image format the build reads."""
    problem = image_problem(path)
    return f"{path}: {problem}" if problem else _("'{path}' is not a JPEG, PNG or WebP file").format(path=path)


def needs_description(key: str) -> str:
    """The message of a photo or cover without its text alternative (``key``: the field to add)."""
    return _("a photo needs a description for readers who cannot see it; add `{key}:`").format(key=key)


@dataclass
class RecordFile:
    """One converted record file."""

    path: str  # relative to the site, for messages
    file: Path
    kind: str  # "campaign" or "notice"
    rec: Rec
    digest: str = ""  # of the file's path and bytes (its key in the records cache)
    #: its public texts folded for the search for private data (see generator.records.leaks.folded_texts), made
    #: when the file is read, so kept with it in the records cache
    public: tuple = ()


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
            known = listing(sorted(campaigns)) or _("none yet")
            problems.add(f.path, f.rec.line_of("campaign"), "campaign",
                         _("unknown campaign '{campaign}'; known campaigns: {known}").format(
                             campaign=f.rec.get("campaign", ""), known=known))
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
                         _id_used(kind, rid, f"{first.path}:{first.rec.line_of('id')}"))
            continue
        seen[rid] = f
    return seen


def _id_used(kind: str, rid: str, place: str) -> str:
    """The message of a campaign's or a notice's id used twice (one whole message for each kind)."""
    if kind == "campaign":
        text = _("campaign id '{id}' is already used by {place}; ids must be unique")
    else:
        text = _("notice id '{id}' is already used by {place}; ids must be unique")
    return text.format(id=rid, place=place)


def _check_campaign(f: RecordFile, problems: Problems) -> None:
    rec = f.rec
    seen: dict[str, int] = {}
    for i, award in enumerate(rec.get("awards", []), 1):
        aid = award.get("id")
        if aid in seen:
            problems.add(f.path, award.line_of("id"), f"awards[{i}].id",
                         _("award id '{id}' is already used on line {line}; ids must be unique").format(
                             id=aid, line=seen[aid]))
        elif aid:
            seen[aid] = award.line_of("id")
    if not rec.get("awards") and "awards" in rec:
        problems.add(f.path, rec.line_of("awards"), "awards", _("a campaign needs at least one award"))
    for key in ("min_working_days", "brief_deeds_limit", "year"):
        if key in rec and rec[key] < 1:
            problems.add(f.path, rec.line_of(key), key,
                         _("must be a positive number, not {value}").format(value=rec[key]))
    for i, rule in enumerate(rec.get("rules", []), 1):
        _check_rule(rule, f"rules[{i}]", tuple(rec.get("ranks", [])), f.path, problems)


RULE_NEEDS = {"share": ("count",), "quota": ("field", "limits"), "exclude": ("where",)}


def _check_rule(rule: Rec, where: str, ranks: tuple[str, ...], path: str, problems: Problems) -> None:
    kind = rule.get("type")
    for key in RULE_NEEDS.get(kind, ()):
        if key not in rule.lines:
            problems.add(path, rule.line, f"{where}.{key}", _("a {kind} rule needs `{key}:`").format(kind=kind, key=key))
    if kind == "share":
        if "min" not in rule.lines and "max" not in rule.lines:
            problems.add(path, rule.line, f"{where}.min", _("a share rule needs `min:` or `max:`, e.g. min: 65%"))
        for key in ("min", "max"):
            value = rule.get(key)
            share = parse_share(value) if value else None
            if value and (share is None or share > 1):
                problems.add(path, rule.line_of(key), f"{where}.{key}",
                             _("'{value}' is not a share; write a percentage like 65% or a fraction like 1/3").format(
                                 value=value))
    if rule.get("level") and rule.get("scope") != "campaign":
        problems.add(path, rule.line_of("level"), f"{where}.level", _("`level` goes with `scope: campaign`"))
    for key in ("of", "count", "where"):
        for j, cond in enumerate(rule.get(key, []), 1):
            tests = [t for t in ("in", "not_in", "at_least") if t in cond.lines]
            if len(tests) != 1:
                problems.add(path, cond.line, f"{where}.{key}[{j}]",
                             _("a condition has exactly one of `in:`, `not_in:` or `at_least:`"))
            if "at_least" in cond and cond["at_least"] not in ranks:
                problems.add(path, cond.line_of("at_least"), f"{where}.{key}[{j}].at_least",
                             _("'{value}' is not in the campaign's `ranks`").format(value=cond["at_least"]))


def _check_notice(f: RecordFile, camp: Rec, config: SiteConfig, problems: Problems, checked: Checked) -> None:
    rec, path = f.rec, f.path
    _check_period(f, camp, config, problems, checked)
    channels = rec.get("channels") or camp.get("default_channels") or []
    if not channels:
        problems.add(path, rec.line_of("channels"), "channels",
                     _("no objection channel; add `channels:` with at least one office, "
                       "or `default_channels:` to the campaign"))
    for i, ch in enumerate(rec.get("channels", []), 1):
        _check_channel(ch, f"channels[{i}]", path, problems)

    awards = {a.get("id"): a for a in camp.get("awards", [])}
    regions = set(camp.get("regions", []))
    limit = camp.get("brief_deeds_limit", DEFAULT_BRIEF_DEEDS_LIMIT)
    nominees: dict[str, Rec] = {}
    id_numbers: dict[str, str] = {}
    if "nominees" in rec and not rec["nominees"]:
        problems.add(path, rec.line_of("nominees"), "nominees", _("the list is empty; add at least one nominee"))
    for i, nom in enumerate(rec.get("nominees", []), 1):
        where = f"nominees[{i}]"
        nid = nom.get("id")
        if nid in nominees:
            problems.add(path, nom.line_of("id"), f"{where}.id",
                         _("nominee id '{id}' is already used on line {line}; ids must be unique in a notice").format(
                             id=nid, line=nominees[nid].line_of("id")))
        elif nid:
            nominees[nid] = nom
        _check_nominee(nom, where, awards, regions, limit, f, config, problems)
        id_number = nom.get("private", {}).get("id_number")
        if id_number:
            if id_number in id_numbers:
                problems.add(path, nom.line_of("private"), f"{where}.private.id_number",
                             _("the same ID number as nominee '{other}'; a person is nominated once per notice").format(
                                 other=id_numbers[id_number]))
            else:
                id_numbers[id_number] = nid or where
    _check_history(f, nominees, problems)


def _check_period(f: RecordFile, camp: Rec, config: SiteConfig, problems: Problems, checked: Checked) -> None:
    rec, path = f.rec, f.path
    start, end = rec.get("start"), rec.get("end")
    published = rec.get("published")
    if published and start and published > start:
        problems.add(path, rec.line_of("published"), "published",
                     _("published {published} is after the start {start}; a notice is published before it opens").format(
                         published=published, start=start))
    if not (start and end):
        return
    if end < start:
        problems.add(path, rec.line_of("end"), "end", _("end {end} is before start {start}").format(end=end, start=start))
        return
    need = level_min(camp, rec.get("level"))
    try:
        days = config.calendar.count(start, end)
        if days < need:
            earliest = config.calendar.earliest_end(start, need)
            problems.add(path, rec.line_of("end"), "end",
                         ngettext("the period {start} to {end} has {days} working day; campaign '{campaign}' "
                                  "requires at least {need}: end on {earliest} or later",
                                  "the period {start} to {end} has {days} working days; campaign '{campaign}' "
                                  "requires at least {need}: end on {earliest} or later", days).format(
                             start=start, end=end, days=days, campaign=camp.get("id"), need=need, earliest=earliest))
        checked.working_days[rec.get("id", "")] = days
    except UnknownYear as e:
        problems.add(path, rec.line_of("end"), "end", str(e))


def level_min(camp: Rec, level: str | None) -> int:
    """The shortest period of a notice at ``level``: the level's own minimum, else the campaign's."""
    days = camp.get("min_working_days", DEFAULT_MIN_WORKING_DAYS)
    return next((lv.get("min_working_days", days) for lv in camp.get("levels", []) if lv.get("level") == level), days)


def _check_channel(ch: Rec, where: str, path: str, problems: Problems) -> None:
    reachable = (any(c.get("phone") for c in ch.get("contacts", [])) or ch.get("phones") or ch.get("fax")
                 or ch.get("email") or ch.get("address") or ch.get("in_person"))
    if not reachable:
        problems.add(path, ch.line, where,
                     _("this channel gives no way to object; add phones, email, a postal address or in_person"))
    if ch.get("address") and "postcode" not in ch.lines:
        problems.add(path, ch.line_of("address"), f"{where}.postcode",
                     _("a postal address needs its postcode so letters arrive; add `postcode:`"))


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
                problems.add(path, nom.line, f"{where}.{key}",
                             _("required for an individual; add `{key}:`").format(key=key))
        for key in COLLECTIVE_ONLY:
            if key in nom:
                problems.add(path, nom.line_of(key), f"{where}.{key}", _("only for collectives; remove it"))
    elif kind == "collective":
        for key in PERSON_ONLY:
            if key in nom:
                problems.add(path, nom.line_of(key), f"{where}.{key}",
                             _("award '{award}' is for collectives; {key} is only for individuals, remove it").format(
                                 award=award, key=key))
    region = nom.get("region")
    if regions and region and region not in regions:
        problems.add(path, nom.line_of("region"), f"{where}.region",
                     _("'{region}' is not a region of the campaign; use one of: {known}").format(
                         region=region, known=listing(sorted(regions))))
    deeds = nom.get("brief_deeds", "")
    length = len(re.sub(r"\s", "", deeds))
    if length > limit:
        problems.add(path, nom.line_of("brief_deeds"), f"{where}.brief_deeds",
                     _("brief deeds are {length} characters; the campaign's limit is {limit}, shorten by {over}").format(
                         length=length, limit=limit, over=length - limit))
    photo = nom.get("photo")
    if photo:
        target = f.file.parent / photo
        if not target.resolve().is_relative_to(config.root.resolve()):
            problems.add(path, nom.line_of("photo"), f"{where}.photo", outside_site(photo))
        elif not photo.lower().endswith(PHOTO_SUFFIXES):
            problems.add(path, nom.line_of("photo"), f"{where}.photo", not_a_photo(photo))
        elif not target.is_file():
            problems.add(path, nom.line_of("photo"), f"{where}.photo",
                         _("no such file {path}; the path is relative to this YAML file").format(
                             path=config.rel(target)))
        if not nom.get("photo_alt"):
            problems.add(path, nom.line_of("photo"), f"{where}.photo_alt", needs_description("photo_alt"))
    figure = nom.get("figure")
    if figure and not (config.docs_dir / "figures" / f"{figure}.md").is_file():
        problems.add(path, nom.line_of("figure"), f"{where}.figure",
                     _("no figure profile '{figure}'; create {path}").format(
                         figure=figure, path=config.rel(config.docs_dir / "figures" / f"{figure}.md")))
    id_number = nom.get("private", {}).get("id_number")
    if id_number and not _ID_NUMBER.fullmatch(id_number):
        problems.add(path, nom.get("private").line_of("id_number"), f"{where}.private.id_number",
                     _("not an 18-character resident ID number (17 digits and a digit or X)"))


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
                             _("no nominee '{ref}' in this notice; corrections name nominees by id").format(ref=ref))
        if action in ("withdrawn", "replaced", "amended", "added") and not cor.get("nominee"):
            problems.add(path, cor.line, f"{where}.nominee",
                         _("a correction of type {action} names the nominee; add `nominee:`").format(action=action))
        if action == "replaced" and not cor.get("replaced_by"):
            problems.add(path, cor.line, f"{where}.replaced_by", _("say who replaces the nominee; add `replaced_by:`"))
        if start and cor.get("date") and cor["date"] < start:
            problems.add(path, cor.line_of("date"), f"{where}.date",
                         _before_published(cor["date"], start))
    outcome = rec.get("outcome")
    if outcome and end and outcome.get("date") and (problem := _early_outcome(outcome["date"], end,
                                                                              rec.get("closing_time"))):
        problems.add(path, outcome.line_of("date"), "outcome.date", problem)
    if outcome and outcome.get("result") == "no-objection":
        _no_objection_after_change(path, rec, outcome, problems)
    withdrawn = rec.get("withdrawn")
    if withdrawn and start and withdrawn.get("date") and withdrawn["date"] < start:
        problems.add(path, withdrawn.line_of("date"), "withdrawn.date",
                     _before_published(withdrawn["date"], start))
    if withdrawn and outcome:
        problems.add(path, outcome.line, "outcome", _("a withdrawn notice has no outcome; remove one of them"))


def _no_objection_after_change(path: str, rec: Rec, outcome: Rec, problems: Problems) -> None:
    """"No objection" after the list changed: a nominee withdrawn or replaced (by the outcome's day) usually
    followed an objection that was verified, which the outcome calls "adjusted"."""
    for i, cor in enumerate(rec.get("corrections", []), 1):
        if cor.get("action") in ("withdrawn", "replaced") and (
                not cor.get("date") or not outcome.get("date") or cor["date"] <= outcome["date"]):
            problems.add(path, outcome.line_of("result"), "outcome.result", _(
                "the outcome says no-objection, but the list changed on {date} (corrections[{i}], `action: {action}`); "
                "if the change followed an objection, write `result: adjusted`").format(
                date=cor.get("date"), i=i, action=cor["action"]), "warning")
            return


def _early_outcome(day: date, end: date, closing: time | None) -> str | None:
    """An outcome is published after objections close: dated after the last day, or on the last day when it
    has a closing time (it then goes out at that time, see :func:`generator.site.status.instants`)."""
    if day > end or (day == end and closing is not None):
        return None
    if closing is None:
        return _("the outcome ({date}) is dated before objections close ({end} 24:00, the whole last day); date "
                 "it {next} or later, or set the notice's `closing_time:` so that an outcome on the last day goes out at "
                 "that time").format(
            date=day, end=end, next=end + timedelta(days=1))
    return _("the outcome ({date}) is dated before objections close ({end} {time}); date it {end} or later: an "
             "outcome dated on the last day goes out at {time}").format(date=day, end=end,
                                                                       time=f"{closing:%H:%M}")


def _before_published(day: date, start: date) -> str:
    return _("{date} is before the notice was published ({start})").format(date=day, start=start)
