"""Work over many files on every core: the one way validate, the site and the report fan out.

The items are cut into contiguous chunks (each worker's reads stay local; several chunks per worker
even out the load) and handed to workers forked from this process, which inherit ``state`` (the
registry, the checking context...) once, instead of receiving it with every chunk. Below
``parallel_from`` items, or on one core, the work runs here: starting workers would cost more. What
exists when the workers fork is frozen out of the garbage collector's reach while they run.

``map_chunks`` cuts a list it is given; ``map_batches`` hands over each chunk as it is made (the report
walks the unit folders while its workers read the first ones' files).
"""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from multiprocessing import get_context
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

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
    with _workers(state, jobs) as pool:
        return list(pool.map(partial(_run, work), chunks))


def map_batches(
    work: Callable[[S, Sequence[T]], R],
    state: S,
    batches: Iterable[Sequence[T]],
    *,
    parallel_from: int,
    jobs: int | None = None,
) -> list[R]:
    """``work(state, batch)`` for each of ``batches``, in order, each handed to a worker as soon as it is
    made (by a walk of the folders, say), while the next is made here. The workers fork once
    ``parallel_from`` items have come; if fewer come in all, one ``work`` over all of them, here."""
    jobs = jobs or os.cpu_count() or 1
    batches = iter(batches)
    held: list[Sequence[T]] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += len(batch)
        if jobs > 1 and count >= parallel_from:
            break
    else:
        return [work(state, [item for batch in held for item in batch])]
    with _workers(state, jobs) as pool:
        futures = [pool.submit(_run, work, batch) for batch in held]
        futures += [pool.submit(_run, work, batch) for batch in batches]
        return [future.result() for future in futures]


def regrouped(batches: Iterable[Sequence[T]], size: int) -> Iterator[list[T]]:
    """The items of ``batches`` in order, in lists of ``size`` (the last one shorter)."""
    held: list[T] = []
    for batch in batches:
        held += batch
        while len(held) >= size:
            yield held[:size]
            held = held[size:]
    if held:
        yield held


@contextmanager
def _workers(state: Any, jobs: int) -> Iterator[ProcessPoolExecutor]:
    """Workers forked from this process (at the first job handed over), inheriting ``state``."""
    from concurrent.futures import ProcessPoolExecutor  # here: 18 ms at the start of every command

    global _state
    _state = state
    gc.freeze()  # what the workers inherit, their collections neither walk nor copy page by page
    try:
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            yield pool
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


def collect_again() -> None:
    """The collector, paused while a command read (what it reads holds no cycles), given back without a
    pass over all that was read: every object made during the pause was still in the youngest
    generation, which the next allocation would have walked whole (0.09 s for the million objects of a
    history of 50,000 commits kept by a site's build; 0.03 s at the end of the history command, which has
    freed most of them by then). Moved at once to the oldest instead (``freeze`` then ``unfreeze``: two
    list splices), it waits for the collector's next full pass like anything long-lived. Where something
    else holds objects frozen (the workers of ``_workers``), they are left frozen, and the collector
    simply resumes."""
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()
    gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused while a block reads many files (many short-lived objects, no cycles: its
    passes would only rescan them, about a tenth of the time), and given back as ``collect_again``
    does; a caller that had paused it keeps it paused."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            collect_again()
