"""What a pull request adds to a decided proposal carries the facts that format version 2 records and
version 1 did not, so that records migrated from version 1 stay valid while every new one is complete:

- a completion report comes with the day the work was actually completed (``implementation.completed``),
  from which its deadline of 5 working days is counted;
- an evaluation says who evaluated (``evaluated_by``), and a liability other than ``none`` carries the
  competent body's three ``findings``, the ``body`` and its ``document`` (Decree 73/2023/NĐ-CP, Art. 11).
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import COMPLETED, Block, Liability
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key
from registry.problem import Finding

ID = "addition-complete"
SEVERITY = "error"

_LIABILITY = (Block.EVALUATION, "liability")


def _added(change: ProposalChange, block: str) -> bool:
    assert change.before is not None and change.after is not None
    return block not in change.before.meta and block in change.after.meta


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    before, after = change.before, change.after
    if before is None or after is None:
        return  # a new proposal starts before any of these (new-proposal)
    if _added(change, Block.COMPLETION_REPORT) and after.string(*COMPLETED) is None:
        yield at_key(
            change,
            (Block.COMPLETION_REPORT,),
            "problems.addition-complete.completion_day",
            hint_key="completion_day",
        )
    if not _added(change, Block.EVALUATION):
        return
    if after.string(Block.EVALUATION, "evaluated_by") is None:
        yield at_key(change, (Block.EVALUATION,), "problems.addition-complete.evaluated_by", hint_key="evaluated_by")
    outcome = after.string(*_LIABILITY, "outcome")
    if outcome is None or outcome == Liability.NONE:
        return
    liability = after.block(Block.EVALUATION).get("liability", {})
    missing = [key for key in ("findings", "body", "document") if key not in liability]
    if missing:
        yield at_key(
            change,
            _LIABILITY,
            "problems.addition-complete.liability",
            hint_key="liability",
            outcome=outcome,
            missing=", ".join(missing),
        )
