"""vote-counts: for, against, abstain and absent add up to the members less those not voting."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front


def decided(lines: str) -> str:
    """An approved proposal whose decision (lines 14-18) ends with the vote ``lines`` (from line 19)."""
    return front(DECISION + lines, status="approved")


PROPOSER = '    not_voting: [{name: "Trần Văn Tư", reason: "Là tác giả đề xuất"}]\n'

VALID = {
    "everyone voted": "  vote: {members: 5, for: 3, against: 1, abstain: 1}\n",
    "two absent": "  vote: {members: 7, for: 4, against: 1, absent: 2}\n",
    "a proposer not voting": "  vote:\n    members: 5\n" + PROPOSER + "    for: 3\n    against: 1\n",
    "a format-1 vote without members": "  vote: {for: 3, against: 1}\n",
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "vote-counts", decided(VALID[case])), [])


INVALID = {
    "a member left out": (
        "  vote: {members: 7, for: 4, against: 1, abstain: 1}\n",
        "add up to 6, but 7 members less 0 not voting are 7",
    ),
    "more votes than members": ("  vote: {members: 5, for: 4, against: 2}\n", "add up to 6, but 5 members"),
    "a proposer not voting counted again": (
        "  vote:\n    members: 5\n" + PROPOSER + "    for: 3\n    against: 2\n",
        "add up to 5, but 5 members less 1 not voting are 4",
    ),
    "absent without members": (
        "  vote: {for: 3, against: 1, absent: 1}\n",
        "not_voting and absent are counted against members",
    ),
    "not voting without members": (
        "  vote:\n" + PROPOSER + "    for: 3\n    against: 1\n",
        "not_voting and absent are counted against members",
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    lines, says = INVALID[case]
    problems = check_rule(project_registry, "vote-counts", decided(lines))
    assert_problems(problems, [Expect("vote-counts", 19, 3, says)])
    assert problems[0].hint is not None and "members" in problems[0].hint
