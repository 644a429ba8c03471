"""The files of a feed, each no larger than its ``max_bytes``: the RSS, Atom and JSON Feed of one feed.

Aggregators refuse a feed file over about 1 MB (:data:`generator.site.feeds.MAX_BYTES`, or the site's
``feeds.max_kb``). When the items in full do not fit, :func:`write_all` shortens the oldest first
(:meth:`generator.site.feeds.FeedItem.shortened`), measuring each item in every format, and leaves the oldest
out only when even shortened they do not fit. It is apart from :mod:`generator.site.feeds`, which writes each
format to the letter: this is the arithmetic of sizes over those writers, the same for all three formats.
"""

from __future__ import annotations

from dataclasses import replace

from generator.site.feeds import Feed, FeedItem, atom, json_feed, rss


def _files(feed: Feed, site_url: str) -> dict[str, bytes]:
    return {f"{feed.path}.xml": rss(feed, site_url), f"{feed.path}.atom": atom(feed, site_url),
            f"{feed.path}.json": json_feed(feed, site_url)}


def write_all(feed: Feed, site_url: str) -> dict[str, bytes]:
    """The three files of a feed, by path, each at most ``feed.max_bytes``. When the items in full do not fit,
    the oldest are shortened (:meth:`FeedItem.shortened`: what a newsroom needs, and where the rest is),
    as few as needed; only when even the shortened ones do not fit are the oldest left out (they stay on
    the site, each notice with its complete ``notice.json``)."""
    files = _files(feed, site_url)
    if all(len(data) <= feed.max_bytes for data in files.values()):
        return files
    shown = _bounded(feed, site_url)
    while True:
        files = _files(replace(feed, items=shown), site_url)
        if all(len(data) <= feed.max_bytes for data in files.values()) or not shown:
            return files
        # the sizes measured item by item fell a little short: one whole item fewer, or one item fewer
        whole = sum(1 for item, given in zip(shown, feed.items) if item is given)
        shown = (shown[:whole - 1] + tuple(item.shortened() for item in shown[whole - 1:whole]) + shown[whole:]
                 if whole else shown[:-1])


def _bounded(feed: Feed, site_url: str) -> tuple[FeedItem, ...]:
    """The items of a feed that fit: as many as fit shortened, of which the newest that fit whole stay whole;
    measured one by one in every format."""
    def sizes(items: tuple[FeedItem, ...]) -> list[int]:
        return [len(data) for data in _files(replace(feed, items=items), site_url).values()]
    empty = sizes(())

    def cost(item: FeedItem) -> list[int]:
        return [size - base for size, base in zip(sizes((item,)), empty)]

    def fits(costs: list[list[int]]) -> bool:
        return all(base + sum(c[f] for c in costs) <= feed.max_bytes for f, base in enumerate(empty))
    short = [item.shortened() for item in feed.items]
    brief = [cost(item) for item in short]
    count = 0
    while count < len(short) and fits(brief[:count + 1]):
        count += 1
    full: list[list[int]] = []
    while len(full) < count:
        whole = cost(feed.items[len(full)])
        if not fits(full + [whole] + brief[len(full) + 1:count]):
            break
        full.append(whole)
    return feed.items[:len(full)] + tuple(short[len(full):count])
