"""The fan-out of work over the cores (parallel.py): chunks handed to forked workers as they are made."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

from registry.parallel import collect_again, map_batches, regrouped


def _note(folder: Path, batch: Sequence[int]) -> tuple[int, list[int]]:
    """A worker's job: leave a mark that it ran, and say who it is and what it was given."""
    (folder / f"ran-{batch[0]}").touch()
    return os.getpid(), list(batch)


def test_fewer_items_than_the_threshold_are_worked_here_at_once(tmp_path: Path) -> None:
    batches = [[1, 2], [3], [4, 5, 6]]
    assert map_batches(_note, tmp_path, batches, parallel_from=7, jobs=2) == [(os.getpid(), [1, 2, 3, 4, 5, 6])]
    assert map_batches(_note, tmp_path, batches, parallel_from=1, jobs=1) == [(os.getpid(), [1, 2, 3, 4, 5, 6])]


def test_workers_take_batches_while_later_ones_are_still_being_made(tmp_path: Path) -> None:
    def made() -> Iterator[list[int]]:
        yield [0, 1]
        yield [2, 3]  # the threshold: the workers fork and take these two
        deadline = time.monotonic() + 30
        while not (tmp_path / "ran-0").exists():  # a worker read the first batch before the walk goes on
            assert time.monotonic() < deadline, "no worker started while the batches were being made"
            time.sleep(0.01)
        yield from ([number, number + 1] for number in range(4, 40, 2))

    results = map_batches(_note, tmp_path, made(), parallel_from=4, jobs=2)
    assert [items for _, items in results] == [[number, number + 1] for number in range(0, 40, 2)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_regrouped_keeps_the_order_in_lists_of_the_size_asked() -> None:
    assert list(regrouped([[1, 2, 3], [], [4], [5, 6, 7, 8, 9]], 4)) == [[1, 2, 3, 4], [5, 6, 7, 8], [9]]
    assert list(regrouped([], 4)) == []


class _Node:
    """An object the collector tracks, which can be made part of a cycle."""

    other: object = None


def test_the_collector_given_back_leaves_what_was_read_out_of_its_next_young_pass() -> None:
    """After a pause, what was made during it goes straight to the oldest generation (the next
    allocation would otherwise walk it all); cycles made during it are still freed by a full pass,
    nothing stays frozen, and objects something else froze stay frozen."""
    assert gc.isenabled()
    try:
        gc.disable()
        kept = [_Node() for _ in range(50_000)]
        lost = _Node()
        lost.other, gone = lost, weakref.ref(lost)
        del lost
        assert gc.get_count()[0] >= 50_000
        collect_again()
        assert gc.isenabled() and gc.get_count()[0] < 1_000 and gc.get_freeze_count() == 0
        assert gone() is not None  # waiting for a full pass, as anything long-lived would
        gc.collect()
        assert gone() is None and len(kept) == 50_000

        gc.freeze()  # the workers of parallel._workers hold what they inherit frozen
        frozen = gc.get_freeze_count()
        gc.disable()
        collect_again()
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_command_that_never_fans_out_does_not_load_the_process_pool() -> None:
    """The pool's machinery (18 ms) is imported when workers first fork, not at every command's start."""
    script = "import sys, registry.cli, registry.parallel\nprint('concurrent.futures.process' in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
