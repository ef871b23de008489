"""The strict loader: one proposal file's bytes to a ``Proposal`` and the problems found on the way.

Nothing is guessed. A file that is a symlink, too large, empty, not UTF-8, starts with a byte-order
mark or has no closed front matter block gives a problem and no proposal; text that is not in Unicode
NFC gives a problem and still loads, so that the other rules can run on it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from registry.model import Heading, Proposal, Section
from registry.problem import Finding
from registry.yamlread import Document, read_yaml

MAX_BYTES = 1024 * 1024
# The front matter is a few kilobytes of facts; long text belongs in the body. Each value costs the
# schema's validator tens of microseconds, so a megabyte of front matter (300,000 values) took seconds.
MAX_FRONT_MATTER = 16 * 1024  # characters, ten times the largest sample
# Unicode's stream-safe text format: normalising a longer run of marks is quadratic in CPython.
MAX_COMBINING = 30
# A report has a heading per section and a few more; the rules match each heading against each section
# of registry.yml, and a body of a hundred thousand headings took seconds to check.
MAX_HEADINGS = 1000

# The problems the loader reports before any rule runs; ``registry rules`` describes each from the
# catalogue (``rules.<id>``).
FILE_RULES = (
    "file-unreadable",
    "file-symlink",
    "file-too-large",
    "file-empty",
    "file-bom",
    "file-encoding",
    "file-document",
    "unicode-nfc",
    "unicode-combining",
    "front-matter-missing",
    "front-matter-unclosed",
    "front-matter-empty",
    "front-matter-too-large",
    "front-matter-not-mapping",
    "yaml-tab",
    "yaml-syntax",
    "yaml-duplicate-key",
    "yaml-alias",
    "yaml-key",
    "yaml-tag",
    "yaml-datetime",
    "yaml-curly-quotes",
    "yaml-too-deep",
    "yaml-number-too-long",
    "body-too-many-headings",
    "internal-error",
)
BOM = b"\xef\xbb\xbf"
_DELIMITER = re.compile(r"^---[ \t]*\r?$", re.M)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
# Only lines that open a level-1 or level-2 heading or a code fence matter for the sections (deeper
# headings are left to the regex engine, not Python), and a line that opens an HTML comment, whose
# lines are hidden up to its close, as Python-Markdown hides them. The pattern starts with a literal newline (the
# body is searched with one in front) so that the regex engine can skip ahead.
_MARKER = re.compile(r"\n {0,3}(#{1,2}(?=[ \t\r\n]|$)|`{3,}|~{3,}|<!--)([^\n]*?)\r?(?=\n|$)")
# Runs of characters from U+0300 up, where combining marks are; only such runs need a closer look.
_MAYBE_COMBINING = re.compile(f"[^\x00-\u02ff]{{{MAX_COMBINING + 1},}}")
# A line of text: not blank, and not an ATX heading (``#`` to ``######`` then a space, a tab or the end of
# the line; ``#word`` and seven ``#`` are a paragraph's text), or indented four columns (a code block,
# shown as it is). ``[ ]{4}`` matches exactly, so a long run of spaces is not tried again and again.
_TEXT_LINE = re.compile(r"^(?:[ ]{0,3}(?!#{1,6}(?:[ \t\r]|$))[^\s]|(?:[ ]{0,3}\t|[ ]{4})[ \t]*\S)", re.M)
# Any line that opens with a run of ``#``, whatever follows (``### Heading``, ``##Heading``), or a code
# fence: the lines a near-miss section heading is looked for in (lint/rules/_sections.py).
_LOOSE_MARKER = re.compile(r"\n {0,3}(#+|`{3,}|~{3,}|<!--)([^\n]*?)\r?(?=\n|$)")
MAX_HEADING_LIKE = 200  # lines looked at for a near-miss heading: a report has a few dozen
HEADING_LIKE_LENGTH = 300  # characters of such a line kept (a heading is a line of words)
# What a Word, Excel or PDF document starts with (Office Open XML and OpenDocument are zip files).
_DOCUMENT_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf")


def finding(path: str, line: int, column: int, rule: str, key: str, /, **values: object) -> Finding:
    """What the loader found: the checking engine makes it a problem of ``rule`` (an id of FILE_RULES)
    whose message is the catalogue's ``key`` filled with ``values``."""
    return Finding(path, line, column, key, rule=rule, values=values)


def load_file(root: Path, file: Path) -> tuple[Proposal | None, list[Finding]]:
    """Read and parse one proposal file; ``root`` is the registry's root folder."""
    try:
        rel = file.relative_to(root).as_posix()
    except ValueError:
        rel = file.as_posix()
    try:
        info = os.lstat(file)
    except OSError as error:
        return None, [finding(rel, 1, 1, "file-unreadable", "problems.file-unreadable.read", reason=error.strerror)]
    if file.is_symlink():
        return None, [finding(rel, 1, 1, "file-symlink", "problems.file-symlink.file")]
    if not file.is_file():
        return None, [finding(rel, 1, 1, "file-unreadable", "problems.file-unreadable.irregular")]
    if info.st_size > MAX_BYTES:
        size = round(info.st_size / MAX_BYTES, 1)  # 1,5 MiB in Vietnamese, 1.5 MiB in English
        return None, [finding(rel, 1, 1, "file-too-large", "problems.file-too-large.size", size=size)]
    try:
        data = file.read_bytes()
    except OSError as error:
        return None, [finding(rel, 1, 1, "file-unreadable", "problems.file-unreadable.read", reason=error.strerror)]
    return parse_proposal(rel, data)


def parse_proposal(path: str, data: bytes) -> tuple[Proposal | None, list[Finding]]:
    """Parse a proposal from its bytes; ``path`` is where it lies, relative to the registry root."""
    text, findings = _decode(path, data)
    if text is None:
        return None, findings
    split = _split(path, text)
    if not isinstance(split, _Split):
        return None, [*findings, *split]
    document = read_yaml(split.front, path, first_line=2)
    findings += [*document.problems, *_not_a_mapping(path, document)]
    if not isinstance(document.data, dict):
        return None, findings
    sections = scan_sections(split.body, split.body_line)
    if isinstance(sections, int):
        key = "problems.body-too-many-headings"
        return None, [*findings, finding(path, sections, 1, "body-too-many-headings", key, limit=MAX_HEADINGS)]
    proposal = Proposal(
        path=path,
        meta=document.data,
        body=split.body,
        body_line=split.body_line,
        positions=document.positions,
        plain=document.plain,
        sections=sections,
        comments=document.comments,
    )
    return proposal, findings


def _decode(path: str, data: bytes) -> tuple[str | None, list[Finding]]:
    """The file's text, or None when it cannot be read as text; and what was found."""
    if len(data) > MAX_BYTES:
        return None, [finding(path, 1, 1, "file-too-large", "problems.file-too-large.larger")]
    if not data.strip():
        return None, [finding(path, 1, 1, "file-empty", "problems.file-empty")]
    if data.startswith(_DOCUMENT_MAGIC):
        return None, [finding(path, 1, 1, "file-document", "problems.file-document")]
    if data.startswith(BOM):
        return None, [finding(path, 1, 1, "file-bom", "problems.file-bom")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex()
        return None, [finding(path, line, column, "file-encoding", "problems.file-encoding.byte", byte=byte)]
    return _check_text(path, text)


def _check_text(path: str, text: str) -> tuple[str | None, list[Finding]]:
    """``text``, or None when it cannot be checked further (a NUL, a long run of combining marks); and
    what was found. Text not in NFC goes on, with its finding, so that the other rules run on it."""
    findings: list[Finding] = []
    if not unicodedata.is_normalized("NFC", text):  # linear; NFC text is never normalised again
        combining = _long_combining_run(text)
        if combining is not None:
            # Normalising such a run (to point at it, or to compare headings) is quadratic in its
            # length: CPython puts the marks in order by insertion.
            line = text.count("\n", 0, combining) + 1
            column = combining - (text.rfind("\n", 0, combining) + 1) + 1
            key = "problems.unicode-combining"
            return None, [finding(path, line, column, "unicode-combining", key, limit=MAX_COMBINING)]
        findings.append(_not_nfc(path, text))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [*findings, finding(path, line, 1, "file-encoding", "problems.file-encoding.nul")]
    return text, findings


class _Split(NamedTuple):
    front: str  # the front matter's text, between the delimiters
    body: str
    body_line: int  # the body's first line in the file


def _split(path: str, text: str) -> _Split | list[Finding]:
    """The front matter and the body, or why the front matter cannot be read."""
    opening = _DELIMITER.match(text)
    if opening is None:
        return [finding(path, 1, 1, "front-matter-missing", "problems.front-matter-missing")]
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        return [finding(path, 1, 1, "front-matter-unclosed", "problems.front-matter-unclosed")]
    front = text[opening.end() + 1 : closing.start()] if closing.start() > opening.end() else ""
    closing_line = text.count("\n", 0, closing.start()) + 1

    if len(front) > MAX_FRONT_MATTER:
        key = "problems.front-matter-too-large"
        return [finding(path, closing_line, 1, "front-matter-too-large", key, size=len(front), limit=MAX_FRONT_MATTER)]

    tabs = [(number, line.index("\t") + 1) for number, line in enumerate(front.split("\n"), 2) if "\t" in line]
    if tabs:
        return [finding(path, line, column, "yaml-tab", "problems.yaml-tab") for line, column in tabs[:5]]

    body_start = closing.end() + 1
    body = text[body_start:] if body_start <= len(text) else ""
    return _Split(front, body, closing_line + 1)


def _not_a_mapping(path: str, document: Document) -> list[Finding]:
    """Why the front matter, read without a syntax error, is not a block of keys (if it is not)."""
    if document.data is None and not document.problems:
        return [finding(path, 1, 1, "front-matter-empty", "problems.front-matter-empty")]
    if document.data is not None and not isinstance(document.data, dict):
        return [finding(path, 2, 1, "front-matter-not-mapping", "problems.front-matter-not-mapping")]
    return []


def _long_combining_run(text: str) -> int | None:
    """Where the first run of more than ``MAX_COMBINING`` combining marks in a row ends, if any."""
    for match in _MAYBE_COMBINING.finditer(text):
        run = 0
        for offset, character in enumerate(match.group(), match.start()):
            run = run + 1 if unicodedata.combining(character) else 0
            if run > MAX_COMBINING:
                return offset
    return None


def _not_nfc(path: str, text: str) -> Finding:
    for number, line in enumerate(text.split("\n"), 1):
        if not unicodedata.is_normalized("NFC", line):
            normal = unicodedata.normalize("NFC", line)
            column = next((i for i, (a, b) in enumerate(zip(line, normal, strict=False)) if a != b), 0) + 1
            return finding(path, number, column, "unicode-nfc", "problems.unicode-nfc")
    return finding(path, 1, 1, "unicode-nfc", "problems.unicode-nfc")  # pragma: no cover


def _headings(text: str, pattern: re.Pattern[str] = _MARKER) -> Iterator[re.Match[str]]:
    """The level-1 and level-2 ATX headings of ``text`` (which starts with a newline) outside code
    fences and HTML comments; group 1 is the run of ``#``, group 2 the rest of the line. With
    ``_LOOSE_MARKER``, every line outside code fences and comments that starts with ``#``.

    A comment counts as Python-Markdown renders it: one that opens a line (after at most three spaces)
    hides the lines up to its ``-->``; one never closed hides nothing (it is shown as text), and one
    opened inside a line of text hides nothing either (the pattern only sees openings of lines)."""
    fence, position, closable = "", 0, True
    while (match := pattern.search(text, position)) is not None:
        marker, rest = match.group(1), match.group(2)
        position = match.end()
        if marker[0] in "`~":
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not rest.strip():
                fence = ""
        elif fence:
            continue
        elif marker == "<!--":
            closing = text.find("-->", match.start(1) + 4) if closable else -1
            if closing >= 0:
                position = closing + 3  # what follows on the closing line is not a line's opening
            else:  # no later opening can be closed either: not looked for again (linear)
                closable = False
        else:
            yield match


def scan_sections(body: str, first_line: int) -> tuple[Section, ...] | int:
    """The level-1 and level-2 ATX headings of ``body`` outside code fences, with whether text follows;
    or, if there are more than ``MAX_HEADINGS``, the line of the first one too many."""
    found: list[tuple[int, str, int, int, int]] = []  # level, title, line, heading start and end offsets
    body = "\n" + body  # offsets below are one past the body's; only differences and counts use them
    line, counted = first_line - 1, 0  # lines are counted from the previous heading on: once over the body
    for match in _headings(body):
        start = match.start()
        line += body.count("\n", counted, start + 1)
        counted = start + 1
        if len(found) == MAX_HEADINGS:
            return line
        marker, rest = match.group(1), match.group(2)
        found.append((len(marker), heading_title(rest), line, start, match.end()))
    sections = []
    for index, (level, title, line, _, end) in enumerate(found):
        stop = found[index + 1][3] if index + 1 < len(found) else len(body)
        sections.append(Section(level, title, line, _has_text(body, end, stop)))
    return tuple(sections)


def heading_like_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """The lines of ``body`` outside code fences that start with ``#`` (headings of any level, and
    ``##Heading`` without its space), as (line in the file, the line without its indentation, cut to
    ``HEADING_LIKE_LENGTH``): the first ``MAX_HEADING_LIKE``. Read only when a section is missing."""
    found: list[tuple[int, str]] = []
    text = "\n" + body
    line, counted = first_line - 1, 0
    for match in _headings(text, _LOOSE_MARKER):
        if len(found) == MAX_HEADING_LIKE:
            break
        start = match.start()
        line += text.count("\n", counted, start + 1)
        counted = start + 1
        found.append((line, (match.group(1) + match.group(2))[:HEADING_LIKE_LENGTH].rstrip()))
    return found


def heading_title(rest: str) -> str:
    """The text of an ATX heading after its opening ``#`` run, without the optional closing ``#`` run
    (CommonMark: the closing run is preceded by a space or tab, or is all there is)."""
    title = rest.strip()
    bare = title.rstrip("#")
    if bare != title and (not bare or bare[-1] in " \t"):
        title = bare.rstrip()
    return title


def _has_text(body: str, start: int, stop: int) -> bool:
    """Whether ``body[start:stop]`` has a line of text once its HTML comments are taken out."""
    return _TEXT_LINE.search(_without_comments(body[start:stop])) is not None


def _without_comments(text: str) -> str:
    """``text`` without its closed HTML comments (``<!-- -->``), in one pass: the pattern ``<!--.*?-->``
    tries every ``<!--`` up to the end of the text when none is closed, quadratic in their number."""
    parts, position = [], 0
    while (opening := text.find("<!--", position)) >= 0:
        closing = text.find("-->", opening + 4)
        if closing < 0:  # no later opening can be closed either; an unclosed one stays text
            break
        parts.append(text[position:opening])
        position = closing + 3
    parts.append(text[position:])
    return "".join(parts)


def split_sections(body: str) -> list[tuple[Heading | None, str]]:
    """The body cut at its level-1 and level-2 headings outside code fences: (heading, or None for the
    text before the first heading; the text under it)."""
    text = "\n" + body
    chunks: list[tuple[Heading | None, str]] = []
    previous_end, heading = 1, None
    for match in _headings(text):
        start, end = match.start() + 1, match.end()
        chunks.append((heading, text[previous_end:start]))
        heading, previous_end = Heading(len(match.group(1)), heading_title(match.group(2))), end
    chunks.append((heading, text[previous_end:]))
    return [(h, content) for h, content in chunks if h is not None or content.strip()]
