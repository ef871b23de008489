"""override-in-person: a decision against a failed vote is signed by the head in person."""

from __future__ import annotations

import dataclasses

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front

FAILED = "  vote: {members: 5, for: 2, against: 3}\n  override: true\n"


def overridden(capacity: str | None, lines: str = FAILED) -> str:
    """An approval after a failed vote, signed (line 18) in ``capacity``."""
    signer = '  signed_by: {name: "Lê Văn Bình", position: "Giám đốc"}\n'
    if capacity is not None:
        signer = signer.replace('"Giám đốc"}', f'"Giám đốc", capacity: {capacity}}}')
    decision = DECISION.replace('  signed_by: {name: "Lê Văn Bình"}\n', signer)
    return front(decision + lines, status="approved")


def test_the_head_signing_directly_may_override(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "override-in-person", overridden("truc-tiep")), [])


def test_a_format_1_record_without_a_capacity_is_not_judged(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "override-in-person", overridden(None)), [])


def test_a_deputy_may_sign_a_decision_that_follows_the_vote(project_registry: Registry) -> None:
    passed = "  vote: {members: 5, for: 4, against: 1}\n"
    assert_problems(check_rule(project_registry, "override-in-person", overridden("kt", passed)), [])


@pytest.mark.parametrize("capacity", ["kt", "tm", "tl", "tuq"])
def test_no_one_else_may_override(project_registry: Registry, capacity: str) -> None:
    problems = check_rule(project_registry, "override-in-person", overridden(capacity))
    assert_problems(problems, [Expect("override-in-person", 18, 58, f"an override signed {capacity}")])
    assert problems[0].hint is not None and "KT." in problems[0].hint and capacity in problems[0].hint


def test_registry_yml_says_which_capacities_count_as_in_person(project_registry: Registry) -> None:
    with_tm = dataclasses.replace(project_registry, in_person=("truc-tiep", "tm"))
    assert_problems(check_rule(with_tm, "override-in-person", overridden("tm")), [])
    expected = [Expect("override-in-person", 18, 58, "only the head, signing in person (truc-tiep, tm)")]
    assert_problems(check_rule(with_tm, "override-in-person", overridden("kt")), expected)
