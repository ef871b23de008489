"""Every unit named (the deciding unit, each author's unit, each referral's and each transfer's units,
who evaluated, the body competent for liability, the units a pilot is scaled up to) is in registry.yml.

Units that were merged or dissolved stay in registry.yml with their last day (``until``) and their
``successors``, so that old records stay valid; on which days a unit may act is `unit-in-time`'s.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "unit-exists"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    units = context.registry.units
    named: list[tuple[KeyPath, str | None]] = [(("unit",), proposal.unit)]
    named += [
        (("authors", index, "unit"), proposal.string("authors", index, "unit"))
        for index, _ in proposal.entries("authors")
    ]
    for kind in ("referrals", "transfers"):
        for index, _ in proposal.entries(kind):
            named += [((kind, index, key), proposal.string(kind, index, key)) for key in ("from", "to")]
    named += [
        (at, proposal.string(*at))
        for at in ((Block.EVALUATION, "evaluated_by"), (Block.EVALUATION, "liability", "body"))
    ]
    for index, entry in proposal.entries(Block.SCALING):
        scaled = entry.get("units")
        count = len(scaled) if isinstance(scaled, list) else 0
        named += [
            ((Block.SCALING, index, "units", n), proposal.string(Block.SCALING, index, "units", n))
            for n in range(count)
        ]
    for at, unit_id in named:
        if unit_id is not None and unit_id not in units:
            yield at_key(proposal, at, "problems.unit-exists.unknown", hint_key="unknown", unit=unit_id)
