"""The receipt and the appraisal come in the process's order, by units that existed then.

The plan (II.3) has the advisory unit for organisation (bộ phận tham mưu về công tác tổ chức) receive,
compile and appraise (thẩm định) each proposal before the collective decides, so
``submitted ≤ receipt.date ≤ appraisal.date ≤ decision.date``; an appraisal follows a receipt, so a
proposal that records ``appraisal`` records ``receipt`` too. Each ``unit`` is a unit of registry.yml
that existed on the day it acted (its ``from`` and ``until``). The decision's deadline counts from
``receipt.date`` when it is there (``deadline``). Whether these blocks are required is
``decision-record``'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from registry.lifecycle import Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "receipt-appraisal"
SEVERITY = "error"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _day(proposal: Proposal, at: KeyPath) -> tuple[KeyPath, str] | None:
    value = proposal.string(*at)
    return (at, value) if value is not None and _DATE.match(value) else None


def _units(proposal: Proposal, context: Context) -> Iterator[Finding]:
    for block in (Block.RECEIPT, Block.APPRAISAL):
        unit_id, day = proposal.string(block, "unit"), proposal.string(block, "date")
        if unit_id is None:
            continue
        unit = context.registry.units.get(unit_id)
        if unit is None:
            yield at_key(
                proposal, (block, "unit"), "problems.receipt-appraisal.unknown", hint_key="unknown", unit=unit_id
            )
        elif day is not None and _DATE.match(day) and not unit.existed_on(day):
            yield at_key(
                proposal,
                (block, "unit"),
                "problems.receipt-appraisal.gone",
                hint_key="gone",
                unit=unit_id,
                day=day,
            )


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if Block.APPRAISAL in proposal.meta and Block.RECEIPT not in proposal.meta:
        yield at_key(proposal, (Block.APPRAISAL,), "problems.receipt-appraisal.no-receipt", hint_key="no-receipt")
    chain = [
        _day(proposal, at)
        for at in ((Block.SUBMITTED,), (Block.RECEIPT, "date"), (Block.APPRAISAL, "date"), (Block.DECISION, "date"))
    ]
    known = [day for day in chain if day is not None]
    for before, after in pairwise(known):
        ours = {before[0][0], after[0][0]} & {Block.RECEIPT, Block.APPRAISAL}  # submitted and decision: date-order's
        if after[1] < before[1] and ours:
            later, earlier = ".".join(map(str, after[0])), ".".join(map(str, before[0]))
            yield at_key(
                proposal,
                after[0],
                "problems.receipt-appraisal.order",
                hint_key="order",
                later=later,
                later_day=after[1],
                earlier_day=before[1],
                earlier=earlier,
            )
    yield from _units(proposal, context)
