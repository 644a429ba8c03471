"""The command line: exit codes, output on the right stream, the schema export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from conftest import NOMINEE, NOTICE, REPO
from generator.cli import main
from generator.records.loader import record_files
from generator.records.yamltree import Mapping, Scalar, Sequence, read_file
from generator.base.errors import Problems


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_ok(site):
    result = run("check", "-f", str(site.make()), "--now", "2024-09-25T12:00+08:00")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("ok: 1 campaign(s), 1 notice(s), 1 nominee(s), 0 warning(s); "
                                                     "checked in ")
    assert result.stdout.splitlines()[-1].endswith(" s; status as of Wednesday 2024-09-25 12:00")
    assert result.stderr == ""


def test_check_lists_every_error_and_exits_1(site):
    config = site.make(nominees=NOMINEE.replace("男", "M").replace("甲区", "丙区"))
    site.write("notices/second.yml", NOTICE.format(nominees=NOMINEE).replace("test-notice", "second")
               .replace("2024-09-27", "2024-09-24"))
    result = run("check", "-f", str(config))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "notices/notice.yml:13: nominees[1].gender: 'M' is not allowed; use one of: 男, 女",
        "notices/notice.yml:17: nominees[1].region: '丙区' is not a region of the campaign; use one of: 乙区, 甲区",
        "notices/second.yml:8: end: the period 2024-09-23 to 2024-09-24 has 2 working days; campaign "
        "'test-campaign' requires at least 5: end on 2024-09-27 or later",
        "3 error(s), 0 warning(s): nothing may be published until the errors are fixed",
    ]


def test_missing_config_is_a_clear_error(tmp_path):
    result = run("check", "-f", str(tmp_path / "site_config.yml"))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'site_config.yml'}: no such file; run gongshi in a site directory "
                             f"or pass -f PATH/site_config.yml\n")


def test_python_dash_m_and_the_demo_site():
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "LANG": "en_US.UTF-8"})  # the demo's language is zh
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("检查通过：1 个评选表彰活动，7 份公示，")


def _plain(node):
    """A YAML tree as JSON data the way an editor's YAML plugin would see it (dates as strings)."""
    if isinstance(node, Mapping):
        return {k: _plain(v) for k, (_, v) in node.entries.items()}
    if isinstance(node, Sequence):
        return [_plain(v) for v in node.items]
    assert isinstance(node, Scalar)
    if node.plain and node.implicit == "int":
        return int(node.text)
    if node.plain and node.implicit == "bool":
        return node.text == "true"
    return node.text


def test_schema_export_accepts_the_demo_and_rejects_mistakes():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = record_files(REPO / "notices")
    assert len(files) >= 4
    for file in files:
        data = _plain(read_file(file, file.name, Problems()))
        errors = list(validator.iter_errors(data))
        assert errors == [], (file, errors[:3])
    bad = {"notice": {"id": "Bad Id", "campaign": "c", "title": "t", "issuer": "i", "level": "city",
                      "start": "2024-01-01", "end": "2024-01-09", "nominees": [],
                      "closing_time": "5pm", "private": {}}}
    messages = {e.message for e in validator.iter_errors(bad)}
    assert messages  # oneOf fails; the detailed causes name the field
    causes = {c.message for e in validator.iter_errors(bad) for c in (e.context or [])}
    assert any("'Bad Id' does not match" in m for m in causes)
    assert any("'5pm' does not match" in m for m in causes)
    assert any("'private' was unexpected" in m for m in causes)


def test_build_runs_without_the_cycle_collector_and_turns_it_on_again(site, tmp_path):
    """Python calls gc.callbacks at every pass of its cycle collector: none runs while gongshi's code is running
    a build (which allocates plenty of objects), and the collector is on again afterwards, after a failed build
    too (its first pass comes as soon as it is on again, once the command has returned)."""
    import gc
    import traceback

    import generator

    package = str(Path(generator.__file__).parent)
    passes, inside = [], []

    def count(phase, info):
        if phase == "start":
            passes.append(info["generation"])
            inside.extend(f"{f.filename}:{f.lineno}" for f in traceback.extract_stack()[:-1]
                          if f.filename.startswith(package))
    config = site.make()
    gc.callbacks.append(count)
    try:
        built = run("build", "-f", str(config), "--out", str(tmp_path / "out"), "--now", "2024-09-24T12:00+08:00")
        after_build = gc.isenabled()
        site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace("end: 2024-09-27", "end: 2024-09-24"))
        failed = run("build", "-f", str(config), "--out", str(tmp_path / "out"), "--now", "2024-09-24T12:00+08:00")
        after_failure = gc.isenabled()
        before = len(passes)
        kept = [[] for _ in range(100_000)]  # enough new containers for passes of the youngest generation
        after = len(passes)
    finally:
        gc.callbacks.remove(count)
    assert built.exit_code == 0, built.output
    assert failed.exit_code == 1
    assert (after_build, after_failure) == (True, True)
    assert inside == []
    assert len(kept) == 100_000 and after > before  # the callback does see passes


SCHEDULED = NOTICE.format(nominees=NOMINEE + NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四")
                          .replace("199001010014", "199001020010")) + """\
  published: 2024-09-20
  closing_time: "17:30"
  corrections:
    - date: 2024-09-24
      action: withdrawn
      nominee: li-si
      text: 本人申请退出。
    - date: 2024-09-30
      action: note
      text: 公示期满。
"""


def test_check_prints_each_notice_schedule_in_chinese(site, chinese):
    result = run("check", "-f", str(site.make(notice=SCHEDULED)), "--now", "2024-09-25T12:00+08:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:9] == [
        "notices/notice.yml: test-notice  测试公示",
        "  发布日期：2024年9月20日（星期五）",
        "  公示期：2024年9月23日（星期一）至2024年9月27日（星期五），共 5 个工作日",
        "  反映情况截止：2024年9月27日（星期五）17:30",
        "  状态：公示中，还剩 3 天",
        "  推荐对象：1 名（个）（另有 1 名（个）已撤下，不计入）",
        "  尚未到日期、暂不发布：2024年9月30日（星期一） 的更正",
        "下次自动更新：2024年9月26日（星期四）00:00（“测试公示”剩余天数减少一天）；到时请重新生成",
        "检查通过：1 个评选表彰活动，1 份公示，2 名（个）推荐对象，0 个警告；用时 "
        + result.stdout.splitlines()[8].split("用时 ")[1],
    ]
    assert result.stdout.splitlines()[8].endswith("秒；状态截至 2024年9月25日（星期三）12:00")


def test_check_schedule_in_english_and_before_the_start(site):
    result = run("--lang", "en", "check", "-f", str(site.make(notice=SCHEDULED)), "--now", "2024-09-19")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:7] == [
        "  published: Friday 2024-09-20",
        "  period: Monday 2024-09-23 to Friday 2024-09-27, 5 working day(s)",
        "  objections until: Friday 2024-09-27 17:30",
        "  status: upcoming, starts in 4 day(s)",
        "  nominees: 2 nominee(s)",
        "  waiting for their day: the notice itself, to be published on Friday 2024-09-20; a correction dated "
        "Tuesday 2024-09-24; a correction dated Monday 2024-09-30",
    ]


def test_language_chosen_by_option_site_and_environment(site, monkeypatch):
    from generator.base import i18n

    config = site.make(nominees=NOMINEE.replace("男", "M"))
    i18n.reset()
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    zh = run("check", "-f", str(config))  # the site says zh: that wins over the environment
    assert zh.stderr.splitlines()[-1] == "1 个错误，0 个警告：改正全部错误之前不能发布"
    en = run("check", "-f", str(config), "--lang", "en")
    assert en.stderr.splitlines()[-1] == "1 error(s), 0 warning(s): nothing may be published until the errors are fixed"
    i18n.reset()
    site.write("site_config.yml", (site.root / "site_config.yml").read_text(encoding="utf-8")
               .replace("language: zh", "language: en"))
    assert run("check", "-f", str(config)).stderr.splitlines()[-1].startswith("1 error(s), ")
    i18n.reset()
    monkeypatch.setenv("LANG", "C.UTF-8")  # no language: Chinese
    assert run("schema", "--help").stdout.startswith("用法: main schema [OPTIONS]\n\n  输出记录文件的 JSON Schema")
    assert ["--lang", "[zh|en]", "消息语言：zh（默认，中文）或", "en（英文）"] in [
        line.split() for line in run("check", "--help").stdout.splitlines()]
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert "Print the JSON Schema of record files" in run("schema", "--help").stdout


def test_init_makes_a_site_that_checks_and_builds_and_never_overwrites(tmp_path, chinese):
    from bs4 import BeautifulSoup

    target = tmp_path / "mysite"
    result = run("init", str(target), "--now", "2026-11-20T09:00+08:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"已创建 {target / name}" for name in (
        "site_config.yml", "notices/campaign.yml", "notices/city-recommend.yml", "content/help.md", ".gitignore")] + [
        f"新站点已建好。下一步：cd {target} && gongshi check 检查，然后用 gongshi serve 预览"]
    notice = (target / "notices/city-recommend.yml").read_text(encoding="utf-8")
    # the first working day after the day it was made, five working days long
    assert "published: 2026-11-20\n" in notice and "start: 2026-11-23\n" in notice and "end: 2026-11-27\n" in notice
    assert "/site/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    checked = run("check", "-f", str(target / "site_config.yml"), "--now", "2026-11-24T09:00+08:00")
    assert checked.exit_code == 0, checked.output
    assert "  状态：公示中，还剩 4 天" in checked.stdout.splitlines()
    built = run("build", "-f", str(target / "site_config.yml"), "--now", "2026-11-24T09:00+08:00")
    assert built.exit_code == 0, built.output
    home = BeautifulSoup((target / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in home.select("article a[href]")}
    assert "notices/2026-city-recommend/" in links and "help/" in links
    for href in links:
        if not href.startswith(("http", "#", "mailto:", "tel:")):
            assert (target / "site" / href / "index.html").is_file() or (target / "site" / href).is_file(), href
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    again = run("init", str(target))
    assert again.exit_code == 1
    assert again.stderr.startswith(f"错误：{target} 中已经有站点文件（{target / '.gitignore'}、")
    assert again.stderr.endswith("）；gongshi init 不会覆盖任何文件：请换一个空文件夹，例如 gongshi init mysite\n")
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before


def test_init_in_a_year_the_calendar_does_not_know_dates_the_sample_in_the_last_known_year(tmp_path):
    from generator.newsite import last_known_year

    result = run("init", str(tmp_path / "s"), "--now", f"{last_known_year() + 2}-03-01")
    assert result.exit_code == 0, result.output
    notice = (tmp_path / "s/notices/city-recommend.yml").read_text(encoding="utf-8")
    assert f"start: {last_known_year()}-11-" in notice
    config = (tmp_path / "s/site_config.yml").read_text(encoding="utf-8")
    assert f"      #   {last_known_year() + 1}:\n" in config
    assert run("check", "-f", str(tmp_path / "s/site_config.yml")).exit_code == 0


def test_click_own_words_are_chinese_too(chinese):
    result = run("check", "--nwo", "x")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["用法: main check [OPTIONS]", "运行 “main check --help” 查看帮助。", "",
                                          "错误：没有选项 '--nwo'。 是不是要用 '--now'？"]
    assert run("check", "--help").stdout.splitlines()[-1].split() == ["-h,", "--help", "显示本帮助并退出。"]
    chinese.choose("en")
    assert run("check", "--help").stdout.splitlines()[-1].split() == "-h, --help Show this message and exit.".split()
