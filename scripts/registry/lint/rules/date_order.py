"""The dates follow the process: submitted ≤ referrals ≤ decision ≤ implementation start ≤ progress,
suspension and completion report ≤ evaluation ≤ recognition; and the planned end is not before the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.lifecycle import Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "date-order"
SEVERITY = "error"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    def day(*at: str | int) -> tuple[KeyPath, str] | None:
        value = proposal.string(*at)
        return (at, value) if value is not None and _DATE.match(value) else None

    submitted = day(Block.SUBMITTED)
    latest = submitted
    pairs: list[tuple[tuple[KeyPath, str] | None, tuple[KeyPath, str] | None]] = []
    for index, _ in proposal.entries("referrals"):
        referral = day("referrals", index, "date")
        pairs.append((latest, referral))
        latest = referral or latest
    decision = day("decision", "date")
    pairs.append((latest, decision))
    start = day("implementation", "start")
    pairs.append((decision, start))
    pairs.append((start, day("implementation", "end")))
    progress_after = start
    for index, _ in proposal.entries("implementation", "progress"):
        progress = day("implementation", "progress", index, "date")
        pairs.append((progress_after, progress))
        progress_after = progress or progress_after
    pairs.append((start, day("implementation", "suspension", "date")))
    report = day("completion_report", "date")
    pairs.append((start or decision, report))
    evaluation = day("evaluation", "date")
    pairs.append((report or start or decision, evaluation))
    for index, _ in proposal.entries("recognition"):
        pairs.append((evaluation or decision, day("recognition", index, "date")))

    for before, after in pairs:
        if before is not None and after is not None and after[1] < before[1]:
            earlier = ".".join(str(step) for step in before[0])
            later = ".".join(str(step) for step in after[0])
            yield at_key(
                proposal,
                after[0],
                f"{later} ({after[1]}) is before {earlier} ({before[1]})",
                later=later,
                earlier=earlier,
            )
