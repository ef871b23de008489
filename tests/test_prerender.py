"""The rendering budget (prerender.within): what it interrupts and what it leaves as it was."""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
import time
import zlib
from typing import Any

import pytest

from registry import prerender
from registry.model import Heading
from registry.prerender import within


def test_work_inside_the_budget_returns_its_value_and_the_signal_is_left_as_it_was() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert within(2.0, lambda: 42) == 42
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_stops_work_that_swallows_exceptions() -> None:
    """Python-Markdown catches ``Exception`` in places; the budget's interruption is not one."""

    def stubborn() -> int:
        while True:
            with contextlib.suppress(Exception):  # what the test is about
                time.sleep(0.01)

    started = time.monotonic()
    assert within(0.2, stubborn) is None
    assert time.monotonic() - started < 2


def test_the_budget_holds_when_its_alarm_lands_in_a_finaliser() -> None:
    """An exception raised in a finaliser (or a collector's callback) is handed to
    ``sys.unraisablehook``, not raised: the interruption is lost there, and the alarm must ring again.
    The lost one is not reported (a traceback in the build's log); another fault of a finaliser still is."""

    class Faulty:
        def __del__(self) -> None:
            raise ValueError("a finaliser's own fault")

    class Slow:
        def __del__(self) -> None:
            end = time.monotonic() + 0.5
            while time.monotonic() < end:  # the alarm, at 0.1 s, rings in here
                pass

    def work() -> str:
        Faulty()
        Slow()  # dropped at once: its finaliser runs now
        end = time.monotonic() + 5
        while time.monotonic() < end:
            pass
        return "finished"

    reported: list[Any] = []
    hook, sys.unraisablehook = sys.unraisablehook, reported.append
    try:
        started = time.monotonic()
        assert within(0.1, work) is None
        assert time.monotonic() - started < 2
        assert sys.unraisablehook == reported.append
    finally:
        sys.unraisablehook = hook
    assert [type(swallowed.exc_value) for swallowed in reported] == [ValueError]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_changes_nothing_where_it_cannot_be_set() -> None:
    """An alarm can be set only in the main thread: elsewhere ``within`` raises ValueError (the renderer
    then shows the body as plain text) and leaves ``sys.unraisablehook`` and the alarm as they were."""
    hook = sys.unraisablehook
    raised: list[BaseException] = []

    def elsewhere() -> None:
        try:
            within(1.0, lambda: 1)
        except ValueError as error:
            raised.append(error)

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert len(raised) == 1 and sys.unraisablehook is hook
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_budget_stops_a_long_regular_expression_match() -> None:
    started = time.monotonic()
    assert within(0.2, lambda: re.match(r"(a|aa)+$", "a" * 40 + "b")) is None
    assert time.monotonic() - started < 2


def test_a_body_the_renderer_cannot_take_is_shown_as_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python-Markdown recurses once per level of nested lists: where that ends in RecursionError
    before the budget runs out, the body is shown as plain text and the build goes on."""

    def recurse(*args: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(prerender, "_render", recurse)
    body = "## Nội dung\n\n" + "".join(" " * (2 * depth) + "- a\n" for depth in range(1000))
    sections, rendered = prerender.render_in_budget([], {}, prerender.BUDGET, body)
    assert not rendered
    assert [heading for heading, _ in sections] == [Heading(2, "Nội dung")]
    assert b"registry-plain" in zlib.decompress(sections[0][1])
