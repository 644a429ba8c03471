"""In a real browser (Debian's Chromium via Playwright): accessibility, phones, print, live status."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime

import pytest

from browser_support import ARTIFACTS, PAGES, axe_source, visit

playwright = pytest.importorskip("playwright.sync_api")


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_wcag21_aa_and_screenshots(page, base_url, name):
    response = visit(page, base_url, PAGES[name])
    assert response.status == (404 if name == "404" else 200)
    page.add_script_tag(content=axe_source())
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    assert result == [], json.dumps(result, ensure_ascii=False, indent=1)
    images = page.eval_on_selector_all("img", "els => els.map(e => e.getAttribute('alt'))")
    assert all(alt and alt.strip() for alt in images), images
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.wait_for_timeout(100)
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"))


@pytest.mark.parametrize("name", list(PAGES))
def test_phone_width_has_no_horizontal_scroll(page, base_url, name):
    page.set_viewport_size({"width": 375, "height": 812})
    visit(page, base_url, PAGES[name])
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than the phone"


def test_phone_tap_targets_and_tables(page, base_url):
    page.set_viewport_size({"width": 375, "height": 812})
    visit(page, base_url, PAGES["notice-outcome"])
    boxes = page.eval_on_selector_all(
        "a[href^='tel:'], a[href^='mailto:']",
        "els => els.filter(e => e.offsetWidth).map(e => { const r = e.getBoundingClientRect(); return [e.href, r.width, r.height]; })")
    assert len(boxes) >= 3
    assert [b for b in boxes if b[1] < 44 or b[2] < 44] == []
    tables = page.eval_on_selector_all(".gs-stats table", "els => els.map(e => e.getBoundingClientRect().right)")
    assert tables and max(tables) <= 375


def test_keyboard_reaches_the_objection_channels_from_home(page, base_url):
    visit(page, base_url, "")
    for _ in range(80):  # Tab until the open notice's link has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-gs-section=open]') !== null"):
            break
    else:
        pytest.fail("the open notice cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/notices/2026-city-recommend/")
    for _ in range(150):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith("tel:") and page.evaluate("document.activeElement.closest('#channels') !== null"):
            break
    else:
        pytest.fail("no phone link of the channels can be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible


def test_elderly_mode_persists_across_pages(page, base_url):
    visit(page, base_url, "")
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    toggle = page.locator(".gs-elder-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    visit(page, base_url, PAGES["notice-open"])
    assert page.evaluate("document.documentElement.classList.contains('gs-elder')")
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert after >= 24 and after >= before * 1.5
    color = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).color")
    assert color == "rgb(0, 0, 0)"
    page.locator(".gs-elder-toggle").click()
    visit(page, base_url, "")
    assert not page.evaluate("document.documentElement.classList.contains('gs-elder')")


def test_live_status_follows_the_readers_clock(browser, base_url):
    context = browser.new_context(timezone_id="Asia/Shanghai")
    page = context.new_page()
    # past the deadline of the open notice (2026-11-24 17:30 in Shanghai), although the build says open
    page.clock.set_fixed_time(datetime.fromisoformat("2026-11-24T17:31:00+08:00"))
    visit(page, base_url, PAGES["notice-open"])
    banner = page.locator("section.gs-status")
    assert banner.get_attribute("data-gs-status") == "closed"
    assert banner.locator(".gs-status-label").inner_text() == "公示期已结束"
    assert page.locator(".gs-channels__closed").is_visible()
    assert "gs-channels--closed" in page.locator("#channels").get_attribute("class")
    # before the start of the upcoming one it says upcoming; on its first day, open with days left
    page.clock.set_fixed_time(datetime.fromisoformat("2026-11-29T23:59:00+08:00"))
    visit(page, base_url, PAGES["notice-upcoming"])
    assert page.locator("section.gs-status .gs-status-label").inner_text() == "即将开始"
    page.clock.set_fixed_time(datetime.fromisoformat("2026-11-30T08:00:00+08:00"))
    visit(page, base_url, PAGES["notice-upcoming"])
    assert page.locator("section.gs-status .gs-status-label").inner_text() == "公示中"
    assert page.locator("section.gs-status .gs-days").inner_text() == "还剩 5 天"
    assert not page.locator(".gs-channels__closed").is_visible()
    # the home page moves the notice to "recently closed"
    page.clock.set_fixed_time(datetime.fromisoformat("2026-11-25T09:00:00+08:00"))
    visit(page, base_url, "")
    closed = page.locator("[data-gs-section=closed] .gs-card__title").all_inner_texts()
    assert any("推荐人选的公示" in t and "区" not in t.split("推荐人选")[0][-3:] for t in closed)
    assert page.locator("[data-gs-section=open] .gs-card").count() == 0
    assert page.locator("[data-gs-section=open] .gs-empty").is_visible()
    context.close()


def test_printed_notice_is_a4_with_qr_code(page, base_url):
    visit(page, base_url, PAGES["notice-closed"])
    page.emulate_media(media="print")
    assert page.locator(".gs-qr svg").is_visible()
    assert not page.locator(".md-header").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "notice-print.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 595" in data.replace(b"  ", b" ")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "notice-print")], check=True)
    pages = sorted(ARTIFACTS.glob("notice-print-*.png"))
    assert 1 <= len(pages) <= 6
