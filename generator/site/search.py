"""Site search: an index of the site's own, exact, that a reader downloads in small parts.

A page is indexed when its content carries ``data-search-body`` (theme/partials/content.html puts it
on every page not marked ``search: {exclude: true}``). Its text is split into sections at headings
that carry an id (each nominee of a notice is one). A query is split into words: runs of letters and
digits, as the text is (a word never spans punctuation or the end of a block); a section holds a word
when one of its runs holds it as typed, and a page is found when one of its sections holds every word.

The index is built on the site's distinct runs (folded: compatibility forms and lower case). A run
longer than :data:`WINDOW` characters is kept as windows of that length overlapping by half, so every
word of up to ``WINDOW // 2 + 1`` characters lies whole in one of them. Published in ``search-index/``
(every part gzip-compressed JSON but the entry):

- ``entry.json``: the index's version, the kind of each page (``n`` notice, ``f`` featured figure, ``s``
  story, ``p`` other), how section keys are made, the number of term shards, the common bigrams with their
  number of runs, and where each part of the sections of runs starts;
- ``t/<n>.gz``: ``{"r": {bigram: runs}, "k": [bigram, ...]}``: for each bigram (two consecutive
  characters of a run) of at most :data:`COMMON` runs whose bucket falls in shard n, the runs holding it, as
  text, and the bigrams whose runs are in more than :data:`_SPREAD` run parts: their sections are in
  ``k/<name>.gz`` (keys as below); ``c/<name>.gz`` and ``c/<name>.k.gz``: the runs and (if spread) the
  sections of one common bigram;
- ``r/<n>.gz``: part n of the runs in their order, each with the sections holding it (keys page ×
  stride + section, as gaps);
- ``p/<n>.gz``: page n: address, title, kind, status instants and its sections' anchors and headings.

A word is looked up by one of its bigrams (a rare one when the entry says which are common): the runs of
that bigram that hold the word are its exact runs, whose sections the ``r/`` parts give; a word of two
letters is its bigram, whose sections are given with it when its runs are spread. So the count of results
is exact, and a first query downloads the entry, one term part per word, the ``r/`` parts of the runs
found and the pages of the first ten results. A build makes the parts again from the cache and compresses
and writes only those whose text changed.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import operator
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
#: the longest run kept whole; longer ones are kept as windows of this length overlapping by half
WINDOW = 64
#: a bigram in more runs than this is common: the entry lists it with its number of runs (negative when its
#: sections have a part of their own too), with its own part
COMMON = 48
#: bigrams per term shard the build aims at, and sections (with the runs' characters) per run part
_PER_SHARD, _PER_PART = 200, 6000
#: a bigram whose runs are in more run parts than this is given with its sections
_SPREAD = 2
_MIN_SHARDS, _MAX_SHARDS = 16, 65536
#: the cache entry of the digests of the parts last written (their texts and files)
_PARTS = "parts"
#: the kinds of pages, by the first folder of their address
_KINDS = {"notices": "n", "figures": "f", "stories": "s"}
_INSTANTS = ("start", "deadline", "outcome", "withdrawn")

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


def runs(text: str) -> set[str]:
    """The runs of letters and digits of ``text``, folded, of two characters or more, long ones as windows."""
    found = set()
    for run in _RUN.findall(text.translate(_FOLD)):
        if len(run) <= WINDOW:
            found.add(run)
        else:
            step = WINDOW // 2
            found.update(run[i:i + WINDOW] for i in range(0, len(run) - step, step))
    found.discard("")
    return {run for run in found if len(run) > 1}


def words(query: str) -> list[str]:
    """The words of a query as the search script reads them: its runs, folded, of two characters or more."""
    return [w for w in _RUN.findall(query.translate(_FOLD)) if len(w) > 1]


def bigrams(text: str) -> set[str]:
    """Every two consecutive letters or digits of ``text``, folded."""
    return {run[i:i + 2] for run in _RUN.findall(text.translate(_FOLD)) for i in range(len(run) - 1)}


@functools.cache
def bucket(term: str) -> int:
    """FNV-1a over the term's code points, in 16 bits; a term's shard is its bucket modulo the number of
    shards (a power of two). search.js computes the same."""
    h = 2166136261
    for ch in term:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h & 0xFFFF


def common_name(term: str) -> str:
    """The file name of a common bigram's part: its code points in hexadecimal (search.js makes the same)."""
    return "-".join(f"{ord(ch):x}" for ch in term)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _compress(text: str) -> bytes:
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def _squeeze(parts: list[str]) -> str:
    return " ".join("".join(parts).split())


def sections(page_html: bytes) -> tuple[str, list[list[str]]]:
    """(title, [[anchor, heading, text], ...]) of a page, as a reader sees it (hidden and
    ``data-search-ignore`` parts left out): section 0 is the page itself, whose first h1 is the title;
    each heading with an id inside the indexed content starts another."""
    title, parts, _at = _read(page_html)
    return title, parts


def _read(page_html: bytes) -> tuple[str, list[list[str]], dict[str, str] | None]:
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
    status = body.find(".//*[@data-gs-deadline]")  # the page's own status (a notice's banner), read by the reader's clock
    at = {name: status.get(f"data-gs-{name}", "") for name in _INSTANTS} if status is not None else None
    return title, [[anchor, heading, _squeeze(text)] for anchor, heading, text in found], at


@dataclass
class Page:
    """A page as the index holds it: its part (published as is) and the runs of each of its sections."""

    part: bytes  # gzip of {"url", "title", "kind", "at", "s": [[anchor, heading], ...]}
    kind: str
    runs: list[list[str]]  # by section: its runs, sorted


def kind_of(url: str) -> str:
    """The kind of an indexed page by its address: ``n`` notice, ``f`` figure, ``s`` story, ``p`` other."""
    return _KINDS.get(url.split("/")[0], "p") if "/" in url else "p"


def _page(rel: str, page_html: bytes) -> Page:
    title, parts, at = _read(page_html)
    url = rel.removesuffix("index.html")
    kind = kind_of(url)
    part = _compress(json.dumps({"url": url, "title": title, "kind": kind, "at": at,
                                 "s": [[anchor, heading] for anchor, heading, _ in parts]},
                                ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return Page(part, kind, [sorted(runs(heading) | runs(text)) for _, heading, text in parts])


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


def _gaps(numbers: list[int]) -> str:
    """Sorted numbers as the first and then the differences, comma-separated (a JSON array's inside)."""
    return ",".join(map(str, map(operator.sub, numbers, [0, *numbers[:-1]])))


def _text(run: str) -> str:
    """A run as a JSON string: letters and digits, which JSON writes as they are."""
    return f'"{run}"'


def _files(found: list[Page]) -> tuple[dict, dict[str, str]]:
    """The entry (without version) and the text of every part but the pages', by path in the bundle."""
    stride = 1
    while stride < max((len(p.runs) for p in found), default=1):
        stride *= 2
    holding: dict[str, list[int]] = defaultdict(list)  # run -> section keys, ascending
    for number, page in enumerate(found):
        base = number * stride
        for local, section in enumerate(page.runs):
            for run in section:
                holding[run].append(base + local)
    ordered = sorted(holding)
    files: dict[str, bytes] = {}
    starts: list[tuple[str, str]] = []  # (the last run before each run part, its first run)
    in_part: dict[str, int] = {}
    part: list[str] = []
    size, last = 0, ""

    def close() -> None:
        files[f"r/{len(starts) - 1}.gz"] = "{" + ",".join(part) + "}"

    for run in ordered:
        keys = holding[run]
        if not starts or (size >= _PER_PART and bucket(run) % 8 == 0):  # boundaries that a local edit keeps
            if starts:
                close()
            starts.append((last, run))
            part, size = [], 0
        part.append(f"{_text(run)}:[{_gaps(keys)}]")
        in_part[run] = len(starts) - 1
        size += len(keys) + len(run)
        last = run
    if starts:
        close()
    by_term: dict[str, list[str]] = defaultdict(list)  # bigram -> runs holding it, in order
    for run in ordered:
        for term in sorted({run[i:i + 2] for i in range(len(run) - 1)}):
            by_term[term].append(run)
    common = {t: len(rs) for t, rs in by_term.items() if len(rs) > COMMON}
    rare = len(by_term) - len(common)
    shards = _MIN_SHARDS
    while shards < _MAX_SHARDS and rare > shards * _PER_SHARD:
        shards *= 2
    members: list[list[str]] = [[] for _ in range(shards)]
    spread: list[list[str]] = [[] for _ in range(shards)]
    for term in sorted(by_term):
        holders = by_term[term]
        listed = "[" + ",".join(_text(run) for run in holders) + "]"
        # a two-letter word is its bigram: where the runs of the bigram are in many run parts, its
        # sections are given with it, so that such a word reads one part
        keys = None
        spread_over = len({in_part[run] for run in holders})
        if spread_over > _SPREAD and sum(len(holding[run]) for run in holders) <= spread_over * _PER_PART:
            keys = _gaps(sorted(set().union(*(holding[run] for run in holders))))
        if term in common:
            files[f"c/{common_name(term)}.gz"] = listed
            if keys is not None:
                files[f"c/{common_name(term)}.k.gz"] = f"[{keys}]"
                common[term] = -common[term]  # negative: its sections have a part of their own
        else:
            members[bucket(term) % shards].append(f"{_text(term)}:{listed}")
            if keys is not None:
                files[f"k/{common_name(term)}.gz"] = f"[{keys}]"
                spread[bucket(term) % shards].append(_text(term))
    for n, (found_here, keyed) in enumerate(zip(members, spread)):
        files[f"t/{n}.gz"] = '{"r":{' + ",".join(found_here) + '},"k":[' + ",".join(keyed) + "]}"
    entry = {"kinds": "".join(p.kind for p in found), "stride": stride, "shards": shards, "window": WINDOW,
             "common": dict(sorted(common.items())), "parts": _prefixes(starts)}
    return entry, files


def _prefixes(starts: list[tuple[str, str]]) -> list[str]:
    """For each run part, the shortest start of its first run that sorts after the run before it (the
    first part's is empty): enough for the reader's browser to find the part of a run."""
    out = []
    for last, run in starts:
        k = 0
        while run[:k] <= last and k < len(run):
            k += 1
        out.append(run[:k] if last else "")
    return out


def part_of(entry: dict, run: str) -> int:
    """The run part that holds ``run`` (search.js finds it the same way)."""
    return bisect.bisect_right(entry["parts"], run) - 1


def _write(bundle: Path, found: list[Page], index: Index, store: cache.Store) -> None:
    """Write the parts whose bytes changed. The digest of each part's text and of its file are kept in the
    cache, so that a part whose text did not change and whose file is still the one written from it is
    not compressed again."""
    entry, texts = _files(found)
    entry = {"version": index.version, **entry}
    before = store.get(_PARTS)
    before = before if store.hit(before) and isinstance(before, dict) else {}
    files = {f"p/{n}.gz": page.part for n, page in enumerate(found)}
    for folder in ("t", "c", "k", "r", "p", "s", "f"):  # s/ and f/: the parts of earlier versions of the index
        for path in (bundle / folder).iterdir() if (bundle / folder).is_dir() else ():
            if f"{folder}/{path.name}" not in texts and f"{folder}/{path.name}" not in files:
                path.unlink()
    made = {}
    for rel, text in texts.items():
        mine = cache.digest(text)
        try:
            on_disk = cache.digest((bundle / rel).read_bytes())
        except FileNotFoundError:
            on_disk = None
        if before.get(rel) == (mine, on_disk):
            made[rel] = before[rel]
            continue
        data = _compress(text)
        made[rel] = (mine, cache.digest(data))
        if on_disk != made[rel][1]:
            cache.atomic_write(bundle / rel, data)
    for rel, data in files.items():
        _write_if_changed(bundle / rel, data)
    _write_if_changed(bundle / "entry.json", json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode())
    store.put(_PARTS, made)


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        pass
    cache.atomic_write(path, data)


def index_site(site_dir: Path, pages: list[str], cache_dir: Path) -> Index:
    """Write the whole index of ``pages`` (HTML paths relative to ``site_dir``) into its folder."""
    store = cache.Store(cache_dir / "search")
    keys, found = _load(site_dir, pages, store)
    index = Index(0, list(pages), keys)
    _write(site_dir / BUNDLE, found, index, store)
    store.keep([*keys, _PARTS])
    return index


def update_index(site_dir: Path, index: Index, changed: set[str], cache_dir: Path) -> Index | None:
    """Update the published index (already in ``site_dir``) for the ``changed`` pages: every part is made
    again from the cache and written only where its bytes changed. None when the cache no longer holds
    a page as the index has it: the caller writes the whole index instead."""
    store = cache.Store(cache_dir / "search")
    unchanged = [n for n, rel in enumerate(index.pages) if rel not in changed]
    kept = {n: store.get(index.keys[n]) for n in unchanged}
    if not all(store.hit(page) for page in kept.values()):
        return None
    numbers = [n for n, rel in enumerate(index.pages) if rel in changed]
    new_keys, new = _load(site_dir, [index.pages[n] for n in numbers], store)
    keys = list(index.keys)
    found: list[Page] = [None] * len(index.pages)  # type: ignore[list-item]
    for n, page in kept.items():
        found[n] = page
    for n, k, page in zip(numbers, new_keys, new):
        keys[n], found[n] = k, page
    updated = Index(0, index.pages, keys)
    _write(site_dir / BUNDLE, found, updated, store)
    store.keep([*keys, _PARTS])  # the changed pages' previous entries
    return updated
