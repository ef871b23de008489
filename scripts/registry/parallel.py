"""Work over many files on every core: the one way validate, the site and the report fan out.

The items are cut into contiguous chunks (each worker's reads stay local; several chunks per worker
even out the load) and handed to workers forked from this process, which inherit ``state`` (the
registry, the checking context...) once, instead of receiving it with every chunk. Below
``parallel_from`` items, or on one core, the work runs here: starting workers would cost more. What
exists when the workers fork is frozen out of the garbage collector's reach while they run.
"""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# What the forked workers work with, set before they are forked (a module global: fork copies it).
_state: Any = None


def map_chunks(
    work: Callable[[S, Sequence[T]], R],
    state: S,
    items: Sequence[T],
    *,
    parallel_from: int,
    jobs: int | None = None,
    smallest: int = 50,
    per_job: int = 4,
) -> list[R]:
    """``work(state, chunk)`` for each chunk of ``items``, in order; ``work`` is a module-level function."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < parallel_from:
        return [work(state, items)]
    size = max(smallest, len(items) // (jobs * per_job))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    global _state
    _state = state
    gc.freeze()  # what the workers inherit, their collections neither walk nor copy page by page
    try:
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            return list(pool.map(partial(_run, work), chunks))
    finally:
        gc.unfreeze()
        _state = None


def _run(work: Callable[[Any, Sequence[T]], R], chunk: Sequence[T]) -> R:
    return work(_state, chunk)


def freeze_at_exit() -> None:
    """At the interpreter's exit, everything still alive moved out of the collector's reach (once per
    process): its passes over what a command read (several, as the modules are torn down) find nothing
    to collect, and cost a report a seventh of a second, a history of 50,000 commits a second."""
    if not _FREEZING:
        _FREEZING.append(atexit.register(gc.freeze))


_FREEZING: list[object] = []
