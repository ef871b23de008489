"""liability: exclusion, exemption or reduction of liability only where the result fell short or caused
damage and the competent body found that the person followed the policy, with a clean motive, for the
common good; ``handled`` only on a finding of abuse (Decree 73/2023/NĐ-CP, Art. 11)."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import (
    COMPLETED,
    DECISION,
    IMPLEMENTATION,
    PROGRESS,
    REPORT,
    Expect,
    assert_problems,
    check_rule,
    front,
)

ALL_TRUE = "{followed_policy: true, clean_motive: true, common_good: true}"


def evaluated(outcome: str, result: str = "partial", damage: str = "false", findings: str | None = ALL_TRUE) -> str:
    """An evaluated proposal whose liability block starts on line 31: its outcome on line 32, its
    findings (when given) on line 33."""
    liability = f"  liability:\n    outcome: {outcome}\n"
    if findings is not None:
        liability += f'    findings: {findings}\n    body: so-tu-phap\n    document: "25/QĐ-STP"\n'
    evaluation = (
        f"evaluation:\n  date: 2025-10-14\n  result: {result}\n  damage: {damage}\n"
        '  causes: {objective: "Thiếu kinh phí bổ sung.", subjective: "Chưa tập huấn đủ."}\n'
        + liability
        + '  document: "20/QĐ-STP"\n  evaluated_by: so-tu-phap\n'
    )
    return front(DECISION + IMPLEMENTATION + PROGRESS + COMPLETED + REPORT + evaluation, status="evaluated")


VALID = {
    "reduced on a partial result, every finding true": evaluated("reduced"),
    "excluded on a completed result that caused damage": evaluated("excluded", result="completed", damage="true"),
    "exempted on a result not completed": evaluated("exempted", result="not-completed"),
    "none on a completed result": evaluated("none", result="completed", findings=None),
    "handled on a finding of abuse": evaluated(
        "handled", result="not-completed", findings="{followed_policy: true, clean_motive: false, common_good: false}"
    ),
    # Version 1 recorded the outcome alone; the findings are asked of new evaluations by registry check.
    "a migrated record without findings": evaluated("exempted", findings=None),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "liability", VALID[case]), [])


INVALID = {
    "reduced on a result completed without damage": (
        evaluated("reduced", result="completed"),
        [Expect("liability", 32, 5, "liability reduced on a result completed without damage")],
    ),
    "handled on a result completed without damage": (
        evaluated(
            "handled", result="completed", findings="{followed_policy: false, clean_motive: true, common_good: true}"
        ),
        [Expect("liability", 32, 5, "liability handled on a result completed without damage")],
    ),
    "exempted although the motive was not clean": (
        evaluated("exempted", findings="{followed_policy: true, clean_motive: false, common_good: true}"),
        [Expect("liability", 33, 39, "liability exempted although the finding clean_motive is false")],
    ),
    "excluded although the policy was not followed": (
        evaluated("excluded", findings="{followed_policy: false, clean_motive: true, common_good: true}"),
        [Expect("liability", 33, 16, "the finding followed_policy is false")],
    ),
    "handled without a finding of abuse": (
        evaluated("handled"),
        [Expect("liability", 33, 5, "liability handled although every finding is true")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "liability", proposal), expected)
