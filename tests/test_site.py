"""The built demo site, parsed: pages, statuses, deadlines, channels, lists, links, search."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar

from conftest import REPO
from generator.site import search
from generator.records.loader import load_site



def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(demo: Path, url: str) -> BeautifulSoup:
    return soup(demo / url / "index.html")


def test_every_page_exists(demo, records):
    for url in ("", "notices", "help", "records"):
        assert (demo / url / "index.html").is_file(), url
    assert (demo / "404.html").is_file()
    for notice in records.notices.values():
        base = demo / "notices" / notice.id
        assert (base / "index.html").is_file()
        assert (base / "notice.json").is_file() and (base / "period.ics").is_file()
        for nominee in notice.nominees:
            assert (base / nominee.id / "index.html").is_file()


def test_html_is_chinese_and_titled(demo):
    for path in [demo / "index.html", demo / "notices/2026-city-recommend/index.html", demo / "404.html"]:
        html = soup(path)
        assert html.html["lang"] == "zh-CN"
    title = page(demo, "notices/2026-city-recommend").title.get_text()
    assert title.startswith("关于2026年青澜市劳动模范、先进工作者和先进集体推荐人选的公示")


@pytest.mark.parametrize("notice_id, status, label, days", [
    ("2026-city-recommend", "open", "公示中", "还剩 5 天"),
    ("2026-songyu-county", "upcoming", "即将开始", ""),
    ("2026-hechuan-district", "closed", "公示期已结束", ""),
    ("2026-landong-district", "outcome", "已公布结果", ""),
    ("2026-unit-qinglan-school", "withdrawn", "已撤回", ""),
])
def test_status_banner_in_each_state(demo, notice_id, status, label, days):
    banner = page(demo, f"notices/{notice_id}").select_one("section.gs-status")
    assert banner["data-gs-status"] == status
    assert f"gs-status--{status}" in banner["class"]
    assert banner.select_one(".gs-status-label").get_text() == label
    assert banner.select_one(".gs-days").get_text(strip=True) == days


def test_deadline_with_weekday_and_time(demo):
    banner = page(demo, "notices/2026-city-recommend").select_one("section.gs-status")
    deadline = banner.select_one(".gs-deadline time")
    assert deadline["datetime"] == "2026-11-24T17:30:00+08:00"
    assert deadline.get_text() == "2026年11月24日（星期二）17:30"
    assert banner["data-gs-start"] == "2026-11-16T00:00:00+08:00"
    assert "公示期：2026年11月16日（星期一） 至 2026年11月24日（星期二），共 7 个工作日" in banner.get_text()


def test_period_across_national_day_counts_working_days(demo):
    banner = page(demo, "notices/2026-landong-district").select_one("section.gs-status")
    assert "共 7 个工作日" in banner.get_text()  # 15 calendar days, National Day not counted
    assert banner["data-gs-outcome"] == "2026-10-14T00:00:00+08:00"


def test_channels_have_tap_to_call_and_mailto(demo, records):
    notice = records.notices["2026-landong-district"]
    channels = page(demo, f"notices/{notice.id}").select_one("#channels")
    hrefs = [a["href"] for a in channels.select("a")]
    channel = notice.channels[0]
    assert hrefs == ([f"tel:{c.phone.replace('-', '')}" for c in channel.contacts]
                     + [f"tel:{p.replace('-', '')}" for p in channel.phones] + [f"mailto:{channel.email}"])
    text = channels.get_text()
    for value in (channel.office, channel.fax, channel.address, channel.postcode, channel.in_person.hours):
        assert value in text
    assert "实名" in text and "邮戳" in text


def test_campaign_default_channels_are_shown(demo, records):
    channels = page(demo, "notices/2026-city-recommend").select_one("#channels")
    campaign = records.campaigns["2026-model-workers"]
    assert [h.get_text() for h in channels.select("h3")] == [c.office for c in campaign.default_channels]


def test_nominees_grouped_by_award_with_public_fields(demo, records):
    notice = records.notices["2026-city-recommend"]
    campaign = records.campaigns[notice.campaign]
    html = page(demo, f"notices/{notice.id}")
    groups = html.select("#list h3")
    expected_awards = [a for a in campaign.awards if any(n.award == a.id for n in notice.nominees)]
    assert [g["id"] for g in groups] == [f"award-{a.id}" for a in expected_awards]
    for award, heading in zip(expected_awards, groups):
        members = [n for n in notice.nominees if n.award == award.id]
        items = heading.find_next_sibling("ol").select("li.gs-nominee")
        assert [li.select_one("h4 a").get_text() for li in items] == [n.name for n in members]
        for li, nominee in zip(items, members):
            assert nominee.brief_deeds in li.select_one(".gs-deeds").get_text()
            if nominee.kind == "individual":
                assert nominee.unit in li.get_text()
    stats = html.select_one("#stats").get_text()
    assert f"个人 {sum(n.kind == 'individual' for n in notice.nominees)} 名" in stats


def test_corrections_and_outcome(demo):
    html = page(demo, "notices/2026-landong-district")
    corrections = html.select("#corrections li")
    assert [li.time["datetime"] for li in corrections] == ["2026-10-09", "2026-10-09"]
    withdrawn = html.select_one("#n-xu-anqi")
    assert "gs-nominee--withdrawn" in withdrawn["class"]
    assert withdrawn.select_one(".gs-change").get_text() == "已撤销推荐"
    assert "名单有调整" in html.select_one("#outcome").get_text()


def test_home_lists_notices_by_status(demo):
    html = page(demo, "")
    sections = {s["data-gs-section"]: [a.get_text() for a in s.select(".gs-card__title")]
                for s in html.select("[data-gs-section]")}
    assert sections["open"] == ["关于2026年青澜市劳动模范、先进工作者和先进集体推荐人选的公示"]
    assert len(sections["upcoming"]) == 1 and "松屿县" in sections["upcoming"][0]
    assert [next(w for w in ("鹤川区", "市直机关", "人民医院", "澜东区") if w in t) for t in sections["closed"]] == [
        "鹤川区", "市直机关", "澜东区", "人民医院"]  # the latest end first
    assert html.select_one("[data-gs-section=open] .gs-days").get_text() == "还剩 5 天"
    assert html.find("a", href="help/")


def test_notices_index_has_every_notice_and_filters(demo, records):
    html = page(demo, "notices")
    cards = html.select(".gs-index .gs-card")
    assert len(cards) == len(records.notices)
    filters = {s["data-gs-filter"] for s in html.select("select[data-gs-filter]")}
    assert filters == {"status", "campaign", "award", "level", "region", "year"}
    city = next(c for c in cards if c.a["href"] == "../notices/2026-city-recommend/" or
                c.a["href"].endswith("2026-city-recommend/"))
    assert city["data-level"] == "city" and city["data-year"] == "2026"
    assert "市直机关" in city["data-region"].split("|")


def test_nominee_page(demo, records):
    html = page(demo, "notices/2026-landong-district/he-jingwen")
    assert html.h1.get_text(strip=True) == "何静雯"
    assert "青澜市劳动模范" in html.select_one(".gs-meta").get_text()
    # the notice's result is out: the invitation to object (with the channels) is hidden, a note says why
    active, ended = html.select(".gs-object")
    assert active.has_attr("hidden") and active.select_one("a[href^='tel:']") is not None
    assert active.select("a")[-1]["href"] == "../#channels"
    assert not ended.has_attr("hidden")
    assert " ".join(ended.get_text().split()) == "已公布结果：本公示已不再受理对推荐对象的反映。见公示全文。"
    assert html.select(".gs-quick[hidden]")  # the channels at hand too


def test_json_and_ics(demo, records):
    data = json.loads((demo / "notices/2026-city-recommend/notice.json").read_text())
    notice = records.notices["2026-city-recommend"]
    assert data["id"] == notice.id and data["deadline"] == "2026-11-24T17:30:00+08:00"
    assert [n["name"] for n in data["nominees"]] == [n.name for n in notice.nominees]
    assert data["url"] == "https://gongshi.example.org/notices/2026-city-recommend/"
    assert "source_digest" not in data and "source" not in data  # what the model was read from stays inside
    cal = Calendar.from_ical((demo / "notices/2026-city-recommend/period.ics").read_bytes())
    event = cal.walk("VEVENT")[0]
    assert str(event["dtstart"].dt) == "2026-11-16" and str(event["dtend"].dt) == "2026-11-25"
    assert event["uid"] == "notice-2026-city-recommend@gongshi.example.org"


def test_print_qr_code_points_to_the_page(demo):
    html = page(demo, "notices/2026-city-recommend")
    qr = html.select_one(".gs-qr svg")
    assert qr is not None and "https://gongshi.example.org/notices/2026-city-recommend/" in qr.get_text()


def _internal_links(demo: Path):
    for path in sorted(demo.rglob("*.html")):
        html = soup(path)
        base = "/" + path.relative_to(demo).as_posix()
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in html.find_all(tag):
                url = el.get(attr)
                if not url or url.startswith(("mailto:", "tel:", "#", "data:")):
                    continue
                yield path, url, urljoin(base, url)


FILING_LOOKUPS = {"https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/"}


def test_no_broken_internal_links_and_no_external_hosts(demo):
    broken, external = [], []
    for path, url, absolute in _internal_links(demo):
        parts = urlsplit(absolute)
        if parts.scheme or parts.netloc:
            # the footer's filing numbers link to the filing systems' look-up, as the rules ask
            if not absolute.startswith("https://gongshi.example.org/") and absolute not in FILING_LOOKUPS:
                external.append((path.name, url))
            continue
        target = demo / unquote(parts.path).lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            broken.append((str(path.relative_to(demo)), url))
    assert broken == []
    assert external == []


def search_part(demo, name):
    return json.loads(gzip.decompress((demo / "search-index" / name).read_bytes()))


def test_search_index_holds_each_page_once(demo):
    entry = json.loads((demo / "search-index/entry.json").read_text())
    marked = sorted(p.parent.relative_to(demo).as_posix() + "/" for p in demo.rglob("*.html")
                    if "data-search-body" in p.read_text(encoding="utf-8"))
    indexed = [search_part(demo, f"p/{n}.gz")["url"] for n in range(len(entry["kinds"]))]
    assert sorted((demo / "search-index/p").iterdir()) == sorted(demo / f"search-index/p/{n}.gz"
                                                                   for n in range(len(entry["kinds"])))
    assert indexed == marked  # by page number, in the order of their files
    assert entry["kinds"] == "".join(search.kind_of(url) for url in indexed)
    notices = [p for p in indexed if p.startswith("notices/")]
    assert len(notices) == 7 and all(p.count("/") == 2 for p in notices)  # notices, not their nominee pages
    assert {"figures/he-jingwen/", "stories/welders-workshop/", "help/"} <= set(indexed)
    assert not {"", "notices/", "figures/", "stories/", "search/", "records/", "rules/", "press/"} & set(indexed)
    # every term shard holds only bigrams that fall in it, each with the runs holding it, in order
    shards = [search_part(demo, f"t/{n}.gz") for n in range(entry["shards"])]
    runs = {}
    for n in range(len(entry["parts"])):
        runs |= search_part(demo, f"r/{n}.gz")
    for n, shard in enumerate(shards):
        for term, found in shard["r"].items():
            assert len(term) == 2 and search.bucket(term) % entry["shards"] == n and term not in entry["common"]
            assert found == sorted(found) and all(term in run for run in found) and set(found) <= set(runs)
    assert sum(len(shard["r"]) for shard in shards) + len(entry["common"]) == len({r[i:i + 2] for r in runs for i in range(len(r) - 1)})


def test_a_nominee_is_a_section_of_its_notice_found_by_the_run_of_its_name(demo):
    entry = json.loads((demo / "search-index/entry.json").read_text())
    number = next(n for n in range(len(entry["kinds"]))
                  if search_part(demo, f"p/{n}.gz")["url"] == "notices/2026-landong-district/")
    part = search_part(demo, f"p/{number}.gz")
    section = next(i for i, s in enumerate(part["s"]) if s[0] == "nominee-he-jingwen")
    assert part["s"][section][1] == "何静雯" and part["kind"] == "n" and set(part["at"]) == {
        "start", "deadline", "outcome", "withdrawn"}
    for term in ("何静", "静雯"):
        assert "何静雯" in search_part(demo, f"t/{search.bucket(term) % entry['shards']}.gz")["r"][term]
    keys, at = [], 0
    for gap in search_part(demo, f"r/{search.part_of(entry, '何静雯')}.gz")["何静雯"]:
        at += gap
        keys.append(at)
    assert number * entry["stride"] + section in keys


def test_notice_page_has_a_search_section_per_nominee(demo, records):
    html = page(demo, "notices/2026-landong-district")
    body = html.find(attrs={"data-search-body": True})
    ids = [h["id"] for h in body.find_all("h4") if h.get("id", "").startswith("nominee-")]
    nominees = records.notices["2026-landong-district"].nominees
    assert ids == [f"nominee-{n.id}" for n in nominees]


def test_no_private_value_in_any_output_file(demo):
    private = load_site(REPO / "site_config.yml").private
    values = sorted(set(private.values()))
    assert len(values) > 100
    leaks = []
    for path in demo.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # sitemap.xml.gz and the search index's parts
            data = gzip.decompress(data)
        text = data.decode("utf-8", "ignore")
        if path.suffix == ".json":
            text += json.dumps(json.loads(text), ensure_ascii=False)  # \uXXXX escapes decoded
        leaks += [(path.relative_to(demo).as_posix(), v) for v in values if v in text]
    assert leaks == []


def test_json_data_has_only_public_fields(demo):
    data = json.loads((demo / "notices/2026-landong-district/notice.json").read_text())
    for nominee in data["nominees"]:
        assert not {"private", "id_number", "phone", "birth_date", "votes"} & set(nominee)


def test_figures_index_and_profiles(demo):
    html = page(demo, "figures")
    cards = html.select(".gs-figure-card")
    assert len(cards) >= 6
    for card in cards:
        img = card.find("img")
        assert img["alt"] and img["width"] and img["height"] and img["loading"] == "lazy"
        href = card.a["href"]
        assert (demo / "figures" / href / "index.html").is_file()
    profile = page(demo, "figures/zhao-hongmei")
    assert profile.h1.get_text() == "赵红梅"
    assert profile.select_one(".gs-quote").get_text(strip=True)
    assert profile.select(".gs-honours li")
    related = profile.select_one(".gs-related")
    assert related.find("a", href="../../notices/2026-city-recommend/zhao-hongmei/")
    assert related.find("a", href="../../stories/night-patrol-substation/")


def test_nominee_and_notice_link_the_figure(demo):
    nominee = page(demo, "notices/2026-city-recommend/zhao-hongmei")
    assert nominee.select_one(".gs-figure-link a")["href"] == "../../../figures/zhao-hongmei/"
    notice = page(demo, "notices/2026-city-recommend")
    assert notice.select_one("#n-zhao-hongmei .gs-figure-link a")["href"] == "../../figures/zhao-hongmei/"


def test_stories_on_home_and_in_their_feed(demo):
    home = page(demo, "")
    stories = [a["href"] for a in home.select(".gs-stories a")]
    assert stories[0] == "stories/welders-workshop/" and len(stories) == 4  # newest first
    assert len(home.select("[aria-labelledby=h-figures] .gs-figure-card")) == 6
    feed = ET.parse(demo / "feeds/stories.atom").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 4
    enclosure = entries[0].find(f"{atom}link[@rel='enclosure']")
    assert enclosure.get("type") == "image/jpeg" and int(enclosure.get("length")) > 1000
    assert enclosure.get("href").startswith("https://gongshi.example.org/photos/")
    story = page(demo, "stories/welders-workshop")
    assert story.select_one(".gs-cover img")["alt"]
    assert {a.get_text() for a in story.select(".gs-related a")} >= {"卢志强", "何静雯"}


@pytest.mark.parametrize("url, image", [
    ("notices/2026-city-recommend", False), ("notices/2026-city-recommend/zhao-hongmei", True),
    ("figures/zhao-hongmei", True), ("stories/welders-workshop", True),
])
def test_sharing_meta(demo, url, image):
    html = page(demo, url)
    meta = {m.get("property") or m.get("name"): m.get("content") for m in html.find_all("meta")}
    for key in ("og:title", "og:description", "og:url", "twitter:card", "twitter:title"):
        assert meta.get(key), key
    assert meta["og:url"] == f"https://gongshi.example.org/{url}/"
    if image:
        assert meta["og:image"].startswith("https://gongshi.example.org/photos/")
        assert (demo / meta["og:image"].removeprefix("https://gongshi.example.org/")).is_file()
        assert meta["twitter:card"] == "summary_large_image"


def test_stamped_nominee_pages_are_whole_pages_in_the_sitemap(demo, records):
    assert not list(demo.glob("-gongshi-shell*"))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(f"{ns}loc") for u in ET.parse(demo / "sitemap.xml").getroot()]
    assert not [l for l in locs if "gongshi-shell" in l]
    for notice in records.notices.values():
        for nominee in notice.nominees:
            assert f"https://gongshi.example.org/notices/{notice.id}/{nominee.id}/" in locs
    html = page(demo, "notices/2026-landong-district/gao-shuming")
    assert len(html.find_all("h1")) == 1
    assert html.find("link", rel="canonical")["href"] == (
        "https://gongshi.example.org/notices/2026-landong-district/gao-shuming/")
    assert html.title.get_text().startswith("高书明 · 青澜市劳动模范")
    assert "GONGSHISTAMP" not in (demo / "notices/2026-landong-district/gao-shuming/index.html").read_text()
