"""Incremental builds: only outputs whose content changed are new files, and the result is always the
same as a whole build from nothing."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import NOMINEE, NOTICE, REPO
from generator.site import search
from generator.engines import build_site
from generator.output.build import (STEP_AUDIT, STEP_COMPARE, STEP_CORE, STEP_LINK_LAST, STEP_READ, STEP_SAVE,
                                    STEP_SEARCH, STEP_STAMP)
from generator.base.dates import parse_now
from generator.base.errors import BuildError

NOW = parse_now("2024-09-24T12:00:00+08:00")
SECOND = NOMINEE.replace("zhang-san", "li-si").replace("张三", "李四").replace(
    "999999199001010014", "999999199001010022").replace("13900000001", "13900000002")


def files(root: Path) -> dict[str, tuple[int, str]]:
    """Each file's inode and content digest."""
    return {p.relative_to(root).as_posix(): (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*")) if p.is_file()}


def content(tree: dict[str, tuple[int, str]]) -> dict[str, str]:
    return {k: v[1] for k, v in tree.items()}


@pytest.fixture
def two(site, tmp_path):
    config = site.make(nominees=NOMINEE + SECOND)
    site.write("content/extra.md", "# 附加说明\n\n一段文字。\n")
    out = tmp_path / "public"
    assert build_site(config, out, NOW).mode == "full"
    return site, config, out


def edit_deeds(site, text="事迹简要，另有新成绩。"):
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text().replace("brief_deeds: 事迹简要。", f"brief_deeds: {text}", 1))


def test_a_rebuild_without_changes_writes_nothing(two):
    site, config, out = two
    before = files(out)
    mtime = out.stat().st_mtime_ns
    report = build_site(config, out, NOW)
    assert (report.mode, report.written, report.audited) == ("unchanged", 0, 0)
    assert files(out) == before and out.stat().st_mtime_ns == mtime


def test_one_nominee_edited_rewrites_only_its_pages_without_mkdocs(two, tmp_path):
    site, config, out = two
    before = files(out)
    edit_deeds(site)
    report = build_site(config, out, NOW)
    assert report.mode == "stamped"  # what the build reports: MkDocs did not run
    assert list(report.timings) == [STEP_READ, STEP_CORE, STEP_COMPARE, STEP_LINK_LAST, STEP_STAMP, STEP_SEARCH,
                                    STEP_AUDIT, STEP_SAVE]  # and the steps it timed: no STEP_ENGINE
    after = files(out)
    new = sorted(k for k in after if after[k] != before.get(k))
    assert "notices/test-notice/zhang-san/index.html" in new and "notices/test-notice/index.html" in new
    assert "notices/test-notice/li-si/index.html" not in new  # the other nominee's page is the same file
    assert "index.html" not in new and not [k for k in new if k.startswith("assets/")]
    assert any(k.startswith("search-index/") for k in new)  # the notice page is in the search index
    assert report.written == len(new) == report.audited
    # the tree it left is the one it recorded: built again, nothing is written
    assert (build_site(config, out, NOW).mode, files(out)) == ("unchanged", after)
    # the same as a whole build from nothing
    shutil.rmtree(site.root / ".gongshi-cache")
    fresh = tmp_path / "fresh"
    assert build_site(config, fresh, NOW).mode == "full"
    assert content(files(fresh)) == content(after)


def test_a_whole_build_links_the_files_that_did_not_change(two):
    site, config, out = two
    before = files(out)
    site.write("content/extra.md", "# 附加说明\n\n另一段文字。\n")
    report = build_site(config, out, NOW)
    assert report.mode == "full"
    after = files(out)
    new = {k for k in after if after[k] != before.get(k)}
    assert "extra/index.html" in new and any(k.startswith("search-index/") for k in new)
    assert after["notices/test-notice/zhang-san/index.html"] == before["notices/test-notice/zhang-san/index.html"]
    assert report.written == len(new)



def test_a_quick_build_starts_from_the_tree_the_last_one_replaced(two, tmp_path):
    """The replaced tree is kept beside the site (a folder only its owner may enter), never in the cache, and
    the next quick build is made from it: whatever happened to it, the result is the published site plus the
    edit, and the published files that did not change are the same files (linked, never written)."""
    site, config, out = two
    edit_deeds(site)
    assert build_site(config, out, NOW).mode == "stamped"
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".public")) == [".public.lock",
                                                                                              ".public.spare"]
    spare = out.parent / ".public.spare"
    assert spare.stat().st_mode & 0o777 == 0o700
    cache = {(p.stat().st_dev, p.stat().st_ino) for p in (site.root / ".gongshi-cache").rglob("*") if p.is_file()}
    assert not cache & {(p.stat().st_dev, p.stat().st_ino) for p in spare.rglob("*") if p.is_file()}
    assert files(spare)["index.html"] == files(out)["index.html"]  # one tree of links to the same files
    # the spare is two edits behind the next build; spoil it further
    (spare / "index.html").unlink()
    (spare / "sitemap.xml").unlink()
    (spare / "sitemap.xml").write_text("stale")
    (spare / "stray.html").write_text("stray")
    shutil.rmtree(spare / "assets")
    (spare / "assets").write_text("a file where a folder was")
    before = files(out)
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text().replace("事迹简要，另有新成绩。", "第二次修改的事迹。", 1))
    assert build_site(config, out, NOW).mode == "stamped"
    after = files(out)
    assert after["index.html"] == before["index.html"] and after["sitemap.xml"] == before["sitemap.xml"]
    assert "stray.html" not in after
    assert "第二次修改的事迹" in (out / "notices/test-notice/zhang-san/index.html").read_text()
    shutil.rmtree(site.root / ".gongshi-cache")
    fresh = tmp_path / "fresh"
    build_site(config, fresh, NOW)
    assert content(files(fresh)) == content(after)


def test_a_spare_tree_that_cannot_be_kept_does_not_fail_the_build(two):
    site, config, out = two
    spare = out.parent / ".public.spare"
    assert spare.is_dir()  # a first build leaves one too, for the first quick build to start from
    shutil.rmtree(spare)
    spare.write_text("not a folder")
    edit_deeds(site)
    assert build_site(config, out, NOW).mode == "stamped"
    assert "另有新成绩" in (out / "notices/test-notice/zhang-san/index.html").read_text()
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".public")) == [".public.lock",
                                                                                              ".public.spare"]


@pytest.mark.parametrize("kind", ["folder", "file"])
def test_a_spare_tree_an_older_gongshi_kept_in_the_cache_is_removed(two, kind):
    """Older versions kept the replaced tree in the cache as links to the live site's files."""
    site, config, out = two
    builds = site.root / ".gongshi-cache" / "builds"
    [state] = builds.glob("*.json")
    spare = state.with_suffix(".spare")
    if kind == "folder":
        spare.mkdir()
        os.link(out / "index.html", spare / "index.html")
    else:
        spare.write_text("not a folder")
    edit_deeds(site)
    assert build_site(config, out, NOW).mode == "stamped"
    assert "另有新成绩" in (out / "notices/test-notice/zhang-san/index.html").read_text()
    assert not os.path.lexists(spare)


def test_a_removed_nominee_loses_its_page(two):
    site, config, out = two
    site.make(nominees=NOMINEE)
    build_site(config, out, NOW)
    assert not (out / "notices/test-notice/li-si").exists()
    assert "li-si" not in (out / "sitemap.xml").read_text()


def test_time_passing_changes_the_status_so_the_site_is_rebuilt(two):
    site, config, out = two
    later = parse_now("2024-10-08T12:00:00+08:00")  # after the period
    report = build_site(config, out, later)
    assert report.mode != "unchanged" and report.written > 0
    assert "公示期已结束" in (out / "notices/test-notice/index.html").read_text()


def test_a_site_changed_by_hand_is_built_whole_again(two):
    site, config, out = two
    page = out / "notices/test-notice/zhang-san/index.html"
    original = page.read_bytes()
    page.write_text("defaced")
    report = build_site(config, out, NOW)
    assert report.mode == "full"
    assert page.read_bytes() == original


def test_a_failure_on_the_quick_path_leaves_the_site_byte_identical(two, monkeypatch):
    site, config, out = two
    before = files(out)
    edit_deeds(site)

    def broken(*args):
        raise OSError("No space left on device")
    monkeypatch.setattr(search, "update_index", broken)
    with pytest.raises(BuildError, match="is unchanged"):
        build_site(config, out, NOW)
    assert files(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".public-")]


def test_a_private_value_on_the_quick_path_is_refused(site, tmp_path):
    """A page that did not change passed the audit; a private value new in the records is looked for in every
    file again. Here the site's own theme (which `check` does not read) prints an address on every page; a
    nominee's private address, added later, is that address."""
    config = site.make(nominees=NOMINEE + SECOND)
    site.write("theme/partials/copyright.html", "<p>示例公司技术员宿舍三号楼</p>\n")
    out = tmp_path / "public"
    assert build_site(config, out, NOW).mode == "full"
    edit_deeds(site)
    assert build_site(config, out, NOW).mode == "stamped"  # a records edit: the quick path
    before = files(out)
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text().replace('phone: "13900000002"', 'phone: "13900000002"\n        '
                                                 'address: 示例公司技术员宿舍三号楼'))
    edit_deeds(site, "事迹简要，第二次修改。")  # the same kind of edit, with a new private value
    with pytest.raises(BuildError, match="private value") as refused:
        build_site(config, out, NOW)
    findings = {line.split(":")[0] for line in str(refused.value).splitlines()[2:]}
    assert findings == {rel for rel in before if rel.endswith(".html")}  # the pages the edit did not change too
    assert files(out) == before


def test_a_private_value_alone_new_in_the_records_is_looked_for_in_every_file(site, tmp_path):
    config = site.make()
    site.write("theme/partials/copyright.html", "<p>示例公司技术员宿舍三号楼</p>\n")
    out = tmp_path / "public"
    build_site(config, out, NOW)
    before = files(out)
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text().replace('phone: "13900000001"', 'phone: "13900000001"\n        '
                                                 'address: 示例公司技术员宿舍三号楼'))
    with pytest.raises(BuildError, match="private value"):
        build_site(config, out, NOW)
    assert files(out) == before


def demo_copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("site_config.yml", "content", "notices", "theme", "ledger", "branding"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, src / name)
    return src


def rename_with_correction(src: Path, day: str, name: str = "何静雯", nominee: str = "he-jingwen") -> Path:
    """A published nominee's name changed, with the correction a published notice needs (a typing error)."""
    notice = next(p for p in (src / "notices").rglob("*.yml") if name in p.read_text())
    text = notice.read_text().replace(name, f"{name}（已核实）", 1)
    notice.write_text(text.replace("  corrections:\n", f"  corrections:\n    - date: {day}\n      action: minor\n"
                                   f"      nominee: {nominee}\n      text: 勘误：补注{name}同志姓名已经核实。\n", 1))
    return notice


def test_the_demo_rebuilt_after_an_edit_equals_a_whole_build(tmp_path):
    src = demo_copy(tmp_path)
    now = parse_now("2026-11-20T10:00:00+08:00")
    out = tmp_path / "site"
    build_site(src / "site_config.yml", out, now)
    before = files(out)
    rename_with_correction(src, "2026-11-20", "彭秀英", "peng-xiuying")  # no profile or story shows her
    report = build_site(src / "site_config.yml", out, now)
    assert report.mode == "stamped"  # records alone: MkDocs need not run
    after = files(out)
    shutil.rmtree(src / ".gongshi-cache")
    fresh = tmp_path / "fresh"
    build_site(src / "site_config.yml", fresh, now)
    assert content(files(fresh)) == content(after)
    # a file the edit did not change is the last build's file (its inode), not written again; the others are new
    same = sorted(k for k in after if k in before and after[k][1] == before[k][1])
    changed = sorted(k for k in after if k not in same)
    assert "sitemap.xml" in same and "index.html" in same and changed
    assert [k for k in same if after[k][0] != before[k][0]] == []
    assert [k for k in changed if k in before and after[k][0] == before[k][0]] == []
    assert report.written == len(changed)


def test_rendering_on_every_core_gives_the_same_outputs(tmp_path, two_cores):
    from generator.site.pages import site_outputs as core_outputs
    from generator.records.loader import load_site

    site = load_site(demo_copy(tmp_path) / "site_config.yml")
    now = parse_now("2026-11-20T10:00:00+08:00")
    serial = core_outputs(site, now)
    shutil.rmtree(site.config.cache_dir)  # rendered again, not taken from the cache (deleting it is always safe)
    pools = two_cores()
    forked = core_outputs(site, now)
    assert pools == [(2,)]
    assert forked.pages == serial.pages and forked.files == serial.files


def test_only_outputs_whose_sources_changed_are_rendered_again(tmp_path):
    """Each output is rendered again exactly when a source it read changed (Built.rendered names them)."""
    from generator.records.loader import load_site
    from generator.site.pages import site_outputs

    src = demo_copy(tmp_path)
    now = parse_now("2026-11-20T10:00:00+08:00")
    config = src / "site_config.yml"
    site = load_site(config)
    first = site_outputs(site, now)
    public = sorted(n.id for n in site.records.notices.values() if n.published <= now.date())
    assert [n for n in first.rendered if n.startswith("notice:")] == [f"notice:{i}" for i in public]
    again = site_outputs(load_site(config), now)
    assert again.rendered == ()  # all from the cache
    assert (again.pages, again.files, again.decorations) == (first.pages, first.files, first.decorations)
    # a day later: only what shows the days left of the open notice (its feed item says only its status)
    later = site_outputs(load_site(config), parse_now("2026-11-21T10:00:00+08:00"))
    assert later.rendered == ("notice:2026-city-recommend",)
    # a nominee's name: that notice's pages, its feed item, the figure profile that lists the nomination and
    # the story that names the notice
    notice = rename_with_correction(src, "2026-11-21")
    edited_id = next(n.id for n in site.records.notices.values() if n.source.path.endswith(notice.name))
    edited = site_outputs(load_site(config), parse_now("2026-11-21T10:00:00+08:00"))
    assert sorted(edited.rendered) == sorted([f"notice:{edited_id}", f"item:{edited_id}", "figure:figures/he-jingwen.md",
                                              "story:stories/posts/welders-workshop.md"])
    # the campaign's objection channel, which a notice without channels of its own shows
    campaign = src / "notices/2026-model-workers/campaign.yml"
    campaign.write_text(campaign.read_text().replace("0000-8123457", "0000-8123458", 1))
    city = src / "notices/2026-model-workers/city-recommend.yml"  # published: the change is recorded
    city.write_text(city.read_text() + "  corrections:\n    - date: 2026-11-21\n      action: note\n"
                    "      text: 受理电话更正为 0000-8123458。\n")
    changed = site_outputs(load_site(config), parse_now("2026-11-21T10:00:00+08:00"))
    assert "notice:2026-city-recommend" in changed.rendered
    assert any("0000-8123458" in p.html for p in changed.pages if p.src_uri == "notices/2026-city-recommend/index.md")


def test_build_timings_name_each_step(two):
    from click.testing import CliRunner

    from generator.cli import main

    site, config, out = two
    edit_deeds(site)
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now",
                                       "2024-09-24T12:00:00+08:00", "--timings"])
    assert result.exit_code == 0, result.output
    steps = []
    assert result.stdout.splitlines()[1].startswith("next automatic update: ")
    for line in result.stdout.splitlines()[2:]:
        seconds, unit, step = line.strip().split(maxsplit=2)
        assert unit == "s" and re.fullmatch(r"\d+\.\d+", seconds), line
        steps.append(step)
    assert steps == ["starting Python and gongshi (imports)",
                     "reading and checking the records", "pages and files", "comparing with the last build",
                     "linking the last build", "stamping changed pages, writing changed files", "search index",
                     "audit", "saving the build state",  # the quick path: no "MkDocs, stamping, search index"
                     "the rest (messages, the next update)", "in all, from the start of the process"]
