"""The search page in a real browser (Debian's Chromium via Playwright): what a query finds, the exact
count, the kind and live status of each result, what is downloaded, and the page without JavaScript."""

from __future__ import annotations

import gzip
import json
import re
from datetime import datetime

import pytest

from browser_support import visit
from generator.site import search

playwright = pytest.importorskip("playwright.sync_api")


def search_results(page) -> list[tuple[str, str]]:
    """(href, text) of every result link once the search page has answered."""
    page.wait_for_function("(s => s && s.textContent && !s.textContent.includes('正在'))"
                           "(document.querySelector('.gs-search-status'))")
    return page.eval_on_selector_all(".gs-results a", "els => els.map(e => [e.getAttribute('href'), e.textContent])")


def results(page) -> list[dict]:
    """Each result as shown: kind, status, title link and its parts (kind, link, excerpt)."""
    search_results(page)
    return page.eval_on_selector_all(".gs-result", """els => els.map(li => ({
        kind: li.querySelector('.gs-result__meta .gs-result__kind').textContent,
        status: (li.querySelector('.gs-result__meta .gs-badge') || {}).textContent || null,
        href: li.querySelector('h2 a').getAttribute('href'),
        parts: Array.from(li.querySelectorAll('.gs-result__parts > li')).map(p => [
            (p.querySelector('.gs-result__kind') || {}).textContent || null,
            (p.querySelector('a') || {}).textContent || null,
            p.querySelector('a') ? p.querySelector('a').getAttribute('href') : null]),
    }))""")


def count(page) -> int:
    return int(re.fullmatch(r"“.*”：找到 (\d+) 个页面", page.inner_text(".gs-search-status")).group(1))


def pages_holding(demo, query: str) -> set[str]:
    """The indexed pages of the demo with a section holding every word of ``query`` (read from their HTML)."""
    wanted = search.words(query)
    found = set()
    for path in demo.rglob("index.html"):
        data = path.read_bytes()
        if b"data-search-body" not in data:
            continue
        _, parts = search.sections(data)
        if any(all(w in f"{h}\n{t}".translate(search._FOLD) for w in wanted) for _, h, t in parts):
            found.add("/" + path.relative_to(demo).as_posix().removesuffix("index.html"))
    return found


def test_a_name_finds_the_nominees_entry_in_its_notice_first(page, base_url):
    loaded = []
    page.on("response", lambda r: loaded.append(r.url.split("/search-index/")[1].split("?")[0])
            if "/search-index/" in r.url else None)
    visit(page, base_url, "notices/2026-city-recommend/")
    assert loaded == []  # pages do not load the search index
    page.fill(".md-header .gs-search-form input", "何静雯")
    page.press(".md-header .gs-search-form input", "Enter")
    page.wait_for_url("**/search/?q=*")
    shown = results(page)
    assert shown[0] == {"kind": "公示", "status": "已公布结果", "href": "/notices/2026-landong-district/",
                        "parts": [["推荐对象", "何静雯", "/notices/2026-landong-district/#nominee-he-jingwen"]]}
    assert [r["kind"] for r in shown] == sorted((r["kind"] for r in shown), key=["公示", "人物", "稿件", "页面"].index)
    figure = next(r for r in shown if r["href"] == "/figures/he-jingwen/")
    # a figure's status is that of the notice the profile names (the page carries its instants)
    assert (figure["kind"], figure["status"], figure["parts"][0]) == (
        "人物", "已公布结果", [None, "十八年，守着一台数控车床", "/figures/he-jingwen/#_1"])
    marks = page.eval_on_selector_all(".gs-results mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"何静雯"}  # found words are marked
    # the entry, one term part, the run parts of the runs found and the pages shown
    assert loaded[0] == "entry.json" and len([n for n in loaded if n.startswith(("t/", "c/"))]) == 1
    assert sorted(n for n in loaded if n.startswith("p/")) == sorted({n for n in loaded if n.startswith("p/")})
    assert len([n for n in loaded if n.startswith("p/")]) == len(shown)


def test_the_status_of_a_result_follows_the_readers_clock(browser, base_url):
    def status_of(at: str) -> list[tuple[str, str | None]]:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        tab = context.new_page()
        tab.clock.set_fixed_time(datetime.fromisoformat(at))
        tab.goto(base_url + "search/?q=松屿县推荐", wait_until="networkidle")
        found = [(r["href"], r["status"]) for r in results(tab)]
        context.close()
        return found

    notice = "/notices/2026-songyu-county/"
    assert (notice, "即将开始") in status_of("2026-11-20T10:00:00+08:00")  # built as of this day, too
    assert (notice, "公示中") in status_of("2026-12-01T09:00:00+08:00")


@pytest.mark.parametrize("query", ["何静雯", "静雯", "精密机械", "数控车间", "薄壁零件 合格率", "劳动模范", "青澜市总工会",
                                   "ＬＡＯＭＯ", "公示期"])
def test_the_count_is_the_number_of_pages_holding_every_word(page, base_url, demo, query):
    visit(page, base_url, "search/?q=" + query)
    search_results(page)
    expected = pages_holding(demo, query)
    assert expected and count(page) == len(expected)
    while not page.is_hidden(".gs-search-more"):
        shown = page.eval_on_selector_all(".gs-result", "els => els.length")
        page.click(".gs-search-more")
        page.wait_for_function(f"document.querySelectorAll('.gs-result').length > {shown}")
    assert page.eval_on_selector_all(".gs-result", "els => els.length") == len(expected)
    assert {r["href"] for r in results(page)} == expected


def test_staff_guides_are_not_in_the_index(page, base_url, demo):
    urls = set()
    for part in (demo / search.BUNDLE / "p").iterdir():
        urls.add(json.loads(gzip.decompress(part.read_bytes()))["url"])
    assert {u for u in urls if not u.startswith(("notices/", "figures/", "stories/"))} == {"help/", "feeds/"}
    for query in ("填报说明", "结构比例", "宣传稿件说明", "front matter"):  # words of the guides only
        visit(page, base_url, "search/?q=" + query)
        assert search_results(page) == [], query
        assert "没有找到" in page.inner_text(".gs-search-status")


@pytest.mark.parametrize("term,expected", [
    ("数控车间", "/notices/2026-landong-district/#nominee-he-jingwen"),  # words of a position
    ("薄壁零件 合格率", "/notices/2026-landong-district/#nominee-he-jingwen"),  # two words apart in one deed
    ("ＬＡＯＭＯ", "/notices/"),  # full-width capitals find the e-mail address of a channel
    ("静雯", "/notices/2026-landong-district/#nominee-he-jingwen"),  # part of a name
    ("精密机械", "/figures/he-jingwen/"),  # part of a unit
])
def test_search_finds_chinese_words(page, base_url, term, expected):
    visit(page, base_url, "search/")
    page.fill("#gs-search-q", term)  # typing searches without submitting
    found = search_results(page)
    assert [h for h, _ in found if h.startswith(expected)], found
    assert page.evaluate("location.search") == ""


def test_search_shows_ten_results_then_more_on_request(page, base_url):
    visit(page, base_url, "search/?q=劳动模范")
    assert len(search_results(page)) > 0
    total = count(page)
    assert total > 10  # the demo has more pages than one batch
    assert page.eval_on_selector_all(".gs-result", "els => els.length") == 10
    page.click(".gs-search-more")
    page.wait_for_function(f"document.querySelectorAll('.gs-result').length === {min(total, 20)}")
    assert page.is_hidden(".gs-search-more") == (total <= 20)


def chance_meeting(demo) -> str:
    """Three characters written nowhere on the site whose two bigrams are both in one section."""
    texts = []
    for path in demo.rglob("index.html"):
        if b"data-search-body" in path.read_bytes():
            texts += [f"{h}\n{t}".translate(search._FOLD) for _, h, t in search.sections(path.read_bytes())[1]]
    everything = "\n".join(texts)
    for text in texts:
        grams = {text[i:i + 2] for i in range(len(text) - 1) if text[i:i + 2].isalnum()}
        for ab in sorted(grams):
            for bc in sorted(g for g in grams if g[0] == ab[1]):
                if ab + bc[1] not in everything:
                    return ab + bc[1]
    raise AssertionError("no such query in the demo")


@pytest.mark.parametrize("query", ["无此词语", "chance"])
def test_search_says_when_nothing_is_found(page, base_url, demo, query):
    query = chance_meeting(demo) if query == "chance" else query
    visit(page, base_url, "search/?q=" + query)
    assert search_results(page) == []
    assert page.inner_text(".gs-search-status") == f"没有找到“{query}”。可以换一个词，或只输入姓名中的两个字。"


def test_search_asks_for_two_characters(page, base_url):
    loaded = []
    page.on("request", lambda r: loaded.append(r.url) if "/search-index/" in r.url else None)
    visit(page, base_url, "search/?q=何")
    assert search_results(page) == []
    assert page.inner_text(".gs-search-status") == "请至少输入两个连续的字或字母，例如姓名中的两个字。"
    assert loaded == []


def test_without_javascript_the_search_page_links_to_the_notices_index(browser, base_url):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "search/?q=何静雯", wait_until="networkidle")
    note = tab.locator(".gs-search-nojs")
    assert note.is_visible()
    assert note.inner_text() == "搜索需要浏览器启用 JavaScript。也可以浏览全部公示，逐份查看推荐对象名单。"
    assert note.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))") == ["../notices/"]
    context.close()
