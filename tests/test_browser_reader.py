"""The reader's site in Chromium (Step O): little chrome on a phone, the channels one tap away, 长者模式 large and
contrasted, Chinese typography, the site without JavaScript, the status at the reader's clock, the printed
notice, and axe on every page kind at 1280 px and on a touch phone, with and without 长者模式. Sizes, positions
and texts are read from the DOM."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import datetime

import pytest

from browser_support import ARTIFACTS, CLOCK, PAGES, axe_source, visit

playwright = pytest.importorskip("playwright.sync_api")

#: every page kind, the 404 page as served by a static host, and the staff guides
PAGES = {**PAGES, "404": "404.html", "staff-records": "records/", "staff-rules": "rules/", "staff-press": "press/"}
PHONE = {"viewport": {"width": 375, "height": 812}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def open_tab(browser):
    """open_tab(elder=False, js=True, clock=CLOCK, **context options) -> a tab; every context closed after."""
    contexts = []

    def make(elder: bool = False, js: bool = True, clock: datetime = CLOCK, **options):
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", java_script_enabled=js,
                                      **(options or PHONE))
        if elder:
            context.add_init_script("localStorage.setItem('gs-elder', '1')")
        contexts.append(context)
        tab = context.new_page()
        if js:
            tab.clock.set_fixed_time(clock)
        return tab
    yield make
    for context in contexts:
        context.close()


# 1. layout for readers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("name", list(PAGES))
def test_on_a_phone_at_most_64px_of_chrome_stand_above_the_h1_and_nothing_is_cut(open_tab, base_url, name, elder):
    tab = open_tab(elder=elder)
    visit(tab, base_url, PAGES[name])
    top = tab.evaluate("document.querySelector('.md-content h1').getBoundingClientRect().top")
    assert top <= 64, f"{name}: the h1 starts {top}px down"
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= 375
    brand = tab.evaluate("""(() => { const e = document.querySelector('.gs-brand__name');
        return [e.scrollWidth, e.clientWidth, e.getBoundingClientRect().right]; })()""")
    assert brand[0] <= brand[1] and brand[2] <= 375  # the issuer's name is whole, in the bar
    # the bar's buttons do not overlap one another
    boxes = tab.eval_on_selector_all(".gs-header__inner > *", """els => els.filter(e => e.offsetWidth)
        .map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })""")
    assert all(a[1] <= b[0] + 0.5 for a, b in zip(boxes, boxes[1:])), boxes


def test_the_home_page_puts_open_notices_then_how_to_object_first(open_tab, base_url):
    tab = open_tab()
    visit(tab, base_url, "")
    headings = tab.eval_on_selector_all(".md-content h2", "els => els.map(e => e.textContent.trim())")
    assert headings[:3] == ["正在公示", "如何反映情况", "即将开始"]


# 2. objecting in one tap ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["notice-open", "nominee-open"])
def test_on_an_open_notice_the_phone_and_mail_links_are_in_the_first_screen(open_tab, base_url, name):
    tab = open_tab()
    visit(tab, base_url, PAGES[name])
    links = tab.eval_on_selector_all(".md-content a[href^='tel:'], .md-content a[href^='mailto:']", """els =>
        els.filter(e => e.offsetWidth).map(e => { const r = e.getBoundingClientRect();
            return [e.getAttribute('href'), r.top, r.bottom, r.height]; })""")
    first = [href for href, top, bottom, _ in links if top >= 0 and bottom <= 812]
    assert any(h.startswith("tel:") for h in first) and any(h.startswith("mailto:") for h in first), links
    assert all(height >= 44 for *_, height in links)  # each a tap target


def test_the_nominee_page_of_an_open_notice_shows_the_channels_themselves(open_tab, base_url):
    tab = open_tab()
    visit(tab, base_url, PAGES["nominee-open"])
    invitation = tab.locator("section.gs-object:not(.gs-object--ended)")
    assert invitation.is_visible() and not tab.locator(".gs-object--ended").is_visible()
    assert invitation.locator("h3").all_inner_texts() == ["青澜市总工会劳动和经济工作部"]
    assert invitation.locator("a[href^='tel:']").all_inner_texts() == ["0000-8123456", "0000-8123457"]
    assert invitation.locator("a[href^='mailto:']").all_inner_texts() == ["laomo@qinglan-union.example"]


# 3. 适老化 -------------------------------------------------------------------------------------------------

CONTRAST = """() => {
    const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => { v = v / 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const alpha = c => { const m = c.match(/[\\d.]+/g); return m.length > 3 ? +m[3] : 1; };
    const back = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
        if (alpha(c) > 0.5) return c; } return 'rgb(255, 255, 255)'; };
    const low = [];
    document.querySelectorAll('body *').forEach(e => {
        if (e.closest('svg, picture, .gs-print-only, [hidden]') || !e.offsetWidth) return;
        const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || e.closest('input')) return;
        const a = lum(getComputedStyle(e).color), b = lum(back(e));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 7) low.push([e.tagName + '.' + e.className, e.textContent.trim().slice(0, 20), ratio.toFixed(2)]);
    });
    return low;
}"""


@pytest.mark.parametrize("name", ["home", "notices", "notice-open", "nominee-open", "figure", "story", "help"])
def test_elder_mode_is_24px_text_7_to_1_and_48px_targets(open_tab, base_url, name):
    tab = open_tab(elder=True)
    visit(tab, base_url, PAGES[name])
    sizes = tab.eval_on_selector_all(".md-content p, .md-content li, .md-content td, .md-content dd",
                                     "els => els.filter(e => e.offsetWidth && !e.closest('.gs-print-only') && "
                                     "[...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))"
                                     ".map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 24 * 0.85 and tab.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)") >= 24
    assert tab.evaluate(CONTRAST) == []
    # 48 px, and in the 48 px header bar 44 px high at least
    small = tab.eval_on_selector_all(
        "button, select, a.gs-tap, .md-header__button, .gs-search-form input",
        """els => els.filter(e => e.offsetWidth && !e.closest('.md-sidebar, .gs-print-only')).map(e => {
            const r = e.getBoundingClientRect();
            return [e.className || e.tagName, r.width, r.height, e.closest('header') ? 44 : 48]; })
            .filter(([, w, h, least]) => w < 48 || h < least)""")
    assert small == []
    toggle = tab.locator("header .gs-elder-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"


def test_the_elder_switch_is_there_from_the_first_paint_and_nothing_shifts(open_tab, base_url):
    tab = open_tab()
    tab.add_init_script("""window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    visit(tab, base_url, "")
    tab.wait_for_timeout(300)
    assert tab.evaluate("window.__shift") < 0.01
    html = tab.evaluate("fetch(location.href).then(r => r.text())")
    assert re.search(r'<button type="button" class="gs-elder-toggle" aria-pressed="false"[^>]*>长者模式</button>', html)
    tab.click("header .gs-elder-toggle")
    assert tab.evaluate("document.documentElement.classList.contains('gs-elder')")
    assert tab.locator("header .gs-elder-toggle").inner_text() == "长者模式"  # the same words, the same width


# 4. typography ---------------------------------------------------------------------------------------------

def test_headings_are_stronger_than_text_tables_16px_fields_stacked_dates_whole(open_tab, base_url):
    tab = open_tab()
    visit(tab, base_url, PAGES["notice-open"])
    style = tab.evaluate("""s => { const g = e => getComputedStyle(document.querySelector(e));
        return [[g('h1').fontWeight, g('h1').fontSize, g('h1').color], [g('h2').fontWeight, g('h2').fontSize],
                g('.md-content p').fontSize, g('.gs-stats td').fontSize]; }""")
    (h1_weight, h1_size, h1_color), (h2_weight, h2_size), body, table = style
    assert int(h1_weight) >= 700 and int(h2_weight) >= 700 and h1_color == "rgba(0, 0, 0, 0.87)"
    assert float(h1_size.removesuffix("px")) > float(h2_size.removesuffix("px")) > float(body.removesuffix("px"))
    assert float(table.removesuffix("px")) >= 16
    lefts = tab.eval_on_selector_all("#n-bai-yuqing .gs-field", "els => els.map(e => e.getBoundingClientRect().left)")
    assert len(lefts) > 3 and len(set(lefts)) == 1  # one field a line
    broken = tab.eval_on_selector_all(".gs-date, .gs-field dt, .gs-badge",
                                      "els => els.filter(e => e.getClientRects().length > 1).map(e => e.textContent)")
    assert broken == []


# 5. without JavaScript, and at the reader's clock ----------------------------------------------------------

def test_without_javascript_no_filter_or_switch_that_cannot_work_shows(open_tab, base_url):
    tab = open_tab(js=False)
    visit(tab, base_url, PAGES["notices"])
    assert tab.locator("form.gs-filters").count() == 1 and not tab.locator("form.gs-filters").is_visible()
    assert not tab.locator(".gs-elder-toggle").is_visible()
    assert tab.locator(".gs-index .gs-card").count() >= 5  # the whole list, every card shown
    visit(tab, base_url, PAGES["notice-open"])
    assert tab.locator(".gs-status .gs-asof").inner_text() == "状态截至 2026年11月20日 00:00"
    assert tab.locator(".gs-status .gs-days").inner_text() == "还剩 5 天"


def test_with_javascript_every_status_follows_the_readers_clock(open_tab, base_url):
    tab = open_tab(clock=datetime.fromisoformat("2026-11-24T17:31:00+08:00"))  # past the open notice's deadline
    visit(tab, base_url, PAGES["notice-open"])
    assert tab.locator(".gs-status .gs-asof").inner_text() == "状态截至 2026年11月24日 17:31"
    assert not tab.locator(".gs-quick").is_visible()
    visit(tab, base_url, PAGES["nominee-open"])
    assert tab.locator(".gs-meta .gs-status-label").inner_text() == "公示期已结束"
    assert not tab.locator("section.gs-object:not(.gs-object--ended)").is_visible()
    assert tab.locator(".gs-object--ended").is_visible()
    assert tab.locator(".gs-object--ended").inner_text() == "公示期已结束：本公示已不再受理对推荐对象的反映。见公示全文。"
    for name in ("story", "figure"):
        visit(tab, base_url, PAGES[name])
        labels = tab.locator(".gs-related .gs-live .gs-status-label").all_inner_texts()
        assert labels and "公示中" not in labels, (name, labels)


# 6. print --------------------------------------------------------------------------------------------------

def pdf_pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")


def test_the_printed_notice_is_an_official_notice(open_tab, base_url):
    tab = open_tab(**DESKTOP)
    visit(tab, base_url, PAGES["notice-open"])
    tab.emulate_media(media="print")
    for selector in (".gs-downloads", ".gs-days", ".gs-quick", ".gs-figure-link", ".gs-asof", "ol.gs-nominees"):
        assert tab.locator(selector).first.is_hidden(), selector
    awards = tab.locator("#list > h3").count()
    assert awards == 3 and tab.locator(".gs-print-list table").count() == awards  # one table per award
    underlined = tab.eval_on_selector_all(".md-content a", "els => els.filter(e => e.offsetWidth && "
                                          "getComputedStyle(e).textDecorationLine !== 'none').length")
    assert underlined == 0
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "notice-open-print.pdf"
    tab.pdf(path=str(pdf), format="A4", print_background=True)
    pages = [p for p in pdf_pages(pdf) if p.strip()]
    first = "".join(pages[0].split())
    for expected in ("关于2026年青澜市劳动模范、先进工作者和先进集体推荐人选的公示", "发布单位：青澜市总工会",
                     "文号：青工发〔2026〕37号", "公示期：2026年11月16日（星期一）至2026年11月24日（星期二）",
                     "反映情况截止：2026年11月24日（星期二）17:30", "青澜市总工会劳动和经济工作部", "0000-8123456",
                     "laomo@qinglan-union.example", "https://gongshi.example.org/notices/2026-city-recommend/",
                     "—1—"):
        assert expected.replace("-", "") in first.replace("-", ""), expected  # a hyphen may end a line
    everything = "".join("".join(pages).split())
    assert "还剩" not in everything and "的故事" not in everything and "状态截至" not in everything
    assert [f"—{n}—" in "".join(p.split()) for n, p in enumerate(pages, 1)] == [True] * len(pages)
    assert "".join(pages[-1].split()).endswith("青澜市总工会2026年11月13日—%d—" % len(pages))  # 落款
    qr = tab.evaluate("(() => { const r = document.querySelector('.gs-qr svg').getBoundingClientRect();"
                      " const h = document.querySelector('#gs-list-heading').getBoundingClientRect();"
                      " return [r.width, r.top < h.top]; })()")
    assert qr[0] > 100 and qr[1]  # the QR code stands before the list, on page 1
    # and a phone held to page 1 reads the page's address from it
    import zxingcpp
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf),
                    str(ARTIFACTS / "notice-open-print-1")], check=True)
    image = Image.open(ARTIFACTS / "notice-open-print-1.png")
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [
        "https://gongshi.example.org/notices/2026-city-recommend/"]


# 8. axe on every page kind ---------------------------------------------------------------------------------

@pytest.mark.parametrize("config", ["desktop", "phone", "phone-elder"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_nothing(open_tab, base_url, name, config):
    tab = open_tab(elder=config.endswith("elder"), **(DESKTOP if config == "desktop" else PHONE))
    response = visit(tab, base_url, PAGES[name])
    assert response.status == 200
    tab.add_script_tag(content=axe_source())
    result = tab.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                                          'best-practice']}});
        return r.violations.map(v => ({id: v.id, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert result == [], json.dumps(result, ensure_ascii=False, indent=1)
