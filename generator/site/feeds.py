"""News feeds for newsrooms: RSS 2.0 and Atom (feedgen) and JSON Feed 1.1.

Every item carries the whole notice: the period, the deadline with weekday
and time, every objection channel and the complete list, plus the notice's
structured fields in the ``gongshi`` XML namespace (:data:`NS`) or the
``_gongshi`` JSON Feed extension. Item ids are ``tag:`` URIs made from the
site's domain, the site's tag date and the notice id, never from a title or
URL path, so they never change. Corrections, outcomes, a notice opening or
closing update the same item: ``updated`` is the moment of its latest change
(Atom ``updated``, JSON ``date_modified``, in RSS ``atom:updated`` inside the
item) and a dated note at the top says what changed (see
:mod:`generator.site.feed_notes`).

feedgen is used only here. Its known pitfalls are handled on purpose: entries
are appended (it prepends by default); the channel's ``link`` is added last
(RSS uses the last one); ``lastBuildDate``/``updated`` are set from the newest
item (they default to now); datetimes are always zone-aware; enclosures are
written as Atom links with rel, type and length set explicitly, in the feed's
default namespace (never ``ns0:``); RSS bylines are ``dc:creator`` (its
``author`` is an e-mail address).

To the letter: every Atom entry has an ``author`` and the feed one too (RFC
4287 §4.1.1), every date is RFC 3339 in Beijing time, an RSS item's
description is text escaped as HTML, and no file is larger than
:data:`MAX_BYTES` or the site's ``feeds.max_kb`` (:func:`generator.site.feed_files.write_all`
shortens the oldest items first).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from markupsafe import Markup

from generator.base import cache, dates
from generator.model.public import Channel

#: The namespace of the structured notice fields (documented on the feeds page and in the README). 2.0: contacts
#: are objects (name, role, phone), in-person hours are fields, ``campaign`` is the campaign's id (its title is
#: ``campaignTitle``) and ``nominees`` does not count withdrawn or replaced nominees.
NS = "urn:gongshi:notice:2.0"
NS_PREFIX = "gongshi"
#: Dublin Core: ``dc:creator`` is RSS's byline (RSS ``author`` must be an e-mail address)
DC = "http://purl.org/dc/elements/1.1/"
#: Atom's namespace, declared by feedgen in RSS for ``atom:link``; an RSS item's ``atom:updated`` is in it
ATOM = "http://www.w3.org/2005/Atom"
GENERATOR = "gongshi"
#: the largest a feed file may be unless the site says otherwise (``feeds.max_kb``): aggregators refuse larger
#: ones (documented on the feeds page and in the README)
MAX_BYTES = 1_000_000
FORMATS = {"rss": ("xml", "application/rss+xml", "RSS 2.0"),
           "atom": ("atom", "application/atom+xml", "Atom"),
           "json": ("json", "application/feed+json", "JSON Feed 1.1")}


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str
    length: int
    #: what the image shows (its alt text): Atom link ``title``, JSON Feed attachment ``title``
    title: str | None = None


@dataclass(frozen=True)
class Author:
    """Who wrote an item: a story's byline, a notice's issuer (RFC 4287 §3.2: a name, an optional URI)."""

    name: str
    url: str | None = None


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed, from a notice or a story; every URL is absolute."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    summary: str
    content_html: str
    categories: tuple[str, ...] = ()
    #: the structured fields of a notice (None for stories)
    structured: dict[str, Any] | None = None
    enclosure: Enclosure | None = None
    #: the byline (Atom ``author``, RSS ``dc:creator``, JSON Feed ``authors``)
    authors: tuple[Author, ...] = ()
    #: the content when the whole of it would make a feed file too large (``Feed.max_bytes``): what matters
    #: most, and where the rest is; None: the summary and the link to the page
    brief_html: str | None = None

    def shortened(self) -> FeedItem:
        brief = self.brief_html or str(Markup('<p>{}</p>\n<p>全文：<a href="{}">{}</a></p>\n').format(
            self.summary, self.url, self.url))
        return replace(self, content_html=brief, brief_html=None)


@dataclass(frozen=True)
class Feed:
    """A feed: ``path`` without extension, e.g. ``feeds/notices``; items newest first."""

    path: str
    id: str
    title: str
    description: str
    items: tuple[FeedItem, ...] = field(default_factory=tuple)
    #: the feed's author, for items without one of their own (RFC 4287 §4.1.1: the feed or every entry has one)
    author: Author | None = None
    #: the page the feed is the feed of (RSS channel ``link``, Atom ``alternate``, JSON ``home_page_url``);
    #: None: the site's home page
    home: str | None = None
    #: the largest each of its files may be
    max_bytes: int = MAX_BYTES

    def url(self, site_url: str, fmt: str) -> str:
        return f"{site_url}{self.path}.{FORMATS[fmt][0]}"


def tag_uri(site_url: str, tag_date: date, kind: str, record_id: str) -> str:
    """A permanent id (RFC 4151): tag:DOMAIN,DATE:KIND/ID."""
    domain = urlsplit(site_url).hostname or "localhost"
    return f"tag:{domain},{tag_date.isoformat()}:{kind}/{record_id}"


def day_instant(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), dates.TZ)


# ------------------------------------------------------------------ structured fields

def structured_fields(notice, status: str, deadline: datetime, campaign, standing: int,
                      off_list: dict[str, int] | None = None, bases: tuple = (), site_url: str = "") -> dict[str, Any]:
    """The notice's fields for software, in a stable order (same in XML and JSON); ``standing`` is the number
    of nominees on the list (withdrawn and replaced ones not counted), ``off_list`` how many a correction took
    off it, by action (``withdrawn``, ``replaced``), ``bases`` the lower notices its list rests on."""
    off_list = off_list or {}
    return {
        "id": notice.id,
        "campaign": campaign.id,
        "campaignTitle": campaign.title,
        "issuer": notice.issuer,
        "documentNumber": notice.document_number,
        "level": notice.level,
        "start": notice.start.isoformat(),
        "end": notice.end.isoformat(),
        "deadline": deadline.isoformat(),
        "status": status,
        "nominees": standing,
        "nomineesWithdrawn": off_list.get("withdrawn", 0),
        "nomineesReplaced": off_list.get("replaced", 0),
        "channels": [_channel_fields(ch) for ch in notice.channels],
        "lowerNotices": [_lower_fields(b, site_url) for b in bases],
    }


def _lower_fields(b, site_url: str) -> dict[str, Any]:
    """A lower notice the list rests on (:class:`generator.site.trails.Basis`): of the site (its id and
    address) or held elsewhere (where it was posted); ``nominees`` is how many of the list rest on it."""
    n = b.view.notice if b.view is not None else b.elsewhere
    return {
        "level": b.level,
        "id": b.view.id if b.view is not None else None,
        "url": site_url + b.view.url if b.view is not None else None,
        "issuer": n.issuer,
        "documentNumber": n.document_number,
        "start": n.start.isoformat(),
        "end": n.end.isoformat(),
        "postedAt": b.elsewhere.posted_at if b.elsewhere is not None else None,
        "nominees": b.count,
    }


def _channel_fields(ch: Channel) -> dict[str, Any]:
    """A channel: each contact with their own role and phone; ``phones`` are the channel's own numbers."""
    return {
        "office": ch.office,
        "contacts": [{"name": c.name, "role": c.role, "phone": c.phone} for c in ch.contacts],
        "phones": list(ch.phones),
        "fax": ch.fax,
        "email": ch.email,
        "address": ch.address,
        "postcode": ch.postcode,
        "inPerson": {"address": ch.in_person.address, "hours": ch.in_person.hours} if ch.in_person else None,
    }


def _xml_fields(parent, values: dict[str, Any]) -> None:
    """The fields as elements: an object as an element of its fields, a list as one element per value named
    in the singular (``channels`` → ``channel``, ``contacts`` → ``contact``, ``phones`` → ``phone``)."""
    for key, value in values.items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list):
            for v in value:
                _xml_value(parent, key.removesuffix("s"), v)
        else:
            _xml_value(parent, key, value)


def _xml_value(parent, name: str, value: Any) -> None:
    if isinstance(value, dict):
        _xml_fields(xml_elem(f"{{{NS}}}{name}", parent), value)
    else:
        xml_elem(f"{{{NS}}}{name}", parent).text = str(value)


class _NsExtension(BaseExtension):
    def extend_ns(self):
        return {NS_PREFIX: NS}

    def extend_atom(self, feed):
        return _text_constructs(feed, ("title", "subtitle"))


def _text_constructs(element, names: tuple[str, ...]):
    """Atom text constructs (RFC 4287 §3.1) whose text looks like markup (``</b>``, ``&lt;``) are written as
    ``type="html"`` with the text escaped as HTML: the same text for every reader, and none that guesses
    (as the W3C validator warns they may) takes it for markup."""
    for child in element:
        if child.tag in names and child.text and re.search(r"[<&]", child.text) and "type" not in child.attrib:
            child.set("type", "html")
            child.text = html.escape(child.text, quote=False)
    return element


class _DcExtension(BaseExtension):
    def extend_ns(self):
        return {"dc": DC}


class _BylineExtension(BaseEntryExtension):
    """Writes an RSS item's byline as ``<dc:creator>``, one per author."""

    item: FeedItem | None = None

    def extend_rss(self, entry):
        for author in self.item.authors if self.item else ():
            xml_elem(f"{{{DC}}}creator", entry).text = author.name
        return entry


class _EntryExtension(BaseEntryExtension):
    """Writes ``<gongshi:notice>`` and explicit enclosure links into each entry."""

    item: FeedItem | None = None

    def _notice(self, entry):
        if self.item is not None and self.item.structured is not None:
            _xml_fields(xml_elem(f"{{{NS}}}notice", entry), self.item.structured)
        return entry

    def extend_rss(self, entry):
        if self.item is not None:
            # RSS 2.0 has no date of change: Atom's <updated> (RFC 4287 §4.2.15) in the item, as the W3C
            # validator accepts it, so that a reader sees a changed item as changed
            xml_elem(f"{{{ATOM}}}updated", entry).text = self.item.updated.isoformat()
        return self._notice(entry)

    def extend_atom(self, entry):
        _text_constructs(entry, ("title", "summary"))
        enc = self.item.enclosure if self.item else None
        if enc is not None:
            # written here, not through feedgen's enclosure(), so rel/type/length always survive; without a
            # namespace, like every element feedgen writes under the feed's default (Atom) namespace: an
            # explicit one would be written with a prefix of its own (ns0:link)
            xml_elem("link", entry, rel="enclosure", href=enc.url, type=enc.type,
                     length=str(enc.length), **({"title": enc.title} if enc.title else {}))
        return self._notice(entry)


# ------------------------------------------------------------------ writing

def _generator(feed: Feed, site_url: str, fmt: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.register_extension(NS_PREFIX, _NsExtension, _EntryExtension)
    fg.register_extension("byline", _DcExtension, _BylineExtension, atom=False)
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.description)  # RSS: the channel's description is plain text (an item's is HTML)
    fg.language("zh-CN")
    fg.generator(GENERATOR)
    if feed.author is not None:
        fg.author(_atom_author(feed.author))
    fg.link(href=feed.url(site_url, fmt), rel="self", type=FORMATS[fmt][1])
    newest = max((i.updated for i in feed.items), default=datetime(2000, 1, 1, tzinfo=dates.TZ))
    fg.lastBuildDate(newest)
    fg.updated(newest)
    for item in feed.items:
        fe = fg.add_entry(order="append")
        fe.id(item.id)
        fe.guid(item.id, permalink=False)
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.published(item.published)
        fe.updated(item.updated)
        fe.summary(_description(item.summary, fmt))
        fe.content(item.content_html, type="CDATA" if fmt == "rss" else "html")
        for author in item.authors:
            fe.author(_atom_author(author))
        for term in item.categories:
            fe.category(term=term)
        if item.enclosure and fmt == "rss":
            fe.enclosure(item.enclosure.url, str(item.enclosure.length), item.enclosure.type)
        fe.gongshi.item = fe.byline.item = item
    # RSS takes the channel <link> from the last link added: the site's page, added last.
    fg.link(href=feed.home or site_url, rel="alternate", type="text/html")
    return fg


def _atom_author(author: Author) -> dict[str, str]:
    return {"name": author.name, **({"uri": author.url} if author.url else {})}


def _json_authors(authors) -> list[dict[str, str]]:
    return [{"name": a.name, **({"url": a.url} if a.url else {})} for a in authors]


def _description(text: str, fmt: str) -> str:
    """Plain text for an item's description: RSS readers treat an item's ``<description>`` as HTML (once the
    XML is read), so the text is escaped as HTML first; Atom's ``summary`` is a text construct."""
    return html.escape(text, quote=False) if fmt == "rss" else text


def rss(feed: Feed, site_url: str) -> bytes:
    return _generator(feed, site_url, "rss").rss_str(pretty=True)


def atom(feed: Feed, site_url: str) -> bytes:
    return _generator(feed, site_url, "atom").atom_str(pretty=True)


def json_feed(feed: Feed, site_url: str) -> bytes:
    data: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "description": feed.description,
        "home_page_url": feed.home or site_url,
        "feed_url": feed.url(site_url, "json"),
        "language": "zh-CN",
        **({"authors": _json_authors([feed.author])} if feed.author else {}),
        "_gongshi": {"about": f"{site_url}feeds/", "namespace": NS},
        "items": [],
    }
    for item in feed.items:
        entry: dict[str, Any] = {
            "id": item.id,
            "url": item.url,
            "title": item.title,
            "summary": item.summary,
            "content_html": item.content_html,
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "tags": list(item.categories),
        }
        if item.authors:
            entry["authors"] = _json_authors(item.authors)
        if item.enclosure:
            enc = item.enclosure
            entry["attachments"] = [{"url": enc.url, "mime_type": enc.type, "size_in_bytes": enc.length,
                                     **({"title": enc.title} if enc.title else {})}]
            if enc.type.startswith("image/"):
                entry["image"] = enc.url
        if item.structured is not None:
            entry["_gongshi"] = item.structured
        data["items"].append(entry)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def key(feed: Feed, site_url: str) -> str:
    """The cache key of a feed's files: everything they are written from."""
    return cache.key(site_url, repr(replace(feed, items=())),
                     *(f"{replace(item, content_html='')!r}\0{item.content_html}" for item in feed.items))


def retained(updated: datetime, now: datetime, retention_days: int) -> bool:
    """Items stay in the feed until ``retention_days`` after their last change."""
    return now - updated <= timedelta(days=retention_days)
