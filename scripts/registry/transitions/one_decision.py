"""One pull request decides one proposal (a warning): each decision is then its own reviewed merge,
with its own record in the history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from registry.problem import Problem
from registry.rules.base import Context
from registry.transitions.base import ProposalChange, at_key

ID = "one-decision"
SEVERITY = "warning"


def check_all(changes: Sequence[ProposalChange], context: Context) -> Iterator[Problem]:
    decided = [change for change in changes if change.status_changed]
    if len(decided) > 1:
        for change in decided:
            yield at_key(
                change,
                ID,
                ("status",),
                f"this pull request changes the status of {len(decided)} proposals",
                severity="warning",
                count=len(decided),
            )
