"""Strict YAML reading: plain data with the source position of every key, and YAML's traps as problems.

PyYAML parses (with libyaml when it is there); this module builds plain values from the parser's
events itself, so that it can refuse what a safe loader would silently accept: duplicate keys,
aliases and merge keys, non-text keys, explicit tags, datetimes, and nesting too deep to check.
Dates stay text (``2025-03-03``), as check-jsonschema keeps them. Plain scalars that YAML 1.1 reads
as booleans, numbers or null keep their source text in ``Document.plain``, so a later stage can say
"``yes`` is read as a boolean".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from registry.catalogue import hint
from registry.problem import MAX_PROBLEMS_PER_RULE, Problem, note_more

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in the pinned wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

Path = tuple[str | int, ...]

# Proposals nest four levels deep; the schema, the rules and this module's builder recurse once per
# level, so deeper text is refused before they see it. libyaml refuses 1,000 levels by itself.
MAX_DEPTH = 20
# Python refuses to turn more than 4,300 digits into an int (the conversion is quadratic), and a
# sexagesimal number (1:2:3) is summed digit by digit: longer numbers are refused before they are built.
MAX_NUMBER_LENGTH = 4300
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_SCALAR_TAGS = {_STR, _TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null", _TAG + "timestamp"}
_constructor = yaml.constructor.SafeConstructor()
_NUMBER_TAGS = {_TAG + "int", _TAG + "float"}
_CONSTRUCT = {tag: _constructor.yaml_constructors[tag] for tag in _SCALAR_TAGS}
_resolved: dict[tuple[str, tuple[bool, bool]], str] = {}


class _Loader(_BaseLoader):
    """The safe loader, with the implicit tag of short plain scalars remembered across files.

    Resolution depends only on the scalar's text and whether it was plain, so the cache cannot change
    a result; keys and short values recur in every proposal and resolving them was a fifth of the cost.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.MappingNode:
            return _MAP  # the safe loader has no path resolvers, so blocks always get the default tag
        if kind is yaml.SequenceNode:
            return _SEQ
        if len(value) > 40:
            return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        key = (value, implicit)
        tag = _resolved.get(key)
        if tag is None:
            if len(_resolved) > 50_000:
                _resolved.clear()
            tag = _resolved[key] = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        return tag


@dataclass(slots=True)
class Document:
    """A YAML mapping read strictly: values, positions (1-based line and column) and plain sources."""

    data: Any = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    plain: dict[Path, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_yaml(source: str, path: str, first_line: int = 1) -> Document:
    """Read ``source`` (which starts at line ``first_line`` of the file ``path``)."""
    builder = _Builder(Document(), path, first_line)
    loader = _Loader(source)
    try:
        builder.build(loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        if error.problem == _LIBYAML_TOO_DEEP:
            return Document(problems=[_too_deep(path, line, column)])
        what = " ".join(filter(None, [error.context, error.problem]))
        return Document(problems=[_problem(path, line, column, "yaml-syntax", f"YAML syntax error: {what}")])
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        before = source[: error.position]
        line = before.count("\n") + first_line
        column = error.position - (before.rfind("\n") + 1) + 1
        message = f"the character U+{error.character:04X} is not allowed: {error.reason}"
        return Document(problems=[_problem(path, line, column, "yaml-syntax", message)])
    except yaml.YAMLError as error:  # pragma: no cover - every other error of PyYAML is marked
        return Document(problems=[_problem(path, first_line, 1, "yaml-syntax", f"YAML error: {error}")])
    except _Refused:  # the builder has said why; whatever it built so far is no proposal
        builder.doc.data = None
        builder.doc.positions.clear()
        builder.doc.plain.clear()
    finally:
        loader.dispose()
    return builder.doc


class _Refused(Exception):
    """An alias, or nesting deeper than ``MAX_DEPTH``: the front matter is not read further."""


def _problem(path: str, line: int, column: int, rule: str, message: str) -> Problem:
    return Problem(path, line, column, rule, "error", message, hint(rule))


def _too_deep(path: str, line: int, column: int) -> Problem:
    return _problem(path, line, column, "yaml-too-deep", f"lists and blocks nested more than {MAX_DEPTH} levels deep")


class _Collection:
    """A mapping or a list being built, on the builder's stack."""

    __slots__ = ("at", "first_seen", "key", "value")

    def __init__(self, value: dict[str, Any] | list[Any], at: Path) -> None:
        self.value = value
        self.at = at
        self.key: str | None = None  # in a mapping, the key whose value comes next
        self.first_seen: dict[str, int] = {}


class _Builder:
    """Plain values from the parser's events, in one pass and without recursion.

    PyYAML's composer builds a node tree first, recursing once per level (a few hundred levels of
    ``[[[...]]]`` ended in RecursionError) and costing several times the parse itself; the events carry
    all that is needed. The builder refuses what the composer would (an undefined or duplicate anchor,
    a second document) with the composer's own errors, and reports as problems what a safe loader would
    silently accept (duplicate keys, aliases, merge keys, non-text keys, tags, datetimes).
    """

    def __init__(self, doc: Document, path: str, first_line: int) -> None:
        self.doc = doc
        self.path = path
        self.first_line = first_line
        self.reported: dict[str, int] = {}

    def where(self, event: Any) -> tuple[int, int]:
        return event.start_mark.line + self.first_line, event.start_mark.column + 1

    def report(self, event: Any, rule: str, message: str) -> None:
        count = self.reported[rule] = self.reported.get(rule, 0) + 1
        if count > MAX_PROBLEMS_PER_RULE + 1:
            return
        line, column = self.where(event)
        found = _problem(self.path, line, column, rule, message)
        self.doc.problems.append(found if count <= MAX_PROBLEMS_PER_RULE else note_more(found, rule))

    def build(self, loader: _Loader) -> None:
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return
        document: Any = loader.get_event()
        self.document(loader)
        if not loader.check_event(yaml.StreamEndEvent):
            another: Any = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                document.start_mark,
                "but found another document",
                another.start_mark,
            )

    def document(self, loader: _Loader) -> None:
        get = loader.get_event
        positions = self.doc.positions
        first_line = self.first_line
        anchors: dict[str, Any] = {}  # name: where it stands
        stack: list[_Collection] = []
        skip_nodes = skip_open = 0  # whole nodes still to pass over unread, and levels open in the current one
        while True:
            event: Any = get()
            kind = type(event)
            if kind is yaml.DocumentEndEvent:
                return
            starts = kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent
            ends = kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent
            if kind is yaml.AliasEvent:
                if event.anchor not in anchors:
                    raise yaml.composer.ComposerError(None, None, "found undefined alias", event.start_mark)
            elif (starts or kind is yaml.ScalarEvent) and event.anchor is not None:
                if event.anchor in anchors:
                    first = anchors[event.anchor]
                    raise yaml.composer.ComposerError(
                        "found duplicate anchor; first occurrence", first, "second occurrence", event.start_mark
                    )
                anchors[event.anchor] = event.start_mark

            if skip_nodes:  # the key or value of a refused key: checked by the parser, never read
                skip_open += starts - ends
                if not skip_open:
                    skip_nodes -= 1
                continue
            if ends:
                done = stack.pop()
                if stack:
                    self.attach(stack[-1], done.value)
                else:
                    self.doc.data = done.value
                continue
            top = stack[-1] if stack else None

            if top is not None and top.key is None and type(top.value) is dict:  # a key
                refused = self.key(top, event, loader)
                if refused:
                    skip_nodes, skip_open = (2, 1) if starts else (1, 0)
                continue

            # A value: the document's, a key's or a list's item.
            if top is None:
                at: Path = ()
            elif top.key is not None:
                at = (*top.at, top.key)
            else:
                at = (*top.at, len(top.value))
                positions[at] = (event.start_mark.line + first_line, event.start_mark.column + 1)
            if kind is yaml.ScalarEvent:
                value = self.scalar(event, at, loader)
            elif starts:
                if len(stack) >= MAX_DEPTH:
                    self.doc.problems.append(_too_deep(self.path, *self.where(event)))
                    raise _Refused
                mapping = kind is yaml.MappingStartEvent
                tag = event.tag
                if tag is not None and tag not in ("!", _MAP if mapping else _SEQ):
                    self.report(event, "yaml-tag", f"the tag {tag} is not allowed")
                stack.append(_Collection({} if mapping else [], at))
                continue
            elif kind is yaml.AliasEvent:
                self.report(event, "yaml-alias", "anchors and aliases (&name, *name) are not allowed")
                raise _Refused
            else:  # pragma: no cover - the parser sends nothing else inside a document
                raise yaml.composer.ComposerError(None, None, f"unexpected {kind.__name__}", event.start_mark)
            if top is None:
                self.doc.data = value
            else:
                self.attach(top, value)

    @staticmethod
    def attach(collection: _Collection, value: Any) -> None:
        if collection.key is not None:
            collection.value[collection.key] = value  # type: ignore[call-overload]
            collection.key = None
        else:
            collection.value.append(value)  # type: ignore[union-attr]

    def key(self, mapping: _Collection, event: Any, loader: _Loader) -> bool:
        """Take ``event`` as the next key of ``mapping``; True if it is refused, and its value with it."""
        if type(event) is yaml.AliasEvent:
            self.report(event, "yaml-alias", "anchors and aliases (&name, *name) are not allowed")
            raise _Refused
        tag = _tag(event, loader) if type(event) is yaml.ScalarEvent else None
        if tag != _STR:
            if tag == _TAG + "merge":
                self.report(event, "yaml-alias", "merge keys (<<) are not allowed")
            else:
                shown = event.value if type(event) is yaml.ScalarEvent else "…"
                self.report(event, "yaml-key", f"the key {shown!r} is not text")
            return True
        key: str = event.value
        line = event.start_mark.line + self.first_line
        if key in mapping.first_seen:
            first = mapping.first_seen[key]
            self.report(event, "yaml-duplicate-key", f"duplicate key {key!r} (first on line {first})")
            return True
        mapping.first_seen[key] = line
        mapping.key = key
        self.doc.positions[(*mapping.at, key)] = (line, event.start_mark.column + 1)
        return False

    def scalar(self, event: Any, at: Path, loader: _Loader) -> Any:
        tag = _tag(event, loader)
        if tag == _STR:
            return event.value
        if tag not in _SCALAR_TAGS:
            self.report(event, "yaml-tag", f"the tag {tag} is not allowed")
            return event.value  # the text as written, so that no second problem follows from this one
        text = event.value
        if tag == _TAG + "timestamp":
            if len(text) == 10:
                return text  # a date stays text; the schema checks that it is a real day
            self.report(event, "yaml-datetime", f"{text!r} is a date with a time; write the day only")
            return text
        if tag in _NUMBER_TAGS and len(text) > MAX_NUMBER_LENGTH:
            message = f"a number {len(text):,} characters long; put it in quotes if it is text"
            self.report(event, "yaml-number-too-long", message)
            return text  # as for a tag: one problem for one mistake
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        value = _CONSTRUCT[tag](_constructor, node)
        if not event.style:  # plain: None from PyYAML's parser, "" from libyaml's
            self.doc.plain[at] = text
        return value


def _tag(event: Any, loader: _Loader) -> str:
    """The scalar's tag: as written, or resolved from its text and style as the composer does."""
    tag = event.tag
    if tag is None or tag == "!":
        return loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    return str(tag)
