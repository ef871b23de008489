"""Referrals go up the unit tree, one after another, and end at the deciding unit.

Each referral's ``to`` is a unit above its ``from``; each starts where the previous one ended; the
last one ends at ``unit``, the folder the file now lies in.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "referral-up"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    previous: str | None = None
    for index, referral in proposal.entries("referrals"):
        source, target = referral.get("from"), referral.get("to")
        if not isinstance(source, str) or not isinstance(target, str):
            continue
        if previous is not None and source != previous:
            yield at_key(
                proposal,
                ("referrals", index, "from"),
                f"referral {index + 1} starts at {source}, not at {previous}",
            )
        if source in context.registry.units and target not in context.registry.ancestors(source):
            yield at_key(
                proposal, ("referrals", index, "to"), f"{target} is not a unit above {source}", hint_key="down"
            )
        previous = target
    if previous is not None and proposal.unit is not None and previous != proposal.unit:
        yield at_key(proposal, ("unit",), f"the last referral goes to {previous}, but unit is {proposal.unit}")
