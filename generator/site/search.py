"""Site search: an index of the site's own that a build updates page by page.

A page is indexed when its content carries ``data-search-body`` (theme/partials/content.html puts it
on every page not marked ``search: {exclude: true}``). Its text is split into sections at headings
that carry an id (each nominee of a notice is one) and a section is found by every two consecutive
letters or digits of its text: character bigrams, which find Chinese names, units and words of a deed
without a word list, and any part of a name of two characters or more. The reader's browser then
keeps only the sections that hold the query as typed (theme/assets/gongshi/gongshi.js), so a search
for something written nowhere finds nothing.

Published in ``search-index/`` (every part gzip-compressed JSON):

- ``entry.json`` (plain JSON): the number of shards and the index's version;
- ``s/<n>.gz``: shard n: for each page (by number), the sections holding each bigram that falls in n;
- ``f/<n>.gz``: page n: its address, title and sections (anchor, heading, text), fetched only to show
  the page as a result.

A first query downloads the entry, one shard per bigram it looks up (at most ``MAX_TERMS``) and the
pages of the first ten results. A build that changes a page rewrites the page's part and the shards
whose bigrams changed, nothing else; each page's bigrams are kept in the cache by the digest of its
HTML, so the next build can tell which shards that page had entries in.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html as lxml_html

from generator.base import cache
from generator.base.i18n import _

#: the folder of the site that holds the index
BUNDLE = "search-index"
#: sections per shard file the full build aims at (the demo's few pages get the minimum)
_PAIRS_PER_SHARD = 3000
_MIN_SHARDS, _MAX_SHARDS = 16, 65536
#: bigrams one query looks up at most (gongshi.js picks them spread over the query; the rest is checked
#: in the text of the results)
MAX_TERMS = 8

_INLINE = frozenset("a abbr b bdi bdo cite code data dfn em i kbd mark q s samp small span strong sub sup "
                    "time u var wbr".split())
_SKIPPED = frozenset({"script", "style", "template", "noscript", "svg", "button"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PARSER = lxml_html.HTMLParser(encoding="utf-8")  # the site's pages are UTF-8, whatever they declare
_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script


class _Fold(dict):
    """Per character: compatibility forms folded (full-width letters, digits) and lower case; the
    search script folds the reader's query and the text it checks in the same way."""

    def __missing__(self, code: int) -> str:
        folded = unicodedata.normalize("NFKC", chr(code)).lower()
        self[code] = folded
        return folded


_FOLD = _Fold()


def bigrams(text: str) -> set[str]:
    """Every two consecutive letters or digits of ``text``, folded."""
    return {run[i:i + 2] for run in _RUN.findall(text.translate(_FOLD)) for i in range(len(run) - 1)}


@functools.cache
def bucket(term: str) -> int:
    """FNV-1a over the term's code points, in 16 bits; a term's shard is its bucket modulo the number of
    shards (a power of two). gongshi.js computes the same."""
    h = 2166136261
    for ch in term:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h & 0xFFFF


@dataclass
class Page:
    """A page as the index holds it: its part (published as is) and its bigrams by bucket."""

    part: bytes  # gzip of {"url", "title", "s": [[anchor, heading, text], ...]}
    #: bucket -> the page's bigrams in it with the numbers of the sections holding each, as JSON object
    #: members (bigrams in order), so that a shard is written by joining text
    blocks: dict[int, str]
    pairs: int  # (bigram, section) pairs: the page's size in the index


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _compress(text: str) -> bytes:
    return gzip.compress(text.encode(), compresslevel=6, mtime=0)


def _shard(blocks: dict[int, str]) -> bytes:
    """A shard's file from the blocks of its pages (page number -> JSON object), by page number."""
    return _compress("{" + ",".join(f'"{n}":{blocks[n]}' for n in sorted(blocks)) + "}")


def _read_shard(data: bytes) -> dict[int, str]:
    """The blocks of a shard's file, as :func:`_shard` wrote them."""
    return {int(n): _json(block) for n, block in json.loads(gzip.decompress(data)).items()}


def _squeeze(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def sections(page_html: bytes) -> tuple[str, list[list[str]]]:
    """(title, [[anchor, heading, text], ...]) of a page, as a reader sees it (hidden and
    ``data-search-ignore`` parts left out): section 0 is the page itself, whose first h1 is the title;
    each heading with an id inside the indexed content starts another."""
    root = lxml_html.fromstring(page_html, parser=_PARSER)
    body = root.find(".//*[@data-search-body]")
    if body is None:
        raise ValueError(_("no element has the attribute data-search-body (the theme's partials/content.html puts "
                           "it on every page; a site's own theme must keep it)"))
    title_el = body.find(".//h1")
    title = _squeeze([title_el.text_content()]) if title_el is not None else ""
    found: list[list] = [["", title, [body.text or ""]]]

    def walk(element) -> None:
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""  # not a comment
            if (not tag or tag in _SKIPPED or child is title_el or child.get("hidden") is not None
                    or child.get("data-search-ignore") is not None):
                pass
            elif tag in _HEADINGS and child.get("id"):
                found.append([child.get("id"), _squeeze([child.text_content()]), []])
            else:
                gap = "" if tag in _INLINE else " "  # where a block ends, words do not run on
                found[-1][2].append(gap + (child.text or ""))
                walk(child)
                found[-1][2].append(gap)
            if child.tail:
                found[-1][2].append(child.tail)

    walk(body)
    return title, [[anchor, heading, _squeeze(text)] for anchor, heading, text in found]


def _page(rel: str, page_html: bytes) -> Page:
    title, parts = sections(page_html)
    url = rel.removesuffix("index.html")
    postings: dict[str, list[int]] = defaultdict(list)
    for number, (_, heading, text) in enumerate(parts):
        for term in bigrams(heading) | bigrams(text):
            postings[term].append(number)
    by_bucket: dict[int, list[str]] = defaultdict(list)
    for term in sorted(postings):
        # a bigram is letters and digits, which JSON writes as they are
        by_bucket[bucket(term)].append(f'"{term}":[{",".join(map(str, postings[term]))}]')
    blocks = {b: ",".join(members) for b, members in by_bucket.items()}
    part = _compress(json.dumps({"url": url, "title": title, "s": parts}, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")))
    return Page(part, blocks, sum(map(len, postings.values())))


@dataclass
class Index:
    """What a build keeps in its state about the published index, for the next build to update it."""

    shards: int
    pages: list[str]  # HTML paths relative to the site, by page number
    keys: list[str]  # the cache key of each page's HTML, by page number

    @property
    def version(self) -> str:
        return cache.digest(str(self.shards), *self.pages, *self.keys)[:16]


def _load(site_dir: Path, pages: list[str], store: cache.Store) -> tuple[list[str], list[Page]]:
    """Each page's key and its entry in the cache, made for those not there yet (on every core)."""
    data = [(site_dir / rel).read_bytes() for rel in pages]
    # not cache.key: the keys make the published index's version, which must not depend on the language of messages
    keys = [cache.digest(cache.code_version(), rel, raw)[:32] for rel, raw in zip(pages, data)]
    return keys, store.fetch_each(keys, _made, list(zip(pages, data)))


def _made(item: tuple[str, bytes]) -> Page:
    rel, raw = item
    try:
        return _page(rel, raw)
    except (ValueError, etree.ParserError) as e:
        raise RuntimeError(_("the search index could not read {page}: {error}").format(page=rel, error=e)) from None


def _by_shard(page: Page, shards: int) -> dict[int, str]:
    """A page's block (a JSON object) in each shard it has bigrams in."""
    members: dict[int, list[str]] = defaultdict(list)
    for b in sorted(page.blocks):
        members[b % shards].append(page.blocks[b])
    return {shard: "{" + ",".join(found) + "}" for shard, found in members.items()}


def _write_entry(bundle: Path, index: Index) -> None:
    cache.atomic_write(bundle / "entry.json", json.dumps({"shards": index.shards, "version": index.version,
                                              "max_terms": MAX_TERMS}).encode())


def index_site(site_dir: Path, pages: list[str], cache_dir: Path) -> Index:
    """Write the whole index of ``pages`` (HTML paths relative to ``site_dir``) into its folder."""
    store = cache.Store(cache_dir / "search")
    keys, found = _load(site_dir, pages, store)
    store.keep(keys)
    pairs = sum(page.pairs for page in found)
    shards = _MIN_SHARDS
    while shards < _MAX_SHARDS and pairs > shards * _PAIRS_PER_SHARD:
        shards *= 2
    blocks: list[dict[int, str]] = [{} for _ in range(shards)]
    for number, page in enumerate(found):
        for shard, block in _by_shard(page, shards).items():
            blocks[shard][number] = block
    bundle = site_dir / BUNDLE
    for stale in (bundle / "s", bundle / "f"):
        for path in stale.iterdir() if stale.is_dir() else ():
            path.unlink()
    for n, block in enumerate(blocks):
        cache.atomic_write(bundle / "s" / f"{n}.gz", _shard(block))
    for number, page in enumerate(found):
        cache.atomic_write(bundle / "f" / f"{number}.gz", page.part)
    index = Index(shards, list(pages), keys)
    _write_entry(bundle, index)
    return index


def update_index(site_dir: Path, index: Index, changed: set[str], cache_dir: Path) -> Index | None:
    """Update the published index (already in ``site_dir``) for the ``changed`` pages: their parts and the
    shards where their bigrams changed. None when the cache no longer holds a changed page as the index
    has it: the caller writes the whole index instead."""
    store = cache.Store(cache_dir / "search")
    numbers = [n for n, rel in enumerate(index.pages) if rel in changed]
    old = [store.get(index.keys[n]) for n in numbers]
    if not all(store.hit(page) for page in old):
        return None
    keys, new = _load(site_dir, [index.pages[n] for n in numbers], store)
    bundle = site_dir / BUNDLE
    touched: dict[int, dict[int, str | None]] = {}  # shard -> page number -> its block
    for n, before, after in zip(numbers, old, new):
        if after.part != before.part:
            cache.atomic_write(bundle / "f" / f"{n}.gz", after.part)
        mine = {b % index.shards for b in before.blocks.keys() | after.blocks.keys()
                if before.blocks.get(b) != after.blocks.get(b)}
        blocks = _by_shard(after, index.shards)
        for shard in mine:
            touched.setdefault(shard, {})[n] = blocks.get(shard)
    for shard, changes in touched.items():
        path = bundle / "s" / f"{shard}.gz"
        blocks = _read_shard(path.read_bytes())
        for number, block in changes.items():
            if block is None:
                blocks.pop(number, None)
            else:
                blocks[number] = block
        cache.atomic_write(path, _shard(blocks))
    keys_now = list(index.keys)
    for n, k in zip(numbers, keys):
        keys_now[n] = k
    updated = Index(index.shards, index.pages, keys_now)
    _write_entry(bundle, updated)
    store.keep(updated.keys)  # the changed pages' previous entries
    return updated
