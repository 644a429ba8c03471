"""What a clerk reads when a build fails, in Chinese (the language of gongshi unless English is asked for),
word for word: the build's own errors, the engine's, the audit's findings, the cache's warnings and the names
of the build's steps."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import pytest

import photo_fixtures
from conftest import NOMINEE
from generator.output.audit import Finding, audit_site
from generator.output import build
from generator.engines import build_site
from generator.output.build import (STEP_AUDIT, STEP_COMPARE, STEP_CORE, STEP_ENGINE, STEP_LINK_UNCHANGED, STEP_READ,
                                    STEP_SAVE, AuditFailed, step_name)
from generator.base.cache import Store
from generator.base.dates import parse_now
from generator.base.errors import BuildError

NOW = parse_now("2024-09-24T12:00:00+08:00")
SECRET_ID = "999999199001010014"  # the test nominee's private values (conftest)
SECRET_PHONE = "13900000001"


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def failed(target: Path, detail: str) -> str:
    return f"构建失败；{target} 中原有的网站未作任何改动：\n{detail}"


@pytest.fixture
def built(site, tmp_path, chinese):
    config = site.make()
    out = tmp_path / "public"
    build_site(config, out, NOW)
    return config, out, tree_hash(out)


@pytest.mark.parametrize("page, title", [("index.md", "首页"), ("notices/test-notice/index.md", "测试公示"),
                                         ("feeds/index.md", "订阅源")])
def test_a_markdown_page_at_the_address_of_a_generated_page_fails_the_build_and_keeps_the_site(built, site, page,
                                                                                                title):
    config, out, before = built
    site.write(f"content/{page}", "# 我的页面\n")
    with pytest.raises(BuildError) as error:
        build_site(config, out, NOW)
    assert str(error.value) == failed(out, f"content/{page}: 此页面与生成的页面（{title}）地址相同，会遮盖该页面；"
                                           "请重命名或删除此文件")
    assert tree_hash(out) == before


def test_materials_search_in_the_plugins_fails_the_build(site, tmp_path, chinese):
    config = site.make(extra_config="  - search")
    out = tmp_path / "public"
    with pytest.raises(BuildError) as error:
        build_site(config, out, NOW)
    assert str(error.value) == failed(out, "site_config.yml: plugins: 请删除 `- search`：gongshi 自行生成站内搜索"
                                           "（Material 自带的搜索会让每位读者下载整个索引）")
    assert not out.exists()


def test_a_setting_mkdocs_refuses_is_named_in_the_error_once(site, tmp_path, chinese, caplog):
    config = site.make(extra_config="  - no-such-plugin")
    with pytest.raises(BuildError) as error:
        build_site(config, tmp_path / "public", NOW)
    assert str(error.value) == ("site_config.yml: MkDocs 无法使用此配置；请修改下面指出的设置：\n"
                                "Config value 'plugins': The \"no-such-plugin\" plugin is not installed")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []  # not logged as well


def test_a_site_theme_without_the_search_mark_fails_the_build_naming_the_page(site, tmp_path, chinese):
    config = site.make()
    site.write("theme/partials/content.html", "{{ page.content }}\n")
    out = tmp_path / "public"
    with pytest.raises(BuildError) as error:
        build_site(config, out, NOW)
    assert str(error.value) == failed(out, "生成站内搜索索引时无法读取 notices/test-notice/index.html：页面中没有带 "
                                           "data-search-body 属性的元素（主题的 partials/content.html 会在每个页面"
                                           "加上它；网站自己的主题必须保留）")


def test_audit_findings_name_their_kind_in_chinese(tmp_path, chinese):
    (tmp_path / "a.html").write_text(f"<p>{SECRET_ID}</p>")
    (tmp_path / "b.txt").write_text("身份证 11010519491231002X 手机 13712345678")
    (tmp_path / "c.jpg").write_bytes(photo_fixtures.jpeg_with_canaries())
    assert [str(f) for f in audit_site(tmp_path, [SECRET_ID], None)] == [
        "a.html:3: 隐私信息: 999*************14",
        "b.txt:4: 身份证号码: 110*************2X",
        "b.txt:26: 手机号码: 137******78",
        *(f"c.jpg:0: 图片元数据: {block}" for block in ("APP1", "APP13", "comment", "exif", "photoshop", "xmp"))]


def test_a_leak_fails_the_build_with_every_finding_and_keeps_the_site(built, site):
    """The audit is the second line of defence, for what `check` does not read: a nominee's private phone
    pasted into the site's own theme (theme/, a footer template) is on every page."""
    config, out, before = built
    site.write("theme/partials/copyright.html", f"<p>值班电话 {SECRET_PHONE}</p>\n")
    with pytest.raises(BuildError) as error:
        build_site(config, out, NOW)
    lines = str(error.value).splitlines()
    findings = lines[2:]
    assert "\n".join(lines[:2]) == failed(out, f"隐私检查在新网站中发现个人隐私信息（{len(findings)} 处）；"
                                               "请从显示这些信息的记录字段或页面中删除：")
    pages = {line.split(":")[0] for line in findings}
    assert pages == {rel for rel in before if rel.endswith(".html")}, findings
    assert all(re.fullmatch(r"[\w/.-]+:\d+: 隐私信息: 139\*{6}01", line) for line in findings), findings
    assert tree_hash(out) == before


def test_a_long_list_of_findings_is_cut_with_a_count(chinese):
    findings = [Finding(f"p{i:03}.html", 1, "mobile number", "137******78") for i in range(53)]
    lines = str(AuditFailed(findings)).splitlines()
    assert lines[0] == "隐私检查在新网站中发现个人隐私信息（53 处）；请从显示这些信息的记录字段或页面中删除："
    assert lines[1] == "p000.html:1: 手机号码: 137******78" and lines[50] == "p049.html:1: 手机号码: 137******78"
    assert lines[51:] == ["……另有 3 处"]


class Unreadable:
    """Pickled as the call ``int("x")``: kept without trouble, it cannot be read back."""

    def __reduce__(self):
        return int, ("x",)


def test_a_damaged_cache_entry_is_a_warning_in_chinese(tmp_path, chinese, caplog):
    damaged, unreadable = Store(tmp_path / "damaged"), Store(tmp_path / "unreadable")
    damaged.put("k1", 1)
    for entry in (tmp_path / "damaged").iterdir():  # changed on disk
        entry.write_bytes(b"garbage")
    unreadable.put("k2", Unreadable())  # whole, with its digest, but it does not unpickle
    with caplog.at_level(logging.WARNING, logger="gongshi"):
        assert damaged.fetch("k1", lambda: 7) == 7
        assert unreadable.fetch("k2", lambda: 8) == 8
    assert caplog.messages == ["缓存条目 k1 已损坏：与其摘要不符（磁盘上的内容被改动过）；将重新生成",
                               "缓存条目 k2 已损坏（invalid literal for int() with base 10: 'x'）；将重新生成"]
    assert (damaged.fetch("k1", lambda: 9), unreadable.fetch("k2", lambda: 9)) == (7, 8)  # computed again, kept


def test_the_steps_of_a_build_have_chinese_names(site, tmp_path, chinese):
    report = build_site(site.make(), tmp_path / "public", NOW)
    assert list(report.timings) == [STEP_READ, STEP_CORE, STEP_COMPARE, STEP_ENGINE, STEP_LINK_UNCHANGED,
                                    STEP_AUDIT, STEP_SAVE]
    assert [step_name(step) for step in report.timings] == ["读取并检查记录", "生成页面和文件", "与上次构建比较",
                                                    "MkDocs 渲染、填入页面、搜索索引", "链接未变化的文件", "隐私检查",
                                                    "保存构建状态"]


def test_every_step_has_a_chinese_name(chinese):
    steps = [value for name, value in vars(build).items() if name.startswith("STEP_")]
    names = [step_name(step) for step in steps]
    assert len(set(names)) == len(steps) == 10
    assert all(re.search("[\u4e00-\u9fff]", name) for name in names), names
