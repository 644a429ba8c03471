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
from generator.site import feed_files, feeds
from generator.engines import build_site
from generator.records.config import load_config
from generator.records.content import Content, Story
from generator.base.dates import TZ, parse_now
from generator.base.errors import Problems
from generator.site.feed_items import stories_feed
from generator.site.render import Renderer

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
    content = Content({}, (story,))
    files = feed_files.write_all(stories_feed(content, Renderer(_config(), {}, content)), SITE)
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
    item = feeds.FeedItem("tag:x.example,2026-01-01:notice/a", "<b>标题</b>", f"{SITE}a/", day, day, summary,
                          "<p>正文</p>")
    feed = feeds.Feed("feeds/notices", "tag:x.example,2026-01-01:feed/notices", "全部公示",
                      "<i>说明</i>", (item,))
    channel = etree.fromstring(feeds.rss(feed, SITE)).find("channel")
    description = BeautifulSoup(channel.findtext("item/description"), "html.parser")  # what a reader does
    assert description.find() is None  # no element at all: the text came out as text
    assert description.get_text() == summary
    assert channel.findtext("description") == "<i>说明</i>"  # the channel's description is plain text
    assert channel.findtext("item/title") == "<b>标题</b>"  # so is a title
    atom = etree.fromstring(feeds.atom(feed, SITE))
    entry = atom.find(f"{ATOM}entry")
    for element, text in ((entry.find(f"{ATOM}summary"), summary), (entry.find(f"{ATOM}title"), "<b>标题</b>"),
                          (atom.find(f"{ATOM}subtitle"), "<i>说明</i>")):
        # RFC 4287 §3.1: text that looks like markup is declared as escaped HTML, which reads as that text
        assert element.get("type") == "html"
        html = BeautifulSoup(element.text, "html.parser")
        assert html.find() is None and html.get_text() == text
    assert atom.find(f"{ATOM}title").get("type") is None  # plain text stays a plain text construct


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
    from generator.records.loader import load_site

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


# ---- item 12: the item shows what the page shows -------------------------------------------------------

def _contents(demo: Path, path: str) -> dict[str, list[str]]:
    """The HTML content of each item in the three formats, by the item's page address."""
    out: dict[str, list[str]] = {}
    for item in xml(demo / f"{path}.xml").iter("item"):
        out.setdefault(item.findtext("link"), []).append(item.findtext(CONTENT))
    for entry in xml(demo / f"{path}.atom").findall(f"{ATOM}entry"):
        out.setdefault(alternate(entry), []).append(entry.findtext(f"{ATOM}content"))
    for item in json.loads((demo / f"{path}.json").read_text())["items"]:
        out.setdefault(item["url"], []).append(item["content_html"])
    assert all(len(bodies) == 3 for bodies in out.values())
    return out


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def test_item12_notice_items_show_what_the_notice_page_shows(demo, records):
    checked = {"roles": 0, "rules": 0, "marks": 0, "photos": 0}
    for url, bodies in _contents(demo, "feeds/notices").items():
        page = BeautifulSoup((demo / url.removeprefix(SITE) / "index.html").read_text(), "html.parser")
        lines = [_squeeze(li.get_text()) for li in page.select("#channels li")]
        marks = [(_squeeze(li.select_one("h4 a").get_text()), _squeeze(li.select_one(".gs-change").get_text()))
                 for li in page.select("li.gs-nominee") if li.select_one(".gs-change")]
        photos = [img["alt"] for img in page.select("li.gs-nominee .gs-thumb img")]
        for body in bodies:
            html = BeautifulSoup(body, "html.parser")
            text = _squeeze(html.get_text())
            for line in lines:  # contacts with their roles, every channel, the rules (anonymous objections …)
                assert line in text, (url, line)
            for name, mark in marks:  # 已撤销推荐, 递补, 信息已更正 …
                assert f"{name}（{mark}）" in text, (url, name, mark)
            images = {img["alt"]: img["src"] for img in html.find_all("img")}
            assert sorted(images) == sorted(photos)
            for src in images.values():
                assert src.startswith(SITE) and (demo / src.removeprefix(SITE)).is_file()
        checked["roles"] += sum("（劳动和经济工作部）" in line for line in lines)
        checked["rules"] += sum("匿名反映不予受理" in line for line in lines)
        checked["marks"] += sum(mark == "信息已更正" for _name, mark in marks)
        checked["photos"] += len(photos)
    assert all(checked.values()), checked  # the demo has each of them


def test_item12_story_covers_keep_their_alt_text_in_every_format(demo):
    from generator.records.loader import load_site

    stories = {f"{SITE}{s.url}": s for s in load_site(REPO / "site_config.yml").content.stories}
    covers = {url: s.cover_alt for url, s in stories.items() if s.cover}
    assert covers
    for url, bodies in _contents(demo, "feeds/stories").items():
        for body in bodies:
            images = BeautifulSoup(body, "html.parser").find_all("img")
            assert [img["alt"] for img in images] == [covers[url]]
            assert (demo / images[0]["src"].removeprefix(SITE)).is_file()
    for entry in xml(demo / "feeds/stories.atom").findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link[@rel='enclosure']").get("title") == covers[alternate(entry)]
    for item in json.loads((demo / "feeds/stories.json").read_text())["items"]:
        assert item["attachments"][0]["title"] == covers[item["url"]]
        assert item["image"] == item["attachments"][0]["url"]


# ---- item 13: every change labelled by its action ----------------------------------------------------------

def _notes(body: str) -> list[str]:
    return [_squeeze(p.get_text()) for p in BeautifulSoup(body, "html.parser").select(".gongshi-changes p")]


def test_item13_changes_are_labelled_by_their_action(demo):
    bodies = _contents(demo, "feeds/notices")
    hechuan = bodies[f"{SITE}notices/2026-hechuan-district/"]
    landong = bodies[f"{SITE}notices/2026-landong-district/"]
    for body in hechuan:
        assert _notes(body) == [
            "【2026年11月9日 17:00 更新】反映情况截止，公示期已结束。",
            "【2026年11月5日 09:30 更新】更正：于海峰同志的职务原公示为“安全生产执法大队大队长”，经推荐单位核对，应为“安全生产执法大队副大队长”，"
            "现予更正，其他公示内容不变。本次改动：于海峰 · 职务：安全生产执法大队大队长→安全生产执法大队副大队长（详见该版本页面）。"]
    for body in landong:
        assert _notes(body) == [
            "【2026年10月14日 09:00 更新】公示结果：名单有调整。公示期满，除许安琪同志外，其余推荐人选公示无异议，按程序报送市总工会。",
            "【2026年10月12日 17:30 更新】反映情况截止，公示期已结束。",
            "【2026年10月9日 10:00 更新】撤销推荐：经核实，许安琪同志所在企业存在未按时足额缴纳社会保险费的情况，不符合推荐条件，撤销其推荐人选资格。",
            "【2026年10月9日 10:00 更新】递补：经区总工会研究，按程序递补宋岚同志为推荐人选，公示期与本批次一致。"
            "本次改动：宋岚 · 新增推荐对象：青澜示例纺织有限公司质检组组长（详见该版本页面）。",
            "【2026年9月28日 00:00 更新】公示开始。"]
    page = BeautifulSoup((demo / "notices/2026-landong-district/index.html").read_text(), "html.parser")
    assert [_squeeze(li.get_text()) for li in page.select("#corrections li")] == [
        "2026年10月9日（星期五）：撤销推荐：经核实，许安琪同志所在企业存在未按时足额缴纳社会保险费的情况，不符合推荐条件，撤销其推荐人选资格。",
        "2026年10月9日（星期五）：递补：经区总工会研究，按程序递补宋岚同志为推荐人选，公示期与本批次一致。"]


@pytest.mark.parametrize(("action", "text", "shown"), [
    ("withdrawn", "撤销张三的推荐资格。", "撤销推荐：撤销张三的推荐资格。"),
    ("replaced", "由李四替换张三。", "替换：由李四替换张三。"),
    ("added", "递补李四为推荐对象。", "递补：递补李四为推荐对象。"),
    ("amended", "张三的职务更正为技师。", "更正：张三的职务更正为技师。"),
    ("amended", "更正：张三的职务更正为技师。", "更正：张三的职务更正为技师。"),
    ("note", "公示期内受理地点临时调整。", "说明：公示期内受理地点临时调整。"),
])
def test_item13_every_correction_action_has_its_label(action, text, shown):
    from generator.model.public import Correction
    from generator.site.views import correction_text
    from generator.records.types import CORRECTION_ACTIONS

    assert action in CORRECTION_ACTIONS
    assert correction_text(Correction(date(2026, 11, 5), action, text, "zhang-san")) == shown


# ---- item 14: the structured fields keep their shape ----------------------------------------------------

GS = "{" + feeds.NS + "}"


def _xml_notice(demo: Path, notice_id: str, fmt: str) -> etree._Element:
    root = xml(demo / f"feeds/notices.{fmt}")
    items = root.iter("item") if fmt == "xml" else root.iter(f"{ATOM}entry")
    guid = "guid" if fmt == "xml" else f"{ATOM}id"
    return next(i for i in items if i.findtext(guid).endswith(f"/{notice_id}")).find(f"{GS}notice")


def _from_xml(element: etree._Element) -> dict:
    """The fields of a ``gongshi:`` element as JSON would hold them (lists where JSON has lists)."""
    lists = {"channel": "channels", "contact": "contacts", "phone": "phones", "lowerNotice": "lowerNotices"}
    out: dict = {}
    for child in element:
        name = etree.QName(child).localname
        value = _from_xml(child) if len(child) else child.text
        if name in lists and not (name == "phone" and etree.QName(element).localname == "contact"):
            out.setdefault(lists[name], []).append(value)
        else:
            out[name] = value
    return out


def _json_fields(value):
    """JSON fields as XML writes them: no empty values, numbers as text."""
    if isinstance(value, dict):
        return {k: _json_fields(v) for k, v in value.items() if v not in (None, [], "")}
    if isinstance(value, list):
        return [_json_fields(v) for v in value]
    return str(value)


def test_item14_structured_fields_keep_their_shape(demo, records):
    data = {i["_gongshi"]["id"]: i["_gongshi"] for i in json.loads((demo / "feeds/notices.json").read_text())["items"]}
    hechuan = data["2026-hechuan-district"]
    assert hechuan["campaign"] == "2026-model-workers"
    assert hechuan["campaignTitle"] == records.campaigns["2026-model-workers"].title
    assert hechuan["channels"][0]["contacts"] == [
        {"name": "冯老师", "role": "劳动和经济工作部", "phone": "0000-8345601"},
        {"name": "温老师", "role": "经费审查委员会办公室", "phone": "0000-8345602"}]
    assert hechuan["channels"][0]["phones"] == []
    assert hechuan["channels"][0]["inPerson"] == {"address": "鹤川区鹤鸣路58号职工服务中心二楼",
                                                  "hours": "工作日 8:30—12:00，14:00—17:00"}
    landong = data["2026-landong-district"]
    assert len(records.notices["2026-landong-district"].nominees) == 5
    assert landong["nominees"] == 4  # 许安琪 withdrawn: not counted
    for notice_id, fields in data.items():  # RSS, Atom and JSON hold the same fields, in the same shape
        for fmt in ("xml", "atom"):
            assert _from_xml(_xml_notice(demo, notice_id, fmt)) == _json_fields(fields), (notice_id, fmt)
    about = json.loads((demo / "feeds/notices.json").read_text())["_gongshi"]
    assert about == {"about": f"{SITE}feeds/", "namespace": "urn:gongshi:notice:2.0"}
    page = BeautifulSoup((demo / "feeds/index.html").read_text(), "html.parser")
    documented = {_squeeze(td.get_text()) for td in page.select("table td:first-child")}
    assert {"campaign", "campaignTitle", "contact（可多个）", "inPerson", "lowerNotice（可多个）"} <= documented
    assert data["2026-city-recommend"]["lowerNotices"][0] == {
        "level": "district", "id": "2026-shizhi-system", "url": f"{SITE}notices/2026-shizhi-system/",
        "issuer": "青澜市直属机关工会工作委员会", "documentNumber": "青直工〔2026〕9号", "start": "2026-10-19",
        "end": "2026-10-23", "postedAt": None, "nominees": 4}


# ---- item 15: notice.json gives the photos as published -------------------------------------------------

def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_item15_notice_json_photos_are_the_published_urls(demo, records):
    seen = 0
    for notice in records.notices.values():
        data = json.loads((demo / f"notices/{notice.id}/notice.json").read_text())
        sources = {n.photo for n in notice.nominees if n.photo}
        assert not sources & set(_strings(data))  # no path of an original, which the site does not have
        for entry, nominee in zip(data["nominees"], notice.nominees, strict=True):
            if not nominee.photo:
                assert "photo" not in entry
                continue
            page = BeautifulSoup((demo / f"notices/{notice.id}/{nominee.id}/index.html").read_text(), "html.parser")
            assert entry["photo"] == page.find("meta", property="og:image")["content"]
            assert entry["photo"].startswith(SITE) and (demo / entry["photo"].removeprefix(SITE)).is_file()
            assert entry["photo_alt"] == nominee.photo_alt
            seen += 1
    assert seen


# ---- item 16: story pages' <time datetime> in RFC 3339, the instant the feeds give ------------------------

def test_item16_story_times_are_rfc3339_in_beijing_time_as_in_the_feeds(demo):
    published = {alternate(e): e.findtext(f"{ATOM}published")
                 for e in xml(demo / "feeds/stories.atom").findall(f"{ATOM}entry")}
    pages = sorted((demo / "stories").rglob("index.html"))
    times = 0
    for path in pages:
        html = BeautifulSoup(path.read_text(), "html.parser")
        for time in html.find_all("time"):
            value = time["datetime"]
            assert RFC3339.fullmatch(value) and value.endswith("+08:00"), (path, value)
            times += 1
        url = SITE + path.parent.relative_to(demo).as_posix() + "/"
        if url in published:  # a story's own page: its date is the instant of its feed entry
            own = html.select_one(".md-post__meta time")
            assert datetime.fromisoformat(own["datetime"]) == datetime.fromisoformat(published[url])
    assert times and len(published) == 4


# ---- item 17: the stories' feeds announced by their pages; no ns0; fields readable without tags -----------

STORY_FEEDS = [("application/rss+xml", f"{SITE}feeds/stories.xml"), ("application/atom+xml", f"{SITE}feeds/stories.atom"),
               ("application/feed+json", f"{SITE}feeds/stories.json")]


def test_item17_story_pages_announce_the_stories_feeds(demo):
    pages = sorted((demo / "stories").rglob("index.html"))
    assert len(pages) >= 6  # the index, four stories, archive and categories
    for path in pages:
        html = BeautifulSoup(path.read_text(), "html.parser")
        feeds_linked = [(link["type"], link["href"]) for link in html.find_all("link", rel="alternate")]
        assert feeds_linked[:3] == STORY_FEEDS, path  # first: what a reader subscribes to from a story
        for _type, href in feeds_linked:
            assert (demo / href.removeprefix(SITE)).is_file()
    home = BeautifulSoup((demo / "index.html").read_text(), "html.parser")
    assert not {link["href"] for link in home.find_all("link", rel="alternate")} & {h for _t, h in STORY_FEEDS}
    # the stories' feeds are the feeds of the stories' index, not of the home page
    assert xml(demo / "feeds/stories.xml").findtext("channel/link") == f"{SITE}stories/"
    assert [link.get("href") for link in xml(demo / "feeds/stories.atom").findall(f"{ATOM}link[@rel='alternate']")] == [
        f"{SITE}stories/"]
    assert json.loads((demo / "feeds/stories.json").read_text())["home_page_url"] == f"{SITE}stories/"


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_item17_no_element_in_an_undeclared_or_generated_namespace(demo, path):
    declared = {None: ATOM_NS, "gongshi": feeds.NS}
    for fmt in ("xml", "atom"):
        root = xml(demo / f"{path}.{fmt}")
        for element in root.iter():
            assert not (element.prefix or "").startswith("ns"), (fmt, element.tag)
            for prefix, uri in element.nsmap.items():
                assert not (prefix or "").startswith("ns"), (fmt, prefix)
                if fmt == "atom":
                    assert declared.get(prefix) == uri, (prefix, uri)
            if fmt == "atom":
                assert etree.QName(element).namespace in (ATOM_NS, feeds.NS), element.tag
    if path == "feeds/stories":
        enclosures = xml(demo / f"{path}.atom").findall(f"{ATOM}entry/{ATOM}link[@rel='enclosure']")
        assert len(enclosures) == 4 and all(e.prefix is None for e in enclosures)


def test_item17_field_lists_read_with_separators_once_tags_are_stripped(demo):
    bodies = _contents(demo, "feeds/notices")[f"{SITE}notices/2026-hechuan-district/"]
    for body in bodies:
        text = text_of(body)
        assert ("性别：女；民族：汉族；政治面貌：中共党员；技术等级：技师；人员类别：一线工人；单位类型：企业；单位性质：民营企业；"
                "所属地区（系统）：鹤川区；曾获最高荣誉：鹤川区五一劳动奖章。") in text
        assert "联系人：冯老师（劳动和经济工作部），电话 0000-8345601；" in text
        assert "传真：0000-8345603；" in text
        assert "性别女" not in text


# ---- item 18: every feed file bounded; each notice keeps its complete JSON -------------------------------

def _big_item(n: int, size: int) -> feeds.FeedItem:
    day = datetime(2026, 11, 1 + n, tzinfo=TZ)
    return feeds.FeedItem(f"tag:x.example,2026-01-01:notice/n{n}", f"公示{n}", f"{SITE}notices/n{n}/", day, day,
                          f"摘要{n}", "<p>" + "名单" * (size // 6) + "</p>", brief_html=f"<p>从略{n}</p>")


def test_item18_every_feed_file_is_bounded_newest_items_whole():
    assert feeds.MAX_BYTES == 1_000_000
    items = tuple(_big_item(n, 300_000) for n in range(20, 0, -1)) + (_big_item(0, 2_000_000),)
    files = feed_files.write_all(feeds.Feed("feeds/notices", "tag:x.example,2026-01-01:feed/notices", "全部公示", "说明",
                                       items), SITE)
    whole = [i.id for i in items]
    for path, data in files.items():
        assert len(data) <= feeds.MAX_BYTES, (path, len(data))
    data = json.loads(files["feeds/notices.json"])
    shown = [(i["id"], i["content_html"]) for i in data["items"]]
    ids = [i for i, _ in shown]
    assert ids == whole  # none left out: the oldest are shortened instead
    full = [i for i, html in shown if html == items[whole.index(i)].content_html]
    brief = [i for i, html in shown if html == items[whole.index(i)].brief_html]
    assert full == whole[:3]  # the newest whole, as many as fit in 1 MB beside the others shortened
    assert full + brief == ids
    for fmt in ("xml", "atom"):
        root = etree.fromstring(files[f"feeds/notices.{fmt}"])
        guids = [g.text for g in root.iter("guid", f"{ATOM}id") if g.getparent().tag in ("item", f"{ATOM}entry")]
        assert guids == ids


def test_item18_the_oldest_items_are_left_out_only_when_even_shortened_they_do_not_fit():
    items = tuple(_big_item(n, 3_000) for n in range(20, 0, -1))
    files = feed_files.write_all(feeds.Feed("feeds/notices", "tag:x.example,2026-01-01:feed/notices", "全部公示", "说明",
                                       items, max_bytes=6_000), SITE)
    assert all(len(data) <= 6_000 for data in files.values())
    shown = json.loads(files["feeds/notices.json"])["items"]
    assert 1 < len(shown) < len(items)
    assert [i["id"] for i in shown] == [i.id for i in items[:len(shown)]]
    assert shown[-1]["content_html"] == items[len(shown) - 1].brief_html


def _nominee(i: int, notice: int) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    base = f"99999919900101{notice:01d}{i:02d}"
    id_number = base + "10X98765432"[sum(int(c) * w for c, w in zip(base, weights)) % 11]
    return (f"    - id: person-{i}\n      award: model-worker\n      name: 推荐对象{notice}号{i}\n      gender: 男\n"
            f"      unit: 示例公司{i}\n      category: 一线工人\n      region: 甲区\n"
            f"      brief_deeds: {'扎根一线多年，带头攻克技术难题，' * 12}成绩突出。\n"
            f"      private:\n        id_number: \"{id_number}\"\n        phone: \"1390000{notice:01d}{i:03d}\"\n")


def test_item18_a_large_site_keeps_its_feeds_bounded_and_every_list_whole_in_json(site, tmp_path):
    from conftest import NOTICE

    config = site.make(notice="", extra_config="        max_kb: 100")
    (site.root / "notices/notice.yml").unlink()
    for k in range(1, 7):
        text = NOTICE.format(nominees="".join(_nominee(i, k) for i in range(1, 31)))
        site.write(f"notices/n{k}.yml", text.replace("id: test-notice", f"id: notice-{k}")
                   .replace("  start: 2024-09-23\n", f"  published: 2024-09-{10 + k}\n  start: 2024-09-23\n"))
    out = tmp_path / "out"
    build_site(config, out, parse_now("2024-09-24T12:00:00+08:00"))
    for path in ("feeds/notices", "feeds/campaigns/test-campaign"):
        for ext in ("xml", "atom", "json"):
            assert (out / f"{path}.{ext}").stat().st_size <= 100_000, (path, ext)
        items = json.loads((out / f"{path}.json").read_text())["items"]
        assert [i["_gongshi"]["id"] for i in items] == [f"notice-{k}" for k in range(6, 0, -1)]  # all of them
        whole = []
        for item in items:
            notice_id = item["_gongshi"]["id"]
            data = json.loads((out / f"notices/{notice_id}/notice.json").read_text())
            names = [n["name"] for n in data["nominees"]]
            assert len(names) == 30  # the notice's own JSON is always complete
            html = BeautifulSoup(item["content_html"], "html.parser")
            whole.append(all(name in html.get_text() for name in names))
            if not whole[-1]:  # shortened: the channels stay, the list is where the page and the JSON are
                assert {a["href"] for a in html.find_all("a")} >= {item["url"], item["url"] + "notice.json"}
                assert "反映情况截止" in html.get_text() and "测试市总工会" in html.get_text()
        assert whole == sorted(whole, reverse=True) and whole[0] and not whole[-1]  # the newest whole
    page = BeautifulSoup((out / "feeds/index.html").read_text(), "html.parser").get_text()
    assert "每个订阅源文件不超过 100 KB" in page  # the bound is documented where editors read about the feeds


def test_item18_the_bound_is_a_setting_with_a_documented_default(site, demo):
    from click.testing import CliRunner

    from generator.cli import main

    page = BeautifulSoup((demo / "feeds/index.html").read_text(), "html.parser").get_text()
    assert "每个订阅源文件不超过 1000 KB" in page
    config = site.make(extra_config="        max_kb: 50")
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    assert result.exit_code != 0
    assert ("site_config.yml:13: plugins › gongshi › feeds › max_kb: 50 KB is too small for a feed file; "
            "use 100 or more (default 1000)") in result.stderr.splitlines()


# ---- the letter of each format, on every feed of the demo ------------------------------------------------

RSS_NAMESPACES = {None, "http://www.w3.org/2005/Atom", "http://purl.org/rss/1.0/modules/content/",
                  "http://purl.org/dc/elements/1.1/", feeds.NS}


def _one(parent: etree._Element, name: str) -> etree._Element:
    found = parent.findall(f"{ATOM}{name}")
    assert len(found) == 1, (parent.tag, name, len(found))
    return found[0]


def _alternates_unique(parent: etree._Element) -> None:
    pairs = [(link.get("type"), link.get("hreflang")) for link in parent.findall(f"{ATOM}link")
             if link.get("rel", "alternate") == "alternate"]
    assert len(pairs) == len(set(pairs))  # RFC 4287 §4.1.1, §4.1.2


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_atom_to_the_letter_of_rfc_4287(demo, path):
    root = xml(demo / f"{path}.atom")
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert _one(root, name).text
    assert RFC3339.fullmatch(_one(root, "updated").text)
    feed_author = bool(root.findall(f"{ATOM}author"))
    assert [link.get("type") for link in root.findall(f"{ATOM}link[@rel='self']")] == ["application/atom+xml"]
    _alternates_unique(root)
    for entry in root.findall(f"{ATOM}entry"):
        assert re.fullmatch(r"tag:[a-z0-9.-]+,\d{4}-\d\d-\d\d:[a-z]+/[^\s]+", _one(entry, "id").text)
        assert _one(entry, "title").text
        updated, published = _one(entry, "updated").text, _one(entry, "published").text
        assert RFC3339.fullmatch(updated) and RFC3339.fullmatch(published)
        assert datetime.fromisoformat(published) <= datetime.fromisoformat(updated)
        assert feed_author or entry.findall(f"{ATOM}author")
        for author in entry.findall(f"{ATOM}author"):
            assert _one(author, "name").text
        assert _one(entry, "content").get("type") == "html" and _one(entry, "summary").text
        _alternates_unique(entry)
        assert alternate(entry).startswith(SITE)
        for link in entry.findall(f"{ATOM}link[@rel='enclosure']"):
            assert link.get("href").startswith(SITE) and int(link.get("length")) > 0 and link.get("type")
    for element in root.iter(etree.Element):
        assert etree.QName(element).namespace in (ATOM_NS, feeds.NS), element.tag
        assert all(etree.QName(a).namespace in (None, "http://www.w3.org/XML/1998/namespace") for a in element.attrib)


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_rss_to_the_letter_of_rss_2_0(demo, path):
    from email.utils import parsedate_to_datetime

    root = xml(demo / f"{path}.xml")
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        assert channel.findtext(name)
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link").startswith(SITE)
        assert item.find("guid").get("isPermaLink") == "false"
        assert parsedate_to_datetime(item.findtext("pubDate")).utcoffset().total_seconds() == 8 * 3600
        description = BeautifulSoup(item.findtext("description"), "html.parser")
        assert description.find() is None  # a summary: text, even once read as HTML
        assert item.find("author") is None or "@" in item.findtext("author")  # RSS author: an e-mail address
        for enclosure in item.findall("enclosure"):
            assert enclosure.get("url").startswith(SITE) and int(enclosure.get("length")) > 0
    for element in root.iter(etree.Element):
        assert etree.QName(element).namespace in RSS_NAMESPACES, element.tag


@pytest.mark.parametrize("path", ALL_FEEDS)
def test_json_feed_to_the_letter_of_1_1(demo, path):
    data = json.loads((demo / f"{path}.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1" and data["title"]
    assert "author" not in data and all(a["name"] for a in data["authors"])  # 1.1: authors, objects with a name
    assert all(key.startswith("_") for key in data if key not in {
        "version", "title", "home_page_url", "feed_url", "description", "language", "authors", "items"})
    ids = [item["id"] for item in data["items"]]
    assert len(set(ids)) == len(ids) and all(isinstance(i, str) for i in ids)
    for item in data["items"]:
        assert item["content_html"] and item["url"].startswith(SITE) and "author" not in item
        for key in ("date_published", "date_modified"):
            assert RFC3339.fullmatch(item[key]) and item[key].endswith("+08:00")
        assert all(a["name"] for a in item.get("authors", data["authors"]))
        for attachment in item.get("attachments", []):
            assert attachment["url"].startswith(SITE) and attachment["mime_type"]


def test_item5_story_feed_bodies_hold_what_the_story_pages_show(demo):
    blocks = ["p", "h2", "h3", "h4", "blockquote", "li", "pre", "table"]
    for url, bodies in _contents(demo, "feeds/stories").items():
        page = BeautifulSoup((demo / url.removeprefix(SITE) / "index.html").read_text(), "html.parser")
        article = page.select_one("[data-search-body]")
        shown = [(t.name, _squeeze(t.get_text())) for t in article.find_all(blocks)
                 if not t.find_parent(class_=["gs-related", "gs-cover"])]
        for body in bodies:
            html = BeautifulSoup(body, "html.parser")
            assert [(t.name, _squeeze(t.get_text())) for t in html.find_all(blocks)] == shown
