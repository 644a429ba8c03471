"""What every page carries around its content, read from the built HTML: the header bar with the issuer, the
public navigation, the footer with contact and filing numbers, the Chinese 404 page, the sharing image; and
the configuration of all that (plugins › gongshi › issuer and palette) with its problems at file:line."""

from __future__ import annotations

import struct

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main

SHAREABLE = {
    "notice": "notices/2026-city-recommend/index.html",
    "nominee with photo": "notices/2026-landong-district/he-jingwen/index.html",
    "nominee without photo": "notices/2026-city-recommend/bai-yuqing/index.html",
    "figure": "figures/zhao-hongmei/index.html",
    "story": "stories/welders-workshop/index.html",
}
PUBLIC_NAV = ["首页", "全部公示", "如何反映情况", "重点宣传人物", "宣传报道", "订阅源"]


def soup(demo, rel: str) -> BeautifulSoup:
    return BeautifulSoup((demo / rel).read_text(encoding="utf-8"), "html.parser")


def words(element) -> str:
    return " ".join(element.get_text(" ").split())


@pytest.mark.parametrize("rel", ["index.html", "notices/index.html", *SHAREABLE.values(), "404.html", "help/index.html"])
def test_every_page_has_one_header_bar_and_the_footer_of_the_issuer(demo, rel):
    page = soup(demo, rel)
    assert page.select(".md-banner") == []  # no second bar above the header
    [header] = page.select("header.md-header")
    assert words(header.select_one(".gs-brand__name")) == "青澜市总工会"
    assert header.select_one(".gs-brand__emblem")["src"].endswith("assets/emblem.png")
    assert [b.get_text() for b in header.select("button.gs-elder-toggle")] == ["长者模式"]
    assert header.select_one("button.gs-elder-toggle").get("hidden") is None  # there from the first paint
    assert header.select_one("form.gs-search-form")["action"].endswith("search/")
    [footer] = page.select("footer.gs-footer")
    assert [words(li) for li in footer.select(".gs-footer__contact li")] == [
        "地址：青澜市示例区虚构路1号（邮编999001）", "电话： 0000-1234567", "电子邮箱： gongshi@example.org"]
    assert words(footer.select_one(".gs-footer__issuer")) == "主办单位：青澜市总工会"
    assert [(a.get_text(), a["href"]) for a in footer.select(".gs-footer__filing a")] == [
        ("示ICP备00000000号", "https://beian.miit.gov.cn/"), ("示公网安备00000000000000号", "https://beian.mps.gov.cn/")]
    assert [a["href"] for a in footer.select("a[href^='tel:'], a[href^='mailto:']")] == [
        "tel:00001234567", "mailto:gongshi@example.org"]


def test_the_navigation_lists_the_public_pages_only(demo):
    nav = soup(demo, "index.html").select_one("nav.md-nav--primary")
    assert [words(a) for a in nav.select("li.md-nav__item > a.md-nav__link")] == PUBLIC_NAV
    assert (demo / "records/index.html").is_file()  # the staff guides are built, for the staff


def test_the_palette_is_the_configured_one(demo):
    style = soup(demo, "index.html").select_one("head style").get_text()
    assert style == ":root{--gs-primary:#8b1a1a;--gs-accent:#0b4f8a}"


def test_the_404_page_is_chinese_with_the_ways_on(demo):
    page = soup(demo, "404.html")
    content = page.select_one("article.md-content__inner")
    assert words(content.select_one("h1")) == "没有找到这个页面"
    assert [(words(a), a["href"]) for a in content.select("ul.gs-404-links a")] == [
        ("查看正在公示的名单", "/#h-open"), ("全部公示", "/notices/"), ("如何反映情况", "/help/")]
    assert content.select_one("form.gs-search-form")["action"] == "/search/"
    assert "Not found" not in page.get_text()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def jpeg_size(data: bytes) -> tuple[int, int]:
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no frame header")


@pytest.mark.parametrize("kind", list(SHAREABLE))
def test_every_shareable_page_has_an_og_image_with_its_size_and_alt(demo, kind):
    head = soup(demo, SHAREABLE[kind]).head
    meta = {m["property"]: m["content"] for m in head.select("meta[property^='og:image']")}
    assert set(meta) == {"og:image", "og:image:width", "og:image:height", "og:image:alt"}
    assert meta["og:image"].startswith("https://gongshi.example.org/")
    data = (demo / meta["og:image"].removeprefix("https://gongshi.example.org/")).read_bytes()
    size = png_size(data) if meta["og:image"].endswith(".png") else jpeg_size(data)
    assert size == (int(meta["og:image:width"]), int(meta["og:image:height"]))
    assert meta["og:image:alt"].strip()
    if kind in ("notice", "nominee without photo"):  # no photo of its own: the issuer's emblem
        assert meta["og:image"] == "https://gongshi.example.org/assets/emblem.png"
        assert meta["og:image:alt"] == "青澜市总工会会徽（示例）"
        assert size == (400, 400)
    else:
        assert "/photos/" in meta["og:image"]


ISSUER = """\
      issuer:
        name: 测试市总工会
{lines}"""


def check(site, lines: str) -> list[str]:
    config = site.make(extra_config=ISSUER.format(lines=lines))
    result = CliRunner().invoke(main, ["check", "-f", str(config)])
    return [line for line in result.stderr.splitlines() if line.startswith("site_config.yml:")]


def test_filing_numbers_colours_and_the_emblem_are_checked_at_their_lines(site):
    site.write("emblem.png", b"not an image")
    site.write("wide.png", _png(300, 200))
    assert check(site, """\
        icp: 京备12345678号
        police: 京公网安备11010502000001
        emblem: emblem.png
      palette:
        primary: red
""") == [
        "site_config.yml:15: plugins › gongshi › issuer › icp: '京备12345678号' is not a filing number; write it "
        "exactly as the filing system shows it, e.g. 京ICP备12345678号",
        "site_config.yml:16: plugins › gongshi › issuer › police: '京公网安备11010502000001' is not a filing number; "
        "write it exactly as the filing system shows it, e.g. 京公网安备11010502000001号",
        "site_config.yml:17: plugins › gongshi › issuer › emblem: 'emblem.png' is not a square PNG of 200 to 1200 "
        "pixels; save the emblem as such a PNG",
        "site_config.yml:19: plugins › gongshi › palette › primary: 'red' is not a colour; write it as #RRGGBB, "
        "e.g. #8b1a1a",
    ]
    assert check(site, "        emblem: wide.png\n        emblem_alt: 会徽\n") == [
        "site_config.yml:15: plugins › gongshi › issuer › emblem: 'wide.png' is not a square PNG of 200 to 1200 "
        "pixels; save the emblem as such a PNG"]
    assert check(site, "        emblem: none.png\n") == [
        "site_config.yml:15: plugins › gongshi › issuer › emblem: 'none.png': no such file; give the emblem's path "
        "relative to site_config.yml"]


def test_an_emblem_needs_its_description_in_chinese(site, chinese):
    site.write("emblem.png", _png(240, 240))
    assert check(site, "        emblem: emblem.png\n") == [
        "site_config.yml:15: plugins › gongshi › issuer › emblem_alt: 会徽缺少文字说明；请添加 `emblem_alt:`，写明会徽是"
        "什么，例如 青澜市总工会会徽"]


def test_the_footer_shows_only_what_is_configured(site, tmp_path):
    config = site.make(extra_config=ISSUER.format(lines="        icp: 京ICP备12345678号-1\n"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", "2024-09-24T10:00"])
    assert result.exit_code == 0, result.output
    footer = soup(out, "index.html").select_one("footer.gs-footer")
    assert [words(p) for p in footer.select("p")] == ["主办单位：测试市总工会", "京ICP备12345678号-1"]
    assert footer.select(".gs-footer__contact") == []
    header = soup(out, "index.html").select_one("header")
    assert header.select(".gs-brand__emblem") == []
    # without an emblem nor a photo, a notice is shared without an image
    assert soup(out, "notices/test-notice/index.html").select("meta[property^='og:image']") == []


def _png(width: int, height: int) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()
