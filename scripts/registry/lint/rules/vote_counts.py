"""The vote's counts add up: every member who may vote is counted once.

``for + against + abstain + absent`` equals ``members`` less the members listed in ``not_voting``
(a member who is one of the proposers does not vote: Decree 73/2023/NĐ-CP, Art. 8). ``absent`` is
there so that the counts can add up: the majority is of all members, so a member who missed the
meeting still counts, and without ``absent`` a collective that did not meet in full could not be
recorded truly. ``not_voting`` and ``absent`` only mean something against ``members``, so a vote
that lists them records ``members`` too.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._decision import vote_of
from registry.model import Proposal
from registry.problem import Finding

ID = "vote-counts"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    vote = vote_of(proposal)
    if vote is None:
        return
    if vote.members is None:
        if vote.not_voting or vote.absent:
            yield at_key(
                proposal,
                ("decision", "vote"),
                "problems.vote-counts.no-members",
                hint_key="no-members",
            )
        return
    counted = vote.ayes + vote.against + vote.abstain + vote.absent
    expected = vote.members - len(vote.not_voting)
    if counted != expected:
        yield at_key(
            proposal,
            ("decision", "vote"),
            "problems.vote-counts.sum",
            hint_key="sum",
            members=vote.members,
            not_voting=len(vote.not_voting),
            counted=counted,
            expected=expected,
        )
