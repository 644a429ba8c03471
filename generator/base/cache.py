"""Results of earlier builds kept in the cache folder (``.gongshi-cache`` beside site_config.yml).

Each entry is keyed by a digest of everything it was computed from: the input
bytes and the code of this package, so any change to either is a miss. The
folder is as private as the records (it holds what was read from them) and is
never published, and no file in it is a file of the published site (no hard
links: writing into the cache never changes the site). Every entry is saved
with the digest of its bytes and checked against it before use, so an entry
changed on disk, even one that still reads, is never used: a damaged entry is
a warning and a miss, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.base import parallel
from generator.base.i18n import _, language

log = logging.getLogger("gongshi")
_MISS = object()


@functools.cache
def code_version() -> str:
    """Digest of this package's code and templates: a new version of gongshi misses every entry."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".mo", ".docx"}:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each with its length, so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def key(*parts: bytes | str) -> str:
    """A cache key: the parts, this package's code and the language of messages (entries keep the problems
    found, in words)."""
    return digest(code_version(), language(), *parts)[:32]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a new file renamed over the old one, so a reader never sees half
    a file and a hard link to the old file (a published one) is never written through."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


#: the entries of every :class:`Store` read or written in this process, by folder and key, once a long-running
#: process asked for them (:func:`keep_in_memory`); None: every entry is read from its file
_MEMORY: dict[tuple[str, str], Any] | None = None


def keep_in_memory(keep: bool = True) -> None:
    """Keep the entries of every store in this process's memory too, for a process that builds again and again
    (``gongshi serve``): the next build unpickles none of them. An entry is keyed by a digest of all it was
    computed from, so a kept one is never stale; its value is shared by the builds, which only read it.
    ``keep=False`` forgets them and reads entries from their files again."""
    global _MEMORY
    _MEMORY = ({} if _MEMORY is None else _MEMORY) if keep else None


def remembered(k: tuple[str, str], compute) -> Any:
    """``compute()``, kept under ``k`` (a kind and a digest of all it is computed from) while the entries of the
    stores are kept in memory (:func:`keep_in_memory`); computed every time otherwise."""
    if _MEMORY is None:
        return compute()
    if k not in _MEMORY:
        _MEMORY[k] = compute()
    return _MEMORY[k]


#: the first line of every entry of a :class:`Store`, followed by the digest of the entry's key and value
_MAGIC = b"gongshi-cache 1\n"


class Store:
    """Pickled values by key in one folder, each with the digest of its key and bytes."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.used: set[str] = set()  # the keys asked for

    def get(self, k: str) -> Any:
        self.used.add(k)
        if _MEMORY is not None and (str(self.dir), k) in _MEMORY:
            return _MEMORY[str(self.dir), k]
        try:
            data = (self.dir / f"{k}.pickle").read_bytes()
        except FileNotFoundError:
            return _MISS
        except OSError as e:
            log.warning(_("cache entry {key} is damaged ({error}); it is computed again").format(key=k, error=e))
            return _MISS
        start = len(_MAGIC)
        head, found, value = data[:start], data[start:start + 65], data[start + 65:]
        if head != _MAGIC or found != digest(k, value).encode() + b"\n":
            log.warning(_("cache entry {key} is damaged: it does not match its digest (changed on disk); it is "
                          "computed again").format(key=k))
            return _MISS
        try:
            loaded = pickle.loads(value)
        except Exception as e:  # noqa: BLE001 - a damaged entry of any kind is only a miss
            log.warning(_("cache entry {key} is damaged ({error}); it is computed again").format(key=k, error=e))
            return _MISS
        if _MEMORY is not None:
            _MEMORY[str(self.dir), k] = loaded
        return loaded

    def put(self, k: str, value: Any) -> None:
        if _MEMORY is not None:
            _MEMORY[str(self.dir), k] = value
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write(self.dir / f"{k}.pickle", _MAGIC + digest(k, data).encode() + b"\n" + data)
        except OSError as e:  # a read-only or full disk makes the build slower, not wrong
            log.warning(_("could not write the cache entry {key} ({error}); the next build will take longer")
                        .format(key=k, error=e))

    def fetch(self, k: str, compute) -> Any:
        """The entry of ``k``, or ``compute()`` kept as that entry."""
        value = self.get(k)
        if not self.hit(value):
            value = compute()
            self.put(k, value)
        return value

    def fetch_each(self, keys: list[str | None], compute, items: list) -> list:
        """The entry of each key; the missing ones computed as ``compute(item)`` on every core (``compute``
        and its results must be picklable) and kept, except where the key is None."""
        found = [self.get(k) if k is not None else _MISS for k in keys]
        missing = [i for i, value in enumerate(found) if not self.hit(value)]
        for i, value in zip(missing, parallel.each(compute, [items[i] for i in missing])):
            found[i] = value
            if keys[i] is not None:
                self.put(keys[i], value)
        return found

    def keep(self, keys: Iterable[str]) -> None:
        """Remove every entry but those of ``keys`` (entries no build uses any more)."""
        wanted = {f"{k}.pickle" for k in keys}
        if _MEMORY is not None:
            here = str(self.dir)
            for gone in [m for m in _MEMORY if m[0] == here and f"{m[1]}.pickle" not in wanted]:
                del _MEMORY[gone]
        for path in self.dir.glob("*.pickle") if self.dir.is_dir() else ():
            if path.name not in wanted:
                path.unlink(missing_ok=True)

    @staticmethod
    def hit(value: Any) -> bool:
        return value is not _MISS
