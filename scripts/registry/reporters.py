"""Output formats for a ``Report``: small functions chosen by name. They only read the report and print;
they never pick the exit code.

Paths and values come from proposal files and their names, which anyone who opens a pull request
writes. Every reporter prints them through ``printable`` (``json_text`` for JSON), so that none can end
a line and start a GitHub workflow command (``::warning::``) on the next, drive a terminal, or reorder
what a reviewer reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from registry.catalogue import text
from registry.lint.report import Report

if TYPE_CHECKING:
    from registry.history import Event


# Line and paragraph separators and C0 and C1 controls, DEL included, can end a line (Python's
# splitlines ends one at each of them) or drive a terminal (ESC); the bidirectional controls reorder
# text as displayed (an override makes a name ending "gnp.md" read "md.png"); lone surrogates are the undecodable
# bytes of a file name, which an UTF-8 stdout refuses to write.
_SPECIAL = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_SPECIAL}]")
_UNPRINTABLE_IN_JSON = re.compile(f"[{_SPECIAL}]")  # json escapes C0 itself; its own newlines are layout
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_BYTE = 0xFF  # up to it, a character is written \xNN; above it, \uNNNN


def printable(value: object) -> str:
    """``value`` as text with each character above written as an escape (``\\n``, ``\\x1b``, ``\\u2028``),
    recognisable and on one line."""
    return _UNPRINTABLE.sub(_escape, str(value))


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code <= _BYTE else f"\\u{code:04x}")


def json_text(value: object, indent: int | None = None) -> str:
    """``value`` as JSON, with the characters above as ``\\uXXXX`` escapes: the same data, safe to print."""
    dumped = json.dumps(value, ensure_ascii=False, indent=indent)
    return _UNPRINTABLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def report_text(report: Report, out: TextIO) -> None:
    for problem in report.problems:
        place = f"{printable(problem.path)}:{problem.line}:{problem.column}"
        out.write(f"{place}: {problem.severity}[{printable(problem.rule)}]: {printable(problem.message)}\n")
        if problem.hint:
            out.write(f"    {text('ui.hint')}: {printable(problem.hint)}\n")
    summary = text(
        report.summary, checked=report.checked, errors=report.errors, warnings=report.warnings, files=report.files
    )
    out.write(summary + "\n")


def report_json(report: Report, out: TextIO) -> None:
    rows = [
        {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "severity": p.severity,
            "rule": p.rule,
            "message": p.message,
            "hint": p.hint,
        }
        for p in report.problems
    ]
    out.write(json_text({"checked": report.checked, "problems": rows}, indent=2) + "\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report_github(report: Report, out: TextIO) -> None:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    for p in report.problems:
        level = "error" if p.severity == "error" else "warning"
        # The one line break meant here is the one between message and hint; GitHub shows it as %0A.
        message = printable(p.message) + (f"\n{text('ui.hint')}: {printable(p.hint)}" if p.hint else "")
        path, rule = _escape_property(printable(p.path)), _escape_property(printable(p.rule))
        properties = f"file={path},line={p.line},col={p.column},title={rule}"
        out.write(f"::{level} {properties}::{_escape_data(message)}\n")


Reporter = Callable[[Report, TextIO], None]

REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json, "github": report_github}


def report_history(history: dict[str, list[Event]], form: str, out: TextIO) -> None:
    """Each proposal's events, oldest first: as lines to read, or as JSON for other tools."""
    if form == "json":
        rows = {name: [e.as_dict() for e in events] for name, events in sorted(history.items())}
        out.write(json_text(rows) + "\n")
        return
    lines = []
    for name, events in sorted(history.items()):
        lines.append(name)
        for e in events:
            through = f"#{e.pull_request}" if e.pull_request else "—"
            status = e.status_after if not e.status_changed else f"{e.status_before or '∅'} → {e.status_after or '∅'}"
            move = f"  {e.unit_before} → {e.unit_after}" if e.unit_before != e.unit_after and e.kind == "moved" else ""
            lines.append(f"  {e.date[:10]}  {e.commit[:10]}  {through:<6} {e.kind:<8} {status}{move}  ({e.author})")
    if _UNPRINTABLE.search("".join(lines)):  # rarely: then each line made printable on its own
        lines = [printable(line) for line in lines]
    out.write("".join(f"{line}\n" for line in lines))
