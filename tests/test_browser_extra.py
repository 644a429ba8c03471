"""In an older browser (Chromium with ResizeObserver and DecompressionStream removed before any script runs):
no page asks another host, and search says the browser is why it cannot run, with the way to the filters."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

PAGES = ["", "notices/", "notices/2026-city-recommend/", "notices/2026-landong-district/he-jingwen/", "figures/",
         "figures/zhao-hongmei/", "stories/", "stories/welders-workshop/", "feeds/", "help/", "search/?q=何静雯",
         "404.html"]
OLD_BROWSER = "delete window.ResizeObserver; delete window.DecompressionStream;"


@pytest.fixture
def old(browser):
    """A tab of a browser without ResizeObserver and DecompressionStream; every request to another host and
    every script error is recorded."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.add_init_script(OLD_BROWSER)
    tab = context.new_page()
    tab.external, tab.errors = [], []
    tab.on("request", lambda r: tab.external.append(r.url)
           if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    context.close()


@pytest.mark.parametrize("url", PAGES)
def test_no_page_asks_another_host_in_a_browser_without_resize_observer(old, base_url, url):
    old.goto(base_url + url, wait_until="networkidle")
    assert old.evaluate("typeof DecompressionStream") == "undefined"  # the init script ran first
    assert old.evaluate("String(window.ResizeObserver).indexOf('[native code]')") == -1  # the site's own
    sizes = old.evaluate("""() => new Promise(done => {
        new ResizeObserver(entries => done(entries.map(e => [e.target.tagName, e.contentRect.width > 0])))
            .observe(document.body);
    })""")
    assert sizes == [["BODY", True]]  # it reports sizes, as Material's layout needs
    assert old.external == []
    assert old.errors == []


def test_search_in_a_browser_without_decompression_says_why_and_links_to_the_filters(old, base_url):
    old.goto(base_url + "search/?q=何静雯", wait_until="networkidle")
    status = old.locator(".gs-search-status")
    assert status.inner_text() == ("您使用的浏览器版本较旧，不支持站内搜索；请升级浏览器或换用其他浏览器，也可以在全部公示"
                                   "中按状态、称号、地区等条件筛选。")
    links = status.locator("a")
    assert links.count() == 1 and links.inner_text() == "全部公示"
    href = urljoin(old.url, links.get_attribute("href"))
    assert href == base_url + "notices/"
    assert old.locator(".gs-results li").count() == 0
    links.click()
    old.wait_for_load_state("networkidle")
    assert old.url == base_url + "notices/"
    assert old.locator("form.gs-filters select[data-gs-filter=award]").count() == 1
    assert old.external == [] and old.errors == []
