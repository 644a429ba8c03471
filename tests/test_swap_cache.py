"""The swap and the cache: the new site replaces the old one in one step, nothing in the cache is a file of
the live site, every cache entry is checked against its digest, and a full disk is said in words."""

from __future__ import annotations

import errno
import hashlib
import io
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import NOMINEE, NOTICE, REPO
from generator.cli import main

NOW = "2024-09-24T12:00:00+08:00"
OLD_TITLE, NEW_TITLE = "测试公示", "换过的标题"


def tree_hash(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def build(config: Path, out: Path):
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 0, result.output
    return result


def set_title(site, title: str) -> None:
    site.write("notices/notice.yml", NOTICE.format(nominees=NOMINEE).replace(OLD_TITLE, title))


# A build in a child process that stops before and after every change of a path beside the target (renames,
# replacements, exchanges: every way the target path can change), printing "pause" and waiting for a line.
PAUSING = """\
import os, sys
from pathlib import Path
from generator.output import tree
from generator.cli import main

beside = Path(sys.argv[1])

def pausing(name, call):
    def paused(*args, **kwargs):
        paths = [Path(os.fsdecode(a)) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
        if not any(p.parent == beside and not p.name.endswith(".lock") for p in paths):
            return call(*args, **kwargs)
        print("pause before", name, flush=True)
        sys.stdin.readline()
        result = call(*args, **kwargs)
        print("pause after", name, flush=True)
        sys.stdin.readline()
        return result
    return paused

os.rename = pausing("rename", os.rename)
os.replace = pausing("replace", os.replace)
tree._exchange = pausing("exchange", tree._exchange)
main(sys.argv[2:])
"""


def pausing_build(config: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PAUSING, str(out.parent), "build", "-f", str(config), "--out",
                             str(out), "--now", NOW, "--lang", "en"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=REPO)


def next_pause(proc: subprocess.Popen) -> str | None:
    """The next pause of the child, or None when it ended."""
    for line in proc.stdout:
        if line.startswith("pause "):
            return line.strip()
    assert proc.wait() == 0, proc.stderr.read()
    return None


@pytest.fixture
def two_sites(site, tmp_path):
    """A site built with the old title; the trees of the old and the new title."""
    config = site.make()
    set_title(site, NEW_TITLE)
    build(config, tmp_path / "reference")
    new = tree_hash(tmp_path / "reference")
    set_title(site, OLD_TITLE)
    out = tmp_path / "public"
    build(config, out)
    return config, out, tree_hash(out), new


def test_at_every_step_of_the_swap_the_target_is_one_whole_site(site, two_sites):
    """Stopped before and after each change of a path beside the target, the target holds the old site or
    the new one, whole; between those changes nothing touches it, so this is every instant."""
    config, out, old, new = two_sites
    set_title(site, NEW_TITLE)
    proc = pausing_build(config, out)
    seen = []
    while (pause := next_pause(proc)) is not None:
        seen.append((pause, "old" if tree_hash(out) == old else "new" if tree_hash(out) == new else "broken"))
        proc.stdin.write("go\n")
        proc.stdin.flush()
    assert [state for _, state in seen if state == "broken"] == [], seen
    assert "pause before exchange" in [p for p, _ in seen]
    assert tree_hash(out) == new


def test_a_build_killed_at_any_step_of_the_swap_leaves_one_whole_site(site, two_sites):
    config, out, old, new = two_sites
    k = 0
    while True:
        set_title(site, NEW_TITLE)
        proc = pausing_build(config, out)
        passed = []  # the pauses of this run, the last one where it is killed
        for _ in range(k + 1):
            pause = next_pause(proc)
            if pause is None:
                break
            passed.append(pause)
            if _ < k:
                proc.stdin.write("go\n")
                proc.stdin.flush()
        if pause is None:  # every step was killed once
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # the old site until the exchange has happened, the new one from then on
        assert tree_hash(out) == (new if "pause after exchange" in passed else old), passed
        build(config, out)  # the next build finishes the work and removes what the killed one left
        assert tree_hash(out) == new
        assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".public")) == [".public.lock",
                                                                                                  ".public.spare"]
        set_title(site, OLD_TITLE)
        build(config, out)
        assert tree_hash(out) == old
        k += 1
    assert k >= 2


def test_where_folders_cannot_be_exchanged_the_build_says_so_and_still_replaces_the_site(site, two_sites,
                                                                                         monkeypatch, caplog):
    from generator.output import tree as tree_module

    config, out, old, new = two_sites
    monkeypatch.setattr(tree_module, "_exchange_call", lambda: None)
    set_title(site, NEW_TITLE)
    build(config, out)
    assert tree_hash(out) == new
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"the file system of {out.parent} cannot exchange two folders in one step; public was missing for a "
        "moment while the new site replaced the old one"]


def inodes(root: Path) -> set[tuple[int, int]]:
    return {(p.stat().st_dev, p.stat().st_ino) for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def test_nothing_in_the_cache_is_a_file_of_the_live_site(site, two_sites):
    """A file of the cache linked to a published one would change the site when written (or truncated)."""
    config, out, old, new = two_sites
    cache = site.root / ".gongshi-cache"
    assert inodes(cache) & inodes(out) == set()  # after a first build
    set_title(site, NEW_TITLE)
    build(config, out)  # a quick build (records edited)
    assert inodes(cache) & inodes(out) == set()
    site.write("content/extra.md", "# 附加说明\n\n一段文字。\n")
    build(config, out)  # a whole build (a Markdown page added)
    assert inodes(cache) & inodes(out) == set()


def same_length(text: str, other: str) -> tuple[bytes, bytes]:
    a, b = text.encode(), other.encode()
    assert len(a) == len(b)
    return a, b


def test_a_cached_page_changed_on_disk_is_not_published(site, tmp_path, caplog):
    """One character changed inside cached entries that still unpickle: each is a warning and is made again."""
    config = site.make()
    build(config, tmp_path / "first")
    page = "notices/test-notice/zhang-san/index.html"
    published = (tmp_path / "first" / page).read_text()
    was, now = same_length("事迹简要", "事迹篡改")
    tampered = set()
    for entry in (site.root / ".gongshi-cache").rglob("*"):
        data = entry.read_bytes() if entry.is_file() else b""
        if was in data:
            entry.write_bytes(data.replace(was, now))
            tampered.add(entry.stem)
    assert tampered
    caplog.clear()
    build(config, tmp_path / "second")
    assert (tmp_path / "second" / page).read_text() == published
    assert not [p for p in (tmp_path / "second").rglob("*") if p.is_file() and now in p.read_bytes()]
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    keys = sorted(m.split()[2] for m in warned)
    assert warned and set(keys) <= tampered
    assert sorted(warned) == sorted(f"cache entry {k} is damaged: it does not match its digest (changed on disk); "
                                    "it is computed again" for k in keys)


def test_a_page_shell_changed_in_the_build_state_is_not_stamped(site, two_sites, caplog):
    """The site's name changed inside every file of the cache that holds it (among them the build state, which
    keeps the page shells): nothing changed on disk is published, and the build says it builds the whole site."""
    config, out, old, new = two_sites
    was, now = same_length("测试站点", "测试站台")
    tampered = set()
    for entry in (site.root / ".gongshi-cache").rglob("*"):
        if entry.is_file() and was in entry.read_bytes():
            entry.write_bytes(entry.read_bytes().replace(was, now))
            tampered.add(entry)
    caplog.clear()
    set_title(site, NEW_TITLE)
    result = build(config, out)
    assert not [p for p in out.rglob("*") if p.is_file() and now in p.read_bytes()]
    assert tree_hash(out) == new
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    states = [Path(m.split()[2]) for m in warned if m.startswith("build state ")]
    assert len(states) == 1 and states[0] in tampered, warned
    assert [m for m in warned if not m.startswith("cache entry ")] == [
        f"build state {states[0]} is damaged or from another version of gongshi (its content does not match its "
        "digest); building the whole site"]
    assert "whole site" in result.output


def full_disk(under: Path):
    """An atomic_write that finds the disk full for every file under ``under``."""
    from generator.base import cache

    real = cache.atomic_write

    def write(path: Path, data: bytes) -> None:
        if Path(path).absolute().is_relative_to(under):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)
    return write


def with_photo(site) -> Path:
    import photo_fixtures

    buffer = io.BytesIO()
    photo_fixtures.portrait().save(buffer, "JPEG")
    site.write("notices/p/zhang.jpg", buffer.getvalue())
    return site.make(notice=NOTICE.format(nominees=NOMINEE.replace(
        "      brief_deeds", "      photo: p/zhang.jpg\n      photo_alt: 张三的照片\n      brief_deeds")))


def test_a_full_cache_disk_says_which_folder_and_that_the_site_is_unchanged(site, tmp_path, monkeypatch, chinese):
    config = site.make()
    out = tmp_path / "public"
    build(config, out)
    before = tree_hash(out)
    config = with_photo(site)
    cache = site.root / ".gongshi-cache"
    monkeypatch.setattr("generator.media.photos.atomic_write", full_disk(cache))
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"错误：构建失败；{out} 中原有的网站未作任何改动：",
        f"{cache} 所在的磁盘已满；请在该磁盘上腾出空间后重新构建（删除缓存文件夹 {cache} 总是安全的）"]
    assert tree_hash(out) == before


def test_a_full_site_disk_says_which_folder(site, tmp_path, monkeypatch, chinese):
    config = site.make()
    out = tmp_path / "public"
    monkeypatch.setattr("generator.base.cache.atomic_write", full_disk(tmp_path))  # the search index's files
    result = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (f"{tmp_path} 所在的磁盘已满；请在该磁盘上腾出空间后重新构建（删除缓存文件夹 "
                                             f"{site.root / '.gongshi-cache'} 总是安全的）")
    assert not out.exists()


def test_a_build_state_that_cannot_be_saved_on_a_full_disk_is_a_warning(site, two_sites, monkeypatch, caplog):
    config, out, old, new = two_sites
    builds = site.root / ".gongshi-cache" / "builds"
    monkeypatch.setattr("generator.output.state.atomic_write", full_disk(builds))
    set_title(site, NEW_TITLE)
    build(config, out)
    assert tree_hash(out) == new
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        f"the new site is in place, but the build state could not be saved in {builds} (its disk is full); the next "
        "build will build the whole site"]
    monkeypatch.undo()
    assert "whole site" in build(config, out).output


def check(config: Path):
    return CliRunner().invoke(main, ["check", "-f", str(config), "--now", NOW])


def test_a_page_of_brackets_is_an_error_found_at_once(site, tmp_path):
    """20 KB of `[` made the build take over a minute (the time grows with the square of the length)."""
    import time

    config = site.make()
    site.write("content/help.md", "# 帮助\n\n正文。\n\n" + "[" * 20_000 + "\n")
    started = time.perf_counter()
    result = check(config)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "content/help.md:5: (markdown): 20000 brackets in this paragraph are never closed (a [ without ], or the ( of "
        "a link without )), over the limit of 20; Markdown reads each as the start of a link and takes very long "
        "over them: close them, or write a bracket meant as text as \\[")
    out = tmp_path / "public"
    refused = CliRunner().invoke(main, ["build", "-f", str(config), "--out", str(out), "--now", NOW])
    assert refused.exit_code == 1 and not out.exists()


def test_deep_brackets_and_an_oversized_page_are_errors(site):
    config = site.make()
    site.write("content/deep.md", "# 深\n\n" + "[" * 2000 + "x" + "]" * 2000 + "\n")
    site.write("content/long.md", "# 长\n\n" + "很长的一段话。" * 20_000 + "\n")
    site.write("content/fine.md", "# 正常\n\n[一个链接](https://example.org/)，`a[0` 与 \\[ 都不算。\n\n"
               "```\n" + "[" * 100 + "\n```\n")
    result = check(config)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "content/deep.md:3: (markdown): brackets [ ] are nested 2000 levels deep, over the limit of 8; Markdown takes "
        "very long over deep nesting: write fewer levels",
        "content/long.md:1: (markdown): the page text is 420,008 bytes, over the limit of 256,000; split it into "
        "several pages"]
    assert "fine.md" not in result.stderr


FLOW_HEAD = ("notice: {id: test-notice, campaign: test-campaign, title: 测试公示, issuer: 测试市总工会, level: city, "
             "start: 2024-09-23, end: 2024-09-27, nominees: [")


def flow_notice(entries: int) -> str:
    return FLOW_HEAD + "{}, " * entries + "]}\n"


MEASURED_CHECK = """\
import resource, sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    print("exit", e.code)
print("maxrss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_megabyte_of_flow_style_entries_is_one_error_in_bounded_time_and_memory(site):
    """0.99 MB of `{}, ` took 18 s and 1 GB, and printed 142 MB of problems."""
    import time

    config = site.make()
    text = flow_notice((990_000 - len(FLOW_HEAD.encode())) // 4)
    site.write("notices/notice.yml", text)
    assert 980_000 < len(text.encode()) < 1_000_000
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED_CHECK, "check", "-f", str(config), "--lang", "en"],
                            capture_output=True, text=True, cwd=REPO)
    assert time.perf_counter() - started < 10
    assert result.stderr.splitlines() == [
        "notices/notice.yml:1: (file): the file holds more than 100,000 values (keys, texts, lists and entries); "
        "records are never this large: split it into several files",
        "1 error(s), 0 warning(s): nothing may be published until the errors are fixed"]
    exit_line, rss_line = result.stdout.splitlines()[-2:]
    assert exit_line == "exit 1"
    assert int(rss_line.split()[1]) < 300_000  # kilobytes


def test_problems_of_one_file_past_fifty_are_counted_in_one_last_line(site):
    config = site.make()
    site.write("notices/notice.yml", flow_notice(1))
    one = check(config).stderr.splitlines()[:-1]  # the problems of one empty entry
    site.write("notices/notice.yml", flow_notice(30))
    lines = check(config).stderr.splitlines()
    assert len(lines) == 50 + 2
    assert lines[50] == (f"notices/notice.yml: (file): … and {30 * len(one) - 50} more problems in this file, not "
                         "shown; fix those above and check again")
    assert lines[51] == f"{30 * len(one)} error(s), 0 warning(s): nothing may be published until the errors are fixed"
    assert all(line.startswith("notices/notice.yml:1: nominees[") for line in lines[:50])


def test_the_line_counting_problems_not_kept_is_an_error_if_one_of_them_is():
    from generator.base.errors import Problems

    problems = Problems()
    for i in range(55):
        problems.add("a.yml", i + 1, "x", f"warning {i}", "warning")
    assert [p.severity for p in problems.sorted()[-1:]] == ["warning"]
    problems.add("a.yml", 99, "x", "an error", "error")
    problems.add("a.yml", 100, "x", "a warning", "warning")
    problems.add("b.yml", 1, "y", "another file", "error")
    shown = problems.sorted()
    assert [str(p) for p in shown[-2:]] == [
        "a.yml: (file): … and 7 more problems in this file, not shown; fix those above and check again",
        "b.yml:1: y: another file"]
    assert shown[-2].severity == "error" and (problems.count("error"), problems.count("warning")) == (2, 56)
