"""Nothing before its day: a correction, an outcome and a story dated after the build's day are in no file of
the built site (pages, feeds, JSON, calendar files, search index, sitemap) until that day; `check` and
`build` say what waits and when it goes out."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from conftest import NOMINEE, NOTICE
from generator.cli import main

CORRECTION = "单位名称更正为青禾示例机械厂"
OUTCOME = "经公示无异议报请审定"
STORY = "张三的未来报道"
STORY_URL = "stories/zhang-san-later/"

FUTURE = NOTICE.format(nominees=NOMINEE) + f"""\
  corrections:
    - date: 2024-09-26
      action: amended
      nominee: zhang-san
      text: {CORRECTION}。
  outcome:
    date: 2024-09-30
    result: no-objection
    text: {OUTCOME}。
"""
POSTS = {
    "now.md": "---\ndate: 2024-09-20\ntitle: 已经发布的报道\ndescription: 摘要。\nauthors: [press]\nslug: zhang-san-now\n"
              "---\n\n正文。\n",
    "later.md": f"---\ndate: 2024-09-28\ntitle: {STORY}\ndescription: 未来的摘要。\nauthors: [press]\n"
                "slug: zhang-san-later\n---\n\n未来的正文。\n",
}
AUTHORS = "authors:\n  press:\n    name: 宣传部\n    description: 新闻宣传\n    avatar: assets/gongshi/press-avatar.svg\n"


def future_site(site) -> Path:
    config = site.make(notice=FUTURE)
    site.write("content/stories/index.md", "# 报道\n")
    site.write("content/stories/.authors.yml", AUTHORS)
    for name, text in POSTS.items():
        site.write(f"content/stories/posts/{name}", text)
    config.write_text(config.read_text().replace("  - gongshi:", "  - blog:\n      blog_dir: stories\n      "
                                                 "post_url_format: \"{slug}\"\n      post_excerpt: optional\n"
                                                 "  - gongshi:"))
    return config


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def texts(out: Path) -> dict[str, str]:
    """Every file of the built site as text: compressed ones (search index, sitemap.xml.gz) decompressed,
    JSON also with its escapes decoded."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        if path.suffix in (".json", ".gz"):
            text += json.dumps(json.loads(text), ensure_ascii=False) if text.lstrip()[:1] in "{[" else ""
        found[path.relative_to(out).as_posix()] = text
    return found


def holding(out: Path, needle: str) -> list[str]:
    return [rel for rel, text in texts(out).items() if needle in text]


def test_nothing_dated_later_is_in_any_file_until_its_day(site, tmp_path):
    config = future_site(site)
    out = tmp_path / "out"
    before = run("build", "-f", str(config), "--out", str(out), "--now", "2024-09-25T12:00:00+08:00")
    assert before.exit_code == 0, before.output
    assert len(texts(out)) > 50 and holding(out, "已经发布的报道")  # the scan reaches the published story
    assert any(rel.startswith("search-index/r/") for rel in texts(out))  # the runs of the pages, searched too
    for needle in (CORRECTION, OUTCOME, STORY, STORY_URL, "未来的正文", "未来的摘要"):
        assert holding(out, needle) == [], needle

    # the correction's day: it is out, the outcome and the story still wait (a build into the same folder)
    middle = run("build", "-f", str(config), "--out", str(out), "--now", "2024-09-26T09:00:00+08:00")
    assert middle.exit_code == 0, middle.output
    assert "notices/test-notice/index.html" in holding(out, CORRECTION)
    assert "notices/test-notice/notice.json" in holding(out, CORRECTION)
    assert "feeds/notices.xml" in holding(out, CORRECTION)
    for needle in (OUTCOME, STORY, STORY_URL):
        assert holding(out, needle) == [], needle

    after = run("build", "-f", str(config), "--out", str(out), "--now", "2024-10-01T12:00:00+08:00")
    assert after.exit_code == 0, after.output
    assert after.stdout.splitlines()[1:-1] == []  # nothing waits any more (the last line: the next change)
    story = holding(out, STORY)
    for rel in (f"{STORY_URL}index.html", "stories/index.html", "index.html", "feeds/stories.xml",
                "feeds/stories.json", "feeds/stories.atom"):
        assert rel in story, rel
    assert any(rel.startswith("search-index/r/") for rel in story)
    assert "sitemap.xml" in holding(out, "https://test.example.org/" + STORY_URL)
    assert "sitemap.xml.gz" in holding(out, "https://test.example.org/" + STORY_URL)
    outcome = holding(out, OUTCOME)
    for rel in ("notices/test-notice/index.html", "notices/test-notice/notice.json", "feeds/notices.xml",
                "feeds/notices.json", "feeds/notices.atom"):
        assert rel in outcome, rel
    assert any(rel.startswith("search-index/r/") for rel in outcome)


def test_a_fresh_build_before_the_day_equals_one_made_after_a_later_build(site, tmp_path):
    """The engine's fingerprint holds the stories that wait: going back to a day before the story (as a
    rebuild of an older moment does) publishes nothing of it."""
    config = future_site(site)
    out = tmp_path / "out"
    assert run("build", "-f", str(config), "--out", str(out), "--now", "2024-10-01T12:00:00+08:00").exit_code == 0
    assert holding(out, STORY)
    assert run("build", "-f", str(config), "--out", str(out), "--now", "2024-09-27T12:00:00+08:00").exit_code == 0
    assert holding(out, STORY) == [] and holding(out, STORY_URL) == []


def test_build_and_check_say_what_waits_and_when(site, chinese, tmp_path):
    config = future_site(site)
    build = run("build", "-f", str(config), "--out", str(tmp_path / "out"), "--now", "2024-09-25T12:00:00+08:00")
    assert build.exit_code == 0, build.output
    assert build.stdout.splitlines()[1:-1] == [  # the last line: when the site changes next
        "尚未到日期、暂不发布（3 项）：",
        "  test-notice：2024年9月26日（星期四） 的更正",
        "  报道：张三的未来报道（2024年9月28日（星期六））",
        "  test-notice：2024年9月30日（星期一） 的公示结果",
    ]
    check = run("check", "-f", str(config), "--now", "2024-09-25T12:00:00+08:00")
    assert check.exit_code == 0, check.output
    lines = check.stdout.splitlines()
    assert lines[6:8] == [
        "  尚未到日期、暂不发布：2024年9月26日（星期四） 的更正；2024年9月30日（星期一） 的公示结果",
        "尚未到发布日期的报道：张三的未来报道（2024年9月28日（星期六））",
    ]


def test_build_names_five_and_counts_the_rest(site):
    corrections = "".join(f"    - date: 2024-10-{day:02d}\n      action: note\n      text: 说明{day}。\n"
                          for day in range(1, 8))
    config = site.make(notice=NOTICE.format(nominees=NOMINEE) + "  corrections:\n" + corrections
                       + "  withdrawn:\n    date: 2024-10-09\n    reason: 活动调整。\n")
    result = run("build", "-f", str(config), "--out", str(site.root / "out"), "--now", "2024-09-25T12:00:00+08:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:-1] == [  # the last line: when the site changes next
        "waiting for their day (8):",
        "  test-notice: a correction dated Tuesday 2024-10-01",
        "  test-notice: a correction dated Wednesday 2024-10-02",
        "  test-notice: a correction dated Thursday 2024-10-03",
        "  test-notice: a correction dated Friday 2024-10-04",
        "  test-notice: a correction dated Saturday 2024-10-05",
        "  and 3 more; `gongshi check` lists them all",
    ]
    check = run("check", "-f", str(config), "--now", "2024-09-25T12:00:00+08:00")
    assert check.stdout.splitlines()[6] == (
        "  waiting for their day: " + "; ".join(f"a correction dated {d}" for d in (
            "Tuesday 2024-10-01", "Wednesday 2024-10-02", "Thursday 2024-10-03", "Friday 2024-10-04",
            "Saturday 2024-10-05", "Sunday 2024-10-06", "Monday 2024-10-07"))
        + "; the withdrawal dated Wednesday 2024-10-09")
