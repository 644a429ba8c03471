"""What content/ may publish: front matter, authors, categories, files, figure names and the HTML sanitiser."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup

from generator import frontmatter
from generator.build import build_site
from generator.dates import parse_now
from generator.loader import load_site
from generator.sanitize import TAGS, clean_html

NOW = "2024-09-24T12:00:00+08:00"


def test_image_maps_are_removed_by_the_sanitiser():
    html = '<map name="m"><area shape="rect" coords="0,0,9,9" href="https://evil.example/" alt="x"></map><p>正文</p>'
    cleaned = BeautifulSoup(clean_html(html), "html.parser")
    assert cleaned.find_all(["map", "area"]) == []
    assert cleaned.p.get_text() == "正文"
    assert not {"area", "map"} & TAGS and {"picture", "svg", "p"} <= TAGS


HOSTILE_FRONT = """\
---
title: 帮助
subtitle: '<img src=x onerror=alert(1)>'
author: '"><script>alert(1)</script>'
template: redirect.html
location: 'javascript:alert(1)'
status: 'new" onmouseover="alert(1)'
icon: ../../../../etc/passwd
---

# 帮助
"""


def problems(config) -> list[str]:
    return [str(p) for p in load_site(config).problems.sorted()]


def built(config, tmp_path, name: str = "public"):
    out = tmp_path / name
    build_site(config, out, parse_now(NOW))
    return out


def html(out, url: str) -> BeautifulSoup:
    return BeautifulSoup((out / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_front_matter_of_a_page_only_sets_the_allowed_keys(site):
    config = site.make()
    site.write("content/help.md", HOSTILE_FRONT)
    allowed = "a page's front matter may set only title, description, hide, search; remove `{key}:`"
    assert problems(config) == [f"content/help.md:{line}: {key}: " + allowed.format(key=key) for line, key in (
        (3, "subtitle"), (4, "author"), (5, "template"), (6, "location"), (7, "status"), (8, "icon"))]


def test_front_matter_values_are_typed_and_plain_text(site):
    config = site.make()
    site.write("content/help.md", "---\ntitle: '帮助<script>alert(1)</script>'\nhide: [toc, 'x\" onload=\"a']\n"
                                  "search: {exclude: 'yes'}\n---\n# 帮助\n")
    assert problems(config) == [
        "content/help.md:2: title: plain text only: no HTML tags or {{ }} / {% %}",
        "content/help.md:3: hide[2]: 'x\" onload=\"a' is not allowed; use one of: navigation, toc, footer, path",
        "content/help.md:4: search.exclude: 'yes' is not true/false; write true or false",
    ]


def test_settings_written_without_front_matter_are_refused(site):
    config = site.make()
    site.write("content/help.md", "template: redirect.html\nlocation: javascript:alert(1)\n\n# 帮助\n")
    message = ("the engine would read this line as the page setting `{key}:` and not show it; start the page with a "
               "heading, or put settings in front matter between two `---` lines")
    assert problems(config) == [f"content/help.md:1: (front matter): {message.format(key='template')}",
                                f"content/help.md:2: (front matter): {message.format(key='location')}"]


def test_front_matter_ended_by_dots_and_written_on_windows_is_checked(site):
    config = site.make()
    site.write("content/help.md", "---\r\nstatus: new\r\n...\r\n\r\n# 帮助\r\n")
    assert problems(config) == ["content/help.md:2: status: a page's front matter may set only title, description, "
                                "hide, search; remove `status:`"]


def test_front_matter_problems_in_chinese(site, chinese):
    config = site.make()
    site.write("content/help.md", HOSTILE_FRONT.replace("title: 帮助\n", ""))
    site.write("content/rules.md", "template: redirect.html\n\n# 规则\n")
    got = problems(config)
    assert got[0] == "content/help.md:2: subtitle: 页面的前置信息只能设置 title、description、hide、search；请删除 `subtitle:`"
    assert len(got) == 7
    assert got[-1] == ("content/rules.md:1: (front matter): 这一行会被当作页面设置 `template:` 读取，不会显示；"
                       "请以标题开始页面，或把设置写在两行 `---` 之间的前置信息中")


def test_allowed_front_matter_is_built_escaped(site, tmp_path):
    config = site.make()
    site.write("content/help.md", "---\ntitle: 'A & B “说明” <说明>'\ndescription: '甲 > 乙 & \"丙\"'\nhide: [toc]\n"
                                  "---\n\n# 帮助\n\n正文。\n")
    assert problems(config) == []
    page = html(built(config, tmp_path), "help")
    assert page.title.get_text() == "A & B “说明” <说明> - 测试站点"
    assert page.find("meta", attrs={"name": "description"})["content"] == '甲 > 乙 & "丙"'
    assert page.find("说明") is None and page.select(".md-sidebar--secondary[hidden]")


def test_the_engine_drops_what_check_would_refuse(site, tmp_path, monkeypatch):
    """Second line of defence: front matter that reached the engine unchecked sets nothing outside the list."""
    config = site.make()
    site.write("content/help.md", HOSTILE_FRONT)
    monkeypatch.setattr(frontmatter, "read", lambda tree, kind, rel, problems: None)
    assert problems(config) == []
    out = built(config, tmp_path)
    page = html(out, "help")
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert page.find("meta", attrs={"name": "author"}) is None
    assert page.title.get_text() == "帮助 - 测试站点"
    for path in out.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert [s for s in doc.find_all("script") if "alert" in s.get_text()] == [], path
        assert [el.name for el in doc.find_all(True) if any(a.startswith("on") for a in el.attrs)] == [], path
        assert doc.select(".md-nav__link small, .md-status") == [], path


def test_engine_meta_keeps_typed_values_of_the_kind():
    meta = {"title": "<b>x</b>", "template": "redirect.html", "subtitle": "<img>", "hide": ["toc", "<x>"],
            "search": {"exclude": True, "boost": 9}, "description": ["a"]}
    assert frontmatter.engine_meta(meta, "page") == {"title": "&lt;b&gt;x&lt;/b&gt;", "hide": ["toc"],
                                                     "search": {"exclude": True}}
    story = {"template": "blog-post.html", "hide": ["navigation"], "date": date(2024, 9, 24), "slug": "a",
             "categories": ["甲", 3], "links": ["x"], "draft": "no"}
    assert frontmatter.engine_meta(story, "story") == {"template": "blog-post.html", "hide": ["navigation"],
                                                       "date": date(2024, 9, 24), "slug": "a", "categories": ["甲"]}
