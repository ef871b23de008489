"""Strict YAML reading: plain data with the source position of every key, and YAML's traps as problems.

PyYAML composes the node tree (with libyaml when it is there); this module turns the nodes into
plain values itself so that it can refuse what a safe loader would silently accept: duplicate keys,
aliases and merge keys, non-text keys, explicit tags, datetimes, and nesting too deep to check.
Dates stay text (``2025-03-03``), as check-jsonschema keeps them. Plain scalars that YAML 1.1 reads
as booleans, numbers or null keep their source text in ``Document.plain``, so a later stage can say
"``yes`` is read as a boolean"; plain text followed by a ``#`` comment on its line is noted in
``Document.comments`` (YAML ends the value at `` #``: ``Giải pháp #1`` reads as ``Giải pháp``). A plain
value wrapped in a word processor's curly quotes (“…”) is a problem, and is read without them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from registry.catalogue import Words
from registry.problem import MAX_PROBLEMS_PER_RULE, Finding, note_more, quoted

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in the pinned wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]  # where a value stands: the keys and list indexes leading to it

# Proposals nest four levels deep; the schema, the rules and this module's builder recurse once per
# level, so deeper text is refused before they see it. libyaml refuses 1,000 levels by itself.
MAX_DEPTH = 20
# Python refuses to turn more than 4,300 digits into an int (the conversion is quadratic), and a
# sexagesimal number (1:2:3) is summed digit by digit: longer numbers are refused before they are built.
MAX_NUMBER_LENGTH = 4300
_COMMENT_GAP = 2  # spaces before a '#' that YAML's style puts before a comment
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
_SCALAR_TAGS = {_STR, _TAG + "int", _TAG + "float", _TAG + "bool", _TAG + "null", _TAG + "timestamp"}
_constructor = yaml.constructor.SafeConstructor()
_NUMBER_TAGS = {_TAG + "int", _TAG + "float"}
_CONSTRUCT = {tag: _constructor.yaml_constructors[tag] for tag in _SCALAR_TAGS}
_resolved: dict[tuple[str, tuple[bool, bool]], str] = {}
_CURLY = "\u201c\u201d\u2018\u2019"  # the curly quotes Word's "smart quotes" put around a value
# Only a front matter with one of these characters needs its plain text values looked at one by one.
_SUSPECT = re.compile(f"[#{_CURLY}]")
_CACHED_LENGTH = 40  # longer scalars are text written once, not keys and values that recur
_CACHED_VALUES = 50_000  # then the cache starts again, so that it stays small whatever is read


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
        if len(value) > _CACHED_LENGTH:
            return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        key = (value, implicit)
        tag = _resolved.get(key)
        if tag is None:
            if len(_resolved) > _CACHED_VALUES:
                _resolved.clear()
            tag = _resolved[key] = str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        return tag


@dataclass(slots=True)
class Document:
    """A YAML mapping read strictly: values, positions (1-based line and column) and plain sources."""

    data: Any = None
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    plain: dict[KeyPath, str] = field(default_factory=dict)
    comments: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)  # the line and column of the '#'
    problems: list[Finding] = field(default_factory=list)


def read_yaml(source: str, path: str, first_line: int = 1) -> Document:
    """Read ``source`` (which starts at line ``first_line`` of the file ``path``)."""
    doc = Document()
    try:
        node = yaml.compose(source, Loader=_Loader)
    except (yaml.YAMLError, RecursionError) as error:
        doc.problems.append(_unreadable(error, source, path, first_line))
        return doc
    if node is None:
        return doc
    lines = source.split("\n") if _SUSPECT.search(source) else None
    builder = _Builder(doc, path, first_line, aliases_possible="*" in source, lines=lines)
    try:
        doc.data = builder.value(node, ())
    except _AliasFound:
        # The composer shares one node between an anchor and its aliases, so the alias's own place is
        # only in the event stream; read it there, once, for the message.
        alias = next(event for event in yaml.parse(source, Loader=_Loader) if isinstance(event, yaml.AliasEvent))
        doc.data = None
        doc.positions.clear()
        place = alias.start_mark
        line, column = (place.line + first_line, place.column + 1) if place else (first_line, 1)
        doc.problems.append(_problem(path, line, column, "yaml-alias", "problems.yaml-alias.anchor"))
    except _TooDeep as error:
        doc.data = None
        doc.positions.clear()
        doc.problems.append(_too_deep(path, *builder.where(error.node)))
    return doc


def curly_wrapped(value: str) -> bool:
    """Whether ``value`` is wrapped in curly quotes (``“Số hóa”``, also with single ones inside), not
    text that starts and ends with two quoted phrases (``“Một cửa” và “liên thông”``), whose quotes
    are its own: the quotes of the first one's kind (double or single) are not also inside."""
    if len(value) <= 1 or value[0] not in _CURLY or value[-1] not in _CURLY:
        return False
    kind = _CURLY[:2] if value[0] in _CURLY[:2] else _CURLY[2:]
    return not any(quote in value[1:-1] for quote in kind)


# What libyaml says went wrong, by the words of its message, and the catalogue's name for it
# (problems.yaml-syntax.kind.*): the first that matches, in this order.
_SYNTAX_KINDS = (
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "no_colon"),
    ("did not find expected '-' indicator", "dash"),
    ("did not find expected ',' or", "brackets"),
    ("did not find expected key", "indent"),
    ("expected <block end>", "indent"),
    ("did not find expected node content", "no_value"),
    ("found character that cannot start any token", "start"),
    ("found unknown escape character", "escape"),
    ("found unexpected end of stream", "unclosed"),
    ("block sequence entries are not allowed", "dash_here"),
)


def _syntax(problem: str | None) -> Words:
    """libyaml's account of a syntax error, as the catalogue words it (its own English is not shown)."""
    found = next((kind for words, kind in _SYNTAX_KINDS if words in (problem or "")), "other")
    return Words((f"problems.yaml-syntax.kind.{found}",))


def _unreadable(error: yaml.YAMLError | RecursionError, source: str, path: str, first_line: int) -> Finding:
    """The finding for a document that PyYAML could not compose."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)
        if error.problem == _LIBYAML_TOO_DEEP:
            return _too_deep(path, line, column)
        return _problem(path, line, column, "yaml-syntax", "problems.yaml-syntax.syntax", what=_syntax(error.problem))
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow
        before = source[: error.position]
        line = before.count("\n") + first_line
        column = error.position - (before.rfind("\n") + 1) + 1
        code = f"U+{error.character:04X}"
        return _problem(path, line, column, "yaml-syntax", "problems.yaml-syntax.character", code=code)
    if isinstance(error, RecursionError):  # pragma: no cover - libyaml's composer recurses in C, up to its limit
        return _too_deep(path, first_line, 1)
    return _problem(
        path, first_line, 1, "yaml-syntax", "problems.yaml-syntax.other", what=error
    )  # pragma: no cover - all are marked


class _AliasFound(Exception):
    pass


class _TooDeep(Exception):
    """A list or block nested deeper than ``MAX_DEPTH``, met before the builder descends into it."""

    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def _too_deep(path: str, line: int, column: int) -> Finding:
    return _problem(path, line, column, "yaml-too-deep", "problems.yaml-too-deep", limit=MAX_DEPTH)


def _problem(path: str, line: int, column: int, rule: str, key: str, /, **values: object) -> Finding:
    return Finding(path, line, column, key, rule=rule, values=values)


class _Builder:
    def __init__(
        self, doc: Document, path: str, first_line: int, aliases_possible: bool, lines: list[str] | None
    ) -> None:
        self.doc = doc
        self.lines = lines  # the source's lines, when a plain text value may carry a comment or curly quotes
        self.path = path
        self.first_line = first_line
        # An alias is the same node object met twice; without a '*' in the text there is none to meet.
        self.seen: set[int] | None = set() if aliases_possible else None
        self.reported: dict[str, int] = {}

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + self.first_line, node.start_mark.column + 1

    def report(self, node: yaml.Node, rule: str, key: str, /, **values: object) -> None:
        count = self.reported[rule] = self.reported.get(rule, 0) + 1
        if count > MAX_PROBLEMS_PER_RULE + 1:
            return
        line, column = self.where(node)
        found = _problem(self.path, line, column, rule, key, **values)
        self.doc.problems.append(found if count <= MAX_PROBLEMS_PER_RULE else note_more(found, rule))

    def value(self, node: yaml.Node, at: KeyPath) -> Any:
        kind = type(node)
        if kind is yaml.ScalarNode and node.tag == _STR and self.seen is None and self.lines is None:
            return node.value  # the common case, first
        if self.seen is not None:
            if id(node) in self.seen:
                raise _AliasFound
            self.seen.add(id(node))
        # The builder, jsonschema and the rules each recurse once per level: deeper is refused here,
        # before any of them goes down. (libyaml's composer refuses 1,000 levels itself.)
        if (kind is yaml.MappingNode or kind is yaml.SequenceNode) and len(at) >= MAX_DEPTH:
            raise _TooDeep(node)
        if kind is yaml.MappingNode:
            return self.mapping(node, at)
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                self.report(node, "yaml-tag", "problems.yaml-tag", tag=node.tag)
            items = []
            positions = self.doc.positions
            for index, item in enumerate(node.value):
                here = (*at, index)
                mark = item.start_mark
                positions[here] = (mark.line + self.first_line, mark.column + 1)
                items.append(self.value(item, here))
            return items
        return self.scalar(node, at)

    def mapping(self, node: yaml.Node, at: KeyPath) -> dict[str, Any]:
        if node.tag != _MAP:
            self.report(node, "yaml-tag", "problems.yaml-tag", tag=node.tag)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        positions = self.doc.positions
        for key_node, value_node in node.value:
            if key_node.tag != _STR or type(key_node) is not yaml.ScalarNode:
                if key_node.tag == _TAG + "merge":
                    self.report(key_node, "yaml-alias", "problems.yaml-alias.merge")
                else:
                    shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "…"
                    self.report(key_node, "yaml-key", "problems.yaml-key", key=shown)
                continue
            key = key_node.value
            mark = key_node.start_mark
            line = mark.line + self.first_line
            if key in first_seen:
                self.report(
                    key_node, "yaml-duplicate-key", "problems.yaml-duplicate-key", key=key, line=first_seen[key]
                )
                continue
            first_seen[key] = line
            here = (*at, key)
            positions[here] = (line, mark.column + 1)
            result[key] = self.value(value_node, here)
        return result

    def plain_text(self, node: yaml.Node, at: KeyPath, lines: list[str]) -> str:
        """A plain text value: a ``#`` comment after it on its line noted, curly quotes around it taken off."""
        value: str = node.value
        if curly_wrapped(value):
            self.report(node, "yaml-curly-quotes", "problems.yaml-curly-quotes", quoted=quoted(value))
            # Read as meant, so that no other rule reports the same mistake: a value in quotes ends at
            # its closing quote, and a ' #' after it is a comment, as the author meant.
            return value[1:-1]
        end = node.end_mark
        rest = lines[end.line][end.column :] if end.line < len(lines) else ""
        comment = rest.lstrip(" \t")
        gap = len(rest) - len(comment)
        # A comment written as one (two spaces or more before "# ", as YAML's own style has it) is one;
        # a single space, or "#" against the next word ("Giải pháp #1"), is text that YAML cut off.
        meant = gap >= _COMMENT_GAP and comment[1:2] in (" ", "\t", "")
        if comment.startswith("#") and gap and not meant:
            self.doc.comments[at] = (end.line + self.first_line, end.column + gap + 1)
        return value

    def scalar(self, node: yaml.Node, at: KeyPath) -> Any:
        tag = node.tag
        if tag == _STR:
            plain = self.lines is not None and not getattr(node, "style", None)
            return self.plain_text(node, at, self.lines) if plain and self.lines else node.value
        if tag not in _SCALAR_TAGS:
            self.report(node, "yaml-tag", "problems.yaml-tag", tag=tag)
            return node.value  # the text as written, so that no second problem follows from this one
        if tag == _TAG + "timestamp":
            text = node.value
            if len(text) == len("YYYY-MM-DD"):
                return text  # a date stays text; the schema checks that it is a real day
            self.report(node, "yaml-datetime", "problems.yaml-datetime", value=text)
            return text
        if tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_LENGTH:
            self.report(node, "yaml-number-too-long", "problems.yaml-number-too-long", length=len(node.value))
            return node.value  # as for a tag: one problem for one mistake
        value = _CONSTRUCT[tag](_constructor, node)
        if not getattr(node, "style", None):  # plain: None from PyYAML's parser, "" from libyaml's
            self.doc.plain[at] = node.value
        return value
