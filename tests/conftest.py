"""Shared helpers: small sites written into a temporary directory."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CONFIG = """\
site_name: 测试站点
site_url: https://test.example.org/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - gongshi:
      notices_dir: notices
      feeds:
        tag_date: 2024-01-01
{extra}
"""

CAMPAIGN = """\
campaign:
  id: test-campaign
  title: 测试评选
  year: 2024
  organizer: 测试市总工会
  awards:
    - id: model-worker
      name: 劳动模范
      kind: individual
    - id: collective
      name: 先进集体
      kind: collective
  regions: [甲区, 乙区]
  default_channels:
    - office: 测试市总工会
      phones: ["0000-1234567"]
"""

NOMINEE = """\
    - id: zhang-san
      award: model-worker
      name: 张三
      gender: 男
      unit: 示例公司
      position: 技术员
      category: 一线工人
      region: 甲区
      brief_deeds: 事迹简要。
      private:
        id_number: "999999199001010014"
        phone: "13900000001"
"""

NOTICE = """\
notice:
  id: test-notice
  campaign: test-campaign
  title: 测试公示
  issuer: 测试市总工会
  level: city
  start: 2024-09-23
  end: 2024-09-27
  nominees:
{nominees}"""


def dedent(text: str) -> str:
    return textwrap.dedent(text)


#: the lower notice a small site's district or city list rests on (三级公示), unless its notice says otherwise
HELD_ELSEWHERE = """\
  held_elsewhere:
    - level: {level}
      issuer: 测试下级工会
      start: 2024-09-02
      end: 2024-09-11
      posted_at: 下级工会公告栏
"""


def with_lower_notice(text: str) -> str:
    """A notice file's text with a lower notice held elsewhere added at its end (so that no line of the text
    moves), when it is a plain district or city notice (``level:`` at the notice's indentation) that names none
    and carries no nominee. Read with a pattern, never parsed: the texts of hostile tests are left as they are."""
    level = re.search(r"^  level:[ ]*(district|city)[ ]*$", text, re.M)
    if (level is None or not text.startswith(("notice:", "#")) or "held_elsewhere" in text or "from:" in text
            or len(text) > 100_000):
        return text
    below = {"district": "unit", "city": "district"}[level[1]]
    return text.rstrip("\n") + "\n" + HELD_ELSEWHERE.format(level=below)


class SiteMaker:
    """Writes a small site; each file given as text. A district or city notice written without a lower notice
    gets one held elsewhere (:func:`with_lower_notice`); ``lower=False`` writes it as given."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str | bytes, lower: bool = True) -> Path:
        if lower and isinstance(text, str) and rel.startswith("notices/") and rel.lower().endswith((".yml", ".yaml")):
            text = with_lower_notice(text)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def make(self, notice: str | None = None, campaign: str = CAMPAIGN, extra_config: str = "",
             nominees: str = NOMINEE) -> Path:
        self.write("site_config.yml", CONFIG.format(extra=extra_config))
        self.write("notices/campaign.yml", campaign)
        self.write("notices/notice.yml", notice if notice is not None else NOTICE.format(nominees=nominees))
        (self.root / "content").mkdir(exist_ok=True)
        return self.root / "site_config.yml"


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as most assertions are written; a test of the Chinese texts (the default)
    asks for them with the ``chinese`` fixture."""
    from generator.base import i18n

    i18n.reset()
    i18n.choose("en")
    yield
    i18n.reset()


@pytest.fixture
def chinese(english):
    """Messages in Chinese, the language of a site whose configuration says nothing else."""
    from generator.base import i18n

    i18n.choose("zh")
    return i18n


@pytest.fixture
def site(tmp_path: Path) -> SiteMaker:
    return SiteMaker(tmp_path)


DEMO_NOW = "2026-11-20T10:00:00+08:00"


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Path:
    """The demo site, built once per test session as of DEMO_NOW."""
    from generator.engines import build_site
    from generator.base.dates import parse_now

    out = tmp_path_factory.mktemp("demo") / "site"
    build_site(REPO / "site_config.yml", out, parse_now(DEMO_NOW))
    return out


@pytest.fixture(scope="session")
def records():
    """The demo's public records."""
    from generator.records.loader import load_site

    return load_site(REPO / "site_config.yml").records


@pytest.fixture
def two_cores(monkeypatch):
    """Call to make parallel maps run on two forked workers whatever the machine and the number of
    items; returns the list of pools started (their arguments), to check that one was."""
    def force() -> list:
        import os

        from generator.base import parallel

        pools = []

        class Spy(parallel.ProcessPoolExecutor):
            def __init__(self, *args, **kwargs):
                pools.append(args)
                super().__init__(*args, **kwargs)
        monkeypatch.setattr(parallel, "ProcessPoolExecutor", Spy)
        monkeypatch.setattr(parallel, "PARALLEL_MIN", 1)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
        return pools
    return force


@pytest.fixture(scope="session")
def base_url(demo):
    """The demo site served on 127.0.0.1, for the browser tests."""
    from browser_support import serve

    server, url = serve(demo)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for every browser test of the session (Playwright's sync
    API allows one at a time)."""
    playwright = pytest.importorskip("playwright.sync_api")
    from browser_support import CHROMIUM, CHROMIUM_ARGS

    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A tab of that browser in Beijing time, its clock at the demo's reference moment; nothing may be fetched
    from another host."""
    from browser_support import CLOCK

    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    tab = context.new_page()
    tab.clock.set_fixed_time(CLOCK)
    external = []
    tab.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    yield tab
    context.close()
    assert external == [], external  # nothing is ever fetched from another host


#: the full run of the slow property tests (marked `full`): in CI, with GONGSHI_FULL=1, or when asked with -m full
FULL = os.environ.get("CI") == "true" or os.environ.get("GONGSHI_FULL") == "1"


def pytest_collection_modifyitems(config, items):
    if FULL or "full" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the full run: CI=true, GONGSHI_FULL=1 or -m full")
    for item in items:
        if "full" in item.keywords:
            item.add_marker(skip)
