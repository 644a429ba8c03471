"""gongshi as its users get it: a wheel built from the checkout, installed into a fresh virtual environment
outside the repository, builds a site that has only its configuration and its records (no content/, no
theme/), with the theme, the help page and the messages the wheel carries.

The new environment gets the locked dependencies without downloading anything: a ``.pth`` file in its
site-packages names the site-packages of the environment running the tests. A plain path line in a ``.pth``
file does not make Python read the ``.pth`` files of that folder, so the editable install of the checkout
(one of them) is not active there: only the wheel provides ``generator``.
"""

from __future__ import annotations

import gettext
import gzip
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import CAMPAIGN, NOMINEE, NOTICE, REPO, with_lower_notice

NOW = "2024-09-24T12:00:00+08:00"
SITE_URL = "https://test.example.org/"
CONFIG = f"""\
site_name: 测试站点
site_url: {SITE_URL}
theme:
  name: material
  language: zh
  font: false
plugins:
  - gongshi:
      feeds:
        tag_date: 2026-01-01
"""
#: files an installed gongshi cannot build a site without
CARRIED = ("generator/theme/main.html", "generator/theme/assets/gongshi/gongshi.js",
           "generator/theme/assets/gongshi/search.js", "generator/starter/content/help.md", "generator/locale/zh_CN/LC_MESSAGES/gongshi.mo")
#: nothing of the environment running the tests leaks into the new one but the .pth file
ENV = {k: v for k, v in os.environ.items()
       if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTHONUSERBASE")}
ENV["PYTHONNOUSERSITE"] = "1"


def run(args: list, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=900)
    if check:
        assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    for module in ("pip", "setuptools", "babel", "venv"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"building and installing a wheel needs {module}, absent here")
    out = tmp_path_factory.mktemp("wheel")
    # the build happens in the checkout, in build/ and gongshi.egg-info/ (ignored by git); left over from an
    # earlier build, they would put into the wheel files the sources no longer have, or that the package
    # data no longer declares (setuptools reads back the list of files of the egg-info)
    for leftover in ("build", "gongshi.egg-info"):
        shutil.rmtree(REPO / leftover, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, REPO],
        cwd=out)
    (built,) = out.glob("gongshi-*.whl")
    return built


@dataclass
class Venv:
    root: Path
    python: Path
    gongshi: Path
    before: subprocess.CompletedProcess  # `import generator` before the wheel was installed


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Venv:
    root = tmp_path_factory.mktemp("venv") / "env"
    # without pip of its own: the pip of the locked environment is reachable through the .pth file
    run([sys.executable, "-m", "venv", "--without-pip", root], cwd=root.parent)
    python = root / "bin" / "python"
    purelib = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                       cwd=root.parent).stdout.strip())
    assert purelib.is_relative_to(root)
    (purelib / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    before = run([python, "-c", "import generator; print(generator.__file__)"], cwd=root.parent, check=False)
    # --ignore-installed: pip also sees the checkout's editable gongshi of the same version through the .pth
    # file, and must neither take it for this one nor touch it
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", wheel], cwd=root.parent)
    return Venv(root, python, root / "bin" / "gongshi", before)


def write_site(root: Path) -> Path:
    """A site of records alone: no content/ folder, no theme/ folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "notices").mkdir()
    (root / "notices/campaign.yml").write_text(CAMPAIGN, encoding="utf-8")
    (root / "notices/notice.yml").write_text(with_lower_notice(NOTICE.format(nominees=NOMINEE)), encoding="utf-8")
    return root


def build(venv: Venv, root: Path) -> Path:
    result = run([venv.gongshi, "build", "--now", NOW], cwd=root, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def internal_links(site: Path, page: Path) -> dict[str, Path]:
    """Every address a page links to or loads inside the site, with the file it names (absolute addresses
    of the site included; other hosts, mailto: and the like left out)."""
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = {}
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
        for element in html.find_all(tag):
            url = element.get(attribute)
            if not url:
                continue
            if url.startswith(SITE_URL):
                url = "/" + url.removeprefix(SITE_URL)
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            base = site if parts.path.startswith("/") else page.parent
            target = base / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            found[url] = target
    return found


def test_the_wheel_carries_the_theme_the_help_page_and_the_compiled_messages(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert set(CARRIED) <= names, sorted(names)
        catalog = gettext.GNUTranslations(archive.open("generator/locale/zh_CN/LC_MESSAGES/gongshi.mo"))
        assert (archive.read("generator/theme/assets/gongshi/gongshi.js")
                == (REPO / "theme/assets/gongshi/gongshi.js").read_bytes())
    assert catalog.gettext("the build failed; the previous site in {target} is unchanged:\n{detail}") == (
        "构建失败；{target} 中原有的网站未作任何改动：\n{detail}")


def test_the_new_environment_does_not_see_the_checkout(venv):
    assert venv.before.returncode == 1
    assert venv.before.stderr.strip().splitlines()[-1] == "ModuleNotFoundError: No module named 'generator'"


def test_the_installed_package_builds_a_site_of_records_alone(venv, tmp_path):
    root = write_site(tmp_path / "my-site")
    site = build(venv, root)
    for rel in ("index.html", "help/index.html", "notices/test-notice/index.html",
                "notices/test-notice/zhang-san/index.html", "assets/gongshi/gongshi.js", "search-index/entry.json"):
        assert (site / rel).is_file(), rel
    channel = ET.parse(site / "feeds/notices.xml").getroot().find("channel")
    assert [item.findtext("link") for item in channel.findall("item")] == [f"{SITE_URL}notices/test-notice/"]
    entry = json.loads((site / "search-index/entry.json").read_text(encoding="utf-8"))
    shards = sorted(p.name for p in (site / "search-index/t").iterdir())
    assert shards == sorted(f"{n}.gz" for n in range(entry["shards"]))
    parts = [json.loads(gzip.decompress(p.read_bytes())) for p in (site / "search-index/p").iterdir()]
    assert "notices/test-notice/" in {part["url"] for part in parts}
    help_page = BeautifulSoup((site / "help/index.html").read_text(encoding="utf-8"), "html.parser")
    assert help_page.find("h1") is not None and help_page.find("html")["lang"] == "zh-CN"

    links = internal_links(site, site / "index.html")
    missing = {url: str(path) for url, path in links.items() if not path.is_file()}
    assert missing == {}
    targets = {path.resolve().relative_to(site.resolve()).as_posix() for path in links.values()}
    assert {"index.html", "help/index.html", "notices/index.html", "notices/test-notice/index.html",
            "assets/gongshi/gongshi.js", "assets/gongshi/gongshi.css", "feeds/notices.xml"} <= targets

    where = run([venv.python, "-c", "import importlib.resources, generator; print(generator.__file__); "
                 "print(importlib.resources.files('generator.theme'))"], cwd=tmp_path).stdout.splitlines()
    package, theme = (Path(line).resolve() for line in where)
    assert package.is_relative_to(venv.root.resolve()) and theme.is_relative_to(venv.root.resolve()), where
    assert not package.is_relative_to(REPO) and not theme.is_relative_to(REPO)
    assert (site / "assets/gongshi/gongshi.js").read_bytes() == (theme / "assets/gongshi/gongshi.js").read_bytes()
    assert not (root / "content").exists() and not (root / "theme").exists()


def test_a_site_theme_file_wins_over_the_packages(venv, tmp_path):
    root = write_site(tmp_path / "own-theme")
    css = "/* this site's own styles */\n.gs-own { color: #123456; }\n"
    (root / "theme/assets/gongshi").mkdir(parents=True)
    (root / "theme/assets/gongshi/gongshi.css").write_text(css, encoding="utf-8")
    (root / "theme/partials").mkdir()
    (root / "theme/partials/copyright.html").write_text('<div class="gs-own-footer">本站页脚</div>\n', encoding="utf-8")
    site = build(venv, root)
    assert (site / "assets/gongshi/gongshi.css").read_text(encoding="utf-8") == css
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [d.get_text() for d in home.select("div.gs-own-footer")] == ["本站页脚"]
    assert home.select_one("form.gs-search-form") is not None  # the rest of the package's theme is still there
    where = "import importlib.resources; print(importlib.resources.files('generator.theme'))"
    theme = Path(run([venv.python, "-c", where], cwd=tmp_path).stdout.strip())
    assert (site / "assets/gongshi/gongshi.js").read_bytes() == (theme / "assets/gongshi/gongshi.js").read_bytes()


def test_init_check_build_with_the_installed_package_alone(venv, tmp_path):
    """What a new user types: gongshi init mysite && cd mysite && gongshi check && gongshi build."""
    run([venv.gongshi, "init", "mysite"], cwd=tmp_path)
    root = tmp_path / "mysite"
    checked = run([venv.gongshi, "check"], cwd=root)
    assert checked.stdout.splitlines()[-1].startswith("检查通过：1 个评选表彰活动，1 份公示，2 名（个）推荐对象，0 个警告；")
    run([venv.gongshi, "build"], cwd=root)
    site = root / "site"
    (notice,) = [p.parent.name for p in (site / "notices").glob("*/index.html")]
    for rel in ("index.html", f"notices/{notice}/index.html", "help/index.html", "feeds/notices.xml",
                "feeds/notices.json", "feeds/notices.atom", "search-index/entry.json", "search/index.html"):
        assert (site / rel).is_file(), rel
    assert [i.findtext("title") for i in ET.parse(site / "feeds/notices.xml").getroot().iter("item")] == [
        BeautifulSoup((site / f"notices/{notice}/index.html").read_text(encoding="utf-8"), "html.parser")
        .find("h1").get_text(strip=True)]
    missing = {url: str(p) for url, p in internal_links(site, site / "index.html").items() if not p.is_file()}
    assert missing == {}
