"""An approval either passed the collective's vote or was decided by the head against it.

Decree 73/2023/NĐ-CP, Art. 8: the collective leadership votes, and the proposal passes when more
than half of **all its members** vote for it, a member who is one of the proposers not voting. So
the majority is counted on ``vote.members`` less the members listed in ``vote.not_voting``
(registry.yml ``decision.majority_of: eligible``, the default), or on all members
(``majority_of: all``), not on the votes cast: a member absent or abstaining counts as not in favour.
If the vote fails, the head may still approve, personally and in writing, and answers for it:
``override: true`` (``override-in-person`` checks who signed). ``override`` on a vote that passed,
on a rejection, or without the vote it overrides, is a mistake.

A record of format 1 has no ``members``: its vote is read as format 1 read it, more than half of the
votes recorded (``for``, ``against``, ``abstain``); ``decision-record`` asks for ``members`` in the
decisions signed from ``decision.complete_from``.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lifecycle import APPROVALS, Outcome
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._decision import vote_of
from registry.model import Proposal
from registry.problem import Finding

ID = "decision-vote"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    decision = proposal.block("decision")
    outcome = decision.get("outcome")
    override = decision.get("override") is True
    if not isinstance(decision.get("vote"), dict):
        if override:
            yield at_key(proposal, ("decision", "override"), "problems.decision-vote.no-vote", hint_key="no-vote")
        return
    vote = vote_of(proposal)
    if vote is None:
        return  # the schema reports counts that are not whole numbers
    majority_of = context.registry.majority_of
    passed = vote.passed(majority_of)
    if outcome in APPROVALS and not passed and not override:
        if vote.members is None:
            key, total = "problems.decision-vote.failed-votes", vote.ayes + vote.against + vote.abstain
        else:
            key, total = "problems.decision-vote.failed-members", vote.eligible(majority_of)
        yield at_key(proposal, ("decision", "vote"), key, hint_key="failed", ayes=vote.ayes, total=total)
    if override and (passed or outcome == Outcome.REJECTED):
        yield at_key(
            proposal,
            ("decision", "override"),
            "problems.decision-vote.needless",
            hint_key="needless",
        )
