"""The site search index (generator/search.py): what a page is split into, and an index updated page by
page is the same, byte for byte, as one written whole."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from generator.site import search

PAGE = """<!doctype html><html><head><title>站点</title></head><body>
<nav>导航不进索引</nav>
<div data-search-body>
<h1>关于推荐人选的公示</h1>
<p>公示期<strong>五个</strong>工作日。</p><p hidden>公示期已结束</p>
<div data-search-ignore>打印本页</div>
<h2>推荐对象名单</h2>
<ol><li><h4 id="nominee-a"><a href="a/">何静雯</a></h4><dl><dt>性别</dt><dd>女</dd></dl>
<p>青澜示例精密机械有限公司 数控车间班组长</p><!-- a comment --> 后记</li>
<li><h4 id="nominee-b">王　ＡＢ</h4><p>{deeds}</p></li></ol>
<script>var x = "脚本不进索引";</script>
</div></body></html>"""


def html(deeds: str = "扎根一线十八年。") -> bytes:
    return PAGE.replace("{deeds}", deeds).encode()


def test_a_page_is_split_at_headings_with_ids_as_a_reader_sees_it():
    title, parts = search.sections(html())
    assert title == "关于推荐人选的公示"
    assert [(a, h) for a, h, _ in parts] == [("", title), ("nominee-a", "何静雯"), ("nominee-b", "王 ＡＢ")]
    top = parts[0][2]
    assert "公示期五个工作日。" in top and "推荐对象名单" in top  # inline tags do not split words
    text = " ".join(f"{h} {t}" for _, h, t in parts)
    assert [w for w in ("导航", "已结束", "打印", "脚本") if w in text] == []  # outside, hidden, ignored, code
    assert text.count(title) == 1  # the title is not repeated in the text of section 0
    assert parts[1][2] == "性别 女 青澜示例精密机械有限公司 数控车间班组长 后记"


def test_bigrams_do_not_cross_the_end_of_a_block_and_fold_compatibility_forms():
    _, parts = search.sections(html())
    assert "别女" not in search.bigrams(parts[1][2])  # <dt>性别</dt><dd>女</dd>
    assert search.bigrams("王　ＡＢ ｃ1") == {"ab", "c1"}
    assert search.bigrams("何静雯") == {"何静", "静雯"}


def test_the_bucket_of_a_bigram_is_fnv_1a_over_its_code_points():
    assert search.bucket("a") == 0x292C and search.bucket("foobar") == 0xF968  # FNV-1a test vectors, 32 bits
    h = 2166136261
    for ch in "𠮷野":  # a character outside the Basic Multilingual Plane counts once
        h = ((h ^ ord(ch)) * 16777619) % 2 ** 32
    assert search.bucket("𠮷野") == h % 65536


def write(root: Path, pages: dict[str, bytes]) -> list[str]:
    for rel, data in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return sorted(pages)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_index_updated_page_by_page_equals_one_written_whole(tmp_path):
    pages = {f"notices/n{i}/index.html": html(f"第{i}份事迹：扎根一线{i}年。") for i in range(30)}
    site, fresh, cache_dir = tmp_path / "site", tmp_path / "fresh", tmp_path / "cache"
    index = search.index_site(site, write(site, pages), cache_dir)
    before = tree(site / search.BUNDLE)
    assert json.loads(before["entry.json"]) == {
        "shards": index.shards, "version": index.version, "max_terms": search.MAX_TERMS}
    edited = {"notices/n3/index.html": html("第3份事迹：改为服务群众二十万人次。"),
              "notices/n7/index.html": html("第7份事迹：扎根一线7年。")}  # n7 the same as before
    write(site, edited)
    updated = search.update_index(site, index, set(edited), cache_dir)
    assert updated is not None and updated.version != index.version
    after = tree(site / search.BUNDLE)
    changed = {k for k in after if after[k] != before.get(k)}
    n3, n7 = (index.pages.index(f"notices/n{i}/index.html") for i in (3, 7))
    assert f"f/{n3}.gz" in changed and f"f/{n7}.gz" not in changed and "entry.json" in changed
    assert 1 < len([k for k in changed if k.startswith("s/")]) < index.shards  # only shards whose bigrams changed
    whole = search.index_site(fresh, write(fresh, pages | edited), tmp_path / "other-cache")
    assert whole == updated and tree(fresh / search.BUNDLE) == after
    part = json.loads(gzip.decompress(after[f"f/{n3}.gz"]))
    assert part["url"] == "notices/n3/" and "服务群众" in part["s"][2][2]


def test_without_the_cache_entry_of_a_changed_page_the_index_is_written_whole(tmp_path):
    pages = {f"p{i}/index.html": html(f"事迹{i}。") for i in range(3)}
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    index = search.index_site(site, write(site, pages), cache_dir)
    shutil.rmtree(cache_dir)  # deleting the cache is always safe
    write(site, {"p1/index.html": html("新的事迹。")})
    assert search.update_index(site, index, {"p1/index.html"}, cache_dir) is None
