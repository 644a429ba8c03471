"""`gongshi serve`, gongshi's own preview: an edit to a record or to a Markdown page reaches the open page
(the server's event stream moves on), the page served is byte for byte the page `gongshi build` writes for
the same files plus the reload script, records with errors show their problems until fixed, and the reload
script is never part of a built site."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from http_support import free_port, get, until
from generator.cli import main
from generator.output.preview_server import EVENTS, with_reload

NOW = "2024-09-25T12:00+08:00"
PAGE = "notices/test-notice/zhang-san/"


class Events:
    """The server's event stream, read line by line."""

    def __init__(self, url: str) -> None:
        self.response = urllib.request.urlopen(url.rstrip("/") + EVENTS, timeout=60)

    def next(self) -> int:
        while True:
            line = self.response.readline().decode()
            if line.startswith("data: "):
                return int(line.removeprefix("data: "))

    def close(self) -> None:
        self.response.close()


@pytest.fixture
def preview(site):
    processes, streams = [], []

    def start(config: Path) -> tuple[str, Events]:
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(config),
                                    "-a", f"127.0.0.1:{port}", "--now", NOW], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, env={**os.environ, "LANG": "C.UTF-8"})
        processes.append(process)
        url = f"http://127.0.0.1:{port}/"
        until(url + PAGE, lambda p: p.find("h1") is not None)
        streams.append(Events(url))
        return url, streams[-1]

    yield start
    for stream in streams:
        stream.close()
    for process in processes:
        process.terminate()
        process.wait(10)


def _built(config: Path, out: Path, rel: str) -> bytes:
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW, "--lang", "en"])
    assert result.exit_code == 0, result.output
    return (out / rel / "index.html").read_bytes()


def _served(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_a_record_edit_reloads_the_page_and_the_page_is_the_build_s(site, preview, tmp_path):
    config = site.make()
    url, events = preview(config)
    generation = events.next()
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("事迹简要。", "事迹已改正。"), encoding="utf-8")
    assert events.next() == generation + 1
    served = _served(url + PAGE)
    assert served == with_reload(_built(config, tmp_path / "built", PAGE), generation + 1)
    assert "事迹已改正。" in BeautifulSoup(served, "html.parser").select_one("article").get_text()


def test_a_markdown_edit_reloads_the_page_and_the_page_is_the_build_s(site, preview, tmp_path):
    config = site.make()
    site.write("content/about.md", "# 关于本站\n\n第一稿。\n")
    url, events = preview(config)
    generation = events.next()
    site.write("content/about.md", "# 关于本站\n\n第二稿。\n")
    assert events.next() == generation + 1
    served = _served(url + "about/")
    assert served == with_reload(_built(config, tmp_path / "built", "about"), generation + 1)
    assert BeautifulSoup(served, "html.parser").select_one("article p").get_text() == "第二稿。"


def test_an_error_shows_the_problems_and_the_fix_restores_the_site(site, preview, tmp_path, chinese):
    config = site.make()
    url, events = preview(config)
    generation = events.next()
    notice = site.root / "notices/notice.yml"
    good = notice.read_text(encoding="utf-8")
    notice.write_text(good.replace("gender: 男", "gender: M"), encoding="utf-8")
    assert events.next() == generation + 1
    status, text = get(url + PAGE)
    page = BeautifulSoup(text, "html.parser")
    assert status == 200
    assert page.find("h1").get_text() == "记录中有 1 个错误：改正后预览会恢复显示站点"
    assert [li.get_text() for li in page.select("ol li")] == [
        "notices/notice.yml:13: nominees[1].gender: 不能填“M”；请从以下选项中选一个：男、女"]
    assert _served(url + "assets/gongshi/gongshi.js")  # the rest of the last good site is still served
    notice.write_text(good, encoding="utf-8")
    assert events.next() == generation + 2
    assert _served(url + PAGE) == with_reload(_built(config, tmp_path / "built", PAGE), generation + 2)


def test_the_reload_script_is_only_in_the_preview(site, preview, tmp_path):
    config = site.make()
    url, _events = preview(config)
    served = BeautifulSoup(_served(url + PAGE), "html.parser")
    assert [s.string for s in served.find_all("script") if s.string and EVENTS in s.string] != []
    _built(config, tmp_path / "built", PAGE)
    pages = sorted((tmp_path / "built").rglob("*.html"))
    assert len(pages) > 5
    for html in pages:
        scripts = BeautifulSoup(html.read_bytes(), "html.parser").find_all("script")
        assert [s for s in scripts if EVENTS in (s.string or "") or "EventSource" in (s.string or "")] == [], html



def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_after_edits_every_file_of_the_preview_is_the_build_s(site, tmp_path):
    """Not one page: the whole folder the preview serves from (search index, sitemap, feeds, notice files)
    equals a build of the same files, after a record edit (pages stamped) and a Markdown edit (the engine)."""
    from generator.base.dates import parse_now
    from generator.engines import build_site, engine_for
    from generator.output.preview import Preview
    from generator.records.config import load_config
    from generator.base.errors import Problems

    config = site.make()
    site.write("content/about.md", "# 关于本站\n\n第一稿。\n")
    now = parse_now(NOW)
    preview = Preview(config, engine_for(config, load_config(config, Problems())), now)
    try:
        assert preview.update().mode == "full"
        notice = site.root / "notices/notice.yml"
        notice.write_text(notice.read_text(encoding="utf-8").replace("事迹简要。", "事迹已改正。"), encoding="utf-8")
        update = preview.update()
        assert update.mode == "stamped"
        assert "notices/test-notice/zhang-san/index.html" in update.changed
        build_site(config, tmp_path / "first", now)
        assert _tree(preview.root) == _tree(tmp_path / "first")
        site.write("content/about.md", "# 关于本站\n\n第二稿。\n")
        assert preview.update().mode == "full"
        build_site(config, tmp_path / "second", now)
        assert _tree(preview.root) == _tree(tmp_path / "second")
    finally:
        preview.close()
