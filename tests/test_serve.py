"""`gongshi serve` as a clerk uses it: a record with errors shows its problems in the browser, the page
recovers by itself once the file is fixed, `--now` previews a later day, and a busy port is one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from http_support import free_port, get, until
from conftest import NOMINEE


@pytest.fixture
def serving(site):
    processes = []

    def start(config, *args):
        port = free_port()
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "-f", str(config),
                                    "-a", f"127.0.0.1:{port}", *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, env={**os.environ, "LANG": "C.UTF-8"})
        processes.append(process)
        return f"http://127.0.0.1:{port}/", process

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)


def test_errors_show_in_the_browser_and_the_page_recovers_when_fixed(site, serving, chinese):
    config = site.make(nominees=NOMINEE.replace("男", "M"))
    url, _ = serving(config, "--now", "2024-09-25T12:00+08:00")
    page = until(url + "notices/test-notice/", lambda p: p.find("h1") is not None)
    assert page.html["lang"] == "zh-CN"
    assert page.find("h1").get_text() == "记录中有 1 个错误：改正后预览会恢复显示站点"
    assert [li.get_text() for li in page.select("ol li")] == [
        "notices/notice.yml:13: nominees[1].gender: 不能填“M”；请从以下选项中选一个：男、女"]
    site.write("notices/notice.yml", (site.root / "notices/notice.yml").read_text(encoding="utf-8")
               .replace("gender: M", "gender: 男"))
    page = until(url + "notices/test-notice/", lambda p: "测试公示" in (p.title.get_text() if p.title else ""))
    assert page.select_one("section.gs-status")["data-gs-status"] == "open"


def test_now_previews_a_later_day(site, serving):
    url, _ = serving(site.make(), "--now", "2024-10-08T09:00+08:00")
    page = until(url + "notices/test-notice/", lambda p: p.select_one("section.gs-status") is not None)
    assert page.select_one("section.gs-status")["data-gs-status"] == "closed"


def test_a_busy_port_is_one_clear_line(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator", "serve", "-f", str(site.make()),
                                 "-a", f"127.0.0.1:{port}"], capture_output=True, text=True, timeout=60,
                                env={**os.environ, "LANG": "C.UTF-8"})
    assert result.returncode == 1
    assert result.stderr == (f"错误：地址 127.0.0.1:{port} 已被占用（可能另一个预览正在运行）；请先关闭它，"
                             f"或换一个端口，例如 gongshi serve -a 127.0.0.1:8001\n")
