"""A proposal's front matter edited in place: read and written back with ruamel.yaml's round trip, so
that the author's comments, quotes, flow blocks and key order stay as they were, and only what is
edited changes. The body, from the closing ``---`` on, is kept byte for byte, and so are CRLF line
endings.

The indentation is the file's own: of the usual layouts, the one that writes the unedited front
matter back byte for byte is used (the registry's is 2 spaces, with list items indented 2 under their
key). ``registry migrate`` and the lifecycle commands (``registry decide``…) write through here.

Values given to ``text`` are written double-quoted (a newline is written ``\\n``), dates plain, so
that whatever a value holds stays that value: nothing in it can become a key.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

_OPENING = re.compile(r"^---[ \t]*(\r?\n)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)  # as load.py reads it
# (mapping, sequence, offset): the registry's layout first, then the other usual ones.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))
_FLOW_LINE = 100  # a block of values alone is written on one line when it fits in this many columns


class Unreadable(Exception):
    """The text has no front matter that ruamel.yaml reads as a block of keys."""


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long value over lines: the edit would reach past its block
    yaml.allow_unicode = True
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


class FrontMatter:
    """One proposal file: ``data`` is its front matter (a ruamel ``CommentedMap``, edited in place), and
    ``text()`` the whole file with the edited front matter."""

    def __init__(self, source: str) -> None:
        opening = _OPENING.match(source)
        closing = _CLOSING.search(source, opening.end()) if opening else None
        if opening is None or closing is None:
            raise Unreadable("no front matter between two --- lines")
        self._newline = opening.group(1)
        self._head = source[: opening.end()]
        self._rest = source[closing.start() :]
        front = source[opening.end() : closing.start()].replace("\r\n", "\n")
        self._original = front
        self._yaml = _yaml(_LAYOUTS[0])
        try:
            data = self._yaml.load(front)
        except YAMLError as error:
            raise Unreadable(str(error).splitlines()[0]) from None
        if not isinstance(data, CommentedMap):
            raise Unreadable("the front matter is not a block of keys")
        self.data: CommentedMap = data
        for layout in _LAYOUTS:
            yaml = _yaml(layout)
            if _dump(yaml, data) == front:
                self._yaml = yaml
                break
        self._unedited = _dump(self._yaml, data)

    def text(self) -> str:
        edited = _dump(self._yaml, self.data) if self.data else ""
        front = _splice(self._original, self._unedited, edited)
        return self._head + front.replace("\n", self._newline) + self._rest


def _same_data(one: str, other: str) -> bool:
    try:
        return bool(YAML(typ="safe", pure=True).load(one) == YAML(typ="safe", pure=True).load(other))
    except YAMLError:
        return False


def _splice(original: str, unedited: str, edited: str) -> str:
    """``edited`` with every line it shares with ``unedited`` (ruamel's writing of the front matter as
    it was) taken from ``original`` (as the author wrote it), so that an author's spacing that ruamel
    evens out (``title:   "…"``) stays where nothing was edited. When ruamel's writing does not map
    line by line onto the original, or the result would read differently, ``edited`` is kept as it is."""
    before, now, written = original.split("\n"), unedited.split("\n"), edited.split("\n")
    if original == unedited or len(before) != len(now):
        return edited
    out: list[str] = []
    for tag, low, high, start, stop in difflib.SequenceMatcher(None, now, written, autojunk=False).get_opcodes():
        out.extend(before[low:high] if tag == "equal" else written[start:stop])
    spliced = "\n".join(out)
    return spliced if _same_data(spliced, edited) else edited


def text(value: str) -> DoubleQuotedScalarString:
    """A text value, written double-quoted."""
    quoted: DoubleQuotedScalarString = DoubleQuotedScalarString(value)
    return quoted


def block(values: Mapping[str, Any], *, flow: bool | None = None) -> CommentedMap:
    """A block of ``values`` (None values left out). Written on one line (``{date: …, …}``) when it
    holds values only and fits, or when ``flow`` says so."""
    made = CommentedMap((str(key), value) for key, value in values.items() if value is not None)
    nested = any(isinstance(value, dict | list) for value in made.values())
    if flow is None:
        width = sum(len(str(key)) + len(str(value)) + 6 for key, value in made.items())
        flow = not nested and width <= _FLOW_LINE
    if flow:
        made.fa.set_flow_style()
    return made


def listing(items: list[Any], *, flow: bool = False) -> CommentedSeq:
    """A list of ``items`` (``[a, b]`` on one line when ``flow``)."""
    made = CommentedSeq(items)
    if flow:
        made.fa.set_flow_style()
    return made


def day(value: str) -> date:
    """A date written plain (``2025-03-04``); the registry's reader reads it back as that text."""
    return date.fromisoformat(value)


def put(data: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set ``key`` in ``data``: where it is if present, otherwise after the last key that comes before
    it in ``order`` (the schema's order of properties), or last."""
    key = str(key)  # a member of lifecycle.Block is written as its text
    if key in data:
        data[key] = value
        return
    rank = {name: index for index, name in enumerate(order)}
    mine = rank.get(key, len(order))
    position = len(data)
    for index, existing in enumerate(data):
        if rank.get(existing, -1) > mine:
            position = index
            break
    data.insert(position, key, value)


def append(data: CommentedMap, key: str, entry: Any, order: list[str]) -> None:
    """Append ``entry`` to the list at ``key``, which is made (a block list) when absent."""
    key = str(key)
    found = data.get(key)
    if isinstance(found, list):
        found.append(entry)
    else:
        put(data, key, listing([entry]), order)


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_WORD = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")  # ids of units, fields and words such as none
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


def from_plain(value: Any) -> Any:
    """Plain data (as the registry's reader gives it: dates as text) as this module writes it: dates
    and ids plain, other text double-quoted, blocks of values alone on one line."""
    if isinstance(value, dict):
        return block({str(key): from_plain(item) for key, item in value.items()})
    if isinstance(value, list):
        return listing([from_plain(item) for item in value], flow=not any(isinstance(i, dict | list) for i in value))
    if isinstance(value, str):
        if _DATE.match(value):
            try:
                return day(value)
            except ValueError:
                return text(value)
        return value if _WORD.match(value) and value not in _YAML_WORDS else text(value)
    return value


def sync(target: CommentedMap, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """Make ``target`` (read from text that gave the plain ``before``) hold the plain ``after``, changing
    only the keys whose values differ, so that everything else, comments included, stays as written."""
    for key in list(target):
        if key not in after:
            del target[key]
    for index, (key, value) in enumerate(after.items()):
        old = before.get(key)
        if key in target and old == value:
            continue
        if key in target and isinstance(old, dict) and isinstance(value, dict) and isinstance(target[key], dict):
            sync(target[key], old, value)
        elif key in target:
            target[key] = from_plain(value)
        else:
            target.insert(min(index, len(target)), key, from_plain(value))
