"""Who held a proposal when, shared by the rules on units and the public timeline: the referrals and
the transfers in the order they happened, and the unit that held the proposal on a given day."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from registry.lifecycle import ONGOING, Status
from registry.model import Proposal

# The statuses of a proposal still pending or ongoing: one of these is handed over when its unit ends.
OPEN_STATUSES = frozenset({Status.SUBMITTED, *ONGOING})


@dataclass(frozen=True, slots=True)
class Handoff:
    """One referral or transfer: its list (``referrals`` or ``transfers``), its place in it, its day
    and its two units."""

    kind: Literal["referrals", "transfers"]
    index: int
    date: str
    source: str
    target: str


def handoffs(proposal: Proposal) -> list[Handoff]:
    """The referrals and transfers whose date and units are text, in the order they happened: by date,
    and on one day a transfer before a referral (the successor may refer on its first day, while a
    unit that hands over has already ended)."""
    found = [
        Handoff(kind, index, entry["date"], entry["from"], entry["to"])
        for kind in ("transfers", "referrals")
        for index, entry in proposal.entries(kind)
        if all(isinstance(entry.get(key), str) for key in ("date", "from", "to"))
    ]
    return sorted(found, key=lambda item: (item.date, item.kind == "referrals", item.index))


def first_holder(proposal: Proposal, moves: list[Handoff]) -> str | None:
    """The unit the proposal was submitted to: where the first move started, or ``unit``."""
    return moves[0].source if moves else proposal.unit


def holder_on(proposal: Proposal, moves: list[Handoff], day: str) -> str | None:
    """The unit that held the proposal on ``day``: the last move made on or before it decides."""
    holder = first_holder(proposal, moves)
    for move in moves:
        if move.date <= day:
            holder = move.target
    return holder
