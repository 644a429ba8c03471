"""`gongshi audit` and the audit inside `gongshi build`."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from PIL import Image

import photo_fixtures
from conftest import NOMINEE, REPO
from generator.output.audit import audit_site, valid_id_number
from generator.cli import main

SECRET_ID = "999999199001010014"  # the test nominee's private ID number (conftest)
SECRET_PHONE = "13900000001"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_gb11643_check_digit():
    assert valid_id_number("11010519491231002X")
    assert valid_id_number("110105194912310029") is False
    assert valid_id_number("44052418800101001" + "4")


def test_demo_site_is_clean(demo):
    result = run("audit", "-f", str(REPO / "site_config.yml"), str(demo))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: no private data in ")


@pytest.fixture
def built(site, tmp_path):
    config = site.make()
    out = tmp_path / "public"
    assert run("build", "-f", str(config), "--out", str(out), "--now", "2024-09-24T12:00+08:00").exit_code == 0
    return config, out


@pytest.mark.parametrize("name, content", [
    ("plain.html", f"<p>{SECRET_ID}</p>".encode()),
    ("entities.html", "".join(f"&#{ord(c)};" for c in SECRET_ID).encode()),
    ("json-escaped.json", json.dumps({"t": "号码" + SECRET_PHONE}, ensure_ascii=True).replace("1", "\\u0031").encode()),
    ("url.html", f'<a href="/s?q={quote(SECRET_PHONE)}">x</a>'.replace("1", "%31").encode()),
    ("fullwidth.html", "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in SECRET_ID).encode()),
    ("zero-width.json", json.dumps({"text": "\u200b".join(SECRET_PHONE)}).encode()),
    ("compressed.xml.gz", gzip.compress(f"<x>{SECRET_ID}</x>".encode(), mtime=0)),
    # a part of the search index: gzip, then JSON (runs of letters and digits with their sections)
    ("search-index/r/1.gz",
     gzip.compress(json.dumps({"电话" + SECRET_PHONE: [3, 1]}, ensure_ascii=False).encode(), mtime=0)),
])
def test_planted_canary_is_found_through_every_encoding(built, name, content):
    config, out = built
    (out / name).write_bytes(content)
    result = run("audit", "-f", str(config), str(out))
    assert result.exit_code == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith(name)]
    assert lines and all(": private value: " in l for l in lines), result.stderr
    assert SECRET_ID not in result.stderr and SECRET_PHONE not in result.stderr  # masked


@pytest.mark.parametrize("value, written", [
    ("KL-2024-Secret-Plate", "kl-2024-SECRET-plate"),  # many letters: matched in the lower-cased text
    ("999999198001010X1Ab", "999999198001010x1aB"),  # a few letters: matched in each of their case forms
    ("999999198001010X1Ab", "999999198001010X1Ab"),
])
def test_private_values_are_found_whatever_their_case(tmp_path, value, written):
    """A template or a script may change the case of a value with letters: it is still found, where it is."""
    (tmp_path / "page.html").write_text(f"<p>ok {written}</p>")
    findings = audit_site(tmp_path, [value], None)
    assert [(f.path, f.position, f.kind) for f in findings] == [("page.html", 6, "private value")]


def test_id_numbers_and_mobiles_not_in_the_records(built):
    config, out = built
    other_id = "11010519491231002X"  # valid check digit
    (out / "leak.txt").write_text(f"{other_id} 110105194912310029 13712345678 0000-1234567 12345678901234")
    result = run("audit", "-f", str(config), str(out))
    assert result.exit_code == 1
    kinds = [l.split(": ")[1] for l in result.stderr.splitlines() if l.startswith("leak.txt")]
    assert kinds == ["ID number", "mobile number"]


def test_channel_numbers_published_on_purpose_are_allowed(built, site):
    config, out = built
    channels = "  channels:\n    - office: 受理处\n      phones: [\"13812345678\"]\n"
    site.write("notices/notice.yml", (site.root / "notices/notice.yml").read_text() + channels)
    (out / "extra.html").write_text("<p>电话 13812345678</p>")
    assert run("audit", "-f", str(config), str(out)).exit_code == 0


def test_image_metadata_is_a_finding(built):
    config, out = built
    (out / "photo.jpg").write_bytes(photo_fixtures.jpeg_with_canaries())
    result = run("audit", "-f", str(config), str(out))
    assert result.exit_code == 1
    assert "photo.jpg:0: image metadata: exif" in result.stderr


def test_audit_on_every_core_finds_what_one_core_finds(built, monkeypatch, two_cores):
    import os

    from generator.records.loader import load_site

    config, out = built
    (out / "a.html").write_text(f"<p>{SECRET_ID}</p>")
    (out / "b.txt").write_text("11010519491231002X 13712345678")
    (out / "c.jpg").write_bytes(photo_fixtures.jpeg_with_canaries())
    loaded = load_site(config)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    one = audit_site(out, loaded.private.values(), loaded.records)
    pools = two_cores()
    every = audit_site(out, loaded.private.values(), loaded.records)
    assert pools == [(2,)]
    assert every == one
    assert {(f.path, f.kind) for f in one} >= {("a.html", "private value"), ("b.txt", "ID number"),
                                                 ("b.txt", "mobile number"), ("c.jpg", "image metadata")}


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_build_refuses_to_publish_a_leak(built, site):
    """The audit is the second line of defence, for what `check` does not read: a clerk pastes a nominee's
    private phone into the site's own theme (theme/, a footer template)."""
    config, out = built
    before = tree_hash(out)
    site.write("theme/partials/copyright.html", f"<p>值班电话 {SECRET_PHONE}</p>\n")
    assert run("check", "-f", str(config), "--now", "2024-09-24T12:00+08:00").exit_code == 0
    result = run("build", "-f", str(config), "--out", str(out), "--now", "2024-09-24T12:00+08:00")
    assert result.exit_code == 1
    assert "the audit found" in result.stderr and "notices/test-notice/index.html:" in result.stderr
    assert "private value: 139******01" in result.stderr
    assert SECRET_PHONE not in result.stderr
    assert tree_hash(out) == before
