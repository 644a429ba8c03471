"""Feed items from the public model: one item per notice (its list, period and how to object, in full and
shortened) and per story, and the feeds they make up (all notices, one per campaign, the stories). The
formats themselves are written by :mod:`generator.site.feeds`."""

from __future__ import annotations

import posixpath
import re
from datetime import date, datetime

import nh3
from markdown import Markdown
from markupsafe import Markup

from generator.base import dates
from generator.base.deps import read
from generator.model.public import Notice, Records
from generator.records.config import SiteConfig
from generator.records.content import Content, Story
from generator.records.sanitize import ATTRIBUTES, TAGS, clean_html
from generator.records.ledger import Version
from generator.site import feed_notes, feeds
from generator.site.render import Renderer
from generator.site.status import LABELS
from generator.site.views import NoticeView, correction_text

#: the stories' index page (the blog plugin's blog_dir)
STORIES_URL = "stories/"
#: the schemes :func:`generator.records.sanitize.clean_html` keeps (the second pass of :func:`story_html` keeps
#: them too)
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def stories_feed(content: Content, r: Renderer) -> feeds.Feed:
    config = r.config
    items = []
    bylines = story_bylines(content)
    for s in content.stories[:config.feed_max_items]:
        day = feeds.day_instant(s.date)
        cover = r.photo(s.cover)
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
    read("version:nh3")
    return nh3.clean(clean_html(markdown_html(story.body)), tags=TAGS, attributes=ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=True, url_relative=absolute)


def markdown_html(text: str) -> str:
    """Markdown of a story for feeds: raw HTML is shown as text, never passed through."""
    read("version:markdown")
    md = Markdown(extensions=["extra"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(text)


def _changes(n: Notice) -> list[tuple[date, str]]:
    """Dated changes of a notice, newest first: corrections, outcome, withdrawal (by their days: what keeps an
    item in the feeds, as :func:`generator.site.schedule.next_change` counts it)."""
    out = [(c.date, correction_text(c)) for c in n.corrections]
    if n.outcome:
        out.append((n.outcome.date, feed_notes.outcome_text(n)))
    if n.withdrawn:
        out.append((n.withdrawn.date, f"本公示已撤回：{n.withdrawn.reason}"))
    return sorted(out, key=lambda c: c[0], reverse=True)


def notice_item(view: NoticeView, r: Renderer, versions: tuple[Version, ...]) -> feeds.FeedItem:
    """A notice's item; ``versions``: its versions in the ledger and the one this build adds."""
    config = r.config
    n = view.notice
    url = config.site_url + view.url
    read(f"versions:{view.id}")
    changes = feed_notes.notes(view, versions)
    template = r.env.get_template("feed_item.html")
    # in full, and shortened for a feed the full item would make too large (feed_files.write_all)
    content, brief = (template.render(v=view, url=url, changes=changes, site_url=config.site_url, brief=short)
                      for short in (False, True))
    categories = (view.campaign.title, *view.award_names, n.level_name, *view.regions)
    return feeds.FeedItem(
        id=feeds.tag_uri(config.site_url, config.feed_tag_date, "notice", n.id),
        title=n.title, url=url, published=feed_notes.published(view, versions),
        updated=feed_notes.updated(view, versions),
        summary=f"{LABELS[view.status]}。" + describe(view) + f"反映情况截止：{dates.zh_deadline(n.end, n.closing_time)}。",
        content_html=content, brief_html=brief, categories=tuple(dict.fromkeys(categories)),
        authors=(feeds.Author(n.issuer),),
        structured=feeds.structured_fields(n, view.status, view.at.deadline, view.campaign, view.standing,
                                           dict(view.off_list), view.bases, config.site_url))


def notice_feeds(all_views: list[NoticeView], records: Records, config: SiteConfig, now: datetime,
                 item, versions: dict[str, tuple[Version, ...]]) -> list[feeds.Feed]:
    """The feed of all notices and one per campaign; items newest change first, at most
    ``feeds.max_items`` in a feed; ``versions``: each notice's versions (see :func:`notice_item`)."""
    kept = [v for v in all_views
            if feeds.retained(max(v.at.deadline, feeds.day_instant(v.notice.published)), now,
                              config.feed_retention_days)
            or any(feeds.retained(feeds.day_instant(day), now, config.feed_retention_days)
                   for day, _ in _changes(v.notice))]
    kept.sort(key=lambda v: (feed_notes.updated(v, versions[v.id]), v.notice.id), reverse=True)
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




def describe(view: NoticeView) -> str:
    n = view.notice
    off = f"（{view.off_list_text}）" if view.off_list else ""
    return (f"{n.issuer}发布，公示期{dates.zh_date(n.start, False)}至{dates.zh_date(n.end, False)}，"
            f"共{view.standing}名（个）推荐对象{off}。")
