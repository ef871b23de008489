"""Proposal bodies made HTML ahead of the site engine, on every core.

MkDocs renders pages one after another in one process, and Python-Markdown over ten thousand bodies
was most of a build; raw HTML is no cheaper for it, since it parses that too. So the text under each
heading is rendered here, on every core, and left in the page as a one-word placeholder paragraph that
the engine renders in no time; the hook puts the HTML back in place of the placeholder once the page
is HTML. The headings stay Markdown, so that the engine still makes the table of contents and anchors.
Pages are sanitized after the HTML is back (sanitize.py).

A placeholder carries a random token drawn for each build: proposal text (a summary alone in its
paragraph, say) cannot spell one, so it cannot pull another proposal's section into its page.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import secrets
import zlib
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import markdown

from registry.load import split_sections

PARALLEL_FROM = 200
_converters: dict[int, markdown.Markdown] = {}


class Prerendered:
    """Bodies turned into headings and placeholders, and the HTML each placeholder stands for."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self.extensions = extensions
        self.configs = configs
        self.html: dict[str, bytes] = {}  # compressed: ten thousand bodies wait here for their pages
        self._prefix = f"RGSTRSECTION{secrets.token_hex(16)}N"
        self._placeholder = re.compile(rf"<p>({self._prefix}[0-9]+)</p>")

    def _key(self) -> str:
        return f"{self._prefix}{len(self.html):07d}"

    def __call__(self, bodies: list[str]) -> list[str]:
        render = functools.partial(render_sections, self.extensions, self.configs)
        if len(bodies) < PARALLEL_FROM:
            return [self._page(render(body)) for body in bodies]
        with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
            return [self._page(sections) for sections in pool.map(render, bodies, chunksize=64)]

    def _page(self, sections: list[tuple[str | None, bytes]]) -> str:
        parts = []
        for heading, html in sections:
            if heading is not None:
                parts.append(heading)
            if html:
                key = self._key()
                self.html[key] = html
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

    def restore(self, page_html: str) -> str:
        """The page with each placeholder paragraph replaced by its HTML (each is used once)."""

        def html(match: re.Match[str]) -> str:
            stored = self.html.pop(match.group(1), None)
            return zlib.decompress(stored).decode() if stored is not None else match.group(0)

        return self._placeholder.sub(html, page_html)


def render_sections(extensions: list[Any], configs: dict[str, Any], body: str) -> list[tuple[str | None, bytes]]:
    """(heading line, compressed HTML of the text under it) for each part of a body."""
    converter = _converters.get(os.getpid())
    if converter is None:  # one per process
        # The table of contents is the engine's; attribute lists are never honoured in proposal text
        # (they set ids, classes and attributes that the theme reads).
        plain = [extension for extension in extensions if extension not in ("toc", "attr_list")]
        converter = _converters[os.getpid()] = markdown.Markdown(extensions=plain, extension_configs=configs)
    sections = []
    for heading, text in split_sections(body):
        html = b""
        if text.strip():
            converter.reset()
            html = zlib.compress(f'<div class="registry-text">\n{converter.convert(text)}\n</div>'.encode(), 1)
        sections.append((heading, html))
    return sections
