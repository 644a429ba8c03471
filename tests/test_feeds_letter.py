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
