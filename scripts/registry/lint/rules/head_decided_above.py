"""A proposal made by the head of a unit is decided by a unit above it.

Decree 73/2023/NĐ-CP, Art. 7: the head's proposal goes to the superior unit, so the deciding unit
(and the folder) must be an ancestor of the head's unit in registry.yml.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "head-decided-above"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.unit is None:
        return
    for author in proposal.authors:
        if author.head_of_unit and author.unit in context.registry.units:
            above = context.registry.ancestors(author.unit)
            if proposal.unit not in above:
                yield at_key(
                    proposal,
                    ("authors", author.index, "head_of_unit"),
                    f"{author.name} heads {author.unit}, so the proposal is decided above it, not by {proposal.unit}",
                    parent=above[0] if above else "",
                )
