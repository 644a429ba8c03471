"""The engine is named in the configuration (or for one run by GONGSHI_ENGINE) and both engines build the same
site; nothing else differs but the page's generator line."""

from __future__ import annotations

import os
import subprocess
import sys

from bs4 import BeautifulSoup

from conftest import REPO

NOW = "2026-11-20T10:00:00+08:00"


def build(config, out, engine_env: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GONGSHI_ENGINE"}
    if engine_env:
        env["GONGSHI_ENGINE"] = engine_env
    return subprocess.run([sys.executable, "-m", "generator", "build", "-f", str(config), "--out", str(out),
                           "--now", NOW, "--lang", "en"], capture_output=True, text=True, env=env, cwd=REPO)


def generator_line(out) -> str:
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.find("meta", attrs={"name": "generator"})["content"]


def engine_site(site, engine: str | None):
    config = site.make()
    if engine:
        config.write_text(config.read_text(encoding="utf-8").replace(
            "  - gongshi:\n", f"  - gongshi:\n      engine: {engine}\n", 1), encoding="utf-8")
    return config


def test_the_engine_named_in_the_configuration_builds_the_site(site, tmp_path):
    config = engine_site(site, "properdocs")
    assert "engine: properdocs" in config.read_text(encoding="utf-8")
    done = build(config, tmp_path / "pd")
    assert done.returncode == 0, done.stderr
    assert generator_line(tmp_path / "pd").startswith("mkdocs-ProperDocs ")
    done = build(config, tmp_path / "md", engine_env="mkdocs")  # the environment names it for one run
    assert done.returncode == 0, done.stderr
    assert generator_line(tmp_path / "md").startswith("mkdocs-1.")


def test_both_engines_write_the_same_site_but_for_the_generator_line(site, tmp_path):
    config = engine_site(site, None)
    for engine in ("mkdocs", "properdocs"):
        done = build(config, tmp_path / engine, engine_env=engine)
        assert done.returncode == 0, done.stderr
    first, second = ({p.relative_to(tmp_path / e).as_posix(): p.read_bytes()
                      for p in (tmp_path / e).rglob("*") if p.is_file()} for e in ("mkdocs", "properdocs"))
    assert sorted(first) == sorted(second)
    differ = {rel for rel in first if first[rel] != second[rel]}
    # the pages name their generator; the search index's version is a digest of the pages
    assert differ - {"search-index/entry.json"} == {rel for rel in first if b'name="generator"' in first[rel]}
    for rel in differ - {"search-index/entry.json"}:
        strip = [line for line in first[rel].split(b"\n") if b'name="generator"' not in line]
        assert strip == [line for line in second[rel].split(b"\n") if b'name="generator"' not in line], rel


def test_an_unknown_engine_is_an_error_at_its_line(site, tmp_path):
    config = engine_site(site, "hugo")
    line = config.read_text(encoding="utf-8").splitlines().index("      engine: hugo") + 1
    done = build(config, tmp_path / "out")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (f"site_config.yml:{line}: plugins.gongshi.engine: 'hugo' is not allowed; "
                                           "use one of: mkdocs, properdocs")
