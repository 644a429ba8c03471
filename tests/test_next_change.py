"""The next moment the site changes without an edit: found for the demo site at several moments, printed by
`gongshi build` and `gongshi check`, and written beside site_config.yml by a build that succeeded only."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from generator.base.dates import TZ, parse_now
from generator.cli import main
from generator.records.loader import load_site
from generator.site.schedule import Change, NextChange, next_change, next_change_line

CITY = ("2026-city-recommend", "关于2026年青澜市劳动模范、先进工作者和先进集体推荐人选的公示")
SONGYU = ("2026-songyu-county", "关于2026年青澜市劳动模范、先进工作者和先进集体松屿县推荐人选的公示")
HECHUAN = ("2026-hechuan-district", "关于2026年青澜市劳动模范、先进工作者和先进集体鹤川区推荐人选的公示")
LANDONG = ("2026-landong-district", "关于2026年青澜市劳动模范、先进工作者和先进集体澜东区推荐人选的公示")
HOSPITAL = ("2026-unit-city-hospital", "青澜市示例人民医院关于2026年青澜市先进工作者推荐人选的公示")
SCHOOL = ("2026-unit-qinglan-school", "青澜市示例实验中学关于2026年青澜市先进工作者推荐人选的公示")


@pytest.fixture(scope="module")
def demo_site():
    site = load_site(REPO / "site_config.yml")
    assert not site.problems.errors
    return site


def found(site, now: str) -> tuple[str | None, list[tuple[str, str, str]]]:
    change = next_change(site.records, site.content, site.config, parse_now(now))
    at = change.at.isoformat() if change.at else None
    return at, [(c.kind, c.id, c.title) for c in change.reasons]


@pytest.mark.parametrize("now, at, reasons", [
    # the city-wide notice is prepared in advance: public from its day on
    ("2026-11-12T10:00", "2026-11-13T00:00:00+08:00", [("published", *CITY)]),
    # public, not open yet: the period starts at 00:00 of its first day
    ("2026-11-15T10:00", "2026-11-16T00:00:00+08:00", [("open", *CITY)]),
    # open: the days left change at the next midnight
    ("2026-11-20T10:00", "2026-11-21T00:00:00+08:00", [("days-left", *CITY)]),
    ("2026-11-23T23:59:59", "2026-11-24T00:00:00+08:00", [("days-left", *CITY)]),
    # the last day, before its closing time: objections close at 17:30
    ("2026-11-24T10:00", "2026-11-24T17:30:00+08:00", [("closed", *CITY)]),
    # after that, strictly: the next notice opens
    ("2026-11-24T17:30", "2026-11-30T00:00:00+08:00", [("open", *SONGYU)]),
    ("2026-12-04T10:00", "2026-12-04T17:30:00+08:00", [("closed", *SONGYU)]),
    # a correction dated during the period, on a midnight the days left change too
    ("2026-11-04T10:00", "2026-11-05T00:00:00+08:00", [("days-left", *HECHUAN), ("correction", *HECHUAN)]),
    # the outcome of a closed notice takes effect at 00:00 of its date
    ("2026-10-13T10:00", "2026-10-14T00:00:00+08:00", [("outcome", *LANDONG)]),
    # withdrawn while open: that midnight, the notice is withdrawn and counts no days down (while the hospital's
    # unit notice, open the same week, counts one day down)
    ("2026-09-15T10:00", "2026-09-16T00:00:00+08:00", [("days-left", *HOSPITAL), ("withdrawn", *SCHOOL)]),
    # everything closed: the first notice leaves the feeds a minute after 365 days from its last change
    ("2026-12-05T00:00", "2027-09-18T17:01:00+08:00", [("feeds", *SCHOOL)]),
    ("2027-12-04T17:31", None, []),
])
def test_the_next_change_of_the_demo_site(demo_site, now, at, reasons):
    assert found(demo_site, now) == (at, reasons)


def test_a_story_dated_later_is_a_change_on_its_day(demo_site):
    # the stories are dated 2026-11-10, 11-14, 11-17 and 11-19; the period in Hechuan ended on 11-09 at 17:00
    title = next(s.title for s in demo_site.content.stories if s.slug == "tea-village-cooperative")
    assert found(demo_site, "2026-11-09T18:00") == ("2026-11-10T00:00:00+08:00",
                                                     [("story", "tea-village-cooperative", title)])


REASONS = tuple(Change("open", f"n{i}", f"公示{i}") for i in range(1, 6))
AT = datetime(2026, 11, 24, 0, 0, tzinfo=TZ)


def test_the_line_names_three_reasons_and_counts_the_rest(chinese):
    assert next_change_line(NextChange(AT, REASONS)) == (
        "下次自动更新：2026年11月24日（星期二）00:00（“公示1”开始公示；“公示2”开始公示；“公示3”开始公示等 5 项）；"
        "到时请重新生成")
    assert next_change_line(NextChange(AT, REASONS[:3])) == (
        "下次自动更新：2026年11月24日（星期二）00:00（“公示1”开始公示；“公示2”开始公示；“公示3”开始公示）；到时请重新生成")
    assert next_change_line(NextChange(None, ())) == "下次自动更新：无；只有修改记录或页面，网站内容才会变化"


def test_the_line_in_english():
    assert next_change_line(NextChange(AT, REASONS[:4])) == (
        "next automatic update: Tuesday 2026-11-24 00:00 (“公示1” opens for objections; “公示2” opens for objections; "
        "“公示3” opens for objections (4 in all)); build again then")
    assert next_change_line(NextChange(None, ())) == (
        "next automatic update: none; the site changes only when its records or pages are edited")


def check_lines(now: str, *args: str) -> list[str]:
    result = CliRunner().invoke(main, [*args, "check", "-f", str(REPO / "site_config.yml"), "--now", now])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_check_prints_it_at_the_end_of_the_schedule(chinese):
    lines = check_lines("2026-11-24T10:00")
    assert lines[-2] == (f"下次自动更新：2026年11月24日（星期二）17:30（“{CITY[1]}”反映情况截止）；到时请重新生成")
    assert lines[-1].startswith("检查通过：")
    lines = check_lines("2026-11-20T10:00", "--lang", "en")
    assert lines[-2] == (f"next automatic update: Saturday 2026-11-21 00:00 (the days left to object to “{CITY[1]}” "
                         "count down); build again then")


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """The demo site copied, so that the file a build writes beside site_config.yml lands in tmp_path."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(REPO / "site_config.yml", root)
    for folder in ("notices", "content", "branding"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def build(root: Path, now: str, *args: str):
    return CliRunner().invoke(main, [*args, "build", "-f", str(root / "site_config.yml"), "--out",
                                     str(root / "public"), "--now", now])


def test_a_build_prints_it_and_writes_it_beside_the_configuration(demo_copy, chinese, monkeypatch):
    before = datetime.now(TZ).replace(microsecond=0)
    result = build(demo_copy, "2026-11-24T10:00")
    after = datetime.now(TZ)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [
        f"下次自动更新：2026年11月24日（星期二）17:30（“{CITY[1]}”反映情况截止）；到时请重新生成"]
    written = json.loads((demo_copy / ".gongshi-next.json").read_text(encoding="utf-8"))
    built_at = written.pop("built_at")
    assert before <= datetime.fromisoformat(built_at) <= after and built_at.endswith("+08:00")
    assert written == {"next": "2026-11-24T17:30:00+08:00",
                       "reasons": [{"kind": "closed", "id": CITY[0], "text": f"“{CITY[1]}”反映情况截止"}],
                       "now": "2026-11-24T10:00:00+08:00"}
    # neither in the published site nor in the cache (which may be deleted)
    assert [p for p in demo_copy.rglob("*next*")] == [demo_copy / ".gongshi-next.json"]

    # a build that changes nothing still says when to build again
    again = build(demo_copy, "2026-11-24T11:00", "--lang", "en")
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[1:] == [
        f"next automatic update: Tuesday 2026-11-24 17:30 (objections to “{CITY[1]}” close); build again then"]
    kept = (demo_copy / ".gongshi-next.json").read_bytes()
    assert json.loads(kept)["now"] == "2026-11-24T11:00:00+08:00"
    assert json.loads(kept)["reasons"][0]["text"] == f"objections to “{CITY[1]}” close"

    # a build that fails after reading the records leaves the file as it was
    from generator.output import tree

    def refuse(staging, target):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(tree, "swap", refuse)
    failed = build(demo_copy, "2026-12-05T00:00", "--lang", "en")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines()[1] == (f"error: the build failed; the previous site in {demo_copy / 'public'} is "
                                             "unchanged:")
    assert (demo_copy / ".gongshi-next.json").read_bytes() == kept
    monkeypatch.undo()

    # and so does one whose records have errors
    notice = demo_copy / "notices/2026-model-workers/songyu-county.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("end: 2026-12-04", "end: 2026-13-04"),
                      encoding="utf-8")
    refused = build(demo_copy, "2026-12-05T00:00", "--lang", "en")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "notices/2026-model-workers/songyu-county.yml:13: end: 2026-13-04 is not a day of the calendar (check the month "
        "and day)", "1 error(s): nothing was built; the previous site is unchanged"]
    assert (demo_copy / ".gongshi-next.json").read_bytes() == kept


def test_nothing_scheduled_is_null(demo_copy):
    result = build(demo_copy, "2028-01-01T00:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "next automatic update: none; the site changes only when its records or pages are edited")
    written = json.loads((demo_copy / ".gongshi-next.json").read_text(encoding="utf-8"))
    assert (written["next"], written["reasons"], written["now"]) == (None, [], "2028-01-01T00:00:00+08:00")
    assert set(written) == {"next", "reasons", "now", "built_at"}
    assert datetime.fromisoformat(written["built_at"]) > datetime.now(TZ) - timedelta(minutes=5)


def test_a_file_that_cannot_be_written_is_a_warning(demo_copy, caplog):
    (demo_copy / ".gongshi-next.json").mkdir()  # in the way: neither replaced nor removed
    result = build(demo_copy, "2026-11-24T10:00")
    assert result.exit_code == 0, result.output
    assert (demo_copy / "public/index.html").is_file()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and warnings[0].startswith(
        f"the new site is in place, but {demo_copy / '.gongshi-next.json'} could not be written (")
    assert warnings[0].endswith("); a timer waiting for the next automatic update will not know when it is")
