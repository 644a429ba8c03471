"""Feeds, parsed: RSS 2.0 and Atom (RFC 4287) rules, JSON Feed 1.1, stable ids, updates, reprinting."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import REPO
from generator.site import feeds
from generator.engines import build_site
from generator.cli import main
from generator.base.dates import TZ, parse_now
from generator.records.loader import load_site

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
GS = "{" + feeds.NS + "}"
SITE = "https://gongshi.example.org/"
from conftest import DEMO_NOW as NOW
FEED_PATHS = ["feeds/notices", "feeds/campaigns/2026-model-workers"]


def absolute(url: str) -> bool:
    return url.startswith(SITE) or url.startswith("mailto:")


@pytest.mark.parametrize("path", FEED_PATHS)
def test_rss_2_0_rules(demo, path, records):
    root = ET.parse(demo / f"{path}.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert channel.findtext("link") == SITE
    assert channel.findtext("language") == "zh-CN"
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{SITE}{path}.xml"
    items = channel.findall("item")
    assert len(items) == len(records.notices)  # every notice is published and within retention
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == len(guids)
    dates = []
    for item in items:
        assert item.find("guid").get("isPermaLink") == "false"
        assert re.fullmatch(r"tag:gongshi\.example\.org,2026-01-01:notice/[a-z0-9-]+", item.findtext("guid"))
        assert absolute(item.findtext("link"))
        pub = item.findtext("pubDate")
        assert re.search(r"[+-]\d{4}$", pub), pub  # RFC 822 with a numeric zone
        dates.append(parsedate_to_datetime(pub))
        assert item.findtext("title") and item.findtext("description")
        html = BeautifulSoup(item.findtext(CONTENT), "html.parser")
        assert all(absolute(a["href"]) for a in html.find_all("a"))
    last_build = parsedate_to_datetime(channel.findtext("lastBuildDate"))
    assert last_build.utcoffset().total_seconds() == 8 * 3600
    assert last_build >= max(dates)  # the newest change (updated), never the build's clock


@pytest.mark.parametrize("path", FEED_PATHS)
def test_atom_rfc_4287_rules(demo, path, records):
    root = ET.parse(demo / f"{path}.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}{path}.atom"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) == len(records.notices)
    updated = []
    for entry in entries:
        for required in ("id", "title", "updated", "published"):
            assert entry.findtext(f"{ATOM}{required}"), required
        stamp = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert stamp.utcoffset().total_seconds() == 8 * 3600
        updated.append(stamp)
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE)
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.find(f"{ATOM}category") is not None
    assert updated == sorted(updated, reverse=True)  # newest change first
    assert datetime.fromisoformat(root.findtext(f"{ATOM}updated")) == max(updated)


@pytest.mark.parametrize("path", FEED_PATHS)
def test_json_feed_1_1(demo, path, records):
    data = json.loads((demo / f"{path}.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] and data["feed_url"] == f"{SITE}{path}.json" and data["home_page_url"] == SITE
    assert data["language"] == "zh-CN"
    ids = [i["id"] for i in data["items"]]
    assert len(set(ids)) == len(ids) == len(records.notices)
    for item in data["items"]:
        assert item["content_html"] and item["url"].startswith(SITE)
        datetime.fromisoformat(item["date_published"])
        assert item["date_modified"].endswith("+08:00")
        assert item["_gongshi"]["deadline"].endswith("+08:00")


def test_structured_fields_in_rss_atom_and_json_agree(demo, records):
    notice = records.notices["2026-landong-district"]
    rss = ET.parse(demo / "feeds/notices.xml").getroot()
    item = next(i for i in rss.iter("item") if i.findtext("guid").endswith("/2026-landong-district"))
    gs = item.find(f"{GS}notice")
    assert gs.findtext(f"{GS}start") == "2026-09-28" and gs.findtext(f"{GS}end") == "2026-10-12"
    assert gs.findtext(f"{GS}deadline") == "2026-10-12T17:30:00+08:00"
    assert gs.findtext(f"{GS}issuer") == notice.issuer
    assert gs.findtext(f"{GS}documentNumber") == notice.document_number
    assert gs.findtext(f"{GS}status") == "outcome"
    channel = gs.find(f"{GS}channel")
    assert channel.findtext(f"{GS}office") == notice.channels[0].office
    assert [p.text for p in channel.findall(f"{GS}phone")] == ["12351"]  # the contact's phone is with its name
    assert channel.findtext(f"{GS}contact/{GS}phone") == "0000-8234501"
    data = json.loads((demo / "feeds/notices.json").read_text())
    entry = next(i for i in data["items"] if i["id"].endswith("/2026-landong-district"))
    assert entry["_gongshi"]["channels"][0]["phones"] == ["12351"]
    assert entry["_gongshi"]["channels"][0]["contacts"][0]["phone"] == "0000-8234501"
    assert entry["_gongshi"]["start"] == gs.findtext(f"{GS}start")


def test_a_newspaper_can_reprint_from_the_feed_alone(demo, records):
    """Every nominee's name, unit and position, the period and every channel of the page are in the item."""
    rss = ET.parse(demo / "feeds/notices.xml").getroot()
    for item in rss.iter("item"):
        notice_id = item.findtext("guid").rsplit("/", 1)[1]
        notice = records.notices[notice_id]
        text = BeautifulSoup(item.findtext(CONTENT), "html.parser").get_text()
        for nominee in notice.nominees:
            assert nominee.name in text
            assert nominee.brief_deeds in text
            for value in (nominee.unit, nominee.position):
                if value:
                    assert value in text, (notice_id, nominee.id, value)
        assert "2026年" in text and "至" in text and "反映情况截止" in text
        page = BeautifulSoup((demo / f"notices/{notice_id}/index.html").read_text(), "html.parser")
        page_channels = page.select_one("#channels").get_text()
        for ch in notice.channels:
            values = [ch.office, ch.fax, ch.email, ch.address, ch.postcode, *ch.phones,
                      *(c.name for c in ch.contacts), *(c.phone for c in ch.contacts if c.phone)]
            if ch.in_person:
                values += [ch.in_person.address, ch.in_person.hours]
            for value in filter(None, values):
                assert value in page_channels, (notice_id, value)  # what the page shows ...
                assert value in text, (notice_id, value)  # ... the feed carries


def test_every_page_links_the_feeds(demo):
    for path in ["index.html", "notices/2026-city-recommend/index.html", "help/index.html"]:
        html = BeautifulSoup((demo / path).read_text(), "html.parser")
        links = {(l["type"], l["href"]) for l in html.find_all("link", rel="alternate")}
        assert ("application/rss+xml", f"{SITE}feeds/notices.xml") in links
        assert ("application/atom+xml", f"{SITE}feeds/notices.atom") in links
        assert ("application/feed+json", f"{SITE}feeds/notices.json") in links
    notice = BeautifulSoup((demo / "notices/2026-city-recommend/index.html").read_text(), "html.parser")
    hrefs = {l["href"] for l in notice.find_all("link", rel="alternate")}
    assert f"{SITE}feeds/campaigns/2026-model-workers.atom" in hrefs
    page = BeautifulSoup((demo / "feeds/index.html").read_text(), "html.parser")
    links = {a["href"]: a.get_text() for a in page.find_all("a")}
    assert links["notices.xml"] == f"{SITE}feeds/notices.xml"  # relative link, absolute address shown
    assert feeds.NS in page.get_text()


def _build(config, out, now=NOW):
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", now])
    assert result.exit_code == 0, result.output


def test_correction_updates_the_same_item_and_loses_nothing(site, tmp_path):
    config = site.make()
    out = tmp_path / "out"
    _build(config, out, "2024-09-24T12:00:00+08:00")
    before = ET.parse(out / "feeds/notices.atom").getroot()
    notice = (site.root / "notices/notice.yml").read_text()
    site.write("notices/notice.yml", notice + "  corrections:\n    - date: 2024-09-25\n      action: amended\n"
               "      nominee: zhang-san\n      text: 张三的职务更正为高级技术员。\n")
    site.write("notices/second.yml", notice.replace("id: test-notice", "id: second-notice")
               .replace("999999199001010014", "999999199001010022").replace("name: 张三", "name: 李四"))
    _build(config, out, "2024-09-25T12:00:00+08:00")
    after = ET.parse(out / "feeds/notices.atom").getroot()
    ids_before = [e.findtext(f"{ATOM}id") for e in before.findall(f"{ATOM}entry")]
    entries = {e.findtext(f"{ATOM}id"): e for e in after.findall(f"{ATOM}entry")}
    assert set(ids_before) <= set(entries)  # nothing lost
    assert len(entries) == 2
    item = entries[ids_before[0]]
    assert item.findtext(f"{ATOM}updated") == "2024-09-25T00:00:00+08:00"
    assert item.findtext(f"{ATOM}published") == "2024-09-23T00:00:00+08:00"
    content = item.findtext(f"{ATOM}content")
    assert content.index("【2024年9月25日 更新】") < content.index("公示期")  # the note comes first
    assert "张三的职务更正为高级技术员。" in content


def test_items_stay_for_the_retention_period(site, tmp_path):
    config = site.make()
    out = tmp_path / "out"
    _build(config, out, "2025-09-26T12:00:00+08:00")  # 364 days after the deadline
    assert len(ET.parse(out / "feeds/notices.atom").getroot().findall(f"{ATOM}entry")) == 1
    _build(config, out, "2025-09-29T12:00:00+08:00")  # past 365 days
    assert ET.parse(out / "feeds/notices.atom").getroot().findall(f"{ATOM}entry") == []


def test_a_feed_holds_the_most_recently_changed_items(site, tmp_path):
    from conftest import NOMINEE, NOTICE

    earlier = NOTICE.format(nominees=NOMINEE) + "  published: 2024-09-20\n"
    config = site.make(notice=earlier, extra_config="        max_items: 1")
    later = (NOTICE.format(nominees=NOMINEE).replace("test-notice", "later-notice")
             .replace("999999199001010014", "999999199001010022").replace("name: 张三", "name: 李四")
             .replace("start: 2024-09-23", "start: 2024-09-24").replace("end: 2024-09-27", "end: 2024-09-30"))
    # published and opened on 2024-09-24, after the earlier notice opened (2024-09-23 00:00)
    site.write("notices/later.yml", later)
    out = tmp_path / "out"
    _build(config, out, "2024-09-24T12:00:00+08:00")
    for path in ("feeds/notices", "feeds/campaigns/test-campaign"):
        entries = ET.parse(out / f"{path}.atom").getroot().findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}id") for e in entries] == ["tag:test.example.org,2024-01-01:notice/later-notice"]
        assert len(json.loads((out / f"{path}.json").read_text())["items"]) == 1
        assert len(ET.parse(out / f"{path}.xml").getroot().findall("channel/item")) == 1
    # a correction makes the older notice the most recently changed one
    site.write("notices/notice.yml", (site.root / "notices/notice.yml").read_text() + (
        "  corrections:\n    - date: 2024-09-25\n      action: amended\n      nominee: zhang-san\n"
        "      text: 张三的职务更正为高级技术员。\n"))
    _build(config, out, "2024-09-25T12:00:00+08:00")
    entries = ET.parse(out / "feeds/notices.atom").getroot().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == ["tag:test.example.org,2024-01-01:notice/test-notice"]
    page = BeautifulSoup((out / "feeds/index.html").read_text(), "html.parser").get_text()
    assert "只保留最近变更的 1 条" in page


def test_max_items_below_one_is_an_error_with_its_line(site):
    config = site.make(extra_config="        max_items: 0")
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code != 0
    assert "site_config.yml:13: plugins › gongshi › feeds › max_items: 0 is not a number" in result.stderr


def test_same_input_gives_byte_identical_feeds(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build_site(REPO / "site_config.yml", one, parse_now(NOW))
    build_site(REPO / "site_config.yml", two, parse_now(NOW))
    for path in FEED_PATHS:
        for ext in ("xml", "atom", "json"):
            assert (one / f"{path}.{ext}").read_bytes() == (two / f"{path}.{ext}").read_bytes()


# ---- feedgen pitfalls, on a feed made directly ----------------------------------------------

def _item(n: int, enclosure: feeds.Enclosure | None = None) -> feeds.FeedItem:
    day = datetime(2024, 10, n, tzinfo=TZ)
    return feeds.FeedItem(id=f"tag:x.example,2024-01-01:story/{n}", title=f"第{n}篇", url=f"{SITE}s/{n}/",
                          published=day, updated=day, summary="摘要", content_html="<p>正文</p>",
                          enclosure=enclosure)


def test_feedgen_pitfalls_are_handled():
    cover = feeds.Enclosure(f"{SITE}images/cover.jpg", "image/jpeg", 12345)
    feed = feeds.Feed("feeds/stories", "tag:x.example,2024-01-01:feed/stories", "报道", "报道",
                      (_item(3, cover), _item(2), _item(1)))
    atom = ET.fromstring(feeds.atom(feed, SITE))
    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["第3篇", "第2篇", "第1篇"]  # appended, not prepended
    enclosure = entries[0].find(f"{ATOM}link[@rel='enclosure']")
    assert (enclosure.get("href"), enclosure.get("type"), enclosure.get("length")) == (
        cover.url, "image/jpeg", "12345")
    assert atom.findtext(f"{ATOM}updated") == "2024-10-03T00:00:00+08:00"  # newest item, not now
    rss = ET.fromstring(feeds.rss(feed, SITE))
    channel = rss.find("channel")
    assert channel.findtext("link") == SITE  # not the self link added first
    assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == datetime(2024, 10, 3, tzinfo=TZ)
    enc = channel.find("item").find("enclosure")
    assert (enc.get("url"), enc.get("type"), enc.get("length")) == (cover.url, "image/jpeg", "12345")
    data = json.loads(feeds.json_feed(feed, SITE))
    assert data["items"][0]["attachments"] == [{"url": cover.url, "mime_type": "image/jpeg", "size_in_bytes": 12345}]


def test_naive_datetimes_are_refused():
    naive = feeds.FeedItem(id="tag:x,2024:a", title="t", url=SITE, published=datetime(2024, 1, 1),
                           updated=datetime(2024, 1, 1), summary="s", content_html="c")
    with pytest.raises(ValueError):
        feeds.atom(feeds.Feed("f", "tag:x,2024:f", "t", "d", (naive,)), SITE)


def test_a_notice_is_not_public_before_its_published_day(site, tmp_path):
    notice = (site.root / "notices/notice.yml")
    config = site.make()
    notice.write_text(notice.read_text().replace("  start: 2024-09-23\n", "  published: 2024-09-20\n  start: 2024-09-23\n"))
    out = tmp_path / "out"
    _build(config, out, "2024-09-19T23:59:00+08:00")
    assert not (out / "notices/test-notice").exists()
    assert ET.parse(out / "feeds/notices.atom").getroot().findall(f"{ATOM}entry") == []
    _build(config, out, "2024-09-20T00:00:00+08:00")
    assert (out / "notices/test-notice/index.html").is_file()
    assert len(ET.parse(out / "feeds/notices.atom").getroot().findall(f"{ATOM}entry")) == 1


def test_feed_tag_date_is_required(site):
    config = site.make()
    config.write_text(config.read_text().replace("      feeds:\n        tag_date: 2024-01-01\n", ""))
    problems = [str(p) for p in load_site(config).problems.sorted()]
    assert problems == ["site_config.yml:10: plugins.gongshi.feeds: required field is missing; add `feeds:` "
                        "(news feeds)"]


def test_a_feed_is_written_again_when_anything_it_shows_changes():
    """Feeds are kept in the cache by this key: every field of the feed and of each item is in it."""
    from dataclasses import replace

    day = datetime(2026, 11, 20, tzinfo=TZ)
    item = feeds.FeedItem("tag:x,2026:1", "标题", "https://x/1/", day, day, "摘要", "<p>正文</p>",
                          structured={"status": "open"})
    feed = feeds.Feed("feeds/notices", "tag:x,2026:feed", "全部公示", "说明", (item,))
    key = feeds.key(feed, "https://x/")
    assert feeds.key(replace(feed, items=(replace(item),)), "https://x/") == key  # equal inputs, equal key
    changed = [replace(feed, title="别的"), replace(feed, items=()),
               replace(feed, items=(replace(item, content_html="<p>正文。</p>"),)),
               replace(feed, items=(replace(item, structured={"status": "closed"}),)),
               replace(feed, items=(replace(item, updated=datetime(2026, 11, 21, tzinfo=TZ)),))]
    keys = [feeds.key(f, "https://x/") for f in changed] + [feeds.key(feed, "https://y/")]
    assert len(set(keys + [key])) == len(keys) + 1
