"""A proposal made by the head of a unit is decided by a unit above it.

Decree 73/2023/NĐ-CP, Art. 7: the head's proposal goes to the superior unit, so the deciding unit (the
unit that held the proposal on the day of the decision, after any referrals and handovers, or ``unit``
before it is decided) must be an ancestor of the head's unit in registry.yml, or, where the head's unit
has ended, an ancestor of one of its successors (a commune's superior was its district until 30/6/2025
and is the city since); never the unit itself nor its successor.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._custody import handoffs, holder_on
from registry.model import Proposal
from registry.problem import Finding

ID = "head-decided-above"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.unit is None:
        return
    registry = context.registry
    decided = proposal.string("decision", "date")
    decider = holder_on(proposal, handoffs(proposal), decided) if decided is not None else proposal.unit
    for author in proposal.authors:
        if author.head_of_unit and author.unit in registry.units:
            above = registry.ancestors(author.unit)
            superiors = {*above, *(u for s in registry.units[author.unit].successors for u in registry.ancestors(s))}
            if decider not in superiors:
                yield at_key(
                    proposal,
                    ("authors", author.index, "head_of_unit"),
                    f"{author.name} heads {author.unit}, so the proposal is decided above it, not by {decider}",
                    parent=above[0] if above else "",
                )
