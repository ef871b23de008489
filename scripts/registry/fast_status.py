"""The status a version of a proposal declares, read fast where that is proven to agree with the loader.

History reads the status of every version of every proposal (fifty thousand at scale), and building
each front matter as the loader does costs ten times a line search. A line search alone can be fooled,
though: a line ``status: submitted`` inside a multi-line quoted summary, beside a real key written
``"status": approved``, is text to YAML and a key to a regular expression. So the fast path answers
only where the front matter leaves no room for such a reading, and the loader decides everything else:

- the loader's own gates hold, each checked here at least as strictly: size, UTF-8, no NUL, no tab, no
  run of combining marks long enough for the loader to refuse (text not in NFC still loads, with a
  problem, so NFC itself changes no status), a ``---`` line first and a closing one, the front
  matter's size, and fewer lines that may open a heading than the loader allows headings;
- every line of the front matter is of a few plain shapes (``_shape``): blank, a comment, or its
  indentation and ``- `` entries kept as they are, then an optional plain key and a value that is a
  plain scalar, a quoted scalar that closes on its line, or a flat flow collection. So no quote or
  bracket is left open, no block scalar carries lines at column 0 as text, and every line at column 0
  is a key of the top-level mapping (or an entry of a sequence); nothing is an anchor, alias, tag or
  explicit key; no line starts past column ``_COLUMN``; no character is one that libyaml refuses or
  reads as a line break;
- libyaml, the parser the loader uses, parses the front matter's *skeleton* without error: each line
  with its indentation and entries as written and every key and value replaced by a stand-in of the
  same kind (``k``, ``v``, ``''``, ``[]``, ``{}``). A line of these shapes tokenizes as its stand-in
  does, in a fresh line as in the continuation of a multi-line plain scalar (a value alone on its line
  holds no ``": "`` or ``" #"``, which would end such a scalar), so the skeleton parses exactly when the
  front matter does; and skeletons repeat from version to version where the text does not;
- exactly one key at column 0 is ``status`` (in any spelling: another is a shape refused), its value is
  a lifecycle status written plain or quoted on that one line, and no indented line continues it.

Each line's shape and each skeleton's verdict are kept (a version repeats most lines of the one before
it), within a bound on memory. tests/test_fast_status.py checks, over generated documents full of
these traps, that the fast path either declines or gives what the loader gives.
"""

from __future__ import annotations

import hashlib
import re
from typing import cast

import yaml
from yaml._yaml import CParser  # libyaml: the parser of the loader's CSafeLoader, in the pinned wheels

from registry.load import MAX_BYTES, MAX_COMBINING, MAX_FRONT_MATTER, MAX_HEADINGS
from registry.model import LIFECYCLE
from registry.yamlread import MAX_DEPTH

_OPENING = b"---\n"
_CLOSING = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\r?(?=\n|\Z)")  # the loader's closing line
_HEADING_STARTS = (b"\n#", b"\n #", b"\n  #", b"\n   #")
# A run of more than MAX_COMBINING characters from U+0300 up (where the loader looks for combining
# marks) is at least twice as many bytes of 0x80 and above in a row: bytes mapped to 0 or 1, then searched.
_HIGH = bytes(128) + b"\x01" * 128
_LONG_RUN = b"\x01" * (2 * (MAX_COMBINING + 1))
# Every fourth byte of such a run is a run of a quarter of its length in every fourth byte of the text:
# where that sample (a quarter as long to map) holds none, the text holds none.
_STRIDE = 4
_SAMPLED_RUN = b"\x01" * (len(_LONG_RUN) // _STRIDE)
_COLUMN = MAX_DEPTH - 2 - 3 - 3  # a margin of three below the depth the loader refuses

# Characters libyaml refuses (controls, C1, byte-order mark, U+FFFE/U+FFFF) or reads as line breaks
# (U+0085, U+2028, U+2029); a tab; and the anchor and alias indicators, even inside quotes.
_REFUSED = re.compile(rb"[\x00-\x1f\x7f*&]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]")
# The bytes that no match of ``_REFUSED`` starts with: a line of these alone needs no search (deleting them
# from a line, as ``bytes.translate`` does at once, leaves nothing).
_NEVER_REFUSED = bytes(sorted(set(range(256)) - {*range(0x20), 0x7F, *b"*&", 0xC2, 0xE2, 0xEF}))
# Indentation and block sequence entries, kept as written; then a plain key, or not.
_PREFIX = re.compile(rb"[ ]*(?:-(?:[ ]+|$))*")
_KEY = re.compile(rb"([A-Za-z0-9_][A-Za-z0-9_-]{0,127}):(?:[ ]+|$)")
# Values. A plain scalar starts with a letter, digit or ``(`` (never an indicator); a flow collection
# is flat, its items plain words without ``:`` or ``#`` or quoted without escapes.
_PLAIN_START = re.compile(rb"[A-Za-z0-9_(\x80-\xff]")
_DOUBLE = rb'"(?:[^"\\]|\\[\\"n])*"'
_SINGLE = rb"'(?:[^']|'')*'"
_FLOW_WORD = rb"(?:[A-Za-z0-9_\x80-\xff][^,\[\]{}:#'\"\\]*|'[^']*'|\"[^\"\\]*\")"
_FLOW_PAIR = rb"[A-Za-z0-9_][A-Za-z0-9_-]{0,127}:[ ]+" + _FLOW_WORD  # libyaml refuses a key over 1,024 characters
_TAIL = rb"(?:[ ]*|[ ]+(#.*))"  # after a quoted scalar or a flow: spaces, or a comment (group 1)
_QUOTED = re.compile(rb"(?:" + _DOUBLE + rb"|" + _SINGLE + rb")" + _TAIL, re.S)
_FLOW_SEQUENCE = re.compile(rb"\[[ ]*(?:" + _FLOW_WORD + rb"(?:[ ]*,[ ]*" + _FLOW_WORD + rb")*)?[ ]*\]" + _TAIL, re.S)
_FLOW_MAPPING = re.compile(rb"\{[ ]*(?:" + _FLOW_PAIR + rb"(?:[ ]*,[ ]*" + _FLOW_PAIR + rb")*)?[ ]*\}" + _TAIL, re.S)
_EMPTY_MAPPING = re.compile(rb"\{[ ]*\}")
_STAND_INS = (
    (b'"', _QUOTED, b"''"),
    (b"'", _QUOTED, b"''"),
    (b"[", _FLOW_SEQUENCE, b"[]"),
    (b"{", _FLOW_MAPPING, b"{k: v}"),
)
# A line of spaces, then a plain key or none, then a plain scalar that holds no ": " or " #" (which would
# end it, or start a comment): ``_read_line`` reads such a line, ending in no ":", as "k: v" or "v".
_PLAIN_LINE = re.compile(rb"([ ]*)(?:([A-Za-z0-9_][A-Za-z0-9_-]{0,127}):[ ]+)?([A-Za-z0-9_(\x80-\xff].*)", re.S)
_STATUS_VALUE = re.compile(rb"(?:\"([a-z-]+)\"|'([a-z-]+)'|([a-z-]+))(?:[ ]+(?:#.*)?)?", re.S)
_STATUSES = frozenset(LIFECYCLE)

_UNREAD = b"\x00"  # the skeleton of a line the fast path does not read (no line of a skeleton holds a NUL)
_SKELETON_LINES: dict[bytes, bytes] = {}  # a line of a front matter -> its line in the skeleton
_STATUS_OF: dict[tuple[bytes, ...], str] = {}  # a skeleton -> its status, "" if the fast path declines
_CACHED_BYTES = [0]
_MAX_CACHED_BYTES = 32 << 20
_MAX_SKELETONS = 1 << 14
_BODIES: dict[bytes, bool] = {}  # the SHA-256 of a body -> whether the loader's gates on it hold
_MAX_BODIES = 1 << 18


def declared_status(blob: bytes) -> str | None:
    """The status of the version ``blob`` where the fast path can prove it; None where it cannot
    (the caller then asks the loader)."""
    vouched = vouch(blob)
    return None if vouched is None else vouched[0]


def vouch(blob: bytes, *, bodies_repeat: bool = True) -> tuple[str, list[bytes], tuple[bytes, ...]] | None:
    """What ``declared_status`` proves of ``blob``, with what it read on the way: the status, the front
    matter's lines (without the ``---`` lines) and their skeleton; None where it proves nothing.
    ``bodies_repeat=False``: each body is checked afresh, not looked up by its digest (a reader of
    the working tree's files, where no two versions share a body, saves hashing them)."""
    # ``find`` rather than ``in`` in this module: ``in`` first reads its operand as a byte's number, and
    # formats the error it then drops (a fifth of a line's work).
    if not blob.startswith(_OPENING) or len(blob) > MAX_BYTES or blob.find(b"\x00") >= 0:
        return None
    closing = _CLOSING.search(blob, 3)
    if closing is None or closing.start() - 3 > MAX_FRONT_MATTER:
        return None
    lines = blob[len(_OPENING) : closing.start()].split(b"\n")  # one blank line for an empty front matter
    known = list(map(_SKELETON_LINES.get, lines))  # most lines were in an earlier version
    skeleton = (
        known
        if None not in known
        else [found if found is not None else _skeleton_line(line) for found, line in zip(known, lines, strict=True)]
    )
    if _UNREAD in skeleton:
        return None
    shape = cast(tuple[bytes, ...], tuple(skeleton))
    status = _STATUS_OF.get(shape)
    if status is None:
        status = _status_of(shape)
        if len(_STATUS_OF) >= _MAX_SKELETONS:
            _STATUS_OF.clear()
        _STATUS_OF[shape] = status
    if not status or not (_body_loads if bodies_repeat else _body_gates)(blob, closing.end()):
        return None
    return status, lines, shape


def _body_loads(blob: bytes, start: int) -> bool:
    """Whether the loader's gates on the body (from ``start``) hold: UTF-8, no long run of combining
    marks, not too many lines that may open a heading. Versions share bodies (a change of status
    leaves the text as it was), so each body's answer is kept under its SHA-256."""
    body = memoryview(blob)[start:]
    digest = hashlib.sha256(body).digest()
    loads = _BODIES.get(digest)
    if loads is None:
        loads = _body_gates(blob, start)
        if len(_BODIES) >= _MAX_BODIES:
            _BODIES.clear()
        _BODIES[digest] = loads
    return loads


def _body_gates(blob: bytes, start: int) -> bool:
    """Whether the loader's gates on the body (from ``start``) hold (see ``_body_loads``)."""
    return readable(blob[start:]) and few_headings(blob, start)


def few_headings(blob: bytes, start: int) -> bool:
    """Whether ``blob`` from ``start`` has few enough lines that may open a heading for the loader."""
    return not (
        blob.count(b"#", start) > MAX_HEADINGS
        and sum(blob.count(heading, start) for heading in _HEADING_STARTS) > MAX_HEADINGS
    )


def readable(text: bytes) -> bool:
    """Whether ``text`` is UTF-8 without a run of combining marks long enough for the loader to
    refuse it (text not in NFC still loads, with a problem: NFC changes no status)."""
    if text.isascii():  # UTF-8 as it is, without a byte of a combining mark
        return True
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if text[::_STRIDE].translate(_HIGH).find(_SAMPLED_RUN) < 0:
        return True
    return text.translate(_HIGH).find(_LONG_RUN) < 0


def _status_of(skeleton: tuple[bytes, ...]) -> str:
    """The status a skeleton declares (its status line keeps its value), or "" where the fast path
    declines: not exactly one status key, a value that is not a lifecycle status or that an indented
    line continues, or a skeleton that libyaml does not parse."""
    keys = [number for number, line in enumerate(skeleton) if line.startswith(b"status:")]
    if len(keys) != 1:
        return ""
    found = _STATUS_VALUE.fullmatch(skeleton[keys[0]][len(b"status:") :].lstrip(b" ").removesuffix(b"\r"))
    status = (found.group(1) or found.group(2) or found.group(3)).decode() if found else ""
    following = next((line for line in skeleton[keys[0] + 1 :] if line not in (b"", b"\r")), b"")
    if status not in _STATUSES or following.startswith(b" "):
        return ""
    try:
        CParser(b"\n".join(skeleton) + b"\n").raw_parse()
    except yaml.YAMLError:
        return ""
    return status


def _skeleton_line(line: bytes) -> bytes:
    """The line's skeleton (see the module's docstring), kept for the next version."""
    skeleton = _read_line(line)
    if _CACHED_BYTES[0] > _MAX_CACHED_BYTES:
        _SKELETON_LINES.clear()
        _CACHED_BYTES[0] = 0
    _SKELETON_LINES[line] = skeleton
    _CACHED_BYTES[0] += len(line) + 100
    return skeleton


def _read_line(line: bytes) -> bytes:
    end = b"\r" if line.endswith(b"\r") else b""
    text = line[: len(line) - len(end)]
    if (text.translate(None, _NEVER_REFUSED) and _REFUSED.search(text)) or not readable(text):
        return _UNREAD
    plain = _PLAIN_LINE.fullmatch(text)
    if plain is not None:  # the commonest shapes, read at once: what the steps below would make of them
        indent, key, value = plain.groups()
        if (
            len(indent) < _COLUMN
            and (indent if key is None else key != b"status" or indent)
            and value.find(b": ") < 0
            and value.find(b" #") < 0
            and not value.rstrip(b" ").endswith(b":")
        ):
            return indent + (b"v" if key is None else b"k: v") + end
    if not text.strip(b" "):
        return end
    prefix = _PREFIX.match(text).end()  # type: ignore[union-attr]  # matches every line
    if prefix >= _COLUMN:
        return _UNREAD
    rest = text[prefix:]
    key = _KEY.match(rest)
    if key is None:
        skeleton = _alone(rest) if prefix or rest.startswith(b"#") else None  # column 0: keys, entries, comments
    elif prefix == 0 and key.group(1) == b"status":
        skeleton = _status_line(rest[key.end() :])
    else:
        stand_in = _value(rest[key.end() :])
        skeleton = None if stand_in is None else b"k: " + stand_in if stand_in else b"k:"
    return _UNREAD if skeleton is None else text[:prefix] + skeleton + end


def _alone(rest: bytes) -> bytes | None:
    """The stand-in of a value alone on its line (an entry's, or the continuation of a plain scalar).
    Read afresh, the text up to a comment is one value; read as a continuation, it is text that ends
    the scalar at its first ": ", and the stand-in must do the same."""
    content, comment, _ = rest.partition(b" #")
    stand_in = _value(content)
    if stand_in is None or _ends_plain(content) != _ends_plain(stand_in):
        return None
    return stand_in + b" #" if comment else stand_in


def _status_line(value: bytes) -> bytes | None:
    """The skeleton of the status key's line: a lifecycle status is kept as it is, plain or quoted
    (a quoted scalar is not continued by the next line, a plain one may be); any other value is a
    stand-in, and the skeleton then declares no status."""
    stand_in = _value(value)
    found = _STATUS_VALUE.fullmatch(value)
    if (
        stand_in is None
        or found is None
        or (found.group(1) or found.group(2) or found.group(3)).decode() not in _STATUSES
    ):
        return None if stand_in is None else b"status: " + stand_in if stand_in else b"status:"
    status = found.group(3) or b"'" + (found.group(1) or found.group(2)) + b"'"
    return b"status: " + status + (b" #" if stand_in.endswith(b"#") else b"")


def _value(value: bytes) -> bytes | None:
    """The stand-in of a value as written after a key or an entry, with `` #`` where a comment
    follows it; b"" for none; None for a shape the fast path does not read."""
    if not value or value.startswith(b"#"):
        return b"#" if value else b""
    for first, pattern, kind in _STAND_INS:
        if value.startswith(first):
            found = pattern.fullmatch(value)
            if found is None:
                return None
            stand_in = b"{}" if first == b"{" and _EMPTY_MAPPING.match(value) else kind
            return stand_in + b" #" if found.group(1) is not None else stand_in
    if not _PLAIN_START.match(value):
        return None
    content, comment, _ = value.partition(b" #")
    if _ends_plain(content):
        return None
    return b"v #" if comment else b"v"


def _ends_plain(text: bytes) -> bool:
    """Whether ``text`` holds what ends a plain scalar in block context (a ``:`` before a space or the end)."""
    return text.find(b": ") >= 0 or text.rstrip(b" ").endswith(b":")
