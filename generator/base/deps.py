"""Dependencies recorded where they are read: an output is rendered again exactly when a source it read changed.

Rendering an output runs inside :func:`recording`; every accessor of a source (a notice, a campaign, the
status a clock gives a notice, a photo, a figure, a configuration value, a template, the version of a library
that turns text into HTML) calls :func:`read` with the source's name as it hands the value over. A
:class:`Memo` keeps each output with the names it read and the digest each source had then; on the next build
the output is taken from the cache only if every one of those sources still has that digest. Nothing restates
what a template reads: an accessor the template does not call records nothing, and a new accessor records
itself.

A source's name is ``kind:id`` (``notice:2026-city``, ``config:site_url``); :class:`Sources` turns a name
into the source's current digest with one function per kind, given by the caller for the build at hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from generator.base import cache, parallel

#: the recorders of the outputs being rendered, innermost last (an output rendered inside another one's
#: rendering is read by both)
_RECORDERS: ContextVar[tuple[set[str], ...]] = ContextVar("gongshi_recorders", default=())


def read(name: str) -> None:
    """Say that the output being rendered reads the source ``name`` (nothing is recorded outside
    :func:`recording`)."""
    for recorder in _RECORDERS.get():
        recorder.add(name)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the names of the sources read inside the block."""
    names: set[str] = set()
    token = _RECORDERS.set(_RECORDERS.get() + (names,))
    try:
        yield names
    finally:
        _RECORDERS.reset(token)


class Sources:
    """The current digest of each source, by ``kind:id``, from one function per kind (memoised for the
    build). A kind without a function, or a source the function does not know (``None``), is a source that
    changed: the output that read it is rendered again."""

    def __init__(self, kinds: dict[str, Callable[[str], str | None]]) -> None:
        self.kinds = kinds
        self._known: dict[str, str | None] = {}

    def digest(self, name: str) -> str | None:
        if name not in self._known:
            kind, _, ident = name.partition(":")
            find = self.kinds.get(kind)
            self._known[name] = find(ident) if find is not None else None
        return self._known[name]

    def snapshot(self, names: set[str]) -> dict[str, str | None]:
        return {name: self.digest(name) for name in sorted(names)}

    def fresh(self, read: dict[str, str | None]) -> bool:
        return all(digest is not None and self.digest(name) == digest for name, digest in read.items())


@dataclass(frozen=True)
class _Entry:
    read: dict[str, str | None]
    value: Any


def _recorded(compute: Callable[[Any], Any], item: Any) -> tuple[Any, set[str]]:
    with recording() as names:
        value = compute(item)
    return value, names


class Memo:
    """Outputs by name in a cache store, each kept with the sources it read (see the module's docstring)."""

    def __init__(self, store: cache.Store, sources: Sources) -> None:
        self.store = store
        self.sources = sources
        #: the names of the outputs rendered (not taken from the cache), in order
        self.rendered: list[str] = []

    def fetch_each(self, names: list[str], compute: Callable[[Any], Any], items: list, cores: bool = True) -> list:
        """``compute(item)`` for each item, named ``names[i]``: the kept output when the sources it read are
        unchanged, else rendered again (on every core when there are many and ``cores``) and kept. The
        sources are also recorded by the caller's own recording (an output that lists these)."""
        keys = [cache.key("output", name) for name in names]
        found = [self.store.get(k) for k in keys]
        values: list[Any] = [None] * len(items)
        missing = []
        for i, entry in enumerate(found):
            if self.store.hit(entry) and isinstance(entry, _Entry) and self.sources.fresh(entry.read):
                values[i] = entry.value
                for name in entry.read:
                    read(name)
            else:
                missing.append(i)
        self.rendered += [names[i] for i in missing]
        render = (lambda i: _recorded(compute, items[i]))
        for i, (value, names_read) in zip(missing, parallel.each(render, missing) if cores else map(render, missing)):
            values[i] = value
            for name in names_read:
                read(name)
            self.store.put(keys[i], _Entry(self.sources.snapshot(names_read), value))
        return values

    def fetch(self, name: str, compute: Callable[[], Any]) -> Any:
        return self.fetch_each([name], lambda _: compute(), [None], cores=False)[0]

    def keep_used(self) -> None:
        """Remove the outputs no build asked for this time."""
        self.store.keep(self.store.used)
