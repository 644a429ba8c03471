"""The site search index (generator/site/search.py): what a page is split into, the parts published (read
as the search script reads them), exact results, and an index updated page by page is the same, byte for
byte, as one written whole."""

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


def test_runs_do_not_cross_the_end_of_a_block_fold_compatibility_forms_and_long_ones_are_windows():
    _, parts = search.sections(html())
    assert search.runs(parts[1][2]) == {"性别", "青澜示例精密机械有限公司", "数控车间班组长", "后记"}  # 女: one letter
    assert search.runs("王　ＡＢ ｃ1，何静雯") == {"ab", "c1", "何静雯"}
    digits = "".join(str(i % 10) for i in range(100))
    assert search.runs(digits) == {digits[0:64], digits[32:96], digits[64:100]}  # overlapping by half
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


def write(root: Path, pages: dict[str, bytes]) -> list[str]:
    for rel, data in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return sorted(pages)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def part(bundle: dict[str, bytes], name: str):
    return json.loads(gzip.decompress(bundle[name]))


STATUS = ('<section class="gs-status" data-gs-start="2026-11-02T00:00:00+08:00" data-gs-deadline="2026-11-28T00:00:00'
          '+08:00" data-gs-outcome="" data-gs-withdrawn="" data-gs-status="open"><p>公示中</p></section>')


def test_the_parts_of_a_small_index(tmp_path):
    pages = {"notices/a/index.html": html("扎根一线十八年。").replace(b"<h2>", STATUS.encode() + b"<h2>"),
             "figures/b/index.html": "<html><body><div data-search-body><h1>何静雯</h1><p>扎根一线。</p></div></body></html>".encode()}
    index = search.index_site(tmp_path, write(tmp_path, pages), tmp_path / "cache")
    bundle = tree(tmp_path / search.BUNDLE)
    assert sorted(bundle) == sorted(["entry.json", "p/0.gz", "p/1.gz", "r/0.gz"] + [f"t/{n}.gz" for n in range(16)])
    entry = json.loads(bundle["entry.json"])
    assert entry == {"version": index.version, "kinds": "fn", "stride": 4, "shards": 16, "window": 64, "common": {},
                     "parts": [""]}
    assert part(bundle, "p/0.gz") == {"url": "figures/b/", "title": "何静雯", "kind": "f", "at": None,
                                      "s": [["", "何静雯"]]}
    assert part(bundle, "p/1.gz") == {
        "url": "notices/a/", "title": "关于推荐人选的公示", "kind": "n",
        "at": {"start": "2026-11-02T00:00:00+08:00", "deadline": "2026-11-28T00:00:00+08:00", "outcome": "",
               "withdrawn": ""},
        "s": [["", "关于推荐人选的公示"], ["nominee-a", "何静雯"], ["nominee-b", "王 ＡＢ"]]}
    # runs in order, each with its sections' keys (page × stride + section) as gaps
    assert part(bundle, "r/0.gz") == {
        "ab": [6], "公示中": [4], "公示期五个工作日": [4], "关于推荐人选的公示": [4], "何静雯": [0, 5],
        "后记": [5], "扎根一线": [0], "扎根一线十八年": [6], "推荐对象名单": [4], "数控车间班组长": [5], "性别": [5],
        "青澜示例精密机械有限公司": [5]}
    shards = {}
    for n in range(16):
        assert set(part(bundle, f"t/{n}.gz")) == {"r", "k"} and part(bundle, f"t/{n}.gz")["k"] == []  # one run part
        shards |= part(bundle, f"t/{n}.gz")["r"]
    assert shards["何静"] == ["何静雯"] and shards["一线"] == ["扎根一线", "扎根一线十八年"]
    assert search.bucket("一线") % 16 == next(n for n in range(16) if "一线" in part(bundle, f"t/{n}.gz")["r"])


def lookup(bundle: dict[str, bytes], query: str) -> dict[str, list[int]]:
    """The search script's lookup, read from the parts: url -> the sections holding every word."""
    entry = json.loads(bundle["entry.json"])
    found = None
    for word in {w for w in search.words(query)}:
        grams = [word[i:i + 2] for i in range(len(word) - 1)]
        rare = [g for g in grams if g not in entry["common"]]
        term = rare[0] if rare else min(grams, key=lambda g: entry["common"][g])
        shard = part(bundle, f"t/{search.bucket(term) % entry['shards']}.gz")
        if len(word) == 2 and (entry["common"].get(term, 0) < 0 or term in shard["k"]):  # sections given
            lists = [part(bundle, f"{'c' if term in entry['common'] else 'k'}/{search.common_name(term)}"
                                  f"{'.k' if term in entry['common'] else ''}.gz")]
        else:
            runs = part(bundle, f"c/{search.common_name(term)}.gz") if term in entry["common"] else shard["r"].get(term, [])
            lists = [part(bundle, f"r/{search.part_of(entry, run)}.gz")[run] for run in runs if word in run]
        keys = set()
        for gaps in lists:
            at = 0
            for gap in gaps:
                at += gap
                keys.add(at)
        found = keys if found is None else found & keys
    out: dict[str, list[int]] = {}
    for key in sorted(found or ()):
        page = part(bundle, f"p/{key // entry['stride']}.gz")
        out.setdefault(page["url"], []).append(key % entry["stride"])
    return out


def test_results_are_exact_where_the_bigrams_of_a_query_only_meet_by_chance(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "COMMON", 3)  # a small site with common bigrams and several run parts
    monkeypatch.setattr(search, "_PER_PART", 20)
    units = [f"青澜示例{kind}有限公司第{n}分公司" for kind in ("建工", "水务") for n in (3, 13, 30)]
    pages = {f"notices/n{i}/index.html": html(f"{units[i % 6]}，限公开招聘；司第一线{i}年。") for i in range(12)}
    index = search.index_site(tmp_path, write(tmp_path, pages), tmp_path / "cache")
    bundle = tree(tmp_path / search.BUNDLE)
    entry = json.loads(bundle["entry.json"])
    assert len(entry["parts"]) > 2 and "公司" in entry["common"] and f"c/{search.common_name('公司')}.gz" in bundle
    assert lookup(bundle, "青澜示例建工有限公司第3分公司") == {"notices/n0/": [2], "notices/n6/": [2]}
    assert lookup(bundle, "有限公司") == {f"notices/n{i}/": [1, 2] for i in range(12)}  # 何静雯's unit too
    assert lookup(bundle, "司第一") == {f"notices/n{i}/": [2] for i in range(12)}
    assert lookup(bundle, "公司第一") == {}  # 公司 and 司第 and 第一 all in each section, never together
    assert lookup(bundle, "第3分 水务") == {"notices/n3/": [2], "notices/n9/": [2]}
    assert lookup(bundle, "第3 水务") == {f"notices/n{i}/": [2] for i in (3, 5, 9, 11)}  # 第30分公司 holds 第3
    assert lookup(bundle, "静雯 班组长") == {f"notices/n{i}/": [1] for i in range(12)}
    # two-letter words whose runs are in several run parts: their sections come with the bigram
    given = {t for n in range(entry["shards"]) for t in part(bundle, f"t/{n}.gz")["k"]}
    given |= {t for t, n in entry["common"].items() if n < 0}
    assert "司第" in given and lookup(bundle, "司第") == lookup(bundle, "司第一")
    assert lookup(bundle, "公司") == lookup(bundle, "有限公司") and lookup(bundle, "示例") == lookup(bundle, "青澜示例")
    assert lookup(bundle, "限公") == lookup(bundle, "有限公司")  # 有限公司 and 限公开
    assert lookup(bundle, "限公开") == {f"notices/n{i}/": [2] for i in range(12)}
    assert index.pages == sorted(pages)


def test_an_index_updated_page_by_page_equals_one_written_whole(tmp_path):
    pages = {f"notices/n{i}/index.html": html(f"第{i}份事迹：扎根一线{i}年。") for i in range(30)}
    site, fresh, cache_dir = tmp_path / "site", tmp_path / "fresh", tmp_path / "cache"
    index = search.index_site(site, write(site, pages), cache_dir)
    before = tree(site / search.BUNDLE)
    stamps = {p: p.stat().st_mtime_ns for p in (site / search.BUNDLE).rglob("*.gz")}
    assert search.update_index(site, index, set(), cache_dir) == index
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps  # nothing changed, nothing written
    edited = {"notices/n3/index.html": html("第3份事迹：改为服务群众二十万人次。"),
              "notices/n7/index.html": html("第7份事迹：扎根一线7年。")}  # n7 the same as before
    write(site, edited)
    updated = search.update_index(site, index, set(edited), cache_dir)
    assert updated is not None and updated.version != index.version
    after = tree(site / search.BUNDLE)
    changed = {k for k in after.keys() | before.keys() if after.get(k) != before.get(k)}
    n3, n7 = (index.pages.index(f"notices/n{i}/index.html") for i in (3, 7))
    assert f"p/{n3}.gz" not in changed and f"p/{n7}.gz" not in changed  # titles and headings as before
    assert "entry.json" in changed and any(k.startswith("r/") for k in changed)
    assert len([k for k in changed if k.startswith("t/")]) < 16  # only shards whose bigrams changed
    whole = search.index_site(fresh, write(fresh, pages | edited), tmp_path / "other-cache")
    assert whole == updated and tree(fresh / search.BUNDLE) == after
    assert lookup(after, "服务群众") == {"notices/n3/": [2]} and "notices/n3/" not in lookup(after, "扎根一线")


def test_without_the_cache_entry_of_a_changed_page_the_index_is_written_whole(tmp_path):
    pages = {f"p{i}/index.html": html(f"事迹{i}。") for i in range(3)}
    site, cache_dir = tmp_path / "site", tmp_path / "cache"
    index = search.index_site(site, write(site, pages), cache_dir)
    shutil.rmtree(cache_dir)  # deleting the cache is always safe
    write(site, {"p1/index.html": html("新的事迹。")})
    assert search.update_index(site, index, {"p1/index.html"}, cache_dir) is None


def test_the_parts_of_an_earlier_version_of_the_index_are_removed(tmp_path):
    pages = {"p0/index.html": html()}
    write(tmp_path, pages)
    for old in ("s/0.gz", "f/0.gz", "t/99.gz"):
        (tmp_path / search.BUNDLE / old).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / search.BUNDLE / old).write_bytes(b"old")
    search.index_site(tmp_path, sorted(pages), tmp_path / "cache")
    assert not [k for k in tree(tmp_path / search.BUNDLE) if k.startswith(("s/", "f/", "t/99"))]
