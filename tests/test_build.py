"""Atomic builds and escaping: a failed build changes nothing; YAML text never becomes markup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import NOMINEE, NOTICE
from generator.cli import main

NOW = "2024-09-24T12:00:00+08:00"


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(config: Path, out: Path):
    return CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])


@pytest.fixture
def built(site, tmp_path):
    config = site.make()
    out = tmp_path / "public"
    result = build(config, out)
    assert result.exit_code == 0, result.output
    return config, out, tree_hash(out)


def test_build_writes_the_site_and_nothing_beside_it(built):
    config, out, before = built
    assert "notices/test-notice/index.html" in before
    # beside it only the lock and the tree the next quick build starts from (tests/test_incremental.py)
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".public")) == [".public.lock",
                                                                                              ".public.spare"]


def test_failed_check_leaves_previous_site_byte_identical(built, site):
    config, out, before = built
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace("end: 2024-09-27", "end: 2024-09-24"))
    result = build(config, out)
    assert result.exit_code == 1
    assert "nothing was built; the previous site is unchanged" in result.stderr
    assert tree_hash(out) == before


def test_failure_inside_the_engine_leaves_previous_site_byte_identical(built, site):
    """A template of the site's own theme (theme/, see README) that fails while MkDocs renders a page."""
    config, out, before = built
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace("测试公示", "改过的标题"))
    site.write("theme/partials/copyright.html", "{{ config.no_such_setting.name }}\n")
    result = build(config, out)
    assert result.exit_code == 1
    assert "the build failed; the previous site in" in result.stderr and "is unchanged" in result.stderr
    assert tree_hash(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public-")]


def test_a_successful_rebuild_replaces_the_site(built, site):
    config, out, before = built
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace("测试公示", "改过的标题"))
    assert build(config, out).exit_code == 0
    after = tree_hash(out)
    assert after["notices/test-notice/index.html"] != before["notices/test-notice/index.html"]
    assert "改过的标题" in (out / "notices/test-notice/index.html").read_text()


PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
            "{{ 7*7 }}{% raw %}", "<svg onload=alert(1)>"]


def test_yaml_text_is_escaped_everywhere(site, tmp_path):
    evil = "".join(PAYLOADS)
    quoted = evil.replace("'", "''")
    nominee = (NOMINEE.replace("name: 张三", f"name: '张三{quoted}'")
               .replace("brief_deeds: 事迹简要。", f"brief_deeds: '{quoted}'")
               .replace("unit: 示例公司", f"unit: '{quoted}'"))
    notice = (NOTICE.format(nominees=nominee).replace("title: 测试公示", f"title: '公示{quoted}'")
              .replace("issuer: 测试市总工会", f"issuer: '{quoted}'"))
    config = site.make(notice=notice)
    out = tmp_path / "public"
    result = build(config, out)
    assert result.exit_code == 0, result.output
    for path in out.rglob("*.html"):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in html.find_all("script"):
            assert "alert" not in script.get_text(), path
        for el in html.find_all(True):
            assert not [a for a in el.attrs if a.lower().startswith("on")], (path, el.name)
            for attr in ("href", "src"):
                assert not str(el.get(attr, "")).lower().startswith("javascript:"), path
        assert not html.find("svg", attrs={"onload": True})
    page = BeautifulSoup((out / "notices/test-notice/index.html").read_text(), "html.parser")
    assert page.select_one(".gs-deeds").get_text() == "简要事迹：" + evil  # shown as text, exactly
    assert "{{ 7*7 }}" in page.h1.get_text()  # template syntax is not evaluated


def test_bad_photo_leaves_previous_site_byte_identical(built, site):
    import photo_fixtures

    config, out, before = built
    site.write("notices/p/cut.jpg", photo_fixtures.truncated())
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE.replace(
        "      brief_deeds", "      photo: p/cut.jpg\n      photo_alt: 照片\n      brief_deeds")))
    assert build(config, out).exit_code == 1
    assert tree_hash(out) == before


def test_template_error_leaves_previous_site_byte_identical(built, site):
    """A template of the site's own theme that does not parse."""
    config, out, before = built
    site.write("theme/partials/copyright.html", "{% if config.copyright %}版权所有\n")  # never closed
    result = build(config, out)
    assert result.exit_code == 1 and "TemplateSyntaxError" in result.stderr
    assert tree_hash(out) == before


def test_killed_build_leaves_previous_site_and_is_cleaned_up(built, site):
    import signal
    import subprocess
    import sys

    config, out, before = built
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace("测试公示", "被中断的构建"))
    # the build is killed once it has written its whole staging tree, search index included
    script = ("import sys, time; from generator.site import search; from generator.cli import main; whole = search.index_site\n"
              "def slow(*args):\n    index = whole(*args); print('written', flush=True); time.sleep(60); return index\n"
              "search.index_site = slow\n"
              f"main(['build', '-f', {str(config)!r}, '--out', {str(out)!r}, '--now', {NOW!r}])")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written", proc.stderr.read() if proc.poll() is not None else ""
    assert list(out.parent.glob(".public-new-*"))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert tree_hash(out) == before
    assert build(config, out).exit_code == 0  # the next build removes what the killed one left
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".public-")] == []
    assert "被中断的构建" in (out / "notices/test-notice/index.html").read_text()


def test_two_builds_at_once_never_corrupt_the_output(built, site, tmp_path):
    """Both builds have work to do: the first holds the lock while it writes (held there until the second is
    waiting), the second builds as of a later moment, when the notice has closed."""
    import subprocess
    import sys

    config, out, _ = built
    later = "2024-09-30T12:00:00+08:00"
    script = ("import sys, time; from generator.site import search; from generator.cli import main; whole = search.index_site\n"
              "def slow(*args):\n    index = whole(*args); print('writing', flush=True); time.sleep(3); return index\n"
              "search.index_site = slow\n"
              f"main(['build', '-f', {str(config)!r}, '--out', {str(out)!r}, '--now', '2024-09-23T12:00:00+08:00'])")
    site.write("notices/notice.yml", (site.root / "notices/notice.yml").read_text(encoding="utf-8")
               .replace("事迹简要。", "事迹简要（第二稿）。"))
    first = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert first.stdout.readline().strip() == "writing", first.stderr.read() if first.poll() is not None else ""
    second = subprocess.Popen([sys.executable, "-m", "generator", "--lang", "en", "build", "-f", str(config),
                               "--out", str(out), "--now", later], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    assert first.wait() == 0, first.stderr.read()
    assert second.wait() == 0, second.stderr.read()
    assert second.stdout.read().startswith(f"built {out.resolve()} in ")  # it did work after the first, not before
    reference = tmp_path / "reference"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(reference), "--now", later])
    assert result.exit_code == 0
    assert tree_hash(out) == tree_hash(reference)
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".public-")] == []
