"""An approval either passed the collective's vote (more than half) or was overridden by the head.

Decree 73/2023/NĐ-CP, Art. 8: the collective leadership votes and the proposal passes with more than
50 %; if it fails, the head may still approve in writing and answers for it (``override: true``).
``override`` on a vote that passed, or on a rejection, is a mistake.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import APPROVALS, Outcome
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "decision-vote"
SEVERITY = "error"


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    decision = proposal.block("decision")
    vote = decision.get("vote")
    outcome = decision.get("outcome")
    override = decision.get("override") is True
    if not isinstance(vote, dict):
        if override:
            yield at_key(
                proposal, ("decision", "override"), "an override needs the vote it overrides", hint_key="no-vote"
            )
        return
    ayes, against, abstain = _count(vote.get("for")), _count(vote.get("against")), _count(vote.get("abstain", 0))
    if ayes is None or against is None or abstain is None:
        return  # the schema reports counts that are not whole numbers
    total = ayes + against + abstain
    passed = total > 0 and 2 * ayes > total
    if outcome in APPROVALS and not passed and not override:
        yield at_key(
            proposal,
            ("decision", "vote"),
            f"approved with {ayes} of {total} votes, not more than half, and no override",
            hint_key="failed",
        )
    if override and (passed or outcome == Outcome.REJECTED):
        yield at_key(
            proposal,
            ("decision", "override"),
            "override is only for an approval after a failed vote",
            hint_key="needless",
        )
