"""The liability recorded with an evaluation fits the result and the competent body's findings
(Decree 73/2023/NĐ-CP, Art. 11).

- Liability is considered only where the result fell short or caused damage: an outcome other than
  ``none`` on a result ``completed`` without damage is an error.
- Liability is excluded, exempted or reduced only where the person followed the policy, with a clean
  motive, for the common good: each of the three ``findings`` must be true.
- ``handled`` (xử lý theo quy định) is for abuse of the policy: at least one finding must be false.

The findings, the competent body (``body``) and its document are required of every evaluation added
from format version 2 on (``addition-complete`` in ``registry check``); version 1 did not record them,
so a migrated record without them is not an error here.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import FINDINGS, PROTECTIONS, Block, Liability, Result
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "liability"
SEVERITY = "error"

_LIABILITY = (Block.EVALUATION, "liability")


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    evaluation = proposal.block(Block.EVALUATION)
    outcome = proposal.string(*_LIABILITY, "outcome")
    if outcome is None or outcome not in set(Liability):
        return
    if outcome != Liability.NONE and evaluation.get("result") == Result.COMPLETED and evaluation.get("damage") is False:
        yield at_key(
            proposal,
            (*_LIABILITY, "outcome"),
            "problems.liability.not_considered",
            hint_key="not_considered",
            outcome=outcome,
        )
        return
    findings = evaluation.get("liability", {}).get("findings")
    if not isinstance(findings, dict):
        return
    unmet = [name for name in FINDINGS if findings.get(name) is False]
    if outcome in PROTECTIONS and unmet:
        yield at_key(
            proposal,
            (*_LIABILITY, "findings", unmet[0]),
            "problems.liability.unmet",
            hint_key="unmet",
            outcome=outcome,
            finding=unmet[0],
        )
    elif outcome == Liability.HANDLED and not unmet and all(findings.get(name) is True for name in FINDINGS):
        yield at_key(
            proposal,
            (*_LIABILITY, "findings"),
            "problems.liability.no_abuse",
            hint_key="no_abuse",
        )
