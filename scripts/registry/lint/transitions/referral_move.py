"""A move to another unit's folder is a referral or a handover.

- A referral goes up the unit tree, while the proposal is submitted, recorded by a new ``referrals``
  entry from the old unit to the new one.
- A handover goes from a unit that has ended (merged, split or abolished: its ``until`` in
  registry.yml) to one of its ``successors``, while the proposal is pending or ongoing (submitted,
  approved, implementing, suspended or reported), keeping its status, recorded by a new ``transfers``
  entry from the old unit to the new one with the reorganisation document (see `transfer-successor`).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.custody import OPEN_STATUSES
from registry.lifecycle import REFERABLE
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "referral-move"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    before, after = change.before, change.after
    if before is None or after is None or before.unit == after.unit or before.unit is None or after.unit is None:
        return
    old, new = before.unit, after.unit
    if _added(before, after, "transfers", old, new):
        yield from _handover(change, context, before, after)
        return
    if new not in context.registry.ancestors(old):
        yield at_key(change, ("unit",), "problems.referral-move.up", hint_key="up", old=old, new=new)
    if before.status not in REFERABLE or after.status not in REFERABLE:
        yield at_key(
            change,
            ("unit",),
            "problems.referral-move.status",
            hint_key="status",
            status=before.status,
        )
    if not _added(before, after, "referrals", old, new):
        yield at_key(
            change,
            ("unit",),
            "problems.referral-move.entry",
            hint_key="entry",
            old=old,
            new=new,
        )


def _added(before: Proposal, after: Proposal, kind: str, old: str, new: str) -> bool:
    """Whether the pull request appends a ``kind`` entry from ``old`` to ``new``."""
    added = after.entries(kind)[len(before.entries(kind)) :]
    return any(entry.get("from") == old and entry.get("to") == new for _, entry in added)


def _handover(change: ProposalChange, context: Context, before: Proposal, after: Proposal) -> Iterator[Finding]:
    old, new = before.unit or "", after.unit or ""
    unit = context.registry.units.get(old)
    if unit is not None and new not in unit.successors:
        named = ", ".join(unit.successors) or "—"
        yield at_key(
            change,
            ("unit",),
            "problems.referral-move.successor",
            hint_key="successor",
            old=old,
            new=new,
            successors=named,
        )
    status = before.status
    if status not in OPEN_STATUSES or after.status != status:
        yield at_key(
            change,
            ("unit",),
            "problems.referral-move.handover_made"
            if after.status != status
            else "problems.referral-move.handover_status",
            hint_key="handover_status",
            status=status,
            new_status=after.status,
        )
