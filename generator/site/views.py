"""The cross-record view of the public model: each notice with its status at the build's moment, its
groups, statistics and addresses, and the labels pages and feeds give its parts.

A view's accessors say which source they hand over (:func:`generator.base.deps.read`): the notice, its
campaign, its status or the days left to object (all a page shows of the build's moment); an output
rendered from a view is rendered again exactly when one of those it read changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from generator.base import dates
from generator.base.deps import read
from generator.model.public import LEAVING, Award, Campaign, Channel, Correction, Nominee, Notice, Records
from generator.records.contacts import tel_uri
from generator.records.types import CATEGORIES
from generator.site.stats import ListStats, list_stats
from generator.site.status import LABELS, Instants, days_left, instants, status
from generator.site.trails import Basis, Step, bases, trails


@dataclass(frozen=True)
class NomineeView:
    nominee: Nominee
    award: Award
    url: str
    #: latest correction about this nominee: withdrawn, replaced, amended, added
    change: str | None
    #: the correction that took the nominee off the list (withdrawn or replaced), if one did
    leaving: Correction | None = None


@dataclass(frozen=True)
class NoticeView:
    """A notice as pages and feeds show it; built by :func:`views`."""

    _notice: Notice
    _campaign: Campaign
    url: str
    _status: str
    _at: Instants
    #: calendar days left to object while open, 0 otherwise (so that a closed notice renders the same
    #: every day and stays in the render cache)
    _days_left: int
    _stats: ListStats
    _groups: tuple[tuple[Award, tuple[NomineeView, ...]], ...]
    #: each nominee's trail through the levels, by id, and the lower notices the list rests on
    _trails: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    _bases: tuple[Basis, ...] = ()

    def trail(self, nominee_id: str) -> tuple[Step, ...]:
        """The nominee's steps through the levels, lowest first (see :mod:`generator.site.trails`)."""
        read(f"trail:{self._notice.id}/{nominee_id}")
        return self._trails.get(nominee_id, ())

    @property
    def bases(self) -> tuple[Basis, ...]:
        """The lower notices the list rests on."""
        read(f"bases:{self._notice.id}")
        return self._bases

    @property
    def id(self) -> str:
        return self._notice.id

    @property
    def notice(self) -> Notice:
        read(f"notice:{self._notice.id}")
        return self._notice

    @property
    def campaign(self) -> Campaign:
        read(f"campaign:{self._campaign.id}")
        return self._campaign

    @property
    def status(self) -> str:
        read(f"status:{self._notice.id}")
        return self._status

    @property
    def days_left(self) -> int:
        read(f"days-left:{self._notice.id}")
        return self._days_left

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def at(self) -> Instants:
        read(f"notice:{self._notice.id}")
        return self._at

    @property
    def stats(self) -> ListStats:
        read(f"notice:{self._notice.id}")
        read(f"campaign:{self._campaign.id}")
        return self._stats

    @property
    def groups(self) -> tuple[tuple[Award, tuple[NomineeView, ...]], ...]:
        read(f"notice:{self._notice.id}")
        read(f"campaign:{self._campaign.id}")
        return self._groups

    @property
    def nominees(self) -> tuple[NomineeView, ...]:
        return tuple(v for _, views in self.groups for v in views)

    @property
    def standing(self) -> int:
        """Nominees on the list: those a correction withdrew or replaced not counted (as ``gongshi check``
        counts them, with every correction the page shows: :meth:`Notice.taken_off`)."""
        return len(self.notice.on_list())

    @property
    def off_list(self) -> tuple[tuple[str, int], ...]:
        """The nominees taken off the list, counted by how: ("withdrawn", 1), ("replaced", 2); none left out."""
        gone = [c.action for c in self.notice.taken_off().values()]
        return tuple((action, gone.count(action)) for action in LEAVING if action in gone)

    @property
    def off_list_text(self) -> str:
        """The nominees taken off the list, as the pages and feeds say it beside the count: "另有 1 名/个已撤销推荐、
        2 名/个已被替换", or ""."""
        parts = [f"{count} 名/个{CHANGE_LABELS[action]}" for action, count in self.off_list]
        return "另有 " + "、".join(parts) if parts else ""

    @property
    def award_names(self) -> list[str]:
        return [award.name for award, _ in self.groups]

    @property
    def regions(self) -> list[str]:
        return sorted({n.region for n in self.notice.nominees if n.region})


def notice_url(notice_id: str) -> str:
    return f"notices/{notice_id}/"


def nominee_url(notice_id: str, nominee_id: str) -> str:
    return f"notices/{notice_id}/{nominee_id}/"


def views(records: Records, now: datetime) -> list[NoticeView]:
    """The cross-record phase: statuses, groups and statistics of every notice."""
    out = []
    today = now.astimezone(dates.TZ).date()
    for notice in records.notices.values():
        if notice.published > today:
            continue  # not public yet: prepared in advance, published by the first build on or after that day
        notice = notice.public_at(now)  # and what is dated later waits for its day (an outcome, for the deadline)
        camp = records.campaigns[notice.campaign]
        changes = {c.nominee: c.action for c in notice.corrections if c.nominee}
        gone = notice.taken_off()
        groups = []
        for award in camp.awards:
            members = tuple(
                NomineeView(n, award, nominee_url(notice.id, n.id), changes.get(n.id), gone.get(n.id))
                for n in notice.nominees if n.award == award.id)
            if members:
                groups.append((award, members))
        state = status(notice, now)
        out.append(NoticeView(
            notice, camp, notice_url(notice.id), state, instants(notice),
            days_left(notice, now) if state == "open" else 0,
            list_stats(notice.on_list(), {a.id: a.name for a in camp.awards}, CATEGORIES), tuple(groups)))
    by_id = {v.id: v for v in out}
    every = trails(out)
    return [replace(v, _trails=every[v.id], _bases=bases(v, by_id)) for v in out]


#: how a nominee's latest correction is marked beside the name, on the page and in the feeds
CHANGE_LABELS = {"withdrawn": "已撤销推荐", "replaced": "已被替换", "added": "递补", "amended": "信息已更正",
                 "minor": "已勘误"}
#: how a correction is labelled by its action (records.CORRECTION_ACTIONS) in the list of changes
CORRECTION_LABELS = {"withdrawn": "撤销推荐", "replaced": "替换", "added": "递补", "amended": "更正", "note": "说明",
                     "minor": "勘误"}


@dataclass(frozen=True)
class Line:
    """One line of an objection channel, as the page and the feeds show it: ``text``, then ``link`` (a phone
    number or an e-mail address) linked to ``href``."""

    text: str
    link: str | None = None
    href: str | None = None


def channel_lines(ch: Channel) -> list[Line]:
    out = []
    for c in ch.contacts:
        who = f"联系人：{c.name}（{c.role}）" if c.role else f"联系人：{c.name}"
        out.append(Line(f"{who}，电话 ", c.phone, tel_uri(c.phone)) if c.phone else Line(who))
    out += [Line("电话：", p, tel_uri(p)) for p in ch.phones]
    if ch.fax:
        out.append(Line(f"传真：{ch.fax}"))
    if ch.email:
        out.append(Line("电子邮箱：", ch.email, f"mailto:{ch.email}"))
    if ch.address:
        out.append(Line(f"通信地址：{ch.address}" + (f"（邮编 {ch.postcode}）" if ch.postcode else "")))
    if ch.in_person:
        out.append(Line(f"当面反映：{ch.in_person.address}，{ch.in_person.hours}"))
    return out


def public_fields(nom: Nominee) -> list[tuple[str, str]]:
    """A nominee's public fields as (label, value), in the order the page and the feeds show them."""
    if nom.kind == "individual":
        pairs = [("性别", nom.gender), ("民族", nom.ethnicity), ("政治面貌", nom.political_status),
                 ("职称", nom.professional_title), ("职称级别", nom.title_level), ("技术等级", nom.skill_level),
                 ("人员类别", nom.category)]
    else:
        pairs = [("所属单位", nom.unit), ("法人代表", nom.legal_representative), ("单位人数", nom.staff_count)]
    pairs += [("单位类型", nom.unit_type), ("单位性质", nom.unit_nature), ("所属地区（系统）", nom.region),
              ("曾获最高荣誉", nom.highest_honour), ("备注", nom.remarks)]
    return [(label, str(value)) for label, value in pairs if value is not None and value != ""]


def correction_text(c: Correction) -> str:
    """A correction labelled by its action; a text that already starts with its label keeps it once."""
    return labelled(c.action, c.text)


def labelled(action: str, text: str) -> str:
    """The text of a correction of ``action``, labelled (see :func:`correction_text`)."""
    label = CORRECTION_LABELS[action]
    return text if re.match(rf"{label}\s*[：:]", text) else f"{label}：{text}"
