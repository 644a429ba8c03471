"""Property: whatever the records say, no private value reaches any built file.

Hypothesis writes sites of hundreds of nominees whose every private field
holds a canary; the site is built and every file (decoded as the audit does,
images included) is searched for the canaries.
"""

from __future__ import annotations

import json
import string

import pytest

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CAMPAIGN, CONFIG, SiteMaker
from generator.output.audit import audit_site, decoded_views
from generator.cli import main
from generator.records.loader import load_site
from generator.model.private import PRIVATE_FIELDS

HAN = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 400))
TEXT = st.text(alphabet=HAN + string.ascii_lowercase + string.digits + "，。、（）-·", min_size=1, max_size=8)
NOMINEES_PER_SITE = 40
#: a run on a developer's machine tries 5 sites (200 records, about 25 s); the full run (the `full` marker: CI=true,
#: GONGSHI_FULL=1 or -m full) 25 (1,000 records, about a minute)
EXAMPLES = 5
MORE_EXAMPLES = 25


def _check_digit(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


@st.composite
def nominee(draw, index: int) -> dict:
    public = {"id": f"n{index}", "award": "model-worker", "name": draw(TEXT), "gender": draw(st.sampled_from("男女")),
              "unit": draw(TEXT), "position": draw(TEXT), "category": "一线工人", "region": "甲区",
              "brief_deeds": draw(TEXT), "remarks": draw(TEXT)}
    body = f"999999{index:04d}{draw(st.integers(10**6, 10**7 - 1))}"  # 17 digits, unique by index
    private = {field: f"CANARY{index:05d}{field.upper()}{draw(TEXT)}" for field in PRIVATE_FIELDS}
    private["id_number"] = body + _check_digit(body)
    private["phone"] = f"139{index:08d}"
    return {**public, "private": private}


@st.composite
def sites(draw) -> list[dict]:
    return [draw(nominee(i)) for i in range(NOMINEES_PER_SITE)]


SETTINGS = dict(deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])


@settings(max_examples=EXAMPLES, **SETTINGS)
@given(people=sites())
def test_no_private_canary_in_any_output(tmp_path_factory, people):
    no_canary(tmp_path_factory, people)


@pytest.mark.full
@settings(max_examples=MORE_EXAMPLES, **SETTINGS)
@given(people=sites())
def test_no_private_canary_in_any_output_of_more_sites(tmp_path_factory, people):
    no_canary(tmp_path_factory, people)


def no_canary(tmp_path_factory, people: list[dict]) -> None:
    root = tmp_path_factory.mktemp("property")
    maker = SiteMaker(root)
    notice = {"id": "prop", "campaign": "test-campaign", "title": "属性测试公示", "issuer": "测试市总工会",
              "level": "city", "start": "2024-09-23", "end": "2024-09-27", "nominees": people,
              "held_elsewhere": [{"level": "district", "issuer": "测试区总工会", "start": "2024-09-09",
                                  "end": "2024-09-13", "posted_at": "区总工会公告栏"}]}
    config = maker.make(notice="notice: " + json.dumps(notice, ensure_ascii=False))
    site = load_site(config)
    assert site.problems.errors == [], site.problems.sorted()[:3]
    out = root / "public"
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now",
                                       "2024-09-24T12:00+08:00"])
    assert result.exit_code == 0, result.output[-3000:]
    canaries = [str(v) for _, values in site.private.items() for v in values.values()]
    assert len(canaries) == NOMINEES_PER_SITE * len(PRIVATE_FIELDS)
    kinds = {p.suffix for p in out.rglob("*") if p.is_file()}
    assert {".html", ".json", ".xml", ".atom", ".ics", ".gz"} <= kinds
    assert (out / "search-index/r/0.gz").is_file()  # the search index's parts hold the pages' runs of text
    leaks = []
    for path in (p for p in out.rglob("*") if p.is_file()):
        for text in decoded_views(path.read_bytes(), path.name):
            if "canary" in text.lower():  # the search index folds letters to lower case
                leaks.append(path.relative_to(out).as_posix())
    assert leaks == []
    assert audit_site(out, canaries, site.records) == []
