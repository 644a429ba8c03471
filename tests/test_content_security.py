"""What content/ may publish: front matter, authors, categories, files, figure names and the HTML sanitiser."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

import photo_fixtures
from conftest import REPO
from generator.records import content, content_files as contentfiles, frontmatter
from generator.engines import build_site
from generator.base.errors import BuildError
from generator.base.dates import parse_now
from generator.records.loader import load_site
from generator.records.sanitize import TAGS, clean_html

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


AUTHORS = "authors:\n  press:\n    name: 宣传部\n    description: 新闻宣传\n    avatar: assets/gongshi/press-avatar.svg\n"
STORY = "---\ndate: 2024-09-24\ntitle: 报道一\ndescription: 摘要。\nauthors: [press]\nslug: story-one\n{extra}---\n\n正文。\n"


def story_site(site, authors: str = AUTHORS, extra: str = ""):
    """A site with Material's blog and one story."""
    config = site.make()
    site.write("content/stories/index.md", "# 报道\n")
    site.write("content/stories/.authors.yml", authors)
    site.write("content/stories/posts/one.md", STORY.format(extra=extra))
    config.write_text(config.read_text().replace("  - gongshi:", "  - blog:\n      blog_dir: stories\n      "
                                                 "post_url_format: \"{slug}\"\n      post_excerpt: optional\n  - gongshi:"))
    return config


HOSTILE_AUTHORS = """\
authors:
  press:
    name: '宣传部<img src=x onerror=alert(1)>'
    description: '新闻"><b onmouseover=alert(1)>宣传'
    avatar: 'javascript:alert(1)'
    url: 'java&#115;cript:alert(1)'
  Bad_Id:
    name: '宣传 "部"'
    description: 宣传
    avatar: //evil.example/a.png
    url: " https://example.org/\\tx"
    twitter: x
"""
PLAIN = "plain text only: no HTML tags or {{ }} / {% %}"
QUOTES = ("no double quotes (\") here: the name and description are written into the page as they are; use "
          "Chinese quotes “ ”")
ADDRESS = ("'{value}' is not an address the site may link to; write an address within the site "
           "(e.g. assets/gongshi/press-avatar.svg) or a whole address starting with https://")


def test_authors_are_checked_like_records(site):
    config = story_site(site, HOSTILE_AUTHORS, extra="")
    a = "content/stories/.authors.yml"
    assert problems(config) == [
        f"{a}:3: authors.press.name: {PLAIN}",
        f"{a}:4: authors.press.description: {PLAIN}",
        f"{a}:5: authors.press.avatar: " + ADDRESS.format(value="javascript:alert(1)"),
        f"{a}:6: authors.press.url: " + ADDRESS.format(value="java&#115;cript:alert(1)"),
        f"{a}:7: authors.Bad_Id: 'Bad_Id' is not a valid id; use lower-case letters a-z, digits and single hyphens, "
        "at most 64 characters (e.g. 2024-city-model-workers)",
        f"{a}:8: authors.Bad_Id.name: {QUOTES}",
        f"{a}:10: authors.Bad_Id.avatar: " + ADDRESS.format(value="//evil.example/a.png"),
        f"{a}:11: authors.Bad_Id.url: " + ADDRESS.format(value="https://example.org/\tx"),
        f"{a}:12: authors.Bad_Id.twitter: unknown field in author; known fields: name, description, avatar, url, slug",
    ]


def test_a_story_names_authors_of_the_file(site, chinese):
    config = story_site(site, AUTHORS + "    url: 'javascript:alert(1)'\n")
    site.write("content/stories/posts/one.md", STORY.format(extra="").replace("[press]", "[press, 记者]"))
    assert problems(config) == [
        "content/stories/.authors.yml:6: authors.press.url: “javascript:alert(1)”不是本站可以使用的地址；"
        "请写本站内的地址（例如 assets/gongshi/press-avatar.svg），或以 https:// 开头的完整地址",
        "content/stories/posts/one.md:5: authors: content/stories/.authors.yml 中没有作者“记者”；"
        "请在该文件中添加，或使用以下作者之一：press"]


def test_authors_are_shown_as_text_and_safe_links(site, tmp_path):
    authors = AUTHORS.replace("新闻宣传", "新闻 & 宣传 > 报道") + "    url: https://example.org/press?a=1&b=2\n"
    config = story_site(site, authors)
    assert problems(config) == []
    story = html(built(config, tmp_path), "stories/story-one")
    author = story.select_one(".md-post__authors .md-author")
    assert author.img["alt"] == "宣传部" and author.img["src"].endswith("assets/gongshi/press-avatar.svg")
    assert author.find_next("a")["href"] == "https://example.org/press?a=1&b=2"
    assert "新闻 & 宣传 > 报道" in story.select_one(".md-post__authors").get_text()


REFERENCE = "plain text only: no HTML character references such as &lt; or &#60;; write the character itself"


def test_categories_are_plain_text(site):
    categories = "categories:\n  - '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;'\n  - '&#60;b&#62;粗'\n" \
                 "  - '&ltscript&gt'\n  - '</title><script>alert(2)</script>'\n  - 一线 & 劳模\n"
    config = story_site(site, extra=categories)
    assert problems(config) == [f"content/stories/posts/one.md:7: categories[{i}]: {REFERENCE}" for i in (1, 2, 3)] + [
        f"content/stories/posts/one.md:7: categories[4]: {PLAIN}"]


def test_entities_in_titles_and_honours_are_refused(site, chinese):
    config = site.make()
    site.write("content/figures/zhang-san.md", "---\nname: 张三\nhonours: [劳模, '&lt;script&gt;']\n"
                                               "title: '&#x3C;/title&#x3E;'\n---\n正文\n")
    message = "只能写纯文本：不能用 &lt; 或 &#60; 这样的 HTML 字符引用，请直接写字符本身"
    assert problems(config) == [f"content/figures/zhang-san.md:3: honours[2]: {message}",
                                f"content/figures/zhang-san.md:4: title: {message}"]


def test_a_category_is_built_as_text(site, tmp_path):
    config = story_site(site, extra="categories: ['一线 & 劳模 > 工匠']\n")
    assert problems(config) == []
    out = built(config, tmp_path)
    category = next(p.parent for p in (out / "stories/category").rglob("index.html"))
    page = BeautifulSoup((category / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.get_text() == "一线 & 劳模 > 工匠 - 测试站点"
    story = html(out, "stories/story-one")
    assert [a.get_text(strip=True) for a in story.select(".md-post__meta a[href*=category]")] == ["一线 & 劳模 > 工匠"]


ONLY = ("content/ may hold only Markdown pages (.md) and photos; move this file out of content/ (any other file would "
        "be published as it is)")


def hostile_files(site):
    config = site.make()
    site.write("content/x.html", "<script>alert(1)</script>")
    site.write("content/x.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    site.write("content/assets/gongshi/gongshi.js", "alert(1)")
    site.write("content/nominees.xlsx", b"PK\x03\x04")
    site.write("content/guide.markdown", "# 指南\n\n<script>alert(1)</script>\n")
    site.write("content/Notes.MD", "# 说明\n")
    site.write("content/.notes.html", "<script>alert(1)</script>")  # never published (a dot name)
    site.write("content/photos/a.jpg", b"")  # a photo is published only re-encoded, where a page uses it
    (site.root / "content/leak.md").symlink_to(site.root / "notices/notice.yml")
    (site.root / "content/elsewhere").symlink_to(site.root / "notices", target_is_directory=True)
    return config


def test_only_markdown_pages_and_photos_are_in_content(site):
    config = hostile_files(site)
    link = "this is a link to a file or folder outside content/; put the file itself in content/"
    assert problems(config) == [
        "content/Notes.MD: (file): a Markdown page's name ends in .md (in lower case); rename the file to Notes.md",
        f"content/assets/gongshi/gongshi.js: (file): {ONLY}",
        f"content/elsewhere: (file): {link}",
        "content/guide.markdown: (file): a Markdown page's name ends in .md (in lower case); rename the file to "
        "guide.md",
        f"content/leak.md: (file): {link}",
        f"content/nominees.xlsx: (file): {ONLY}",
        f"content/x.html: (file): {ONLY}",
        f"content/x.svg: (file): {ONLY}",
    ]


def test_files_of_content_in_chinese(site, chinese):
    config = site.make()
    site.write("content/x.html", "<script>alert(1)</script>")
    assert problems(config) == ["content/x.html: (file): content/ 中只能放 Markdown 页面（.md）和照片；请把这个文件移出 "
                                "content/（其他文件会原样发布到网站上）"]


def test_the_engine_publishes_no_other_file_from_content(site, tmp_path, monkeypatch):
    """Second line of defence: a file that reached the engine unchecked stops the build, named."""
    config = site.make()
    site.write("content/assets/gongshi/gongshi.js", "alert(1)")
    monkeypatch.setattr(contentfiles, "problems", lambda docs: [])
    assert problems(config) == []
    with pytest.raises(BuildError) as failed:
        built(config, tmp_path)
    assert f"content/assets/gongshi/gongshi.js: {ONLY}" in str(failed.value)
    assert not (tmp_path / "public").exists()


def test_a_site_with_photos_in_content_publishes_none_of_its_own_files(site, tmp_path):
    config = site.make()
    site.write("content/help.md", "# 帮助\n")
    site.write("content/photos/a.jpg", b"\xff\xd8 not even a photo")
    site.write("content/.notes.html", "<script>alert(1)</script>")
    assert problems(config) == []
    out = built(config, tmp_path)
    assert not (out / "photos").exists() and not (out / ".notes.html").exists()
    script = (out / "assets/gongshi/gongshi.js").read_text(encoding="utf-8")
    assert script == (REPO / "theme/assets/gongshi/gongshi.js").read_text(encoding="utf-8")


FIGURE = "---\nname: 何静雯\n---\n\n正文。\n"


def test_figure_file_names_follow_the_id_rule(site):
    config = site.make()
    site.write("content/figures/He-Jingwen-X.md", FIGURE)
    site.write("content/figures/he-jingwen-x.md", FIGURE)
    site.write("content/figures/Ma_Yongfu.md", FIGURE)
    site.write("content/figures/<b>x<.md", FIGURE)
    site.write("content/figures/赵红梅.md", FIGURE)
    site.write("content/figures/index.md", "# 人物\n")
    rule = "the file name is the figure's id and address"
    assert problems(config) == [
        f"content/figures/<b>x<.md: (file): {rule}: use lower-case letters a-z, digits and single hyphens; rename the "
        "file to b-x.md",
        f"content/figures/He-Jingwen-X.md: (file): {rule}, in lower-case letters a-z, digits and single hyphens; "
        "he-jingwen-x.md exists too: keep one of the two files",
        f"content/figures/Ma_Yongfu.md: (file): {rule}: use lower-case letters a-z, digits and single hyphens; rename "
        "the file to ma-yongfu.md",
        f"content/figures/赵红梅.md: (file): {rule}: use lower-case letters a-z, digits and single hyphens, e.g. the "
        "name in pinyin: zhao-hongmei.md",
    ]


def test_figure_file_names_in_chinese(site, chinese):
    config = site.make()
    site.write("content/figures/Ma_Yongfu.md", FIGURE)
    assert problems(config) == ["content/figures/Ma_Yongfu.md: (file): 文件名就是人物编号和网址的一部分：只能用小写字母 a-z、"
                                "数字和单个连字符；请把文件改名为 ma-yongfu.md"]


def test_a_figure_photo_leading_out_of_the_site_is_refused(site, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.jpg"
    outside.write_bytes(photo_fixtures.jpeg_with_canaries())
    config = site.make()
    site.write("notices/photos/he.jpg", b"")
    (site.root / "notices/photos/he.jpg").unlink()
    (site.root / "notices/photos/he.jpg").symlink_to(outside)
    site.write("content/figures/he-jingwen.md", "---\nname: 何静雯\nphoto: ../../notices/photos/he.jpg\n"
                                                "photo_alt: 肖像\n---\n\n正文。\n")
    assert problems(config) == [
        "content/figures/he-jingwen.md:3: photo: '../../notices/photos/he.jpg' points outside the site"]


def no_script(out) -> None:
    for path in out.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert [s for s in doc.find_all("script") if "alert" in s.get_text()] == [], path


def test_character_references_in_a_heading_stay_text_in_the_title(site, tmp_path):
    config = site.make()
    site.write("content/help.md", "# 帮助&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\n正文。\n")
    out = built(config, tmp_path)
    no_script(out)
    assert html(out, "help").title.get_text() == "帮助</title><script>alert(1)</script> - 测试站点"


def test_the_engine_keeps_a_category_with_references_text(site, tmp_path, monkeypatch):
    """Second line of defence: a category that reached the engine unchecked is a title as text."""
    config = story_site(site, extra="categories: ['&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;']\n")
    monkeypatch.setattr(content, "_plain_text", lambda rec, rel, problems: None)
    assert problems(config) == []
    out = built(config, tmp_path)
    no_script(out)
    category = next((out / "stories/category").rglob("index.html"))
    title = BeautifulSoup(category.read_text(encoding="utf-8"), "html.parser").title.get_text()
    assert title == "</title><script>alert(1)</script> - 测试站点"  # as the category's link shows it


def test_the_engine_publishes_no_link_leading_out_of_content(site, tmp_path, monkeypatch):
    config = site.make()
    (site.root / "content/leak.md").symlink_to(site.root / "notices/notice.yml")
    monkeypatch.setattr(contentfiles, "problems", lambda docs: [])
    assert problems(config) == []
    with pytest.raises(BuildError) as failed:
        built(config, tmp_path)
    assert "content/leak.md: this is a link to a file or folder outside content/; put the file itself in content/" \
        in str(failed.value)
    assert not (tmp_path / "public").exists()
