"""Proposal bodies made HTML ahead of the site engine, on every core.

MkDocs renders pages one after another in one process, and Python-Markdown over ten thousand bodies
was most of a build; raw HTML is no cheaper for it, since it parses that too. So the text under each
heading is rendered here, on every core, and left in the page as a one-word placeholder paragraph that
the engine renders in no time; the hook puts the HTML back in place of the placeholder once the page
is HTML. The headings stay Markdown, so that the engine still makes the table of contents and anchors.
Pages are sanitized after the HTML is back (sanitize.py).

Each body has a budget of time (BUDGET seconds; Python-Markdown's inline patterns take minutes over
some texts, twenty thousand ``[`` for one). A body that exceeds it is shown as escaped plain text under
its headings, and the build names its file in a warning and goes on: once approved a body is frozen,
and a body that stopped the build would stop every publication after it. ``registry validate`` flags
such text before approval (the rule markdown-slow).

The bodies' HTML is sanitized on the workers too (sanitize.clean_html, for the folder depth of the
proposals' pages), and put back in the page after the hook has cleaned the rest of it: a body's HTML
is cleaned once, alone, and cannot close or open an element around its page's headings.

A placeholder carries a random token drawn for each build: proposal text (a summary alone in its
paragraph, say) cannot spell one, so it cannot pull another proposal's section into its page.
"""

from __future__ import annotations

import functools
import gc
import itertools
import logging
import multiprocessing
import os
import re
import secrets
import signal
import sys
import threading
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from html import escape as escape_html
from typing import Any, TypeVar

import markdown

from registry.catalogue import text
from registry.load import split_sections
from registry.model import Heading
from registry.sanitize import clean_html

PARALLEL_FROM = 200
BUDGET = 3.0  # seconds of rendering per body: with the rest of its work, under 5 s at the size limit
log = logging.getLogger("registry.render")  # not under mkdocs: an overrun warns without failing --strict
_converters: dict[int, markdown.Markdown] = {}
Sections = list[tuple[Heading | None, bytes]]  # each heading, and the compressed HTML under it
HtmlSections = list[tuple[Heading | None, str]]
T = TypeVar("T")


class Prerendered:
    """Bodies turned into headings and placeholders, and the HTML each placeholder stands for."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any], depth: int | None = None) -> None:
        """``depth``: the folders below the site's root of the pages the bodies go to; when given, the
        bodies' HTML is sanitized for it as it is rendered, and put back by ``restore_clean``."""
        self.extensions = extensions
        self.configs = configs
        self.depth = depth
        # Compressed: ten thousand bodies wait here for their pages. Set aside to be cleaned with the
        # page (``restore``), and cleaned already (``restore_clean``).
        self.html: dict[str, bytes] = {}
        self.clean: dict[str, bytes] = {}
        self._prefix = f"RGSTRSECTION{secrets.token_hex(16)}N"
        self._placeholder = re.compile(rf"<p>({self._prefix}[0-9]+)</p>")
        self._line = re.compile(rf"^({self._prefix}[0-9]+)$", re.M)
        self._count = itertools.count()

    def _key(self) -> str:
        return f"{self._prefix}{next(self._count):07d}"

    def __call__(self, sources: list[str], bodies: list[str]) -> list[str]:
        """The pages' Markdown for ``bodies``; ``sources`` name their files for warnings."""
        render = functools.partial(_prepare, self.extensions, self.configs, BUDGET, self.depth)
        # The budget's timer is a signal, which only the main thread may receive; pool workers run
        # their tasks on theirs.
        if len(bodies) < PARALLEL_FROM and threading.current_thread() is threading.main_thread():
            rendered = [render(body) for body in bodies]
        else:
            gc.freeze()  # the workers' collections leave the inherited objects alone: fewer pages copied
            try:
                with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
                    rendered = list(pool.map(render, bodies, chunksize=64))
            finally:
                gc.unfreeze()
        pages = []
        for source, (sections, in_budget) in zip(sources, rendered, strict=True):
            if not in_budget:
                log.warning("%s: %s", source, text("site.build.plain_text", seconds=BUDGET))
            pages.append(self._page(sections))
        return pages

    def _page(self, sections: Sections) -> str:
        parts = []
        store = self.html if self.depth is None else self.clean
        for heading, html in sections:
            if heading is not None:
                parts.append(heading.markdown())
            if html:
                key = self._key()
                store[key] = html
                parts.append(key)
        return "\n\n".join(parts) + "\n"

    def set_aside(self, page: str, pattern: re.Pattern[str]) -> str:
        """``page`` with each raw HTML block matching ``pattern`` replaced by a placeholder paragraph.

        Python-Markdown parses raw HTML too (with a pure-Python HTML parser): a listing of ten thousand
        rows cost more than the pages it lists.
        """

        def keep(match: re.Match[str]) -> str:
            key = self._key()
            self.html[key] = zlib.compress(match.group(0).encode(), 1)
            return f"\n\n{key}\n\n"

        return pattern.sub(keep, page)

    def inline(self, page: str) -> str:
        """The page's Markdown with each body's placeholder line replaced by the body's HTML, cleaned
        already: what an engine that runs no hook takes (sitebuild.prepare)."""

        def html(match: re.Match[str]) -> str:
            stored = self.clean.pop(match.group(1), None)
            return zlib.decompress(stored).decode() if stored is not None else match.group(0)

        return self._line.sub(html, page)

    def restore(self, page_html: str) -> str:
        """The page with each placeholder paragraph of what was set aside replaced by its HTML, to be
        cleaned with the page (each is used once)."""

        def html(match: re.Match[str]) -> str:
            stored = self.html.pop(match.group(1), None)
            return zlib.decompress(stored).decode() if stored is not None else match.group(0)

        return self._placeholder.sub(html, page_html)

    def restore_clean(self, page_html: str, depth: int) -> str:
        """The cleaned page, of ``depth`` folders below the site's root, with each placeholder paragraph
        of a body replaced by the body's HTML, cleaned on the workers (again here if the page is not at
        the depth they cleaned for)."""

        def html(match: re.Match[str]) -> str:
            stored = self.clean.pop(match.group(1), None)
            if stored is None:
                return match.group(0)
            cleaned = zlib.decompress(stored).decode()
            return cleaned if depth == self.depth else clean_html(cleaned, depth)

        return self._placeholder.sub(html, page_html)


Parts = list[tuple[Heading | None, str]]


def render_sections(extensions: list[Any], configs: dict[str, Any], body: str) -> Sections:
    """(heading, compressed HTML of the text under it) for each part of a body."""
    return _compressed(_render(extensions, configs, split_sections(body)))


def _compressed(sections: HtmlSections) -> Sections:
    return [(heading, zlib.compress(html.encode(), 1) if html else b"") for heading, html in sections]


def _render(extensions: list[Any], configs: dict[str, Any], parts: Parts) -> HtmlSections:
    converter = _converters.get(os.getpid())
    if converter is None:  # one per process
        # The table of contents is the engine's; attribute lists are never honoured in proposal text
        # (they set ids, classes and attributes that the theme reads).
        plain = [extension for extension in extensions if extension not in ("toc", "attr_list")]
        converter = _converters[os.getpid()] = markdown.Markdown(extensions=plain, extension_configs=configs)
    sections = []
    for heading, written in parts:
        rendered = ""
        if written.strip():
            converter.reset()
            rendered = f'<div class="registry-text">\n{converter.convert(written)}\n</div>'
        sections.append((heading, rendered))
    return sections


def plain_sections(parts: Parts) -> Sections:
    """The parts of a body with their text as escaped plain text, made in linear time."""
    return _compressed(_plain(parts))


def _plain(parts: Parts) -> HtmlSections:
    return [
        (heading, f'<pre class="registry-plain">{escape_html(written.strip())}</pre>' if written.strip() else "")
        for heading, written in parts
    ]


def render_in_budget(extensions: list[Any], configs: dict[str, Any], budget: float, body: str) -> tuple[Sections, bool]:
    """The body's sections (render_sections) and True, or, if rendering takes more than ``budget``
    seconds or fails (Python-Markdown recurses once per level of nested lists, say), its sections as
    plain text and False. Runs on the main thread of its process."""
    sections, in_budget = _html_in_budget(extensions, configs, budget, body)
    return _compressed(sections), in_budget


def _html_in_budget(
    extensions: list[Any], configs: dict[str, Any], budget: float, body: str
) -> tuple[HtmlSections, bool]:
    parts = split_sections(body)
    try:
        sections = within(budget, functools.partial(_render, extensions, configs, parts))
    except (RecursionError, MemoryError, ValueError):  # what a renderer's own limits raise on hostile text
        sections = None
    if sections is None:
        _converters.pop(os.getpid(), None)  # interrupted midway: not to be reused
        return _plain(parts), False
    return sections, True


def _prepare(
    extensions: list[Any], configs: dict[str, Any], budget: float, depth: int | None, body: str
) -> tuple[Sections, bool]:
    """What a worker makes of a body: render_in_budget, each section's HTML then cleaned for a page
    ``depth`` folders below the site's root (no id kept: the body's headings are the page's)."""
    sections, in_budget = _html_in_budget(extensions, configs, budget, body)
    if depth is not None:
        sections = [(heading, clean_html(html, depth) if html else html) for heading, html in sections]
    return _compressed(sections), in_budget


_AGAIN = 0.02  # seconds between the alarm's rings once the budget is spent


class _Overrun(BaseException):  # not an Exception: no `except Exception` in a renderer may swallow it
    pass


def within(seconds: float, work: Callable[[], T]) -> T | None:
    """``work()``, or None if it runs longer than ``seconds`` (it is interrupted by SIGALRM, which
    CPython delivers between bytecodes and inside long regular-expression matches). The alarm rings
    again every ``_AGAIN`` seconds until the work stops: one that lands in a finaliser or a collector's
    callback, where an exception is only handed to ``sys.unraisablehook``, is not the last, and is
    not reported there either (it would print a traceback into the build's log)."""
    armed = True

    def expire(signum: int, frame: object) -> None:
        if armed:
            raise _Overrun

    def unraisable(swallowed: Any) -> None:
        if not isinstance(swallowed.exc_value, _Overrun):
            hook(swallowed)

    previous = signal.signal(signal.SIGALRM, expire)  # ValueError outside the main thread: nothing changed
    hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds, _AGAIN)
        try:
            return work()
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overrun:  # also when the timer fired just as the work ended
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = hook
