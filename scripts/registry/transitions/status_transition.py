"""A status changes only along the lifecycle, one step per pull request.

draft → submitted or withdrawn; submitted → approved, rejected or withdrawn; approved → implementing;
implementing → reported or suspended; suspended → implementing or evaluated; reported → evaluated.
Rejected, withdrawn and evaluated are final.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import TRANSITIONS
from registry.problem import Problem
from registry.rules.base import Context
from registry.transitions.base import ProposalChange, at_key

ID = "status-transition"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Problem]:
    if change.before is None or change.after is None or not change.status_changed:
        return
    old, new = change.before.status, change.after.status
    if old in TRANSITIONS and new not in TRANSITIONS[old]:
        allowed = ", ".join(TRANSITIONS[old]) or "none: it is final"
        yield at_key(
            change,
            ID,
            ("status",),
            f"{old} cannot become {new} (allowed: {allowed})",
            old=old,
            new=new,
            allowed=allowed,
        )
