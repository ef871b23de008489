"""A proposal's front matter read fast, where that is proven to give what the strict loader gives.

``registry report`` reads every proposal's front matter (ten thousand at scale) and never its body;
the strict loader (load.py) composes each front matter with libyaml and builds it node by node, a
millisecond a file. Proposals share a handful of layouts, though: the same keys, in the same order and
nesting, with other values. So the front matter's structure is read once per layout, and each file
only fills its values in from its lines:

- ``fast_status.declared_status`` vouches for the file: the loader's gates hold (size, UTF-8, no NUL,
  tab or long run of combining marks, a closed front matter within its size, few enough headings in
  the body), every line of the front matter is of a few plain shapes (no anchor, alias, tag, explicit
  key, block scalar, open quote or nested flow collection), its *skeleton* (each line with keys and
  values replaced by stand-ins of the same kind) parses in libyaml exactly as the front matter does,
  and it declares one lifecycle status. Anything else goes to the strict loader.
- The skeleton, composed by libyaml once per layout, says which line holds each key and where each
  value starts and ends; a file's key is the plain word of its line, its value the text after it: a
  plain scalar with its comment cut off and its continuation lines folded as YAML folds them, a quoted
  scalar unescaped (the shapes allow only ``\\\\``, ``\\"`` and ``\\n``), a flat flow collection read by
  the strict reader alone.
- A plain value YAML may read as something other than text (a number, a boolean, null, a date) is
  read by the strict reader, alone, so that it gets exactly the strict value (dates stay text); a key
  that is not text, a key twice in one block, a flow collection the strict reader finds fault with,
  or a multi-line plain value that is not text sends the file to the strict loader.

The ``Proposal`` built here holds the front matter only (no body, positions or sections): it is for
readers of the front matter alone, the report. ``tests/test_fast_front_matter.py`` checks, on the
samples, a synthetic registry and files full of YAML's traps, that every front matter read here is
the strict loader's.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import yaml

from registry import fast_status
from registry.load import MAX_BYTES, MAX_FRONT_MATTER, load_file
from registry.model import Proposal
from registry.yamlread import curly_wrapped, read_yaml

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_AS_WRITTEN = frozenset({_STR, "tag:yaml.org,2002:timestamp"})
_SHORT_NUMBER = 19  # digits: far below the strict reader's limit on a number's length
_MAP, _SEQ, _PLAIN, _QUOTED, _FLOW, _NULL = range(6)
Template = tuple[Any, ...]
Keys = Mapping[str, frozenset[str] | None]  # the keys asked for: see ``restrict``

_ON_ITS_LINE = (_PLAIN, _QUOTED, _FLOW)
_TEMPLATES: dict[tuple[bytes, ...], Template | None] = {}  # a skeleton -> how to read its values
_MAX_TEMPLATES = 1 << 12
_VALUES: dict[bytes, Any] = {}  # a plain value or a flow collection that may not be text -> its value
_MAX_VALUES = 1 << 16
_TYPED: dict[bytes, Any] = {}  # a plain scalar that may not be text -> its value (dates, numbers: they repeat)
_UNKNOWN = object()
_KEYS: dict[bytes, bool] = {}  # a key -> whether YAML reads it as text
_MAX_KEYS = 1 << 14
_RESOLVER = yaml.resolver.Resolver()  # the safe loader's implicit types
_MAY_NOT_BE_TEXT = frozenset(b"0123456789yYnNtTfFoO")  # a plain scalar of this shape starts with one of these
_PREFIX = fast_status._PREFIX
_QUOTED_SCALAR = re.compile(fast_status._DOUBLE + b"|" + fast_status._SINGLE)
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n"}  # the only escapes the shapes allow
# A plain scalar starting with a letter is text unless it is one of YAML 1.1's booleans or null
# (yes, no, true, false, on, off, null in three cases each): five letters at most.
_LONGEST_WORD = 5
# A plain scalar starting with a digit is text unless one of the resolver's implicit types for a digit
# (int, float, timestamp) matches it: their expressions, as one.
_NUMBER_OR_DAY = re.compile(
    "|".join(f"(?:{expression.pattern})" for _, expression in _RESOLVER.yaml_implicit_resolvers["0"]), re.X
)
_REFUSED = object()  # a value only the strict loader may read
_CURLY_START = 0xE2  # the first byte of the curly quotes U+2018, U+2019, U+201C, U+201D in UTF-8


class _Declined(Exception):
    """The file holds something the fast path does not read; the strict loader reads it."""


def load_front_matter(root: Path | str, path: str, keys: Keys) -> Proposal | None:
    """The proposal in ``path`` (posix, relative to ``root``) with the ``keys`` of its front matter alone
    (see ``restrict``), or None where the strict loader gives no proposal; read fast where that is
    proven to agree with the strict loader, by it otherwise (all its keys then)."""
    file = f"{root}/{path}"
    blob = _read(file)
    if blob is not None:
        proposal = front_matter(path, blob, keys)
        if proposal is not None:
            return proposal
    return load_file(Path(root), Path(file))[0]


# Not through a link (the strict loader judges those), not waiting on a pipe; the descriptor not inherited.
_READING = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read(file: str) -> bytes | None:
    """The bytes of ``file`` if it is a regular file of at most MAX_BYTES, read whole in one call;
    None otherwise, or if it changed size while read (the strict loader reads it then). A third of the
    time of a Path's or an ``open``'s reading, ten thousand times."""
    try:
        descriptor = os.open(file, _READING)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        blob = os.read(descriptor, info.st_size + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return blob if len(blob) == info.st_size else None


def front_matter(path: str, blob: bytes, keys: Keys) -> Proposal | None:
    """The front matter of the proposal ``blob``, its ``keys`` only (see ``restrict``), where the fast path can
    prove it; None where it cannot."""
    meta = _common(blob, keys)
    if meta is None:
        meta = _general(blob, keys)
    if meta is None:
        return None
    return Proposal(path=path, meta=meta, body="", body_line=0, positions={}, plain={}, sections=())


def _general(blob: bytes, keys: Keys) -> dict[str, Any] | None:
    """The front matter read line by line from ``fast_status.vouch``'s skeleton (any shape it reads)."""
    vouched = fast_status.vouch(blob, bodies_repeat=False)
    if vouched is None:
        return None
    _, lines, skeleton = vouched
    if skeleton in _TEMPLATES:
        template = _TEMPLATES[skeleton]
    else:
        if len(_TEMPLATES) >= _MAX_TEMPLATES:
            _TEMPLATES.clear()
        template = _TEMPLATES[skeleton] = _template_of(skeleton)
    if template is None:
        return None
    try:
        return _fill_top(template, lines, _encoded(keys))
    except _Declined:
        return None


# --- The common shape, read in C --------------------------------------------------------------------
#
# Nearly every proposal's front matter is of a narrower shape than fast_status reads, checked line by
# line (each distinct line once, ``_lines``): LF line ends; no ``#`` (so no comment); keys plain words after an
# indentation of at most eight spaces and at most one ``- ``, followed by one space and a value, or by
# nothing; values a plain scalar (without ``: ``, not ending in ``:`` or a space) or a quoted scalar
# closing at the end of its line (a double-quoted one without escapes); a line without a key is blank
# or an indented (or entry's) value of the same kinds. Each such line is a line fast_status reads, and
# its skeleton there is the one built here with the key kept as written (``_named_line``): a plain word in
# place of another, which libyaml tokenizes alike. Keeping the keys, the skeleton tells the plan
# (``_plan_of``) which line holds each value asked for, and a file is read by filling those alone.
# Anything else goes the general way above. tests/test_fast_front_matter.py checks that the skeleton
# is fast_status's but for its keys, and that what is read is the strict loader's.

_WORD = rb"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}"  # fast_status._KEY's key
_TEXT = rb"\x00-\x1f\x7f*&#"  # what no value holds (the line break among them); see _REFUSED_ANYWHERE
_PLAIN_VALUE = rb"[A-Za-z0-9_(\x80-\xff][^" + _TEXT + rb":]*+(?::(?! )[^" + _TEXT + rb":]*+)*+(?<![ :])"
_QUOTED_VALUE = rb"(?:'(?:[^" + _TEXT + rb"']|'')*+'|\"[^" + _TEXT + rb"\"\\]*+\")"
_VALUE = rb"(?:" + _PLAIN_VALUE + rb"|" + _QUOTED_VALUE + rb")"
_LINE = rb"(?>[ ]{0,8}(?:- )?" + _WORD + rb":(?: (" + _VALUE + rb"))?|(?:[ ]{1,8}(?:- )?|- )(" + _VALUE + rb")|)"
_COMMON_LINE = re.compile(_LINE)  # a line of a front matter of the common shape (fullmatch); its value (group 1 or 2)
# Characters fast_status refuses in a line beyond those of _TEXT (C1 controls, line and paragraph
# separators, byte-order mark, U+FFFE/U+FFFF): looked for once per distinct line, in ``_line_parts``.
_REFUSED_ANYWHERE = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]")
# A line's head: its indentation and entries, its key (with the ``: `` after it, or its ``:`` at the
# end of the line) and the quote its value opens; on a line of the common shape, a plain word followed
# by ``:`` and a space or the end is a key (a value alone on its line never starts so). The status
# line at column 0 is its own head. A front matter's heads tell its skeleton: a head ending in ``: ``,
# a space or a quote has a value after it, of the kind it says; any other head is its line.
_HEAD = re.compile(rb"[ ]*+(?:- )?+(?:" + _WORD + rb":(?: |$))?+(['\"])?")
# Each distinct line of the front matters read, once: its head and its value (what follows the head),
# or False where the line is not of the common shape. Most lines repeat from file to file (keys, units,
# statuses, dates), and a dictionary look-up is a tenth of the two regular expressions' passes.
_LINES: dict[bytes, tuple[bytes, bytes] | bool] = {}  # False: not of the common shape
_MAX_LINES = 1 << 17
_HEAD_OF, _VALUE_OF = itemgetter(0), itemgetter(1)
_QUOTE_MARKS = (b"'", b'"')
_QUOTE_BYTES = frozenset(b"'\"")
_STATUS_LINE = b"status: "  # fast_status keeps a lifecycle status as written (and declines any other)
_OPENING = b"---\n"
Plan = tuple[Any, ...]
# Beyond the general way's kinds of values: a value with only some of its keys (see ``restrict``), if it
# is a block; a plain scalar on one line, or quoted in single or double quotes; the status, as its skeleton has it.
_ONLY, _ONE_LINE, _SINGLE, _DOUBLE, _CONSTANT = range(_NULL + 1, _NULL + 6)
_QUOTES = {"'": _SINGLE, '"': _DOUBLE}
# The keys last asked for, their plans by heads, and the plans of their top-level entries by skeleton.
_PLANS: list[tuple[Keys, dict[tuple[bytes, ...], Plan | None], dict[tuple[bytes, ...], tuple[str, Plan] | None]]] = []
_KEY_STARTS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")  # _WORD's first byte


def _common(blob: bytes, keys: Keys) -> dict[str, Any] | None:
    """The front matter's ``keys`` where it is of the common shape and proven to read as the strict
    loader reads it; None otherwise (the general way may still read it)."""
    if not blob.startswith(_OPENING) or len(blob) > MAX_BYTES or b"\x00" in blob:
        return None
    closing = fast_status._CLOSING.search(blob, 3)
    if closing is None or closing.start() - 3 > MAX_FRONT_MATTER:
        return None
    front = blob[len(_OPENING) - 1 : closing.start()]
    read = _lines(front[1:])
    if read is None or not _body_gates(blob, closing.end()):
        return None
    heads, values = read
    plans, entries = _plans(keys)
    if heads in plans:
        plan = plans[heads]
    else:
        if len(plans) >= _MAX_TEMPLATES:
            plans.clear()
        plan = plans[heads] = _plan_of(skeleton(front[1:].split(b"\n")), keys, entries)
    if plan is None:
        return None
    try:
        return cast(dict[str, Any], _build(plan, values, front))
    except _Declined:
        return None


def _lines(front: bytes) -> tuple[tuple[bytes, ...], list[bytes]] | None:
    """The head and the value of each line of ``front`` (without the line break before it); None
    unless every line is of the common shape. (Looked up, then taken apart, in C loops.)"""
    lines = front.split(b"\n")
    parts = list(map(_LINES.get, lines))
    if None in parts:  # a line not met before
        if len(_LINES) >= _MAX_LINES:
            _LINES.clear()
        parts = [
            _LINES.setdefault(line, _line_parts(line)) if known is None else known
            for known, line in zip(parts, lines, strict=True)
        ]
    if False in parts:
        return None
    return tuple(map(_HEAD_OF, parts)), list(map(_VALUE_OF, parts))  # type: ignore[arg-type]


def _line_parts(line: bytes) -> tuple[bytes, bytes] | bool:
    """A line's head (its indentation, entries, key and opening quote; the whole status line) and the
    rest, its value; False if it is not of the common shape (``_LINE``, matched whole: its group is
    atomic, so a line matches it alone exactly when it matched it in the whole front matter)."""
    shape = _COMMON_LINE.fullmatch(line)
    if shape is None or _REFUSED_ANYWHERE.search(line):
        return False
    start = max(shape.start(1), shape.start(2))  # where the value starts; -1: none (a key alone, or blank)
    if start < 0 or line.startswith(_STATUS_LINE):
        return line, b""
    end = start + 1 if line[start] in _QUOTE_BYTES else start  # the head holds the value's opening quote
    head, value = line[:end], line[end:]
    if head.endswith(_QUOTE_MARKS) and b":" not in head and b": " in value:
        # A quoted value alone on its line may be the continuation of a plain scalar above, where its
        # quotes are text and a ': ' in it is YAML's error; its skeleton, '' or "", would hide that.
        return False
    return head, value


def skeleton(lines: list[bytes]) -> tuple[bytes, ...]:
    """The skeleton of a front matter of the common shape (its ``lines``): fast_status's, but with each
    key as written."""
    return tuple(map(_named_line, lines))


def _named_line(line: bytes) -> bytes:
    head = _HEAD.match(line)
    end = head.end()  # type: ignore[union-attr]  # matches every line
    if end == len(line) or line.startswith(_STATUS_LINE):
        return line  # blank, or a key alone; or the status line
    quote = head[1]  # type: ignore[index]
    if quote:  # an empty scalar in the same quotes: how its text is unescaped depends on them
        return line[: end - 1] + quote + quote
    return line[:end] + b"v"


def _body_gates(blob: bytes, start: int) -> bool:
    """fast_status's gates: UTF-8 without a long run of combining marks over the whole file (the front
    matter's lines are not decoded here), few enough headings in the body."""
    return fast_status.readable(blob) and fast_status.few_headings(blob, start)


def _plans(
    keys: Keys,
) -> tuple[dict[tuple[bytes, ...], Plan | None], dict[tuple[bytes, ...], tuple[str, Plan] | None]]:
    for asked, plans, entries in _PLANS:
        if asked is keys:
            return plans, entries
    plans, entries = {}, {}
    _PLANS[:] = [(keys, plans, entries)]
    return plans, entries


def _plan_of(
    skeleton: tuple[bytes, ...], keys: Keys, known: dict[tuple[bytes, ...], tuple[str, Plan] | None]
) -> Plan | None:
    """What to read where in a front matter of ``skeleton`` (keys as written): its ``keys`` (see
    ``restrict``) with the line of each value; None where fast_status declines the skeleton (no
    lifecycle status, not parsed) or a key asked for, or a key in a block read, is written twice or is
    not text.

    A front matter has a few hundred layouts but its top-level entries only a few dozen (an entry's
    lines run from its key, at the start of a line, to the next such key: in the common shape no other
    line starts with a word, and libyaml, having parsed the whole skeleton, reads the entry alone as it
    reads it there). So libyaml composes each entry asked for once, alone (``known``: its plan by its
    lines), and a layout's plan is its entries' plans, each moved down to its first line."""
    if not fast_status._status_of(skeleton):
        return None
    starts = [number for number, line in enumerate(skeleton) if line[:1] and line[0] in _KEY_STARTS]
    if not starts or any(skeleton[: starts[0]]):
        return None  # pragma: no cover - a skeleton with a status is a mapping from its first line on
    entries: list[tuple[str, Plan]] = []
    for start, end in zip(starts, [*starts[1:], len(skeleton)], strict=True):
        lines = skeleton[start:end]
        if lines[0][: lines[0].index(b":")].decode() not in keys:
            continue  # a key asked for is text to YAML: another spelling of it is another key
        if lines not in known:
            if len(known) >= _MAX_TEMPLATES:
                known.clear()
            known[lines] = _entry_plan(lines, keys)
        entry = known[lines]
        if entry is None:
            return None
        name, plan = entry
        if any(name == seen for seen, _ in entries):
            return None
        entries.append((name, _moved(plan, start)))
    return (_MAP, tuple(entries))


def _entry_plan(lines: tuple[bytes, ...], keys: Keys) -> tuple[str, Plan] | None:
    """The plan of one top-level entry of a skeleton (its ``lines``, the key's first), as if it began
    the front matter."""
    try:
        node = yaml.compose(b"\n".join(lines) + b"\n", Loader=yaml.CSafeLoader)
    except yaml.YAMLError:  # pragma: no cover - _status_of parsed the whole skeleton
        return None
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:  # pragma: no cover - as above
        return None
    try:
        entries = _top_plan(node, lines, keys)
    except _Declined:
        return None
    return entries[0] if len(entries) == 1 else None


def _moved(plan: Plan, by: int) -> Plan:
    """``plan`` with its lines ``by`` lines further down."""
    kind = plan[0]
    if not by or kind in (_NULL, _CONSTANT):
        return plan
    if kind == _MAP:
        return (_MAP, tuple((name, _moved(value, by)) for name, value in plan[1]))
    if kind == _SEQ:
        return (_SEQ, tuple(_moved(item, by) for item in plan[1]))
    if kind == _ONLY:
        return (_ONLY, _moved(plan[1], by), plan[2])
    if kind == _PLAIN:
        return (_PLAIN, plan[1] + by, plan[2] + by)
    return (kind, plan[1] + by)  # _ONE_LINE, _SINGLE, _DOUBLE


def _top_plan(node: yaml.MappingNode, skeleton: tuple[bytes, ...], keys: Keys) -> tuple[tuple[str, Plan], ...]:
    entries: list[tuple[str, Plan]] = []
    for key, value in node.value:
        name = key.value
        if name not in keys:
            continue  # a key asked for is text to YAML: another spelling of it is another key
        if any(name == seen for seen, _ in entries):
            raise _Declined
        inner = keys[name]
        if isinstance(value, yaml.ScalarNode) and skeleton[value.start_mark.line].startswith(_STATUS_LINE):
            entries.append((name, (_CONSTANT, value.value)))  # the status line is its own head
        elif inner is None:
            entries.append((name, _value_plan(value)))
        elif isinstance(value, yaml.MappingNode):
            entries.append((name, _block_plan(value, inner)))
        elif isinstance(value, yaml.SequenceNode):
            items = tuple(
                _block_plan(item, inner) if isinstance(item, yaml.MappingNode) else (_ONLY, _value_plan(item), inner)
                for item in value.value
            )
            entries.append((name, (_SEQ, items)))
        else:
            entries.append((name, (_ONLY, _value_plan(value), inner)))
    return tuple(entries)


def _block_plan(node: yaml.MappingNode, inner: frozenset[str]) -> Plan:
    """A block with only its ``inner`` keys; every key of it text."""
    entries: list[tuple[str, Plan]] = []
    for key, value in node.value:
        name = _text_key(key.value.encode())
        if name in inner:
            if any(name == seen for seen, _ in entries):
                raise _Declined
            entries.append((name, _value_plan(value)))
    return (_MAP, tuple(entries))


def _value_plan(node: yaml.Node) -> Plan:
    if isinstance(node, yaml.MappingNode):
        entries: list[tuple[str, Plan]] = []
        for key, value in node.value:
            name = _text_key(key.value.encode())
            if any(name == seen for seen, _ in entries):
                raise _Declined
            entries.append((name, _value_plan(value)))
        return (_MAP, tuple(entries))
    if isinstance(node, yaml.SequenceNode):
        return (_SEQ, tuple(_value_plan(item) for item in node.value))
    line = node.start_mark.line
    style = cast(yaml.ScalarNode, node).style
    if style in _QUOTES:
        return (_QUOTES[style], line)
    if not node.value:
        return (_NULL,)
    return (_PLAIN, line, node.end_mark.line) if node.end_mark.line > line else (_ONE_LINE, line)


def _build(plan: Plan, values: list[bytes], front: bytes) -> Any:
    """The value ``plan`` describes, from each line's ``values`` (what follows its head) and, for a
    plain scalar over several lines, the ``front`` matter's text."""
    kind = plan[0]
    if kind == _MAP:
        block: dict[str, Any] = {}
        for name, value in plan[1]:
            if value[0] == _ONE_LINE:  # a plain scalar on one line, most often text
                text = values[value[1]]
                block[name] = (
                    _text(text)
                    if text[0] not in _MAY_NOT_BE_TEXT or (not text[:1].isdigit() and len(text) > _LONGEST_WORD)
                    else _scalar(text)
                )
            else:
                block[name] = _build(value, values, front)
        return block
    if kind == _SEQ:
        return [_build(item, values, front) for item in plan[1]]
    if kind == _ONLY:
        return _only(_build(plan[1], values, front), plan[2])
    return _leaf(plan, values, front)


def _leaf(plan: Plan, values: list[bytes], front: bytes) -> Any:
    kind = plan[0]
    if kind == _ONE_LINE:
        value: Any = _scalar(values[plan[1]])
    elif kind == _SINGLE:
        value = values[plan[1]][:-1].decode().replace("''", "'")  # past the head's opening quote
    elif kind == _DOUBLE:
        value = values[plan[1]][:-1].decode()  # no escape: see _QUOTED_VALUE
    elif kind == _CONSTANT:
        value = plan[1]
    elif kind == _PLAIN:
        lines = front[1:].split(b"\n")
        head = _HEAD.match(lines[plan[1]]).end()  # type: ignore[union-attr]  # matches every line
        value = _plain(lines[plan[1]][head:], lines, plan[1], plan[2])
    else:
        value = None
    return value


# --- Once per layout --------------------------------------------------------------------------------


def _template_of(skeleton: tuple[bytes, ...]) -> Template | None:
    try:
        node = yaml.compose(b"\n".join(skeleton) + b"\n", Loader=yaml.CSafeLoader)
    except yaml.YAMLError:  # declared_status parsed it; composing adds no check the shapes can fail
        return None
    return None if node is None else _node_template(node, skeleton)


def _node_template(node: yaml.Node, skeleton: tuple[bytes, ...]) -> Template:
    """What ``node`` (of ``skeleton``) is; a mapping's keys each with their line and where the key
    starts on it (past its indentation and entries, as written in the skeleton as in the file)."""
    line = node.start_mark.line
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.flow_style:
        return (_FLOW, line)
    if isinstance(node, yaml.MappingNode):
        return (
            _MAP,
            tuple(
                (
                    key.start_mark.line,
                    _PREFIX.match(skeleton[key.start_mark.line]).end(),  # type: ignore[union-attr]  # matches every line
                    _node_template(value, skeleton),
                )
                for key, value in node.value
            ),
        )
    if isinstance(node, yaml.SequenceNode):
        return (_SEQ, tuple(_node_template(item, skeleton) for item in node.value))
    if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"'):
        return (_QUOTED, line)
    if not node.value:
        return (_NULL,)
    return (_PLAIN, line, node.end_mark.line)


# --- Once per file ----------------------------------------------------------------------------------


Encoded = dict[bytes, tuple[str, dict[bytes, str] | None]]
_ENCODED: list[tuple[Keys, Encoded]] = []  # the keys last asked for, and the same as bytes


def _encoded(keys: Keys) -> Encoded:
    """``keys`` as the bytes of a front matter spell them (a line's key is then looked up undecoded)."""
    for asked, encoded in _ENCODED:
        if asked is keys:
            return encoded
    encoded = {
        key.encode(): (key, None if inner is None else {name.encode(): name for name in inner})
        for key, inner in keys.items()
    }
    _ENCODED[:] = [(keys, encoded)]
    return encoded


def _fill_top(template: Template, lines: list[bytes], keys: Encoded) -> dict[str, Any] | None:
    """The top-level block with only the keys asked for, each block of them with only its sub-keys
    asked for (see ``restrict``)."""
    if template[0] != _MAP:
        return None
    block: dict[str, Any] = {}
    for line, start, value in template[1]:
        text = lines[line]
        asked = keys.get(_key(text, start))
        if asked is None:
            continue  # a key asked for is text to YAML: another spelling of it is another key
        key, inner = asked
        if key in block:
            raise _Declined
        if inner is None:
            block[key] = _fill(value, lines, _same_line(value, line, _after_key(text, start)))
        elif value[0] == _MAP:
            block[key] = _fill_some(value, lines, inner)
        elif value[0] == _SEQ:
            block[key] = [
                _fill_some(item, lines, inner) if item[0] == _MAP else _only(_fill(item, lines), _names(inner))
                for item in value[1]
            ]
        else:
            block[key] = _only(_fill(value, lines, _same_line(value, line, _after_key(text, start))), _names(inner))
    return block


def _names(inner: dict[bytes, str]) -> frozenset[str]:
    return frozenset(inner.values())


def _fill_some(template: Template, lines: list[bytes], keys: dict[bytes, str]) -> dict[str, Any]:
    block: dict[str, Any] = {}
    for line, start, value in template[1]:
        text = lines[line]
        written = _key(text, start)
        key = keys.get(written)
        if key is None:
            _text_key(written)  # a key YAML reads as other than text is the strict loader's to judge
            continue
        if key in block:
            raise _Declined
        block[key] = _fill(value, lines, _same_line(value, line, _after_key(text, start)))
    return block


def restrict(meta: Mapping[str, Any], keys: Keys) -> dict[str, Any]:
    """``meta`` (a front matter as the strict loader reads it) with only ``keys``: what the fast path
    gives for the same front matter. ``keys`` maps each top-level key to the keys of its block (or of
    each block of its list) that are wanted, or None for all of it (and for a value that is not a block)."""
    kept: dict[str, Any] = {}
    for key, value in meta.items():
        if key in keys:
            inner = keys[key]
            kept[key] = (
                value
                if inner is None
                else [_only(item, inner) for item in value]
                if isinstance(value, list)
                else _only(value, inner)
            )
    return kept


def _only(value: Any, inner: frozenset[str]) -> Any:
    """A block with only the ``inner`` keys; anything else as it is."""
    return {name: item for name, item in value.items() if name in inner} if isinstance(value, dict) else value


def _fill(template: Template, lines: list[bytes], rest: bytes | None = None) -> Any:
    """The value ``template`` describes; ``rest``: the text after the key on the value's first line,
    when the caller has it already."""
    kind = template[0]
    if kind == _MAP:
        block: dict[str, Any] = {}
        for line, start, value in template[1]:
            text = lines[line]
            name = _text_key(_key(text, start))
            if name in block:
                raise _Declined
            block[name] = _fill(value, lines, _same_line(value, line, _after_key(text, start)))
        return block
    if kind == _SEQ:
        return [_fill(item, lines) for item in template[1]]
    if kind == _NULL:
        return None
    value = rest if rest is not None else _split(lines[template[1]])[1]
    if kind == _QUOTED:
        return _unquoted(value)
    if kind == _FLOW:
        return _resolved(value, flow=True)
    return _plain(value, lines, template[1], template[2])


def _same_line(template: Template, line: int, rest: bytes) -> bytes | None:
    """``rest`` (what follows a key on ``line``) when the scalar ``template`` starts on that line."""
    return rest if template[0] in _ON_ITS_LINE and template[1] == line else None


def _key(line: bytes, start: int) -> bytes:
    """The key of a line the skeleton has a key on, written from ``start``: a plain word (``:`` is not
    one of its characters) up to the first ``:``, which a space or the end of the line follows."""
    return line[start : line.index(b":", start)]


def _after_key(line: bytes, start: int) -> bytes:
    """The text after the key (and the spaces after its ``:``) on a line the skeleton has a key on."""
    text = line[:-1] if line.endswith(b"\r") else line
    return text[text.index(b":", start) + 1 :].lstrip(b" ")


def _split(line: bytes) -> tuple[bytes | None, bytes]:
    """A line's plain key (None if it has none) and the text after it, past its indentation and entries."""
    text = line[:-1] if line.endswith(b"\r") else line
    rest = text[_PREFIX.match(text).end() :]  # type: ignore[union-attr]  # matches every line
    key = fast_status._KEY.match(rest)
    return (None, rest) if key is None else (key.group(1), rest[key.end() :])


def _text_key(key: bytes) -> str:
    text = _KEYS.get(key)
    if text is None:
        if len(_KEYS) >= _MAX_KEYS:
            _KEYS.clear()
        text = _KEYS[key] = _RESOLVER.resolve(yaml.ScalarNode, key.decode(), (True, False)) == _STR  # type: ignore[no-untyped-call]
    if not text:
        raise _Declined
    return key.decode()


def _unquoted(value: bytes) -> str:
    quoted = _QUOTED_SCALAR.match(value)
    if quoted is None:  # pragma: no cover - the line's shape is a quoted scalar
        raise _Declined
    inner = quoted.group()[1:-1].decode()
    if value.startswith(b"'"):
        return inner.replace("''", "'")
    return _ESCAPE.sub(lambda escape: _ESCAPES[escape[1]], inner) if "\\" in inner else inner


def _plain(value: bytes, lines: list[bytes], first: int, last: int) -> Any:
    """A plain scalar from its first line's value to its last line, folded as YAML folds it: lines
    joined by a space, or by one line break per blank line between them."""
    text = value.partition(b" #")[0].rstrip(b" ")
    if last > first:
        pieces, blanks = [text], 0
        for line in lines[first + 1 : last + 1]:
            content = line.rstrip(b"\r").strip(b" ")
            if not content:
                blanks += 1
                continue
            pieces += [b"\n" * blanks or b" ", content.partition(b" #")[0].rstrip(b" ")]
            blanks = 0
        text = b"".join(pieces)
    return _scalar(text)


def _scalar(text: bytes) -> Any:
    """What the strict reader makes of the plain scalar ``text`` (folded already)."""
    if not text:  # pragma: no cover - the skeleton's value is not empty, nor is the line's
        raise _Declined
    if text[0] not in _MAY_NOT_BE_TEXT or (not text[:1].isdigit() and len(text) > _LONGEST_WORD):
        return _text(text)
    if text[:1].isdigit():
        decoded = text.decode()
        if not _NUMBER_OR_DAY.match(decoded):
            return decoded  # what no implicit type of YAML reads: text (a number such as an id, most often)
    typed = _TYPED.get(text, _UNKNOWN)
    if typed is _UNKNOWN:
        try:
            typed = _typed(text)
        except _Declined:
            typed = _REFUSED
        if len(_TYPED) >= _MAX_VALUES:
            _TYPED.clear()
        _TYPED[text] = typed
    if typed is _REFUSED:
        raise _Declined
    return typed


def _text(text: bytes) -> str:
    """A plain scalar read as text, as the strict reader reads it: without the curly quotes a word
    processor put around it (yamlread.curly_wrapped)."""
    decoded = text.decode()
    return decoded[1:-1] if text[0] == _CURLY_START and curly_wrapped(decoded) else decoded


def _typed(text: bytes) -> Any:
    """A plain scalar YAML may read as something other than text, as the strict reader reads it."""
    decoded = text.decode()
    tag = _RESOLVER.resolve(yaml.ScalarNode, decoded, (True, False))  # type: ignore[no-untyped-call]
    if tag in _AS_WRITTEN:
        return decoded  # the strict reader keeps dates (and days with a time, which it reports) as text
    if b"\n" in text:
        raise _Declined
    if tag == _INT and text.isdigit() and (not text.startswith(b"0") or len(text) == 1) and len(text) < _SHORT_NUMBER:
        return int(text)  # what the safe constructor makes of a plain decimal number
    return _resolved(text, flow=False)


def _resolved(text: bytes, flow: bool) -> Any:
    """What the strict reader makes of a value on its own (a plain scalar or a flat flow collection)."""
    cached = _VALUES.get(text, _REFUSED) if not flow else _REFUSED
    if cached is _REFUSED:
        document = read_yaml("v: " + text.decode() + "\n", "")
        ok = isinstance(document.data, dict) and "v" in document.data and not (flow and document.problems)
        cached = document.data["v"] if ok else _REFUSED
        if not flow:
            if len(_VALUES) >= _MAX_VALUES:
                _VALUES.clear()
            _VALUES[text] = cached
    if cached is _REFUSED:
        raise _Declined
    return cached
