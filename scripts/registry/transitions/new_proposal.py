"""A new proposal starts as a draft or as submitted: every later status is a decision about it."""

from __future__ import annotations

from collections.abc import Iterator

from registry.problem import Problem
from registry.rules.base import Context
from registry.transitions.base import ProposalChange, at_key

ID = "new-proposal"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Problem]:
    if change.old_path is None and change.after is not None and change.after.status not in ("draft", "submitted"):
        yield at_key(change, ID, ("status",), f"a new proposal cannot start as {change.after.status}")
