"""The public site as data: every generated page and file, engine-agnostic.

``render_site`` takes the public records and "now" and returns
:class:`PageOut` (HTML fragments for the content area of a page) and
:class:`FileOut` (JSON, calendar files) objects. The engine adapter
(:mod:`generator.engine_mkdocs`) only places them; nothing here knows MkDocs.
Templates autoescape every value: text from YAML never becomes markup.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from datetime import date, datetime

import nh3
import segno
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from generator.base import cache, dates, parallel
from generator.site import exports, feeds
from generator.media import photos
from markdown import Markdown
from markupsafe import Markup

from generator.records.config import SiteConfig
from generator.records.content import Content, Story
from generator.records.contacts import tel_uri
from generator.model.public import Award, Campaign, Channel, Correction, Nominee, Notice, Records
from generator.records.types import CATEGORIES, LEVEL_NAMES
from generator.site.schedule import LEAVING
from generator.records.sanitize import ATTRIBUTES, TAGS, clean_html
from generator.site.stats import ListStats, list_stats
from generator.site.status import LABELS, ORDER, Instants, days_left, instants, status

RECENTLY_CLOSED = 10
#: the stories' index page (the blog plugin's blog_dir)
STORIES_URL = "stories/"
#: the schemes :func:`generator.sanitize.clean_html` keeps (the second pass of :func:`story_html` keeps them too)
URL_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class PageOut:
    """A generated page: ``src_uri`` like ``notices/x/index.md``; ``html`` is its content."""

    src_uri: str
    title: str
    html: str
    description: str
    #: feeds announced with <link rel="alternate"> besides the site-wide ones: (title, url, type)
    alternates: tuple[tuple[str, str, str], ...] = ()
    #: absolute URL of the image shown when the page is shared
    image: str | None = None
    #: False keeps the page out of the search index (a listing, or text already in another page)
    searchable: bool = True
    #: True: one of many pages of the same design, stamped into a shell the engine renders once
    stamped: bool = False

    @property
    def dest(self) -> str:
        """The page's HTML file in the site."""
        return self.src_uri.removesuffix(".md") + ".html"

    @property
    def fields(self) -> tuple:
        """All the page is made from."""
        return (self.src_uri, self.title, self.description, self.image, self.alternates, self.searchable, self.html)

    @functools.cached_property
    def fingerprint(self) -> str:
        """Digest of the page's fields, kept with it in the render cache so that a build compares pages
        without reading them all."""
        return cache.digest(repr(self.fields))


@dataclass(frozen=True)
class Decoration:
    """Generated HTML around a page written in Markdown (figure profiles, stories), and its sharing data."""

    src_uri: str
    before: str
    after: str
    title: str | None
    description: str
    image: str | None


@dataclass(frozen=True)
class Built:
    pages: list[PageOut]
    files: list[FileOut]
    decorations: dict[str, Decoration]


@dataclass(frozen=True)
class FileOut:
    path: str
    content: bytes | str | photos.Blob

    @property
    def data(self) -> bytes:
        """The file's bytes (a photo's are read from the photo cache only when asked for)."""
        if isinstance(self.content, photos.Blob):
            return self.content.read()
        return self.content.encode() if isinstance(self.content, str) else self.content

    @functools.cached_property
    def digest(self) -> str:
        """Digest of the file's bytes (a photo's is the one kept with it in the cache: it is not read)."""
        if isinstance(self.content, photos.Blob):
            return "sha256:" + self.content.sha256
        return cache.digest(self.data)


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
    #: calendar days left to object while open, 0 otherwise (so that a closed notice renders the same
    #: every day and stays in the render cache)
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
    def standing(self) -> int:
        """Nominees on the list: those a correction withdrew or replaced not counted (as ``gongshi check``
        counts them, with every correction the page shows)."""
        gone = {c.nominee for c in self.notice.corrections if c.action in LEAVING}
        return sum(1 for n in self.notice.nominees if n.id not in gone)

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
        camp = records.campaigns[notice.campaign]
        changes = {c.nominee: c.action for c in notice.corrections if c.nominee}
        groups = []
        for award in camp.awards:
            members = tuple(
                NomineeView(n, award, nominee_url(notice.id, n.id), changes.get(n.id))
                for n in notice.nominees if n.award == award.id)
            if members:
                groups.append((award, members))
        state = status(notice, now)
        out.append(NoticeView(
            notice=notice, campaign=camp, url=notice_url(notice.id), status=state,
            at=instants(notice), days_left=days_left(notice, now) if state == "open" else 0,
            stats=list_stats(notice.nominees, {a.id: a.name for a in camp.awards}, CATEGORIES),
            groups=tuple(groups)))
    return out


#: how a nominee's latest correction is marked beside the name, on the page and in the feeds
CHANGE_LABELS = {"withdrawn": "已撤销推荐", "replaced": "已被替换", "added": "递补", "amended": "信息已更正"}
#: how a correction is labelled by its action (records.CORRECTION_ACTIONS) in the list of changes
CORRECTION_LABELS = {"withdrawn": "撤销推荐", "replaced": "替换", "added": "递补", "amended": "更正", "note": "说明"}


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
    label = CORRECTION_LABELS[c.action]
    return c.text if re.match(rf"{label}\s*[：:]", c.text) else f"{label}：{c.text}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(zh_date=dates.zh_date, tel=tel_uri, iso=lambda v: v.isoformat() if v else "")
    env.globals.update(zh_deadline=dates.zh_deadline, LEVEL_NAMES=LEVEL_NAMES, LABELS=LABELS,
                       CHANGE_LABELS=CHANGE_LABELS, channel_lines=channel_lines, public_fields=public_fields,
                       correction_text=correction_text)
    return env


class _Renderer:
    def __init__(self, site_url: str, photo_map: dict[str, photos.Rendered]) -> None:
        self.env = _environment()
        self.site_url = site_url
        self.env.globals["photo"] = photo_map.get

    def page(self, template: str, src_uri: str, title: str, description: str,
             alternates: tuple[tuple[str, str, str], ...] = (), image: str | None = None, searchable: bool = True,
             stamped: bool = False, **context) -> PageOut:
        return PageOut(src_uri, title, self.fragment(template, src_uri, **context), description, alternates, image,
                       searchable, stamped)

    def fragment(self, template: str, src_uri: str, **context) -> str:
        """Render a template for the page at ``src_uri``; ``u()`` makes links relative to it."""
        here = posixpath.dirname(src_uri) if src_uri.endswith("index.md") else src_uri[:-3]
        base = [part for part in here.split("/") if part not in ("", ".")]

        def u(target: str) -> str:
            parts = [part for part in target.split("/") if part not in ("", ".")]
            if ".." in parts or ".." in base:
                rel = posixpath.relpath(target or ".", here or ".")
            else:  # posixpath.relpath of two paths inside the site, without its normalising
                same = 0
                while same < min(len(parts), len(base)) and parts[same] == base[same]:
                    same += 1
                rel = "/".join([".."] * (len(base) - same) + parts[same:]) or "."
            return rel + "/" if target.endswith("/") and rel != "." else ("./" if rel == "." else rel)

        return self.env.get_template(template).render(u=u, site_url=self.site_url, **context)


def photo_sources(records: Records, content: Content, config: SiteConfig) -> dict[str, Path]:
    """Every photo the site shows, by its path relative to the site."""
    paths = {n.photo for notice in records.notices.values() for n in notice.nominees if n.photo}
    paths |= {f.photo for f in content.figures.values() if f.photo} | {s.cover for s in content.stories if s.cover}
    return {p: config.root / p for p in sorted(paths)}


def render_site(records: Records, config: SiteConfig, now: datetime, photo_map: dict[str, photos.Rendered],
                content: Content) -> Built:
    """Every generated page and file of the site, in a stable order."""
    site_url = config.site_url
    all_views = views(records, now)
    r = _Renderer(site_url, photo_map)
    r.env.globals["figure"] = content.figures.get

    def image_url(path: str | None) -> str | None:
        rendered = photo_map.get(path) if path else None
        return site_url + rendered.largest().path if rendered else None
    pages: list[PageOut] = []
    files: list[FileOut] = []
    by_status = {s: [v for v in all_views if v.status == s] for s in ORDER}
    by_status["open"] = sorted(by_status["open"], key=lambda v: v.at.deadline)
    by_status["upcoming"] = sorted(by_status["upcoming"], key=lambda v: v.at.start)
    recent = sorted(by_status["closed"] + by_status["outcome"], key=lambda v: v.notice.end, reverse=True)
    pages.append(r.page("home.html", "index.md", "首页", "正在公示、即将开始和近期结束的评选表彰公示",
                        open=by_status["open"], upcoming=by_status["upcoming"],
                        recent=recent[:RECENTLY_CLOSED], now=now, figures=list(content.figures.values())[:6],
                        stories=content.stories[:5], searchable=False))
    listing = sorted(all_views, key=lambda v: (v.notice.start, v.notice.id), reverse=True)
    pages.append(r.page("notices.html", "notices/index.md", "全部公示", "全部评选表彰公示，可按状态、活动、称号、层级、地区和年份筛选",
                        notices=listing, filters=_filters(listing), searchable=False))
    def notice_outputs(view: NoticeView) -> tuple[list[PageOut], list[FileOut]]:
        n = view.notice
        page_url = site_url + view.url
        qr = segno.make(page_url, error="m").svg_inline(scale=3, title=f"二维码：{page_url}")
        campaign_feed = f"{site_url}feeds/campaigns/{view.campaign.id}"
        alternates = tuple((f"{view.campaign.title}（{label}）", f"{campaign_feed}.{ext}", mime)
                           for ext, mime, label in feeds.FORMATS.values())
        out = [r.page("notice.html", f"{view.url}index.md", n.title, _describe(view), alternates, v=view, qr_svg=qr,
                      page_url=page_url, now=now, stamped=True)]
        for nv in view.nominees:
            nom = nv.nominee
            out.append(r.page("nominee.html", f"{nv.url}index.md", f"{nom.name} · {nv.award.name}",
                              f"{nom.name}，{nv.award.name}推荐对象：{nom.brief_deeds[:80]}",
                              image=image_url(nom.photo), v=view, nv=nv,
                              searchable=False,  # found through the notice page, which holds the same text
                              stamped=True,
                              figure=content.figures.get(nom.figure) if nom.figure else None))
        return out, [FileOut(f"{view.url}notice.json", exports.notice_json(view, site_url, image_url)),
                     FileOut(f"{view.url}period.ics", exports.notice_ics(view, site_url))]

    store = cache.Store(config.cache_dir / "notices")
    keys = {v.notice.id: _notice_key(v, config, photo_map, content) for v in all_views}
    for notice_pages, notice_files in _cached(store, keys, notice_outputs, all_views):
        pages += notice_pages
        files += notice_files

    def item(view: NoticeView) -> feeds.FeedItem:
        return store.fetch(keys[view.notice.id] + "-item", lambda: notice_item(view, config, r))
    all_feeds = notice_feeds(all_views, records, config, now, item) + [stories_feed(content, config, photo_map)]
    feed_store = cache.Store(config.cache_dir / "feeds")
    for feed in all_feeds:
        written = feed_store.fetch(feeds.key(feed, site_url), lambda: feeds.write_all(feed, site_url))
        files.extend(FileOut(path, content) for path, content in written.items())
    feed_store.keep(feed_store.used)
    pages.append(r.page("feeds.html", "feeds/index.md", "订阅源", "为新闻单位提供的公示订阅源（RSS、Atom、JSON Feed）",
                        feeds=all_feeds, formats=feeds.FORMATS, ns=feeds.NS,
                        retention_days=config.feed_retention_days, max_items=config.feed_max_items,
                        max_kb=max_bytes(config) // 1000))
    pages.append(r.page("figures.html", "figures/index.md", "重点宣传人物", "评选表彰中的重点宣传人物",
                        figures=list(content.figures.values()), searchable=False))
    pages.append(r.page("search.html", "search/index.md", "站内搜索", "按姓名、单位或事迹搜索公示和宣传报道",
                        searchable=False))
    store.keep([k + suffix for k in keys.values() for suffix in ("", "-item")])
    decorations = _decorations(content, all_views, r, image_url, cache.Store(config.cache_dir / "decorations"), keys)
    return Built(pages, files, decorations)


def _notice_key(view: NoticeView, config: SiteConfig, photo_map: dict[str, photos.Rendered],
                content: Content) -> str:
    """Everything a notice's pages, files and feed item are rendered from (its groups and statistics follow
    from the notice and the campaign), with the code: the key of its entries in the render cache."""
    nominees = view.notice.nominees
    return cache.key(config.site_url, config.site_name, config.feed_tag_date.isoformat(),
                     view.notice.source_digest or repr(view.notice),
                     repr((view.campaign, view.status, view.at, view.days_left)),
                     repr([photo_map.get(n.photo) for n in nominees if n.photo]),
                     repr([content.figures.get(n.figure) for n in nominees if n.figure]))


def _cached(store: cache.Store, keys: dict[str, str], notice_outputs, all_views: list[NoticeView]) -> list:
    """``notice_outputs`` of every notice, rendered (on every core) only for notices whose inputs changed
    since a build kept them in the cache."""
    outputs = [store.get(keys[v.notice.id]) for v in all_views]
    missing = [i for i, out in enumerate(outputs) if not store.hit(out)]

    def render(i: int):
        out = notice_outputs(all_views[i])
        for page in out[0]:
            _ = page.fingerprint  # computed here, on every core, and cached with the page
        store.put(keys[all_views[i].notice.id], out)
        return out
    for i, out in zip(missing, parallel.each(render, missing)):
        outputs[i] = out
    return outputs


def _decorations(content: Content, all_views: list[NoticeView], r: _Renderer, image_url, store: cache.Store,
                 keys: dict[str, str]) -> dict[str, Decoration]:
    """The HTML around each figure's profile and each story, from the render cache unless what it shows
    changed: the figure or story, its photo, the notices it names (by their render keys), the stories or
    figures it lists. Entries no build uses any more leave the cache."""
    by_notice = {v.notice.id: v for v in all_views}
    out = {}

    def cached(parts: tuple, make) -> Decoration:
        return store.fetch(cache.key(r.site_url, repr(parts)), make)

    for f in content.figures.values():
        nominees = [(n, nid) for n, nid in f.nominees if n in by_notice]
        stories = [s for s in content.stories if f.id in s.figures]
        here = f.src_uri

        def figure(f=f, nominees=nominees, stories=stories, here=here) -> Decoration:
            entries = [(by_notice[n], nv) for n, nid in nominees for nv in by_notice[n].nominees if nv.nominee.id == nid]
            return Decoration(
                here, r.fragment("figure_header.html", here, f=f),
                r.fragment("figure_footer.html", here, entries=entries, stories=stories),
                f.name, f.description or f.quote or f"{f.name}，{f.unit or ''}{f.position or ''}", image_url(f.photo))
        out[here] = cached(("figure", f, image_url(f.photo), r.env.globals["photo"](f.photo) if f.photo else None,
                            [(keys[n], nid) for n, nid in nominees], stories), figure)
    for s in content.stories:
        here = f"{s.url}index.md"  # where the blog plugin puts the post
        figures = [content.figures[i] for i in s.figures if i in content.figures]
        notices = [by_notice[i] for i in s.notices if i in by_notice]

        def story(s=s, here=here, figures=figures, notices=notices) -> Decoration:
            return Decoration(s.src_uri, r.fragment("story_header.html", here, s=s),
                              r.fragment("story_footer.html", here, figures=figures, notices=notices),
                              None, s.description, image_url(s.cover))
        out[s.src_uri] = cached(("story", s, image_url(s.cover), r.env.globals["photo"](s.cover) if s.cover else None,
                                 figures, [keys[v.notice.id] for v in notices]), story)
    store.keep(store.used)
    return out


def stories_feed(content: Content, config: SiteConfig, photo_map: dict[str, photos.Rendered]) -> feeds.Feed:
    items = []
    bylines = story_bylines(content)
    for s in content.stories[:config.feed_max_items]:
        day = feeds.day_instant(s.date)
        cover = photo_map.get(s.cover) if s.cover else None
        enclosure, figure = None, ""
        if cover is not None:
            big = cover.largest()
            enclosure = feeds.Enclosure(config.site_url + big.path, big.mime, big.length, s.cover_alt)
            figure = str(Markup('<figure><img src="{}" width="{}" height="{}" alt="{}"></figure>\n').format(
                enclosure.url, big.width, big.height, s.cover_alt or ""))
        items.append(feeds.FeedItem(
            id=feeds.tag_uri(config.site_url, config.feed_tag_date, "story", s.slug), title=s.title,
            url=config.site_url + s.url, published=day, updated=day, summary=s.description,
            content_html=figure + story_html(s, content, config.site_url), categories=s.categories,
            enclosure=enclosure, authors=tuple(bylines.get(a) or feeds.Author(a) for a in s.authors)))
    path = "feeds/stories"
    return feeds.Feed(path, feeds.tag_uri(config.site_url, config.feed_tag_date, "feed", path),
                      f"{config.site_name}：宣传报道", "重点宣传人物和先进集体的报道", tuple(items),
                      site_author(config), config.site_url + STORIES_URL, max_bytes(config))


def max_bytes(config: SiteConfig) -> int:
    """The largest a feed file of the site may be."""
    return config.feed_max_bytes or feeds.MAX_BYTES


def site_author(config: SiteConfig) -> feeds.Author:
    """The author of the site's feeds as a whole."""
    return feeds.Author(config.site_name, config.site_url)


def story_bylines(content: Content) -> dict[str, feeds.Author]:
    """The stories' authors by id, as ``content/stories/.authors.yml`` gives them (checked by the loader):
    the name and, when it is a web address, the author's page."""
    return {aid: feeds.Author(a.name, a.url if a.url and re.match(r"https?://", a.url) else None)
            for aid, a in content.authors.items()}


def story_html(story: Story, content: Content, site_url: str) -> str:
    """A story's body for feeds: the HTML its page shows, through the same sanitiser, with every link
    absolute (a link to a Markdown file becomes its page's address, as MkDocs makes it)."""
    pages = {s.src_uri: s.url for s in content.stories}
    here = posixpath.dirname(story.src_uri)

    def absolute(url: str) -> str | None:
        if url.startswith("#"):
            return site_url + story.url + url
        path, _, anchor = url.partition("#")
        target = posixpath.normpath(posixpath.join(here, path)) if path else story.src_uri
        if target.startswith("../"):
            return None  # outside the site: no page has it
        if target.endswith(".md"):
            target = pages.get(target) or (target.removesuffix(".md").removesuffix("index").rstrip("/") + "/")
        return site_url + target.lstrip("/") + (f"#{anchor}" if anchor else "")
    return nh3.clean(clean_html(markdown_html(story.body)), tags=TAGS, attributes=ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True, url_relative=absolute)


def markdown_html(text: str) -> str:
    """Markdown of a story for feeds: raw HTML is shown as text, never passed through."""
    md = Markdown(extensions=["extra"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def _changes(n: Notice) -> list[tuple[date, str]]:
    """Dated changes of a notice, newest first: corrections, outcome, withdrawal."""
    out = [(c.date, correction_text(c)) for c in n.corrections]
    if n.outcome:
        out.append((n.outcome.date, "公示结果：" + ("公示无异议。" if n.outcome.result == "no-objection" else "名单有调整。")
                    + (n.outcome.text or "")))
    if n.withdrawn:
        out.append((n.withdrawn.date, f"本公示已撤回：{n.withdrawn.reason}"))
    return sorted(out, key=lambda c: c[0], reverse=True)


def _updated(n: Notice) -> datetime:
    """A notice's last change: its publication, a correction, its outcome or its withdrawal."""
    return max([feeds.day_instant(n.published)] + [feeds.day_instant(day) for day, _ in _changes(n)])


def notice_item(view: NoticeView, config: SiteConfig, r: _Renderer) -> feeds.FeedItem:
    n = view.notice
    url = config.site_url + view.url
    changes = _changes(n)
    template = r.env.get_template("feed_item.html")
    # in full, and shortened for a feed the full item would make too large (feeds.write_all)
    content, brief = (template.render(v=view, url=url, changes=changes, site_url=config.site_url, brief=short)
                      for short in (False, True))
    categories = (view.campaign.title, *view.award_names, n.level_name, *view.regions)
    return feeds.FeedItem(
        id=feeds.tag_uri(config.site_url, config.feed_tag_date, "notice", n.id),
        title=n.title, url=url, published=feeds.day_instant(n.published), updated=_updated(n),
        summary=f"{LABELS[view.status]}。" + _describe(view) + f"反映情况截止：{dates.zh_deadline(n.end, n.closing_time)}。",
        content_html=content, brief_html=brief, categories=tuple(dict.fromkeys(categories)),
        authors=(feeds.Author(n.issuer),),
        structured=feeds.structured_fields(n, view.status, view.at.deadline, view.campaign, view.standing))


def notice_feeds(all_views: list[NoticeView], records: Records, config: SiteConfig, now: datetime,
                 item) -> list[feeds.Feed]:
    """The feed of all notices and one per campaign; items newest change first, at most
    ``feeds.max_items`` in a feed."""
    kept = [v for v in all_views
            if feeds.retained(max(v.at.deadline, feeds.day_instant(v.notice.published)), now,
                              config.feed_retention_days)
            or any(feeds.retained(feeds.day_instant(day), now, config.feed_retention_days)
                   for day, _ in _changes(v.notice))]
    kept.sort(key=lambda v: (_updated(v.notice), v.notice.id), reverse=True)
    items: dict[str, feeds.FeedItem] = {}

    def feed(path: str, title: str, description: str, views: list[NoticeView]) -> feeds.Feed:
        shown = views[:config.feed_max_items]
        for v in shown:  # an item is rendered once, for every feed it is in
            if v.notice.id not in items:
                items[v.notice.id] = item(v)
        return feeds.Feed(path, feeds.tag_uri(config.site_url, config.feed_tag_date, "feed", path), title,
                          description, tuple(items[v.notice.id] for v in shown), site_author(config),
                          max_bytes=max_bytes(config))

    out = [feed("feeds/notices", f"{config.site_name}：全部公示", "最近发布或变更的评选表彰公示，每条包含完整名单、公示期和受理方式",
                kept)]
    for camp in records.campaigns.values():
        out.append(feed(f"feeds/campaigns/{camp.id}", f"{camp.title}：公示", f"{camp.title}最近发布或变更的公示",
                        [v for v in kept if v.campaign.id == camp.id]))
    return out




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
