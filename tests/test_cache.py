"""What later builds reuse from earlier ones: read records and checked photos. A reuse is never stale."""

from __future__ import annotations

import dataclasses
import logging
import shutil

import photo_fixtures
from generator.media import photos
from generator.records.loader import load_site


def problems_of(site):
    return [str(p) for p in site.problems.sorted()]


def test_a_record_file_read_again_is_taken_from_the_cache(site, monkeypatch):
    config = site.make()
    site.write("notices/bad.yml", "notice:\n  id: bad\n  title: 3\n")
    first = load_site(config)

    def fail(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")
    monkeypatch.setattr("generator.records.loader._read_record", fail)
    second = load_site(config)
    assert problems_of(second) == problems_of(first)  # the same errors, with their lines
    assert [p.line for p in second.problems.sorted()] == [p.line for p in first.problems.sorted()]


def test_a_markdown_file_read_again_is_taken_from_the_cache(site, monkeypatch):
    config = site.make()
    site.write("content/figures/zhang-san.md", "---\nname: 张三<b>\n---\n\n正文\n\n<script>x</script>\n")
    site.write("content/help.md", "# 帮助\n\n<script>x</script>\n")
    first = problems_of(load_site(config))
    assert any("zhang-san.md:2: name" in p for p in first) and any("help.md:3: (markdown)" in p for p in first)
    entries = sorted((site.root / ".gongshi-cache/content").glob("*.pickle"))

    def fail(*args, **kwargs):
        raise AssertionError("a cached file was parsed again")
    with monkeypatch.context() as patched:
        patched.setattr("generator.records.content.markdown_problems", fail)
        patched.setattr("generator.records.content.front_matter", fail)
        assert problems_of(load_site(config)) == first
    site.write("content/help.md", "# 帮助\n\n正文\n")
    assert not any("help.md" in p for p in problems_of(load_site(config)))
    assert len(sorted((site.root / ".gongshi-cache/content").glob("*.pickle"))) == len(entries)  # the old one gone


def test_an_edited_file_is_read_again(site):
    config = site.make()
    good = load_site(config)
    assert good.records is not None and not good.problems.errors
    notice = site.root / "notices/notice.yml"
    notice.write_text(notice.read_text().replace("start: 2024-09-23", "start: 2024-13-23"))
    edited = load_site(config)
    assert edited.records is None
    assert any("start" in str(p) for p in edited.problems.errors)


def test_a_damaged_entry_is_a_miss_with_a_warning(site, caplog):
    config = site.make()
    first = load_site(config)
    for entry in (site.root / ".gongshi-cache").rglob("*"):  # every entry of the cache folder, damaged
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING, logger="gongshi"):
        again = load_site(config)
    assert "is damaged" in caplog.text
    assert again.records == first.records


def test_a_photo_encoded_before_is_not_decoded_again_by_check(tmp_path):
    """What the cache holds for a photo's bytes was decoded with the same guards when it was encoded: check
    trusts it. Shown with an entry kept under the key of a damaged file, which decoding would refuse."""
    data = photo_fixtures.jpeg_with_canaries()
    damaged = data[:200]
    cache = photos.PhotoCache(tmp_path)
    assert "truncated or corrupt" in photos.check(damaged, "c.jpg", cache)  # not in the cache: decoded
    assert photos.check(data, "a.jpg", cache) is None
    rendered, files = photos.render(data, "a.jpg")
    cache.put(dataclasses.replace(rendered, key=photos.cache_key(damaged)), files, tmp_path / "c.jpg")
    assert photos.check(damaged, "c.jpg", cache) is None  # taken from the cache, not decoded


def test_record_files_read_on_every_core_give_what_one_core_gives(site, two_cores):
    config = site.make()
    site.write("notices/bad.yml", "notice:\n  id: bad\n  title: 3\n")
    serial = load_site(config)
    shutil.rmtree(site.root / ".gongshi-cache")  # deleting the cache is always safe; nothing is taken from it
    pools = two_cores()
    forked = load_site(config)
    assert pools, "no worker pool was started"
    assert problems_of(forked) == problems_of(serial) and problems_of(serial)
    assert [p.line for p in forked.problems.sorted()] == [p.line for p in serial.problems.sorted()]
