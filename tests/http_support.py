"""Talking to a local server from the tests (the preview of `gongshi serve`): a free port, a page, and waiting
until a page shows what a test wants."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

from bs4 import BeautifulSoup


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10) -> tuple[int, str]:
    """The status and text of ``url`` (an error status too)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def until(url: str, wanted, seconds: float = 60.0) -> BeautifulSoup:
    """The page at ``url`` once ``wanted(page)`` holds, asked again every 0.2 s; an error after ``seconds``."""
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            last = BeautifulSoup(get(url)[1], "html.parser")
            if wanted(last):
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} never showed what was wanted; last page: {last and last.title}")
