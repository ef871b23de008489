"""vote-author: an author who is a member of the deciding collective does not vote."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front

# Two authors of so-tu-phap (the deciding unit): the first a member of its collective leadership.
AUTHORS = """
  - name: "Nguyễn Văn An"
    position: "Phó Giám đốc"
    unit: so-tu-phap
    leadership: true
  - name: "Trần Thị Bé"
    position: "Chuyên viên"
    unit: so-tu-phap
"""
NOT_VOTING = '    not_voting: [{name: "{name}", reason: "Là tác giả đề xuất"}]\n'


def decided(authors: str, not_voting: str = "") -> str:
    """Approved, with the decision on lines 18-22 and the vote from line 23 (after ``authors``'s extra lines)."""
    vote = "  vote:\n    members: 5\n" + not_voting + "    for: 4\n    against: 0\n"
    return front(DECISION + vote, status="approved", authors=authors)


def test_a_member_who_proposed_and_did_not_vote(project_registry: Registry) -> None:
    proposal = decided(AUTHORS, NOT_VOTING.replace("{name}", "Nguyễn Văn An"))
    assert_problems(check_rule(project_registry, "vote-author", proposal), [])


def test_names_are_compared_ignoring_case_and_spaces(project_registry: Registry) -> None:
    proposal = decided(AUTHORS, NOT_VOTING.replace("{name}", "nguyễn  VĂN an"))
    assert_problems(check_rule(project_registry, "vote-author", proposal), [])


def test_authors_outside_the_collective_may_be_absent_from_not_voting(project_registry: Registry) -> None:
    proposal = decided(AUTHORS.replace("    leadership: true\n", ""))
    assert_problems(check_rule(project_registry, "vote-author", proposal), [])


def test_a_decision_without_a_vote_is_not_judged(project_registry: Registry) -> None:
    proposal = front(DECISION, status="approved", authors=AUTHORS)
    assert_problems(check_rule(project_registry, "vote-author", proposal), [])


@pytest.mark.parametrize(
    ("authors", "not_voting", "who"),
    [
        (AUTHORS, "", "Nguyễn Văn An"),
        (AUTHORS, NOT_VOTING.replace("{name}", "Trần Thị Bé"), "Nguyễn Văn An"),
        # The head of the deciding unit chairs its collective.
        (AUTHORS.replace("    leadership: true\n", "    head_of_unit: true\n"), "", "Nguyễn Văn An"),
    ],
    ids=["nobody listed", "another author listed", "the head of the deciding unit"],
)
def test_an_author_in_the_collective_who_voted(
    project_registry: Registry, authors: str, not_voting: str, who: str
) -> None:
    problems = check_rule(project_registry, "vote-author", decided(authors, not_voting))
    assert_problems(problems, [Expect("vote-author", 23, 3, f"{who} is one of the authors")])
    assert problems[0].hint is not None and who in problems[0].hint and "not_voting" in problems[0].hint
