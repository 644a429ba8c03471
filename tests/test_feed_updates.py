"""Feeds that say what changed: a feed reader (the ``reader`` library, which keys entries on their id and
takes an entry as updated when its ``updated`` or its content changes) sees each correction of a notice,
two on one day included, as an update of the same entry, dated from the publication ledger; the notice
opening, closing and getting its outcome update the entry too, each with a dated note."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

from bs4 import BeautifulSoup
from click.testing import CliRunner
import pytest
from reader import make_reader

from generator.cli import main

TZ = timezone(timedelta(hours=8))
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ID = "tag:test.example.org,2024-01-01:notice/test-notice"
FIRST = datetime(2024, 9, 23, 9, 0, tzinfo=TZ)  # the day the notice is published and opens
MORNING = datetime(2024, 9, 24, 10, 30, tzinfo=TZ)
AFTERNOON = datetime(2024, 9, 24, 15, 45, tzinfo=TZ)
FIRST_NOTE = ("【2024年9月24日 10:30 更新】更正：张三同志的职务更正为高级技术员。"
              "本次改动：张三 · 职务：技术员→高级技术员（详见该版本页面）。")
SECOND_NOTE = ("【2024年9月24日 15:45 更新】更正：张三同志的工作单位更正为示例集团公司。"
               "本次改动：张三 · 工作单位：示例公司→示例集团公司（详见该版本页面）。")


@pytest.fixture(autouse=True)
def installed_feedparser(monkeypatch):
    """reader parses with the feedparser it depends on (its own older copy needs ``sgmllib``, which the
    feedparser of the lock replaced by ``feedparser-sgmllib``); it imports its parser on the first update."""
    monkeypatch.setenv("READER_NO_VENDORED_FEEDPARSER", "1")


def publish(config, at: datetime) -> None:
    result = CliRunner().invoke(main, ["build", "-f", str(config)], env={"SOURCE_DATE_EPOCH": str(int(at.timestamp()))})
    assert result.exit_code == 0, result.output


def correct(site, old: str, new: str, text: str) -> None:
    """Change a field of zhang-san and add the correction that covers it, dated 2024-09-24."""
    path = site.root / "notices/notice.yml"
    body = path.read_text(encoding="utf-8")
    assert old in body
    body = body.replace(old, new, 1)
    if "  corrections:\n" not in body:
        body += "  corrections:\n"
    path.write_text(body + f"    - date: 2024-09-24\n      action: amended\n      nominee: zhang-san\n      text: {text}\n",
                    encoding="utf-8")


def notes(html: str) -> list[str]:
    return [" ".join(p.get_text().split()) for p in BeautifulSoup(html, "html.parser").select(".gongshi-changes p")]


def rss_item(site) -> ET.Element:
    items = ET.parse(site.root / "site/feeds/notices.xml").getroot().findall("channel/item")
    assert [i.findtext("guid") for i in items] == [ID]
    return items[0]


def dates_everywhere(site) -> dict[str, tuple[str, str]]:
    """The item's (published, updated) in each format, as written."""
    out = site.root / "site/feeds/notices"
    rss = rss_item(site)
    atom = ET.parse(f"{out}.atom").getroot().find(f"{ATOM}entry")
    item = json.loads(open(f"{out}.json", encoding="utf-8").read())["items"][0]
    assert atom.findtext(f"{ATOM}id") == item["id"] == ID
    return {"rss": (rss.findtext("pubDate"), rss.findtext(f"{ATOM}updated")),
            "atom": (atom.findtext(f"{ATOM}published"), atom.findtext(f"{ATOM}updated")),
            "json": (item["date_published"], item["date_modified"])}


def test_a_reader_sees_each_of_two_corrections_on_one_day_as_an_update(site, tmp_path):
    config = site.make()
    publish(config, FIRST)
    feed = str(site.root / "site/feeds/notices.xml")
    with make_reader(str(tmp_path / "reader.sqlite"), feed_root="") as reader:
        reader.add_feed(feed)
        first = reader.update_feed(feed)
        assert (first.new, first.modified) == (1, 0)
        assert reader.get_entry((feed, ID)).updated == FIRST
        assert dates_everywhere(site) == {
            "rss": ("Mon, 23 Sep 2024 09:00:00 +0800", "2024-09-23T09:00:00+08:00"),
            "atom": ("2024-09-23T09:00:00+08:00", "2024-09-23T09:00:00+08:00"),
            "json": ("2024-09-23T09:00:00+08:00", "2024-09-23T09:00:00+08:00")}
        assert notes(rss_item(site).findtext(CONTENT)) == []

        publish(config, FIRST + timedelta(minutes=30))  # nothing changed: the entry stays as it was
        same = reader.update_feed(feed)
        assert (same.new, same.modified, same.unmodified) == (0, 0, 1)

        correct(site, "position: 技术员", "position: 高级技术员", "张三同志的职务更正为高级技术员。")
        publish(config, MORNING)
        morning = reader.update_feed(feed)
        assert (morning.new, morning.modified) == (0, 1)
        assert reader.get_entry((feed, ID)).updated == MORNING
        assert dates_everywhere(site)["atom"] == ("2024-09-23T09:00:00+08:00", "2024-09-24T10:30:00+08:00")

        correct(site, "unit: 示例公司", "unit: 示例集团公司", "张三同志的工作单位更正为示例集团公司。")
        publish(config, AFTERNOON)
        afternoon = reader.update_feed(feed)
        assert (afternoon.new, afternoon.modified) == (0, 1)
        entry = reader.get_entry((feed, ID))
        assert entry.updated == AFTERNOON
        assert [e.id for e in reader.get_entries()] == [ID]  # the same entry, never a second one
        assert notes(entry.content[0].value) == [SECOND_NOTE, FIRST_NOTE]
    assert dates_everywhere(site) == {
        "rss": ("Mon, 23 Sep 2024 09:00:00 +0800", "2024-09-24T15:45:00+08:00"),
        "atom": ("2024-09-23T09:00:00+08:00", "2024-09-24T15:45:00+08:00"),
        "json": ("2024-09-23T09:00:00+08:00", "2024-09-24T15:45:00+08:00")}
    item = json.loads((site.root / "site/feeds/notices.json").read_text(encoding="utf-8"))["items"][0]
    assert notes(item["content_html"]) == [SECOND_NOTE, FIRST_NOTE]


def test_opening_closing_and_the_outcome_update_the_item_with_a_dated_note(site, tmp_path):
    from conftest import NOMINEE, NOTICE

    config = site.make(notice=NOTICE.format(nominees=NOMINEE) + "  published: 2024-09-20\n")
    publish(config, datetime(2024, 9, 20, 9, 0, tzinfo=TZ))  # published while upcoming
    feed = str(site.root / "site/feeds/notices.xml")
    with make_reader(str(tmp_path / "reader.sqlite"), feed_root="") as reader:
        reader.add_feed(feed)
        reader.update_feed(feed)
        steps = [(datetime(2024, 9, 23, 8, 0, tzinfo=TZ), "2024-09-23T00:00:00+08:00",
                  ["【2024年9月23日 00:00 更新】公示开始。"]),
                 (datetime(2024, 9, 28, 8, 0, tzinfo=TZ), "2024-09-28T00:00:00+08:00",
                  ["【2024年9月28日 00:00 更新】反映情况截止，公示期已结束。", "【2024年9月23日 00:00 更新】公示开始。"])]
        for at, updated, expected in steps:
            publish(config, at)
            result = reader.update_feed(feed)
            assert (result.new, result.modified) == (0, 1)
            assert reader.get_entry((feed, ID)).updated == datetime.fromisoformat(updated)
            assert rss_item(site).findtext(f"{ATOM}updated") == updated
            assert notes(rss_item(site).findtext(CONTENT)) == expected
        path = site.root / "notices/notice.yml"
        path.write_text(path.read_text(encoding="utf-8") + "  outcome:\n    date: 2024-09-30\n"
                        "    result: no-objection\n", encoding="utf-8")
        publish(config, datetime(2024, 9, 30, 10, 15, tzinfo=TZ))
        result = reader.update_feed(feed)
        assert (result.new, result.modified) == (0, 1)
        assert reader.get_entry((feed, ID)).updated == datetime(2024, 9, 30, 10, 15, tzinfo=TZ)
    assert dates_everywhere(site)["json"] == ("2024-09-20T09:00:00+08:00", "2024-09-30T10:15:00+08:00")
    assert notes(rss_item(site).findtext(CONTENT)) == [
        "【2024年9月30日 10:15 更新】公示结果：公示无异议。", "【2024年9月28日 00:00 更新】反映情况截止，公示期已结束。",
        "【2024年9月23日 00:00 更新】公示开始。"]
