"""decision-vote: an approval passed the collective's vote (more than half of the members who count)
or was overridden by the head."""

from __future__ import annotations

import dataclasses

import pytest

from registry.config import MAJORITY_OF_ALL, Registry
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
    "more than half of all members": ("approved", "  vote: {members: 7, for: 4, against: 1, absent: 2}\n"),
    "a proposer not voting lowers the count": (
        "approved",
        '  vote:\n    members: 7\n    not_voting: [{name: "Trần Văn Tư", reason: "Là tác giả"}]\n'
        "    for: 4\n    against: 2\n",
    ),
    "a failed vote of all members overridden": (
        "approved",
        "  vote: {members: 7, for: 3, against: 1, absent: 3}\n  override: true\n",
    ),
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
    "a majority of those present is not a majority of all members": (
        "approved",
        "  vote: {members: 7, for: 3, against: 1, absent: 3}\n",
        [Expect("decision-vote", 19, 3, "approved with 3 votes for of 7 members who count")],
    ),
    "half of the members who count is not more than half": (
        "approved",
        '  vote:\n    members: 7\n    not_voting: [{name: "Trần Văn Tư", reason: "Là tác giả"}]\n'
        "    for: 3\n    against: 3\n",
        [Expect("decision-vote", 19, 3, "approved with 3 votes for of 6 members who count")],
    ),
    "an override of a vote of all members that passed": (
        "approved",
        "  vote: {members: 5, for: 3, against: 2}\n  override: true\n",
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


PROPOSER = '    not_voting: [{name: "Trần Văn Tư", reason: "Là tác giả"}]\n'
NOT_VOTING = "  vote:\n    members: 7\n" + PROPOSER + "    for: 4\n    against: 2\n"


def test_the_majority_of_eligible_members_is_the_default(project_registry: Registry) -> None:
    assert project_registry.majority_of == "eligible"
    assert_problems(check_rule(project_registry, "decision-vote", decided("approved", NOT_VOTING)), [])


def test_the_majority_of_all_members_when_registry_yml_says_so(project_registry: Registry) -> None:
    """4 of 7 members is a majority of all, 3 of 7 is not, even with one member not voting."""
    of_all = dataclasses.replace(project_registry, majority_of=MAJORITY_OF_ALL)
    assert_problems(check_rule(of_all, "decision-vote", decided("approved", NOT_VOTING)), [])
    three = NOT_VOTING.replace("for: 4", "for: 3").replace("against: 2", "against: 3")
    expected = [Expect("decision-vote", 19, 3, "approved with 3 votes for of 7 members who count")]
    assert_problems(check_rule(of_all, "decision-vote", decided("approved", three)), expected)
