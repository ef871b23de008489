"""A pilot is scaled up (nhân rộng) only once it was evaluated as completed: ``scaling`` needs the
status ``evaluated``, the decision ``approved-pilot`` and the result ``completed``; each scaling
decision is dated on or after the evaluation and after the one before it. (The units it names must
exist: ``unit-exists``.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.lifecycle import Block, scalable
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "scaling"
SEVERITY = "error"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    entries = proposal.entries(Block.SCALING)
    if not entries:
        return
    outcome = proposal.string(Block.DECISION, "outcome")
    result = proposal.string(Block.EVALUATION, "result")
    if not scalable(proposal.status, outcome, result):
        yield at_key(
            proposal,
            (Block.SCALING,),
            "problems.scaling.not_scalable",
            hint_key="not_scalable",
            status=proposal.status,
            outcome=outcome,
            result=result,
        )
        return
    earlier_name, earlier = "evaluation.date", proposal.string(Block.EVALUATION, "date")
    for index, _ in entries:
        day = proposal.string(Block.SCALING, index, "date")
        if day is None or not _DATE.match(day):
            continue
        if earlier is not None and _DATE.match(earlier) and day < earlier:
            yield at_key(
                proposal,
                (Block.SCALING, index, "date"),
                "problems.scaling.early",
                hint_key="early",
                index=index,
                day=day,
                earlier=earlier_name,
                earlier_day=earlier,
            )
        earlier_name, earlier = f"scaling.{index}.date", day
