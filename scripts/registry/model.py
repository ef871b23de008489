"""The one ``Proposal`` model: built once per file by the loader, read by everything downstream."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from registry.layout import id_from_path
from registry.lifecycle import LIFECYCLE, TRANSITIONS
from registry.yamlread import KeyPath

__all__ = ["LIFECYCLE", "TRANSITIONS", "Author", "Heading", "Proposal", "Section", "parse_day"]  # (lifecycle.py's)

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_day(value: object) -> date | None:
    """A front matter's date (``2025-03-03``, text: the loader keeps dates as written) as a date; None
    for anything else, an impossible day included (the schema reports those)."""
    return _day(value) if isinstance(value, str) else None


@lru_cache(maxsize=1 << 14)  # the same few thousand days, read from every file of a registry
def _day(value: str) -> date | None:
    if not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Heading:
    """A level-1 or level-2 ATX heading of the body: its level and its words, without the ``#`` runs."""

    level: int
    title: str

    def markdown(self) -> str:
        return f"{'#' * self.level} {self.title}"


@dataclass(frozen=True, slots=True)
class Section:
    """A level-1 or level-2 heading of the body, its line and whether any text follows it."""

    level: int
    title: str  # without the ``#`` runs
    line: int
    has_text: bool


@dataclass(frozen=True, slots=True)
class Author:
    index: int  # the author's place in the list, for pointing at its keys
    name: str
    position: str
    unit: str
    head_of_unit: bool
    share: float | None


@dataclass(frozen=True)
class Proposal:
    """One proposal file: its front matter (as read), its body and where each key stands.

    ``meta`` holds the front matter as plain data; the accessors below read it defensively, since
    rules also run on proposals whose front matter broke the schema.
    """

    path: str
    meta: Mapping[str, Any]
    body: str
    body_line: int
    positions: Mapping[KeyPath, tuple[int, int]]
    plain: Mapping[KeyPath, str]
    sections: tuple[Section, ...]
    # Plain text values followed by a ``#`` comment on their line, which YAML cut there: where the ``#`` is.
    comments: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, *at: str | int) -> tuple[int, int]:
        """The line and column of the key at ``at``, or of its nearest ancestor that has one."""
        key: KeyPath = at
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return (1, 1)

    def string(self, *at: str | int) -> str | None:
        if len(at) == 1 and isinstance(at[0], str):  # a key of the front matter itself: the commonest
            value: Any = self.meta.get(at[0])
            return value if isinstance(value, str) else None
        value = self.meta
        for step in at:
            if isinstance(step, int):
                value = value[step] if isinstance(value, list) and -len(value) <= step < len(value) else None
            else:
                value = value.get(step) if isinstance(value, dict) else None
        return value if isinstance(value, str) else None

    def day(self, *at: str | int) -> date | None:
        """The date at ``at`` (see parse_day)."""
        return parse_day(self.string(*at))

    def block(self, name: str) -> Mapping[str, Any]:
        value = self.meta.get(name)
        return value if isinstance(value, dict) else {}

    def entries(self, *at: str | int) -> list[tuple[int, Mapping[str, Any]]]:
        """The blocks of the list at ``at`` with their places in it; entries that are not blocks are left out."""
        value: Any = self.meta
        for step in at:
            value = value.get(step) if isinstance(value, dict) and isinstance(step, str) else None
        if not isinstance(value, list):
            return []
        return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]

    @property
    def id(self) -> str | None:
        return self.string("id")

    @property
    def status(self) -> str | None:
        return self.string("status")

    @property
    def unit(self) -> str | None:
        return self.string("unit")

    @property
    def field(self) -> str | None:
        return self.string("field")

    @property
    def title(self) -> str | None:
        return self.string("title")

    @property
    def file_id(self) -> str | None:
        return id_from_path(self.path)

    @property
    def confidential(self) -> bool:
        return self.meta.get("confidential") is True

    @property
    def authors(self) -> list[Author]:
        authors = []
        for index, item in self.entries("authors"):
            share = item.get("share")
            authors.append(
                Author(
                    index=index,
                    name=str(item.get("name", "")),
                    position=str(item.get("position", "")),
                    unit=str(item.get("unit", "")),
                    head_of_unit=item.get("head_of_unit") is True,
                    share=float(share) if isinstance(share, int | float) and not isinstance(share, bool) else None,
                )
            )
        return authors

    @property
    def related(self) -> list[str]:
        value = self.meta.get("related")
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []
