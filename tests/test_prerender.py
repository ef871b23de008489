"""The rendering budget (prerender.within): what it interrupts and what it leaves as it was."""

from __future__ import annotations

import contextlib
import re
import signal
import time

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


def test_the_budget_stops_a_long_regular_expression_match() -> None:
    started = time.monotonic()
    assert within(0.2, lambda: re.match(r"(a|aa)+$", "a" * 40 + "b")) is None
    assert time.monotonic() - started < 2


def test_a_body_the_renderer_cannot_take_is_shown_as_plain_text() -> None:
    """Python-Markdown recurses once per level of nested lists; a thousand levels end in RecursionError
    (the slow-input corpus's deep-lists), which must not stop the build."""
    from mkdocs.config import load_config

    from registry.prerender import BUDGET, render_in_budget
    from tests.conftest import PROJECT

    config = load_config(str(PROJECT / "mkdocs.yml"))
    body = "## Nội dung\n\n" + "".join(" " * (2 * depth) + "- a\n" for depth in range(1000))
    sections, rendered = render_in_budget(list(config.markdown_extensions), dict(config.mdx_configs), BUDGET, body)
    assert not rendered
    assert [heading for heading, _ in sections] == ["## Nội dung"]
