"""The structure table a clerk attaches to a submission (`gongshi report`).

For each campaign (its pooled city list, and each notice): counts and shares
by personnel category, gender, ethnicity and region (against the region
quota where the campaign has one), then every rule with its numbers and
result. Pure: records in, rows out; the CLI formats them as a table, CSV
(UTF-8 with BOM, so spreadsheets open it correctly) or JSON. The texts of the
rows (sections, results) and the headings are in the language of messages;
the JSON keys are not.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass

from generator.base.i18n import _, listing
from generator.model.private import PrivateStore
from generator.model.public import LEAVING, LEVEL_NAMES, Campaign, Notice, Records
from generator.records.rules import Member, current_members, evaluate_campaign, percent

DIMENSIONS = ("category", "gender", "ethnicity", "region")


def _sections() -> dict[str, str]:
    """The title of each section of the report (the dimensions and the rules), in the language of messages."""
    return {"list": _("list"), "category": _("personnel category"), "gender": _("gender"),
            "ethnicity": _("ethnicity"), "region": _("region (system)"), "rule": _("rule"),
            "levels": _("levels")}


@dataclass(frozen=True)
class Row:
    campaign: str
    scope: str  # the notice id, or "campaign"
    section: str  # personnel category / gender / … / rule, in the language of messages
    label: str
    count: int | None
    total: int | None
    share: str
    limit: str
    result: str


def _region_limits(campaign) -> dict[str, int]:
    for rule in campaign.rules:
        if rule["type"] == "quota" and rule.get("field") == "region":
            return dict(rule.get("limits", {}))
    return {}


def _dimension_rows(campaign_id: str, scope: str, members: list[Member], limits: dict[str, int]) -> list[Row]:
    rows = []
    people = [m for m in members if m.nominee.kind == "individual"]
    sections = _sections()
    for field in DIMENSIONS:
        population = members if field == "region" else people
        counts = Counter(m.value(field) or _("not given") for m in population)
        for value in sorted(counts, key=lambda v: (-counts[v], v)):
            limit = limits.get(value) if field == "region" else None
            over = limit is not None and counts[value] > limit
            rows.append(Row(campaign_id, scope, sections[field], value, counts[value], len(population),
                            percent(counts[value] / len(population)) if population else "—",
                            "" if limit is None else str(limit),
                            _("over the quota") if over else ("" if limit is None else _("met"))))
    return rows


def _list_rows(campaign_id: str, scope: str, notices: list[Notice]) -> list[Row]:
    """Nominees a correction took off the list, counted apart (the counts below are of the list as it
    stands): nothing when none was."""
    gone = [c.action for n in notices for c in n.taken_off().values()]
    if not gone:
        return []
    total = sum(len(n.nominees) for n in notices)
    labels = {"withdrawn": _("withdrawn by a correction"), "replaced": _("replaced by a correction")}
    rows = [Row(campaign_id, scope, _sections()["list"], _("on the list"), total - len(gone), total,
                percent((total - len(gone)) / total), "", "")]
    rows += [Row(campaign_id, scope, _sections()["list"], labels[action], gone.count(action), total,
                 percent(gone.count(action) / total), "", "") for action in LEAVING if action in gone]
    return rows


def _level_rows(campaign: Campaign, notices: list[Notice]) -> list[Row]:
    """Each nominee once, at the highest notice they reached: their notice at each level of the campaign
    (of the site, or held elsewhere), and what is missing: a lower level with no notice, a level above not
    reached yet, or the level where a correction took them off the list."""
    by_id = {n.id: n for n in notices}
    carried_up = {nom.carried_from for n in notices for nom in n.nominees if nom.carried_from}
    levels = [lv.level for lv in campaign.levels]
    rows = []
    for notice in notices:
        for nom in notice.nominees:
            if f"{notice.id}/{nom.id}" in carried_up:
                continue  # said at the notice they were carried up to
            steps, stopped, here, person = {}, None, notice, nom
            while here is not None and person is not None:
                gone = here.taken_off().get(person.id)
                stopped = stopped or (LEVEL_NAMES[here.level] if gone or here.withdrawn else None)
                steps[here.level] = _("{notice} ({start} to {end}){gone}").format(
                    notice=here.id, start=here.start.isoformat(), end=here.end.isoformat(),
                    gone=_(", the notice was withdrawn on {date}").format(date=here.withdrawn.date.isoformat())
                    if here.withdrawn else
                    _(", taken off the list on {date}").format(date=gone.date.isoformat()) if gone else "")
                below = campaign.level_below(here.level)
                held = next((h for h in here.held_elsewhere if h.level == below and person.id in h.nominees), None)
                if held is not None:
                    steps[below] = _("held elsewhere: {issuer} ({start} to {end}), {posted_at}").format(
                        issuer=held.issuer, start=held.start.isoformat(), end=held.end.isoformat(),
                        posted_at=held.posted_at)
                lower, _slash, lower_nominee = (person.carried_from or "").partition("/")
                here = by_id.get(lower)
                person = next((n for n in here.nominees if n.id == lower_nominee), None) if here else None
            known = sorted(levels.index(lv) for lv in steps if lv in levels)
            top = known[-1] if known else -1
            # below a notice held elsewhere, its own lower notices are its issuer's to check
            lowest = known[0] if known and held is not None else 0
            missing = [LEVEL_NAMES[lv] for lv in levels[lowest:top] if lv not in steps]
            later = [LEVEL_NAMES[lv] for lv in levels[top + 1:]]
            result = (_("missing: {levels}").format(levels=listing(missing)) if missing else
                      _("stopped at the {level}").format(level=stopped) if stopped else
                      _("not yet: {levels}").format(levels=listing(later)) if later else _("every level"))
            chain = "；".join(f"{LEVEL_NAMES[lv]}：{steps.get(lv, '—')}" for lv in levels)
            rows.append(Row(campaign.id, "levels", _sections()["levels"], f"{nom.name}（{chain}）", None, None, "",
                            "", result))
    return rows


def build_report(records: Records, private: PrivateStore) -> list[Row]:
    """Rows grouped by campaign, then scope (the pooled city list first, then each nominee's levels, then each
    notice)."""
    rows: list[Row] = []
    for campaign in records.campaigns.values():
        notices = [n for n in records.notices.values() if n.campaign == campaign.id]
        rules: dict[str, list[Row]] = {}
        for outcome in evaluate_campaign(campaign, notices, private):
            scope = "campaign" if outcome.where.startswith("campaign") else outcome.where.partition(" ")[2]
            result = (_("met") if outcome.passed else
                      _("missed (error)") if outcome.severity == "error" else _("missed (warning)"))
            rules.setdefault(scope, []).append(Row(campaign.id, scope, _sections()["rule"], outcome.message,
                                                   outcome.numerator or None, outcome.denominator or None, "", "",
                                                   result))
        city = [m for n in notices if n.level == "city" for m in current_members(n, private)]
        if city:
            rows += _list_rows(campaign.id, "campaign", [n for n in notices if n.level == "city"])
            rows += _dimension_rows(campaign.id, "campaign", city, _region_limits(campaign))
        rows += rules.get("campaign", [])
        rows += _level_rows(campaign, notices)
        for notice in notices:
            rows += _list_rows(campaign.id, notice.id, [notice])
            rows += _dimension_rows(campaign.id, notice.id, current_members(notice, private), {})
            rows += rules.get(notice.id, [])
    return rows


def as_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("campaign"), _("scope"), _("section"), _("item"), _("count"), _("total"), _("share"),
                     _("quota"), _("result")])
    for r in rows:
        writer.writerow([r.campaign, r.scope, r.section, r.label, "" if r.count is None else r.count,
                         "" if r.total is None else r.total, r.share, r.limit, r.result])
    return out.getvalue().encode("utf-8-sig")


def as_json(rows: list[Row]) -> bytes:
    return (json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n").encode()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def as_table(rows: list[Row], records: Records) -> str:
    """Plain text for a terminal, grouped by campaign and scope; CJK-aware column widths."""
    lines: list[str] = []
    current = None
    rule = _sections()["rule"]
    # the section column as wide as its longest title in this language, and at least 14
    widths = (max([14] + [_width(r.section) + 2 for r in rows if r.section != rule]), 18, 8, 7)
    for r in rows:
        key = (r.campaign, r.scope)
        if key != current:
            current = key
            if r.scope == "campaign":
                title = _("{campaign} · city-wide list (pooled)").format(campaign=records.campaigns[r.campaign].title)
            elif r.scope == "levels":
                title = _("{campaign} · each nominee's notices through the levels").format(
                    campaign=records.campaigns[r.campaign].title)
            else:
                notice = records.notices[r.scope]
                title = _("{notice} ({level})").format(notice=notice.title, level=LEVEL_NAMES[notice.level])
            lines += ["", title, "=" * min(_width(title), 100)]
        if r.section in (rule, _sections()["levels"]):
            lines.append(f"  [{r.result}] {r.label}")
            continue
        quota = [_("quota {limit} {result}").format(limit=r.limit, result=r.result)] if r.limit else []
        cells = [r.section, r.label, f"{r.count}/{r.total}", r.share] + quota
        lines.append("  " + "".join(c + " " * max(w - _width(c), 1) for c, w in zip(cells, widths + (0,))).rstrip())
    return "\n".join(lines).lstrip("\n") + "\n"
