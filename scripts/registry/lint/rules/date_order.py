"""The dates follow the process: submitted ≤ each referral's date ≤ its ``received`` ≤ the next referral
and the decision ≤ implementation start ≤ progress, adjustments, suspension and the day the work was
completed (``implementation.completed``) ≤ completion report ≤ evaluation ≤ recognition; the planned end
is not before the start, the adjustments are in order, and each adjustment's new end is not before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.lifecycle import ADJUSTMENTS, COMPLETED, Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "date-order"
SEVERITY = "error"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

Dated = tuple[KeyPath, str] | None  # a date of the front matter and where it stands
Pair = tuple[Dated, Dated]  # the first may not come after the second


def _day(proposal: Proposal, *at: str | int) -> Dated:
    value = proposal.string(*at)
    return (at, value) if value is not None and _DATE.match(value) else None


def _in_sequence(proposal: Proposal, since: Dated, at: KeyPath, pairs: list[Pair]) -> Dated:
    """The pairs of the entries of the list at ``at``, each dated no earlier than the one before (the
    first no earlier than ``since``); returns the last date."""
    latest = since
    for index, _ in proposal.entries(*at):
        entry = _day(proposal, *at, index, "date")
        pairs.append((latest, entry))
        latest = entry or latest
    return latest


def _referrals(proposal: Proposal, pairs: list[Pair]) -> Dated:
    """The referrals after the submission, each received after it was sent; the day the last arrived."""
    latest = _day(proposal, Block.SUBMITTED)
    for index, _ in proposal.entries("referrals"):
        sent = _day(proposal, "referrals", index, "date")
        pairs.append((latest, sent))
        latest = sent or latest
        arrived = _day(proposal, "referrals", index, "received")
        pairs.append((latest, arrived))
        latest = arrived or latest
    return latest


def _implementation(proposal: Proposal, start: Dated, pairs: list[Pair]) -> Dated:
    """The dates of the work after its start; the day it was completed (or None)."""
    pairs.append((start, _day(proposal, Block.IMPLEMENTATION, "end")))
    _in_sequence(proposal, start, (Block.IMPLEMENTATION, "progress"), pairs)
    _in_sequence(proposal, start, ADJUSTMENTS, pairs)
    for index, _ in proposal.entries(*ADJUSTMENTS):
        pairs.append((_day(proposal, *ADJUSTMENTS, index, "date"), _day(proposal, *ADJUSTMENTS, index, "end")))
    pairs.append((start, _day(proposal, Block.IMPLEMENTATION, "suspension", "date")))
    completed = _day(proposal, *COMPLETED)
    pairs.append((start, completed))
    return completed


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    pairs: list[Pair] = []
    received = _referrals(proposal, pairs)
    decision = _day(proposal, Block.DECISION, "date")
    pairs.append((received, decision))
    start = _day(proposal, Block.IMPLEMENTATION, "start")
    pairs.append((decision, start))
    completed = _implementation(proposal, start, pairs)
    report = _day(proposal, Block.COMPLETION_REPORT, "date")
    pairs.append((completed or start or decision, report))
    evaluation = _day(proposal, Block.EVALUATION, "date")
    pairs.append((report or completed or start or decision, evaluation))
    for index, _ in proposal.entries(Block.RECOGNITION):
        pairs.append((evaluation or decision, _day(proposal, Block.RECOGNITION, index, "date")))

    for before, after in pairs:
        if before is not None and after is not None and after[1] < before[1]:
            earlier = ".".join(str(step) for step in before[0])
            later = ".".join(str(step) for step in after[0])
            yield at_key(
                proposal,
                after[0],
                "problems.date-order",
                later=later,
                later_day=after[1],
                earlier_day=before[1],
                earlier=earlier,
            )
