"""A proposal keeps its id for ever."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "id-changed"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    if change.before is None or change.after is None:
        return
    if change.before.id != change.after.id or change.before.file_id != change.after.file_id:
        old = change.before.id or change.before.file_id
        yield at_key(change, ("id",), "problems.id-changed", old=old)
