"""A move to another unit's folder is a referral: up the unit tree, while the proposal is submitted,
and recorded by a new ``referrals`` entry from the old unit to the new one.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import REFERABLE
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "referral-move"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    before, after = change.before, change.after
    if before is None or after is None or before.unit == after.unit or before.unit is None or after.unit is None:
        return
    old, new = before.unit, after.unit
    if new not in context.registry.ancestors(old):
        yield at_key(change, ("unit",), f"moved from {old} to {new}, which is not above it", hint_key="up")
    if before.status not in REFERABLE or after.status not in REFERABLE:
        yield at_key(
            change,
            ("unit",),
            f"only a submitted proposal is referred, not a {before.status} one",
            hint_key="status",
        )
    added = after.entries("referrals")[len(before.entries("referrals")) :]
    if not any(entry.get("from") == old and entry.get("to") == new for _, entry in added):
        yield at_key(
            change,
            ("unit",),
            f"the move from {old} to {new} has no new referrals entry",
            hint_key="entry",
            old=old,
            new=new,
        )
