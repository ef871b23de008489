"""Proposals are never deleted: one that will not go ahead is withdrawn (or rejected), and stays."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "proposal-deleted"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    if change.new_path is None:
        yield at_key(change, (), "problems.proposal-deleted", id=change.proposal_id)
