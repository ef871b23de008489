"""Output formats for problems: small functions chosen by name. They print; they never pick the exit code."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from registry.catalogue import text
from registry.problem import Problem

if TYPE_CHECKING:
    from registry.history import Event


def report_text(problems: Sequence[Problem], checked: int, out: TextIO) -> None:
    for problem in problems:
        out.write(
            f"{problem.path}:{problem.line}:{problem.column}: {problem.severity}[{problem.rule}]: {problem.message}\n"
        )
        if problem.hint:
            out.write(f"    {text('ui.hint')}: {problem.hint}\n")
    errors = sum(1 for problem in problems if problem.severity == "error")
    files = len({problem.path for problem in problems})
    out.write(text("ui.summary", checked=checked, errors=errors, warnings=len(problems) - errors, files=files) + "\n")


def report_json(problems: Sequence[Problem], checked: int, out: TextIO) -> None:
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
        for p in problems
    ]
    json.dump({"checked": checked, "problems": rows}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report_github(problems: Sequence[Problem], checked: int, out: TextIO) -> None:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    for p in problems:
        level = "error" if p.severity == "error" else "warning"
        message = p.message + (f"\n{text('ui.hint')}: {p.hint}" if p.hint else "")
        properties = f"file={_escape_property(p.path)},line={p.line},col={p.column},title={_escape_property(p.rule)}"
        out.write(f"::{level} {properties}::{_escape_data(message)}\n")


Reporter = Callable[[Sequence[Problem], int, TextIO], None]

REPORTERS: dict[str, Reporter] = {"text": report_text, "json": report_json, "github": report_github}


def report_history(history: dict[str, list[Event]], form: str, out: TextIO) -> None:
    """Each proposal's events, oldest first: as lines to read, or as JSON for other tools."""
    if form == "json":
        rows = {name: [e.as_dict() for e in events] for name, events in sorted(history.items())}
        out.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    for name, events in sorted(history.items()):
        out.write(f"{name}\n")
        for e in events:
            through = f"#{e.pull_request}" if e.pull_request else "—"
            status = e.status_after if not e.status_changed else f"{e.status_before or '∅'} → {e.status_after or '∅'}"
            move = f"  {e.unit_before} → {e.unit_after}" if e.unit_before != e.unit_after and e.kind == "moved" else ""
            out.write(f"  {e.date[:10]}  {e.commit[:10]}  {through:<6} {e.kind:<8} {status}{move}  ({e.author})\n")
