"""Every published version of a notice, with its own permanent page and its differences from the one before.

From the publication ledger (:mod:`generator.records.ledger`) and the version this build would add: each
version's page (``notices/<id>/versions/<n>/``, marked as superseded once a later one went out) shows what
changed (nominees added, withdrawn or replaced, fields with their old and new text, new corrections) and the
list as it stood; ``versions/<n>/state.json`` holds the version's canonical JSON and ``versions.json`` each
version's moment, SHA-256 and chain digest, so that a newspaper can tell which version a saved copy is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from generator.base.dates import TZ
from generator.records.ledger import Change, Version, canonical, changes, new_corrections
from generator.site.outputs import FileOut, PageOut
from generator.site.render import Renderer
from generator.site.views import NoticeView, labelled

#: how the page names a field of a notice or a nominee
FIELD_LABELS = {
    "title": "标题", "issuer": "发布单位", "level": "层级", "start": "公示开始", "end": "公示结束",
    "published": "发布日期", "closing_time": "截止时间", "document_number": "文号", "region": "地区",
    "intro": "说明", "channels": "受理方式", "objection_rules": "反映情况须知", "working_days": "工作日数",
    "campaign": "评选表彰活动", "name": "姓名", "award": "称号", "gender": "性别", "ethnicity": "民族",
    "political_status": "政治面貌", "unit": "工作单位", "position": "职务", "rank": "职级",
    "professional_title": "职称", "title_level": "职称级别", "skill_level": "技术等级", "unit_type": "单位类型",
    "unit_nature": "单位性质", "category": "人员类别", "legal_representative": "法人代表",
    "staff_count": "单位人数", "highest_honour": "曾获最高荣誉", "brief_deeds": "简要事迹", "photo": "照片",
    "photo_alt": "照片说明", "figure": "重点宣传人物", "remarks": "备注",
}


@dataclass(frozen=True)
class Row:
    """One difference as the page shows it: who, what, the old text and the new."""

    who: str
    what: str
    old: str
    new: str


def gone(state: dict[str, Any]) -> dict[str, str]:
    """The nominees a correction of the state withdrew or replaced, with how the page marks them."""
    marks = {"withdrawn": "已撤销推荐", "replaced": "已被替换"}
    return {c["nominee"]: marks[c["action"]] for c in state.get("corrections", []) if c["action"] in marks}


def moment_text(version: Version) -> str:
    return instant_text(version.published)


def instant_text(moment: datetime) -> str:
    """A moment as pages and feeds name it: 2024年9月24日 14:30 (Beijing time)."""
    at = moment.astimezone(TZ)
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


def rows(before: dict[str, Any] | None, after: dict[str, Any]) -> list[Row]:
    """What changed from the version ``before`` (None: the first) to ``after``."""
    if before is None:
        return []
    names = {n["id"]: n["name"] for n in before.get("nominees", []) + after.get("nominees", [])}
    out = [_row(c, names) for c in changes(before, after)]
    for c in new_corrections(before, after):
        out.append(Row(names.get(c.get("nominee"), "—") if c.get("nominee") else "公示", "新增更正记录",
                       "—", f"{c['date']}：{labelled(c['action'], c['text'])}"))
    for key, label in (("outcome", "公示结果"), ("withdrawn", "撤回公示")):
        if after.get(key) and not before.get(key):
            entry = after[key]
            out.append(Row("公示", label, "—", f"{entry['date']}：{entry.get('text') or entry.get('reason') or ''}"))
    return out


def _row(change: Change, names: dict[str, str]) -> Row:
    who = names.get(change.nominee, change.nominee) if change.nominee else "公示"
    if change.what == "added":
        return Row(who, "新增推荐对象", "—", f"{change.new.get('unit') or ''}{change.new.get('position') or ''}")
    if change.what == "removed":
        return Row(who, "移出名单", "在名单上", "—")
    return Row(who, FIELD_LABELS.get(change.field or "", change.field or ""), _text(change.old), _text(change.new))


def _text(value: Any) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def version_outputs(view: NoticeView, versions: tuple[Version, ...], r: Renderer) -> tuple[list[PageOut],
                                                                                           list[FileOut]]:
    """The pages and files of every version of a notice."""
    site_url = r.config.site_url
    base = f"{view.url}versions/"
    awards = {a.id: a.name for a in view.campaign.awards}
    pages, files, listed = [], [], []
    for i, version in enumerate(versions):
        later = versions[i + 1] if i + 1 < len(versions) else None
        here = f"{base}{version.number}/"
        title = f"{version.state['title']}（第{version.number}版）"
        pages.append(r.page("version.html", f"{here}index.md", title,
                            f"{version.state['issuer']}发布的公示第{version.number}版，{moment_text(version)}公布",
                            searchable=False, stamped=True, listed=False, v=view, version=version, later=later,
                            moment=moment_text(version), later_moment=moment_text(later) if later else None,
                            rows=rows(versions[i - 1].state if i else None, version.state), awards=awards,
                            labelled=labelled, gone=gone(version.state)))
        files.append(FileOut(f"{here}state.json", canonical(version.state)))
        listed.append({"version": version.number, "published": version.published.isoformat(),
                       "sha256": version.sha256, "chain": version.chain, "url": site_url + here,
                       "state": f"{site_url}{here}state.json", "superseded": later is not None})
    data = {"notice": view.id, "url": site_url + view.url, "versions": listed,
            "how_to_check": "sha256 是 state.json 文件内容的 SHA-256；chain 是上一版 chain 与本版 sha256 "
                            "以换行连接后的 SHA-256（第 1 版的上一版 chain 为空）"}
    files.append(FileOut(f"{view.url}versions.json",
                         (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()))
    return pages, files
