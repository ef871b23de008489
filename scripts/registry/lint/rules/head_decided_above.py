"""A proposal made by the head of a unit is decided by a unit above it.

Decree 73/2023/NĐ-CP, Art. 7: the head's proposal goes to the superior unit, so the deciding unit (the
unit that held the proposal on the day of the decision, or ``unit`` before it is decided) must be an
ancestor of the head's unit in registry.yml, or the successor to which such an ancestor handed the
proposal over when it ended (``transfers``).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._custody import Handoff, handoffs, holder_on
from registry.model import Proposal
from registry.problem import Finding

ID = "head-decided-above"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.unit is None:
        return
    moves = handoffs(proposal)
    decided = proposal.string("decision", "date")
    decider = holder_on(proposal, moves, decided) if decided is not None else proposal.unit
    for author in proposal.authors:
        if author.head_of_unit and author.unit in context.registry.units:
            above = context.registry.ancestors(author.unit)
            if decider not in _above_or_their_successors(above, moves, decided):
                yield at_key(
                    proposal,
                    ("authors", author.index, "head_of_unit"),
                    f"{author.name} heads {author.unit}, so the proposal is decided above it, not by {decider}",
                    parent=above[0] if above else "",
                )


def _above_or_their_successors(above: list[str], moves: list[Handoff], until: str | None) -> set[str]:
    """The units ``above`` and those they handed the proposal over to (up to the day ``until``)."""
    allowed = set(above)
    for move in moves:
        if move.kind == "transfers" and move.source in allowed and (until is None or move.date <= until):
            allowed.add(move.target)
    return allowed
