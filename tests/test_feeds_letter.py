"""Feeds to the letter: RFC 4287 (Atom), RSS 2.0, JSON Feed 1.1 and RFC 3339, checked on the parsed files.

Each test names the item of the outside audit it answers. Nothing here greps: XML is read with lxml,
HTML inside feeds with an HTML parser, JSON with json.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import REPO
from generator import feeds
from generator.build import build_site
from generator.config import load_config
from generator.content import Content, Story
from generator.dates import TZ, parse_now
from generator.errors import Problems
from generator.pages import stories_feed

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM = "{" + ATOM_NS + "}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
SITE = "https://gongshi.example.org/"
ALL_FEEDS = ["feeds/notices", "feeds/campaigns/2026-model-workers", "feeds/stories"]
#: RFC 3339 date-time (§5.6), with the 'T' separator
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def xml(path: Path) -> etree._Element:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()


def alternate(entry: etree._Element) -> str:
    """An Atom entry's page (RFC 4287 §4.2.7.2: a link without rel is rel="alternate")."""
    return next(link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel", "alternate") == "alternate")


def text_of(html: str) -> str:
    """What a CMS that strips tags keeps of an HTML fragment."""
    return BeautifulSoup(html, "html.parser").get_text()


def _story(body: str, **fields) -> Story:
    values = dict(slug="hostile", src_uri="stories/posts/hostile.md", date=date(2026, 11, 19), title="报道",
                  description="摘要", authors=("qinglan-press",), body=body)
    values.update(fields)
    return Story(**values)


def _config():
    problems = Problems()
    config = load_config(REPO / "site_config.yml", problems)
    assert not problems.errors
    return config


# ---- item 5: feeds carry the sanitised HTML of the pages; RSS descriptions are text -------------------

def test_item5_story_feeds_get_the_sanitised_html_with_absolute_links():
    story = _story("[a](java&#115;cript:alert(1)) [b](javascript:alert(2)) [c](../../help.md) [d](#part)\n")
    files = feeds.write_all(stories_feed(Content({}, (story,)), _config(), {}), SITE)
    rss = etree.fromstring(files["feeds/stories.xml"])
    atom = etree.fromstring(files["feeds/stories.atom"])
    data = json.loads(files["feeds/stories.json"])
    bodies = [rss.findtext(f"channel/item/{CONTENT}"), atom.findtext(f"{ATOM}entry/{ATOM}content"),
              data["items"][0]["content_html"]]
    for body in bodies:
        links = BeautifulSoup(body, "html.parser").find_all("a")
        assert [a.get_text() for a in links] == ["a", "b", "c", "d"]
        assert [a.get("href") for a in links] == [None, None, f"{SITE}help/", f"{SITE}stories/hostile/#part"]


def test_item5_rss_description_is_text_no_reader_takes_for_markup():
    day = datetime(2026, 11, 20, tzinfo=TZ)
    summary = "<script>alert(1)</script>发布单位 & <b>x</b>"
    item = feeds.FeedItem("tag:x.example,2026-01-01:notice/a", "标题", f"{SITE}a/", day, day, summary, "<p>正文</p>")
    feed = feeds.Feed("feeds/notices", "tag:x.example,2026-01-01:feed/notices", "全部公示",
                      "<i>说明</i>", (item,))
    channel = etree.fromstring(feeds.rss(feed, SITE)).find("channel")
    for description, expected in ((channel.findtext("item/description"), summary),
                                  (channel.findtext("description"), "<i>说明</i>")):
        html = BeautifulSoup(description, "html.parser")  # what a reader does with a description
        assert html.find() is None  # no element at all: the text came out as text
        assert html.get_text() == expected
    atom = etree.fromstring(feeds.atom(feed, SITE))
    assert atom.findtext(f"{ATOM}entry/{ATOM}summary") == summary  # type text: escaped once, by XML


# ---- item 11: atom:author on every entry (or the feed); the stories' bylines in all three formats -------

def _bylines() -> dict[str, str]:
    import yaml

    data = yaml.safe_load((REPO / "content/stories/.authors.yml").read_text(encoding="utf-8"))
    return {key: value["name"] for key, value in data["authors"].items()}


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_item11_every_atom_entry_has_an_author(demo, path):
    root = xml(demo / f"{path}.atom")
    feed_authors = [a.findtext(f"{ATOM}name") for a in root.findall(f"{ATOM}author")]
    assert feed_authors == ["青澜市总工会 · 评选表彰公示"]  # RFC 4287 §4.2.1: atom:name is required
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        names = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")]
        assert names and all(names), entry.findtext(f"{ATOM}id")


def test_item11_story_bylines_in_rss_atom_and_json(demo):
    from generator.loader import load_site

    stories = {s.slug: s for s in load_site(REPO / "site_config.yml").content.stories}
    bylines = _bylines()
    expected = {f"{SITE}stories/{slug}/": [bylines[a] for a in s.authors] for slug, s in stories.items()}
    atom = xml(demo / "feeds/stories.atom")
    assert {alternate(e):
            [a.findtext(f"{ATOM}name") for a in e.findall(f"{ATOM}author")]
            for e in atom.findall(f"{ATOM}entry")} == expected
    rss = xml(demo / "feeds/stories.xml")
    assert {i.findtext("link"): [c.text for c in i.findall("{http://purl.org/dc/elements/1.1/}creator")]
            for i in rss.iter("item")} == expected
    assert all(i.find("author") is None for i in rss.iter("item"))  # RSS author is an e-mail address only
    data = json.loads((demo / "feeds/stories.json").read_text())
    assert {i["url"]: [a["name"] for a in i["authors"]] for i in data["items"]} == expected
    assert data["authors"] == [{"name": "青澜市总工会 · 评选表彰公示", "url": SITE}]


def test_item11_notice_entries_are_written_by_their_issuer(demo, records):
    atom = xml(demo / "feeds/notices.atom")
    for entry in atom.findall(f"{ATOM}entry"):
        notice = records.notices[entry.findtext(f"{ATOM}id").rsplit("/", 1)[1]]
        assert [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")] == [notice.issuer]
    data = json.loads((demo / "feeds/notices.json").read_text())
    for item in data["items"]:
        assert item["authors"] == [{"name": records.notices[item["_gongshi"]["id"]].issuer}]
