"""The public site as data: every generated page and file, engine-agnostic.

:func:`site_outputs` encodes the photos and renders the core: the pages gongshi writes (home, notices,
each notice and nominee, feeds, figures, search) as HTML fragments, the files (notice.json, period.ics,
notice.docx,
feeds, photos) and the decorations of Markdown pages. A notice's pages and files, its feed item and each
decoration are kept in the render cache with the sources they read (:mod:`generator.base.deps`), and
rendered again exactly when one of those changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from generator.base import cache, dates
from generator.base.deps import Memo, Sources, read
from generator.media import photos
from generator.model.public import LEVEL_NAMES, Records
from generator.records.config import SiteConfig
from generator.records.content import Content
from generator.records.ledger import Ledger, Version, pending
from generator.records.loader import Site
from generator.site import exports, feed_files, feeds
from generator.site.decorations import decorations
from generator.site.feed_items import describe, max_bytes, notice_feeds, notice_item, stories_feed
from generator.site.notice_docx import notice_docx
from generator.site.outputs import Built, FileOut, PageOut
from generator.site.render import EMBLEM, Renderer, template_source
from generator.site.status import LABELS, ORDER
from generator.site.versions import moment_text, version_outputs
from generator.site.views import CHANGE_LABELS, NoticeView, views

RECENTLY_CLOSED = 10
#: what a source that is gone is, to the outputs that looked for it
_ABSENT = "absent"


def site_outputs(site: Site, now: datetime | None, publishing: bool = False) -> Built:
    """Render the core for ``site``: photos encoded (or taken from the cache) and every page and file.
    ``publishing``: a build whose new versions the ledger will record at its moment (see
    :func:`generator.records.ledger.pending`)."""
    assert site.records is not None and site.content is not None
    moment = dates.build_now(now)
    today = moment.astimezone(dates.TZ).date()
    content = site.content.as_of(today)  # a story dated later waits for its day, on every output
    sources = photo_sources(site.records, content, site.config)
    photo_map, photo_files = photos.process(sources, photos.PhotoCache(site.config.photo_cache))
    built = render_site(site.records, site.config, moment, photo_map, content, site.ledger, publishing)
    return replace(built, files=built.files + [FileOut(path, blob) for path, blob in sorted(photo_files.items())],
                   held=tuple(s.src_uri for s in site.content.waiting(today)))


def photo_sources(records: Records, content: Content, config: SiteConfig) -> dict[str, Path]:
    """Every photo the site shows, by its path relative to the site."""
    paths = {n.photo for notice in records.notices.values() for n in notice.nominees if n.photo}
    paths |= {f.photo for f in content.figures.values() if f.photo} | {s.cover for s in content.stories if s.cover}
    return {p: config.root / p for p in sorted(paths)}


def sources(records: Records, config: SiteConfig, photo_map: dict[str, photos.Rendered], content: Content,
            all_views: list[NoticeView], now: datetime, versions: dict[str, tuple[Version, ...]]) -> Sources:
    """The current digest of every source an output of the core can read, by kind."""
    today = now.astimezone(dates.TZ).date()
    by_id = {v.id: v for v in all_views}
    stories = {s.src_uri: s for s in content.stories}

    def of(value) -> str:
        return cache.digest(repr(value))

    def notice(i: str) -> str:
        n = records.notices.get(i)
        # what is dated later waits for its day: its day coming changes the notice a page shows
        return _ABSENT if n is None else of((n.source_digest or of(n), n.waiting(today)))

    return Sources({
        "notice": notice,
        "campaign": lambda i: of(records.campaigns.get(i)),
        "status": lambda i: of(by_id[i]._status if i in by_id else None),
        "days-left": lambda i: of(by_id[i]._days_left if i in by_id else None),
        "notices": lambda _: of(sorted(by_id)),
        "photo": lambda p: of(photo_map.get(p)),
        "figure": lambda i: of(content.figures.get(i)),
        "story": lambda i: of(stories.get(i)),
        "stories": lambda _: of(content.stories),
        "config": lambda name: of(getattr(config, name, _ABSENT)),
        "template": lambda name: of(template_source(name)),
        "version": lambda name: version(name),
        "versions": lambda i: of([(v.number, v.published, v.chain) for v in versions.get(i, ())]),
        "trail": lambda key: of(_trail_key(by_id, *key.split("/", 1))),
        "bases": lambda i: of(tuple((b.level, b.count, b.view.id if b.view else None, b.elsewhere)
                                    for b in by_id[i]._bases) if i in by_id else None),
    })


def _trail_key(by_id: dict[str, NoticeView], notice: str, nominee: str) -> tuple | None:
    view = by_id.get(notice)
    return tuple(s.key() for s in view._trails.get(nominee, ())) if view else None


def render_site(records: Records, config: SiteConfig, now: datetime, photo_map: dict[str, photos.Rendered],
                content: Content, ledger: Ledger | None = None, publishing: bool = False) -> Built:
    """Every generated page and file of the site, in a stable order."""
    all_views = views(records, now)
    ledger = ledger or Ledger({})
    new = pending(records, ledger, now, publishing)
    versions = {v.id: ledger.versions(v.id, until=now) + ((new[v.id],) if v.id in new else ()) for v in all_views}
    r = Renderer(config, photo_map, content)
    memo = Memo(cache.Store(config.cache_dir / "outputs"),
                sources(records, config, photo_map, content, all_views, now, versions))
    pages: list[PageOut] = []
    files: list[FileOut] = []
    by_status = {s: [v for v in all_views if v.status == s] for s in ORDER}
    by_status["open"] = sorted(by_status["open"], key=lambda v: v.at.deadline)
    by_status["upcoming"] = sorted(by_status["upcoming"], key=lambda v: v.at.start)
    recent = sorted(by_status["closed"] + by_status["outcome"], key=lambda v: v.notice.end, reverse=True)
    pages.append(r.page("home.html", "index.md", "首页", "正在公示、即将开始和近期结束的评选表彰公示",
                        open=by_status["open"], upcoming=by_status["upcoming"],
                        recent=recent[:RECENTLY_CLOSED], figures=list(content.figures.values())[:6],
                        stories=content.stories[:5], searchable=False))
    listing = sorted(all_views, key=lambda v: (v.notice.start, v.id), reverse=True)
    pages.append(r.page("notices.html", "notices/index.md", "全部公示", "全部评选表彰公示，可按状态、活动、称号、层级、地区和年份筛选",
                        notices=listing, filters=_filters(listing), searchable=False))

    def notice_outputs(view: NoticeView) -> tuple[list[PageOut], list[FileOut]]:
        import segno  # imported when a notice is rendered, not on every run

        site_url = r.config.site_url
        n = view.notice
        page_url = site_url + view.url
        read("version:segno")
        qr = segno.make(page_url, error="m").svg_inline(scale=3, title=f"二维码：{page_url}")
        campaign_feed = f"{site_url}feeds/campaigns/{view.campaign.id}"
        alternates = tuple((f"{view.campaign.title}（{label}）", f"{campaign_feed}.{ext}", mime)
                           for ext, mime, label in feeds.FORMATS.values())
        read(f"versions:{view.id}")
        listed = versions[view.id]
        out = [r.page("notice.html", f"{view.url}index.md", n.title, describe(view), alternates,
                      r.shared_image(None, None), v=view, qr_svg=qr,
                      page_url=page_url, stamped=True,
                      versions=[(v.number, moment_text(v), f"{view.url}versions/{v.number}/") for v in listed])]
        for nv in view.nominees:
            nom = nv.nominee
            out.append(r.page("nominee.html", f"{nv.url}index.md", f"{nom.name} · {nv.award.name}",
                              f"{nom.name}，{nv.award.name}推荐对象"
                              + (f"（{CHANGE_LABELS[nv.leaving.action]}）" if nv.leaving else "")
                              + f"：{nom.brief_deeds[:80]}",
                              image=r.shared_image(nom.photo, nom.photo_alt), v=view, nv=nv,
                              searchable=False,  # found through the notice page, which holds the same text
                              stamped=True, figure=r.figure(nom.figure)))
        version_pages, version_files = version_outputs(view, listed, r)
        out += version_pages
        for page in out:
            _ = page.fingerprint  # computed here, on every core, and kept with the page
        return out, [FileOut(f"{view.url}notice.json", exports.notice_json(view, site_url, r.image_url)),
                     FileOut(f"{view.url}period.ics", exports.notice_ics(view, site_url)),
                     FileOut(f"{view.url}notice.docx", notice_docx(view)), *version_files]

    for notice_pages, notice_files in memo.fetch_each([f"notice:{v.id}" for v in all_views], notice_outputs,
                                                      all_views):
        pages += notice_pages
        files += notice_files

    def item(view: NoticeView) -> feeds.FeedItem:
        return memo.fetch(f"item:{view.id}", lambda: notice_item(view, r, versions[view.id]))
    all_feeds = notice_feeds(all_views, records, config, now, item, versions) + [stories_feed(content, r)]
    feed_store = cache.Store(config.cache_dir / "feeds")
    for feed in all_feeds:  # a feed's files are kept by a digest of all they are written from
        written = feed_store.fetch(feeds.key(feed, config.site_url),
                                   lambda: feed_files.write_all(feed, config.site_url))
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
    issuer = r.config.issuer
    if issuer and issuer.emblem:
        files.append(FileOut(EMBLEM, issuer.emblem.read_bytes()))
    decorated = decorations(content, all_views, r, memo)
    memo.keep_used()
    return Built(pages, files, decorated, tuple(memo.rendered), new)


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
