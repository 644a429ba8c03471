"""The command line: exit codes, output on the right stream, the schema export."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import jsonschema
from click.testing import CliRunner

from conftest import NOMINEE, NOTICE, REPO
from generator.cli import main
from generator.loader import record_files
from generator.yamltree import Mapping, Scalar, Sequence, read_file
from generator.errors import GongshiError, Problems


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_ok(site):
    result = run("check", "-f", str(site.make()))
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: 1 campaign(s), 1 notice(s), 1 nominee(s) in ")
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
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 1 campaign(s), 5 notice(s), ")


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


def test_build_runs_without_the_cycle_collector_and_turns_it_on_again(site, tmp_path, monkeypatch):
    import gc

    seen = []

    def build_site(*args, **kwargs):
        seen.append(gc.isenabled())
        raise GongshiError("stopped here")
    monkeypatch.setattr("generator.build.build_site", build_site)
    assert gc.isenabled()
    result = run("build", "-f", str(site.make()), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "stopped here" in result.stderr
    assert seen == [False] and gc.isenabled()
