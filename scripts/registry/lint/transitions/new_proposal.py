"""A new proposal starts as a draft or as submitted: every later status is a decision about it."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import INITIAL
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "new-proposal"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    if change.old_path is None and change.after is not None and change.after.status not in INITIAL:
        yield at_key(change, ("status",), "problems.new-proposal", status=change.after.status)
