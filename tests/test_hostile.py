"""Hostile input: XSS payloads in every text field of the YAML and in Markdown; YAML attacks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import CAMPAIGN
from generator.records import types as R
from generator.cli import main
from generator.records.loader import load_site
from generator.records.sanitize import clean_html
from generator.records.schema import Record

PAYLOADS = [
    '<script>alert("xss-1")</script>',
    '"><img src=x onerror=alert("xss-2")>',
    "javascript:alert('xss-3')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzLTQnKTwvc2NyaXB0Pg==",
    '<svg onload=alert("xss-5")><circle/></svg>',
    "</title></textarea></script><b onmouseover=alert('xss-6')>broken",
    "{{ 7*7 }} {% raw %} {{ config }}",
    "'; alert('xss-8'); '",
]
NOW = "2024-09-24T12:00:00+08:00"


def _fill(record: Record, counter: list[int], skip: set[str] = frozenset()) -> dict:
    """Every text field of a record type, each with the next payload (but a nominee's ``from``, a reference that
    must name a notice)."""
    out = {}
    for field in record.fields:
        if field.kind == "text" and field.name not in skip | {"from"}:
            out[field.name] = f"文本{counter[0]}" + PAYLOADS[counter[0] % len(PAYLOADS)]
            counter[0] += 1
    return out


def hostile_notice() -> str:
    n = [0]
    notice = {
        **_fill(R.NOTICE, n), "id": "evil", "campaign": "test-campaign", "level": "city",
        "start": "2024-09-23", "end": "2024-09-27",
        "channels": [{**_fill(R.CHANNEL, n), "phones": ["0000-1234567"], "email": "a@example.org",
                      "postcode": "999001", "contacts": [{**_fill(R.CONTACT, n), "phone": "0000-7654321"}],
                      "in_person": _fill(R.IN_PERSON, n)}],
        "objection_rules": {"real_name": True, "notes": [PAYLOADS[0], PAYLOADS[1]]},
        "nominees": [
            {**_fill(R.NOMINEE, n, skip={"legal_representative"}), "id": "evil-person", "award": "model-worker", "gender": "女",
             "category": "一线工人", "region": "甲区"},
            {**_fill(R.NOMINEE, n, skip=set(R.NOMINEE.field("gender").choices) | {
                "ethnicity", "political_status", "professional_title", "title_level", "skill_level", "position"}),
             "id": "evil-team", "award": "collective", "region": "乙区"},
        ],
        "corrections": [{**_fill(R.CORRECTION, n), "date": "2024-09-24", "action": "amended", "nominee": "evil-person"}],
        "outcome": {**_fill(R.OUTCOME, n), "date": "2024-09-28", "result": "adjusted"},
        "held_elsewhere": [{**_fill(R.HELD_ELSEWHERE, n), "level": "district", "start": "2024-09-09",
                            "end": "2024-09-13"}],
    }
    for nominee in notice["nominees"]:
        nominee.pop("photo_alt", None)
    return "notice: " + json.dumps(notice, ensure_ascii=False)  # JSON is YAML: every value quoted


def assert_no_injection(out: Path) -> int:
    pages = 0
    for path in out.rglob("*.html"):
        pages += 1
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in html.find_all("script"):
            assert "xss" not in script.get_text() and "alert" not in script.get_text(), path
            assert not script.get("src") or "assets/" in script["src"], path
        for el in html.find_all(True):
            handlers = [a for a in el.attrs if a.lower().startswith("on")]
            assert handlers == [], (path, el.name, handlers)
            for attr in ("href", "src", "action", "formaction", "xlink:href"):
                value = str(el.get(attr, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:text", "vbscript:")), (path, el.name, value)
        for svg in html.find_all("svg"):
            assert "xss" not in str(svg), path
    return pages


def test_payloads_in_every_yaml_text_field_stay_text(site, tmp_path):
    config = site.make(notice=hostile_notice())
    loaded = load_site(config)
    assert loaded.problems.errors == [], loaded.problems.sorted()[:5]
    out = tmp_path / "public"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 0, result.output
    assert assert_no_injection(out) >= 5
    page = BeautifulSoup((out / "notices/evil/index.html").read_text(), "html.parser")
    text = page.get_text()
    for payload in PAYLOADS:
        assert payload in text or payload.replace("\n", " ") in text  # shown exactly, as text
    assert "{{ 7*7 }}" in text and "{% raw %}" in text  # template syntax is never evaluated
    for feed in ("notices.xml", "notices.atom"):
        body = (out / "feeds" / feed).read_text()
        assert "<script>" not in body  # entity-escaped inside the XML


MARKDOWN_ATTACKS = [
    ("<script>alert(1)</script>", "raw HTML is not allowed"),
    ('<img src=x onerror="alert(1)">', "raw HTML is not allowed"),
    ("[click](javascript:alert(1))", "links may only be"),
    ("[click]( JavaScript:alert(1))", "links may only be"),
    ("[x][ref]\n\n[ref]: data:text/html;base64,PHNjcmlwdD4=", "links may only be"),
    ('<svg onload="alert(1)"></svg>', "raw HTML is not allowed"),
    ("<a href='x' onclick='alert(1)'>x</a>", "raw HTML is not allowed"),
]


@pytest.mark.parametrize("body, message", MARKDOWN_ATTACKS)
def test_markdown_attacks_in_stories_and_profiles_fail_check(site, body, message):
    config = site.make()
    site.write("content/figures/zhang-san.md", f"---\nname: 张三\n---\n\n正文\n\n{body}\n")
    site.write("content/help.md", f"# 帮助\n\n{body}\n")
    got = [str(p) for p in load_site(config).problems.sorted()]
    assert got and all(message in p for p in got)
    offset = body.count("\n")  # the offending line is the last one of the body
    assert any(p.startswith(f"content/figures/zhang-san.md:{7 + offset}: (markdown): ") for p in got), got
    assert any(p.startswith(f"content/help.md:{3 + offset}: (markdown): ") for p in got), got


def test_markup_in_front_matter_fails_check(site):
    config = site.make()
    site.write("content/figures/zhang-san.md", "---\nname: '张三<script>alert(1)</script>'\nquote: '{{ config }}'\n---\n正文\n")
    got = [str(p) for p in load_site(config).problems.sorted()]
    assert got == ["content/figures/zhang-san.md:2: name: plain text only: no HTML tags or {{ }} / {% %}",
                   "content/figures/zhang-san.md:3: quote: plain text only: no HTML tags or {{ }} / {% %}"]


def test_markup_examples_in_code_are_fine(site):
    config = site.make()
    site.write("content/help.md", "# 帮助\n\n写 `<b>` 不行。\n\n```html\n<script>这是示例</script>\n```\n")
    assert load_site(config).problems.items == []


@pytest.mark.parametrize("html", [
    '<p>x</p><script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>', '<svg><script>alert(1)</script></svg>',
    '<iframe src="https://example.org"></iframe>', '<p style="background:url(javascript:alert(1))">x</p>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
])
def test_nh3_second_line_of_defence(html):
    cleaned = BeautifulSoup(clean_html(html), "html.parser")
    assert not cleaned.find_all(["script", "iframe", "form", "style"])
    for el in cleaned.find_all(True):
        assert not [a for a in el.attrs if a.startswith("on") or a == "style"]
        assert not str(el.get("href", "")).startswith(("javascript:", "data:"))


def test_wrong_types_are_clear_errors(site):
    notice = ("notice:\n  id: [not, a, string]\n  campaign: test-campaign\n  title: {a: 1}\n  issuer: 甲\n"
              "  level: city\n  start: [2024-09-23]\n  end: 2024-09-27\n  nominees: 张三\n")
    got = [str(p) for p in load_site(site.make(notice=notice)).problems.sorted()]
    assert got == [
        "notices/notice.yml:2: id: expected a single value (stable id; the notice's URL and feed id derive from it), "
        "not a list or mapping",
        "notices/notice.yml:4: title: expected a single value (title as published), not a list or mapping",
        "notices/notice.yml:7: start: expected a single value (first day of the period), not a list or mapping",
        "notices/notice.yml:9: nominees: expected a list (items starting with `- `)",
    ]


def test_yaml_bombs_are_refused_quickly(site):
    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"
                     for i in range(1, 30))
    site.make(notice="a: &l0 [x]\n" + levels)
    site.write("notices/deep.yml", "notice: " + "[" * 5000 + "]" * 5000 + "\n")
    site.write("notices/huge.yml", "notice:\n  title: '" + "长" * 400_000 + "'\n")
    started = time.perf_counter()
    got = [str(p) for p in load_site(site.root / "site_config.yml").problems.sorted()]
    assert time.perf_counter() - started < 10
    assert "notices/deep.yml:1: (file): nesting deeper than 32 levels; records are never this deep" in got
    assert any(p.startswith("notices/huge.yml: (file): file is 1,200,") for p in got)
    assert any(p.startswith("notices/notice.yml:2: l1[1]: aliases (*l0) are not allowed") for p in got)
