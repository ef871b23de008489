"""A status changes only along the lifecycle, one step per pull request.

draft → submitted or withdrawn; submitted → approved, rejected or withdrawn; approved → implementing;
implementing → reported or suspended; suspended → implementing or evaluated; reported → evaluated.
Rejected, withdrawn and evaluated are final. A change to a proposal whose version at the base does
not load is refused: there is nothing to check it against.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import TRANSITIONS
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "status-transition"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    if change.old_path is not None and change.before is None and change.after is not None:
        # Nothing can be compared with a base that does not load: the change is refused, not waved
        # through. (A broken file reaches the base only past the checks; audit reports how.)
        yield at_key(change, ("status",), "problems.status-transition.unreadable", hint_key="unreadable")
        return
    if change.before is None or change.after is None or not change.status_changed:
        return
    old, new = change.before.status, change.after.status
    if old in TRANSITIONS and new not in TRANSITIONS[old]:
        allowed = ", ".join(TRANSITIONS[old]) or "—"
        yield at_key(
            change,
            ("status",),
            "problems.status-transition.allowed" if TRANSITIONS[old] else "problems.status-transition.final",
            old=old,
            new=new,
            allowed=allowed,
        )
