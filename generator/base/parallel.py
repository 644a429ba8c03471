"""A map over every core for independent work (rendering notices, auditing files)."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

#: fewer items than this are not worth starting processes for
PARALLEL_MIN = 40

#: the work of the running map, inherited by forked workers (never pickled)
_WORK: tuple | None = None


def each(function, items: list, heavy: bool = False) -> list:
    """``[function(item) for item in items]``, on every core when there are many items, or when the caller
    says they are ``heavy`` (results in order).

    Workers are forked, so they share the parent's data (records, templates, the audit's automaton)
    without copying it; only results travel back."""
    global _WORK
    workers = min(os.cpu_count() or 1, 8)
    enough = len(items) >= (2 if heavy else PARALLEL_MIN)
    if workers < 2 or not enough or "fork" not in multiprocessing.get_all_start_methods():
        return [function(item) for item in items]
    _WORK = (function, items)
    try:
        # many small chunks: a few costly items together in one (the feeds of an audit) leave no core idle
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_work, range(len(items)), chunksize=max(1, len(items) // (workers * 16))))
    finally:
        _WORK = None


def _work(index: int):
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])
