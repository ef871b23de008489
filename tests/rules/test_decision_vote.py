"""decision-vote: an approval passed the collective's vote (more than half) or was overridden by the head."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front


def decided(outcome: str, lines: str) -> str:
    """A decided proposal whose decision (lines 14-18) ends with ``lines`` (from line 19)."""
    status = "rejected" if outcome == "rejected" else "approved"
    return front(DECISION.replace("outcome: approved", f"outcome: {outcome}") + lines, status=status)


VALID = {
    "a majority": ("approved", "  vote: {for: 3, against: 2}\n"),
    "a majority with abstentions": ("approved", "  vote: {for: 3, against: 1, abstain: 1}\n"),
    "a pilot approved by a majority": ("approved-pilot", "  vote: {for: 2, against: 0}\n"),
    "a failed vote overridden by the head": (
        "approved",
        "  vote: {for: 2, against: 1, abstain: 1}\n  override: true\n",
    ),
    "a rejection needs no majority": ("rejected", "  vote: {for: 1, against: 4}\n"),
    "no vote recorded": ("approved", ""),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    outcome, lines = VALID[case]
    assert_problems(check_rule(project_registry, "decision-vote", decided(outcome, lines)), [])


INVALID = {
    "half is not more than half": (
        "approved",
        "  vote: {for: 2, against: 1, abstain: 1}\n",
        [Expect("decision-vote", 19, 3, "approved with 2 of 4 votes, not more than half")],
    ),
    "nobody voted": (
        "approved",
        "  vote: {for: 0, against: 0}\n",
        [Expect("decision-vote", 19, 3, "approved with 0 of 0 votes")],
    ),
    "an override without a vote": (
        "approved",
        "  override: true\n",
        [Expect("decision-vote", 19, 3, "an override needs the vote it overrides")],
    ),
    "an override of a vote that passed": (
        "approved",
        "  vote: {for: 3, against: 0}\n  override: true\n",
        [Expect("decision-vote", 20, 3, "override is only for an approval after a failed vote")],
    ),
    "an override of a rejection": (
        "rejected",
        "  vote: {for: 1, against: 4}\n  override: true\n",
        [Expect("decision-vote", 20, 3, "override is only for an approval after a failed vote")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    outcome, lines, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "decision-vote", decided(outcome, lines)), expected)


def test_counts_that_are_not_numbers_are_left_to_the_schema(project_registry: Registry) -> None:
    lines = '  vote: {for: "ba", against: 2}\n'
    assert_problems(check_rule(project_registry, "decision-vote", decided("approved", lines)), [])
