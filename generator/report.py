"""The structure table a clerk attaches to a submission (`gongshi report`).

For each campaign (its pooled city list, and each notice): counts and shares
by personnel category, gender, ethnicity and region (against the region
quota where the campaign has one), then every rule with its numbers and
result. Pure: records in, rows out; the CLI formats them as a table, CSV
(UTF-8 with BOM, so spreadsheets open it correctly) or JSON.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass

from .model import Records
from .privacy import PrivateStore
from .records import LEVEL_NAMES
from .rules import Member, current_members, evaluate_campaign, percent

DIMENSIONS = (("category", "人员类别"), ("gender", "性别"), ("ethnicity", "民族"), ("region", "地区（系统）"))


@dataclass(frozen=True)
class Row:
    campaign: str
    scope: str  # the notice id, or "campaign"
    section: str  # 人员类别 / 性别 / … / 规则
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
    for field, title in DIMENSIONS:
        population = members if field == "region" else people
        counts = Counter(m.value(field) or "未填" for m in population)
        for value in sorted(counts, key=lambda v: (-counts[v], v)):
            limit = limits.get(value) if field == "region" else None
            over = limit is not None and counts[value] > limit
            rows.append(Row(campaign_id, scope, title, value, counts[value], len(population),
                            percent(counts[value] / len(population)) if population else "—",
                            "" if limit is None else str(limit),
                            "超出名额" if over else ("" if limit is None else "符合")))
    return rows


def build_report(records: Records, private: PrivateStore) -> list[Row]:
    """Rows grouped by campaign, then scope (the pooled city list first, then each notice)."""
    rows: list[Row] = []
    for campaign in records.campaigns.values():
        notices = [n for n in records.notices.values() if n.campaign == campaign.id]
        rules: dict[str, list[Row]] = {}
        for outcome in evaluate_campaign(campaign, notices, private):
            scope = "campaign" if outcome.where.startswith("campaign") else outcome.where.partition(" ")[2]
            result = "符合" if outcome.passed else ("未达到（错误）" if outcome.severity == "error" else "未达到（提醒）")
            rules.setdefault(scope, []).append(Row(campaign.id, scope, "规则", outcome.message,
                                                   outcome.numerator or None, outcome.denominator or None, "", "",
                                                   result))
        city = [m for n in notices if n.level == "city" for m in current_members(n, private)]
        if city:
            rows += _dimension_rows(campaign.id, "campaign", city, _region_limits(campaign))
        rows += rules.get("campaign", [])
        for notice in notices:
            rows += _dimension_rows(campaign.id, notice.id, current_members(notice, private), {})
            rows += rules.get(notice.id, [])
    return rows


def as_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["评选活动", "范围", "类别", "项目", "数量", "总数", "占比", "名额", "结果"])
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
    for r in rows:
        key = (r.campaign, r.scope)
        if key != current:
            current = key
            if r.scope == "campaign":
                title = f"{records.campaigns[r.campaign].title} · 全市名单（汇总）"
            else:
                notice = records.notices[r.scope]
                title = f"{notice.title}（{LEVEL_NAMES[notice.level]}）"
            lines += ["", title, "=" * min(_width(title), 100)]
        if r.section == "规则":
            lines.append(f"  [{r.result}] {r.label}")
            continue
        cells = [r.section, r.label, f"{r.count}/{r.total}", r.share] + ([f"名额 {r.limit} {r.result}"] if r.limit else [])
        widths = (14, 18, 8, 7)
        lines.append("  " + "".join(c + " " * max(w - _width(c), 1) for c, w in zip(cells, widths + (0,))).rstrip())
    return "\n".join(lines).lstrip("\n") + "\n"
