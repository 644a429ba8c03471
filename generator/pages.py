"""The public site as data: every generated page and file, engine-agnostic.

``render_site`` takes the public records and "now" and returns
:class:`PageOut` (HTML fragments for the content area of a page) and
:class:`FileOut` (JSON, calendar files) objects. The engine adapter
(:mod:`generator.engine_mkdocs`) only places them; nothing here knows MkDocs.
Templates autoescape every value: text from YAML never becomes markup.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import datetime

import segno
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from . import dates, exports
from .contacts import tel_uri
from .model import Award, Campaign, Nominee, Notice, Records
from .records import CATEGORIES, LEVEL_NAMES
from .stats import ListStats, list_stats
from .status import LABELS, ORDER, Instants, days_left, instants, status

RECENTLY_CLOSED = 10


@dataclass(frozen=True)
class PageOut:
    """A generated page: ``src_uri`` like ``notices/x/index.md``; ``html`` is its content."""

    src_uri: str
    title: str
    html: str
    description: str


@dataclass(frozen=True)
class FileOut:
    path: str
    content: bytes


@dataclass(frozen=True)
class NomineeView:
    nominee: Nominee
    award: Award
    url: str
    #: latest correction about this nominee: withdrawn, replaced, amended, added
    change: str | None


@dataclass(frozen=True)
class NoticeView:
    notice: Notice
    campaign: Campaign
    url: str
    status: str
    at: Instants
    days_left: int
    stats: ListStats
    groups: tuple[tuple[Award, tuple[NomineeView, ...]], ...]

    @property
    def label(self) -> str:
        return LABELS[self.status]

    @property
    def nominees(self) -> tuple[NomineeView, ...]:
        return tuple(v for _, views in self.groups for v in views)

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
    for notice in records.notices.values():
        camp = records.campaigns[notice.campaign]
        changes = {c.nominee: c.action for c in notice.corrections if c.nominee}
        groups = []
        for award in camp.awards:
            members = tuple(
                NomineeView(n, award, nominee_url(notice.id, n.id), changes.get(n.id))
                for n in notice.nominees if n.award == award.id)
            if members:
                groups.append((award, members))
        out.append(NoticeView(
            notice=notice, campaign=camp, url=notice_url(notice.id), status=status(notice, now),
            at=instants(notice), days_left=days_left(notice, now),
            stats=list_stats(notice.nominees, {a.id: a.name for a in camp.awards}, CATEGORIES),
            groups=tuple(groups)))
    return out


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(zh_date=dates.zh_date, tel=tel_uri, iso=lambda v: v.isoformat() if v else "")
    env.globals.update(zh_deadline=dates.zh_deadline, LEVEL_NAMES=LEVEL_NAMES, LABELS=LABELS)
    return env


class _Renderer:
    def __init__(self, site_url: str) -> None:
        self.env = _environment()
        self.site_url = site_url

    def page(self, template: str, src_uri: str, title: str, description: str, **context) -> PageOut:
        here = posixpath.dirname(src_uri) if src_uri.endswith("index.md") else src_uri[:-3]

        def u(target: str) -> str:
            """A link from this page to a site path (``notices/x/``), relative so any base path works."""
            rel = posixpath.relpath(target or ".", here or ".")
            return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)

        html = self.env.get_template(template).render(u=u, site_url=self.site_url, **context)
        return PageOut(src_uri, title, html, description)


def render_site(records: Records, now: datetime, site_url: str) -> tuple[list[PageOut], list[FileOut]]:
    """Every generated page and file of the site, in a stable order."""
    all_views = views(records, now)
    r = _Renderer(site_url)
    pages: list[PageOut] = []
    files: list[FileOut] = []
    by_status = {s: [v for v in all_views if v.status == s] for s in ORDER}
    by_status["open"] = sorted(by_status["open"], key=lambda v: v.at.deadline)
    by_status["upcoming"] = sorted(by_status["upcoming"], key=lambda v: v.at.start)
    recent = sorted(by_status["closed"] + by_status["outcome"], key=lambda v: v.notice.end, reverse=True)
    pages.append(r.page("home.html", "index.md", "首页", "正在公示、即将开始和近期结束的评选表彰公示",
                        open=by_status["open"], upcoming=by_status["upcoming"],
                        recent=recent[:RECENTLY_CLOSED], now=now))
    listing = sorted(all_views, key=lambda v: (v.notice.start, v.notice.id), reverse=True)
    pages.append(r.page("notices.html", "notices/index.md", "全部公示", "全部评选表彰公示，可按状态、活动、称号、层级、地区和年份筛选",
                        notices=listing, filters=_filters(listing)))
    for view in all_views:
        n = view.notice
        src = f"{view.url}index.md"
        page_url = site_url + view.url
        qr = segno.make(page_url, error="m").svg_inline(scale=3, title=f"二维码：{page_url}")
        pages.append(r.page("notice.html", src, n.title, _describe(view), v=view, qr_svg=qr, page_url=page_url,
                            now=now))
        for nv in view.nominees:
            pages.append(r.page("nominee.html", f"{nv.url}index.md", f"{nv.nominee.name} · {nv.award.name}",
                                f"{n.title}：{nv.nominee.name}", v=view, nv=nv))
        files.append(FileOut(f"{view.url}notice.json", exports.notice_json(view, site_url)))
        files.append(FileOut(f"{view.url}period.ics", exports.notice_ics(view, site_url)))
    return pages, files




def _describe(view: NoticeView) -> str:
    n = view.notice
    return (f"{n.issuer}发布，公示期{dates.zh_date(n.start, False)}至{dates.zh_date(n.end, False)}，"
            f"共{len(n.nominees)}名（个）推荐对象。")


def _filters(listing: list[NoticeView]) -> dict[str, list[tuple[str, str]]]:
    """Choices of each filter of the notices index: (value, label)."""
    def uniq(values) -> list[tuple[str, str]]:
        return sorted(set(values))
    return {
        "status": [(s, LABELS[s]) for s in ORDER],
        "campaign": uniq((v.campaign.id, v.campaign.title) for v in listing),
        "award": uniq((a, a) for v in listing for a in v.award_names),
        "level": [(k, name) for k, name in LEVEL_NAMES.items()],
        "region": uniq((r, r) for v in listing for r in v.regions),
        "year": uniq((str(v.notice.start.year), f"{v.notice.start.year}年") for v in listing),
    }
