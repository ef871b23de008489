"""Proposals are never deleted: one that will not go ahead is withdrawn (or rejected), and stays."""

from __future__ import annotations

from collections.abc import Iterator

from registry.problem import Problem
from registry.rules.base import Context
from registry.transitions.base import ProposalChange, at_key

ID = "proposal-deleted"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Problem]:
    if change.new_path is None:
        yield at_key(change, ID, (), f"the proposal {change.proposal} was deleted")
