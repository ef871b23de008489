"""Referrals go up the unit tree, one after another, and end at the deciding unit.

Each referral's ``to`` is a unit above its ``from``; each starts where the previous one (or the
previous handover to a successor, ``transfers``) ended, in the order of their dates; the last one ends
at ``unit``, the folder the file now lies in.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.custody import handoffs
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "referral-up"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    previous, last = None, "referral"  # the kind of the last move: a case of the message
    for move in handoffs(proposal):  # the transfers too: a referral after a handover starts at the successor
        if move.kind == "referrals":
            if previous is not None and move.source != previous:
                yield at_key(
                    proposal,
                    ("referrals", move.index, "from"),
                    "problems.referral-up.chain",
                    number=move.index + 1,
                    source=move.source,
                    previous=previous,
                )
            if move.source in context.registry.units and move.target not in context.registry.ancestors(move.source):
                yield at_key(
                    proposal,
                    ("referrals", move.index, "to"),
                    "problems.referral-up.down",
                    hint_key="down",
                    target=move.target,
                    source=move.source,
                )
        previous, last = move.target, "referral" if move.kind == "referrals" else "handover"
    if previous is not None and proposal.unit is not None and previous != proposal.unit:
        key = "problems.referral-up.last-referral" if last == "referral" else "problems.referral-up.last-handover"
        yield at_key(proposal, ("unit",), key, previous=previous, unit=proposal.unit)
