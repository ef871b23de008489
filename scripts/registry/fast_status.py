"""The status a version of a proposal declares, read fast where that is proven to agree with the loader.

History reads the status of every version of every proposal (fifty thousand at scale), and building
each front matter as the loader does costs ten times a line search. A line search alone can be fooled,
though: a line ``status: submitted`` inside a multi-line quoted summary, beside a real key written
``"status": approved``, is text to YAML and a key to a regular expression. So the fast path answers
only where the front matter leaves no room for such a reading, and the loader decides everything else:

- the loader's own gates hold, each checked here at least as strictly: size, UTF-8 in NFC, no NUL, no
  tab, a ``---`` line first and a closing one, the front matter's size, and fewer lines that may
  open a heading than the loader allows headings;
- libyaml, the parser the loader uses, parses the front matter without error (``raw_parse``: no
  Python objects are built, so it costs a fifth of composing the document);
- nothing can carry a line at column 0 inside a value: no quote or bracket is left open at the end
  of its line, and no line at column 0 starts with an indicator (quote, ``?``, ``&``, ``!``, ``*``, …),
  so every line at column 0 is a plain key of the top-level mapping;
- no alias or anchor (the loader refuses aliases; a repeated anchor fails only when composing) and no
  nesting deep enough for the loader to refuse: a block node's depth is at most its column plus two,
  flows add three at most (more are left open below), and no line starts past column ``_DEEP``;
- exactly one such key is ``status`` (in any spelling: quoted, spaced), its value is a lifecycle
  status written plain or quoted on that one line, and no indented line continues it.

tests/test_fast_status.py checks, over generated documents full of these traps, that the fast path
either declines or gives what the loader gives.
"""

from __future__ import annotations

import re
import unicodedata

import yaml
from yaml._yaml import CParser  # libyaml: the parser of the loader's CSafeLoader, in the pinned wheels

from registry.load import MAX_BYTES, MAX_FRONT_MATTER, MAX_HEADINGS
from registry.model import LIFECYCLE
from registry.yamlread import MAX_DEPTH

_OPENING = b"---\n"
_CLOSING = re.compile(rb"\n(?:---|\.\.\.)[ \t]*\r?(?=\n|\Z)")  # the loader's closing line
# Quoted scalars and flow collections that close on the line they open; removed before looking for
# what is left open. Flows are removed innermost first, three levels at most.
_QUOTED = re.compile(rb"\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"|'[^'\n]*(?:''[^'\n]*)*'")
_FLOW = re.compile(rb"\[[^\[\]{}\n]*\]|\{[^\[\]{}\n]*\}")
_OPEN = re.compile(rb"[\"'\[\]{}]")
# Searched in the front matter with a newline before it: a pattern that starts with a literal newline
# lets the regex engine skip ahead, where ``^`` in multi-line mode tries every position.
_INDICATOR_AT_START = re.compile(rb"\n[?&!%*|>@`\"'\[\]{},:]")
_COLUMN = MAX_DEPTH - 2 - 3 - 3  # a margin of three below the depth the loader refuses
_DEEP = re.compile(rb"\n[ ?:-]{%d}" % _COLUMN)
_HEADING_STARTS = (b"\n#", b"\n #", b"\n  #", b"\n   #")
_ANY_STATUS_KEY = re.compile(rb"\n[\"']?status[\"']?[ ]*:")
_STATUS = re.compile(
    rb"\nstatus:[ ]+(?:\"([a-z-]+)\"|'([a-z-]+)'|([a-z-]+))(?:[ ]+(?:#[^\n]*)?)?\r?\n(?:[ ]*\r?\n)*(?![ ])"
)
_STATUSES = frozenset(LIFECYCLE)


def declared_status(blob: bytes) -> str | None:
    """The status of the version ``blob`` where the fast path can prove it; None where it cannot
    (the caller then asks the loader)."""
    lines = _front_matter(blob)
    if lines is None or not _plain_keys_only(lines):
        return None
    status = _status(lines)
    if status is None or not _parsed_by_libyaml(blob, lines):
        return None
    return status


def _front_matter(blob: bytes) -> bytes | None:
    """The front matter with the newline before it, where the loader's gates on the file hold (the
    cheap ones, on bytes: the rest are in ``_parsed_by_libyaml``)."""
    if not blob.startswith(_OPENING) or len(blob) > MAX_BYTES or b"\x00" in blob:
        return None
    closing = _CLOSING.search(blob, 3)
    if closing is None:
        return None
    lines = blob[3 : closing.start() + 1]
    if len(lines) - 1 > MAX_FRONT_MATTER:
        return None
    body = blob[closing.end() :]
    if body.count(b"#") > MAX_HEADINGS and sum(body.count(start) for start in _HEADING_STARTS) > MAX_HEADINGS:
        return None
    return lines


def _plain_keys_only(lines: bytes) -> bool:
    """Whether every line at column 0 is a plain key of the top-level mapping, with no tab, alias or
    anchor, and nothing nested deep enough for the loader to refuse."""
    if b"\t" in lines or b"*" in lines or b"&" in lines or _INDICATOR_AT_START.search(lines) or _DEEP.search(lines):
        return False
    rest = _QUOTED.sub(b"", lines)
    for _ in range(3):
        rest = _FLOW.sub(b"", rest)
    return _OPEN.search(rest) is None


def _status(lines: bytes) -> str | None:
    """The lifecycle status of the one ``status`` key, written on its line and not continued."""
    if len(_ANY_STATUS_KEY.findall(lines)) != 1:
        return None
    found = _STATUS.search(lines)
    if found is None:
        return None
    status = (found.group(1) or found.group(2) or found.group(3)).decode()
    return status if status in _STATUSES else None


def _parsed_by_libyaml(blob: bytes, lines: bytes) -> bool:
    """Whether the file is UTF-8 in NFC and libyaml parses its front matter without error."""
    try:
        if not unicodedata.is_normalized("NFC", blob.decode("utf-8")):
            return False  # the loader may refuse a long run of combining marks: it decides
        CParser(lines[1:].decode("utf-8")).raw_parse()
    except (UnicodeDecodeError, yaml.YAMLError):
        return False
    return True
