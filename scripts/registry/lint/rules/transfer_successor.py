"""A proposal is handed over only to a successor of its unit, once that unit has ended, while it is
still pending or ongoing.

When a unit is merged, split or abolished (registry.yml: its ``until`` and ``successors``), what it
was still handling goes to the unit that takes over its task (Nghị định số 45/2025/NĐ-CP for the
departments; Nghị quyết số 202/2025/QH15 and Luật Tổ chức chính quyền địa phương số 72/2025/QH15 for the
province, districts and communes). A ``transfers`` entry records the handover: its date, the unit that
ended (``from``), the successor that takes the proposal (``to``: one of several where the unit was
split) and the reorganisation document. Each transfer starts at the unit that held the proposal then,
``from`` had ended by the date and ``to`` existed on it, and a proposal already rejected or evaluated
by then is not handed over (its record stays with the unit that closed it).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.custody import Handoff, handoffs
from registry.lifecycle import Block, Outcome
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "transfer-successor"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    closed = _closed_on(proposal)
    previous: str | None = None
    for move in handoffs(proposal):
        held, previous = previous, move.target
        if move.kind != "transfers":
            continue  # referral-up
        if held is not None and held != move.source:
            yield at_key(
                proposal,
                ("transfers", move.index, "from"),
                "problems.transfer-successor.holder",
                hint_key="holder",
                number=move.index + 1,
                source=move.source,
                day=move.date,
                unit=held,
            )
        yield from _check_units(proposal, context, move)
        if closed is not None and closed < move.date:
            yield at_key(
                proposal,
                ("transfers", move.index, "date"),
                "problems.transfer-successor.closed",
                hint_key="closed",
                closed=closed,
                day=move.date,
            )


def _check_units(proposal: Proposal, context: Context, move: Handoff) -> Iterator[Finding]:
    units = context.registry.units
    source, target = units.get(move.source), units.get(move.target)
    if source is None or target is None:
        return  # unit-exists
    if move.target not in source.successors:
        named = ", ".join(source.successors) or "—"
        yield at_key(
            proposal,
            ("transfers", move.index, "to"),
            "problems.transfer-successor.successor",
            hint_key="successor",
            target=move.target,
            unit=move.source,
            successors=named,
        )
    if source.end is None or move.date <= source.end:
        yield at_key(
            proposal,
            ("transfers", move.index, "date"),
            "problems.transfer-successor.early-until" if source.end else "problems.transfer-successor.early",
            hint_key="early",
            day=move.date,
            end=source.end,
            unit=move.source,
        )
    elif not target.existed_on(move.date):
        yield at_key(
            proposal,
            ("transfers", move.index, "date"),
            "problems.transfer-successor.successor_gone",
            hint_key="successor_gone",
            day=move.date,
            start=target.start or "",
            end=target.end or "",
            unit=move.target,
        )


def _closed_on(proposal: Proposal) -> str | None:
    """The day the proposal was closed for good: rejected, or evaluated."""
    if proposal.string(Block.DECISION, "outcome") == Outcome.REJECTED:
        return proposal.string("decision", "date")
    return proposal.string("evaluation", "date")
