"""One pull request decides one proposal (a warning): each decision is then its own reviewed merge,
with its own record in the history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "one-decision"
SEVERITY = "warning"


def check_all(changes: Sequence[ProposalChange], context: Context) -> Iterator[Finding]:
    decided = [change for change in changes if change.status_changed]
    if len(decided) > 1:
        for change in decided:
            yield at_key(
                change,
                ("status",),
                "problems.one-decision",
                count=len(decided),
            )
