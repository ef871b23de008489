"""receipt-appraisal: submitted ≤ receipt ≤ appraisal ≤ decision, by units that existed then."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front

# receipt on line 14, appraisal on lines 15-18, the decision (dated 2025-03-10) on lines 19-23.
RECEIPT = "receipt: {date: 2025-03-04, unit: so-tu-phap}\n"
APPRAISAL = """appraisal:
  date: 2025-03-06
  unit: so-tu-phap
  opinion: "Đề xuất khả thi, đúng thẩm quyền của Sở."
"""


def recorded(edit: tuple[str, str] = ("", ""), blocks: str = RECEIPT + APPRAISAL + DECISION) -> str:
    return front(blocks, status="approved").replace(*edit, 1)


def test_in_order_by_units_that_existed(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "receipt-appraisal", recorded()), [])


def test_all_on_one_day(project_registry: Registry) -> None:
    same = recorded().replace("2025-03-04", "2025-03-03").replace("2025-03-06", "2025-03-03")
    assert_problems(check_rule(project_registry, "receipt-appraisal", same), [])


def test_a_receipt_alone_while_waiting(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "receipt-appraisal", front(RECEIPT)), [])


def test_a_decision_before_the_submission_is_left_to_date_order(project_registry: Registry) -> None:
    proposal = front(DECISION.replace("2025-03-10", "2025-03-01"), status="approved")
    assert_problems(check_rule(project_registry, "receipt-appraisal", proposal), [])


INVALID = {
    "received before submitted": (
        ("date: 2025-03-04", "date: 2025-03-01"),
        Expect("receipt-appraisal", 14, 11, "receipt.date (2025-03-01) is before submitted (2025-03-03)"),
    ),
    "appraised before received": (
        ("date: 2025-03-06", "date: 2025-03-03"),
        Expect("receipt-appraisal", 16, 3, "appraisal.date (2025-03-03) is before receipt.date (2025-03-04)"),
    ),
    "decided before appraised": (
        ("date: 2025-03-10", "date: 2025-03-05"),
        Expect("receipt-appraisal", 21, 3, "decision.date (2025-03-05) is before appraisal.date (2025-03-06)"),
    ),
    "a unit registry.yml lacks": (
        ("unit: so-tu-phap}", "unit: phong-to-chuc}"),
        Expect("receipt-appraisal", 14, 29, "unknown unit 'phong-to-chuc'"),
    ),
    "a unit that no longer existed": (
        ("\n  unit: so-tu-phap\n", "\n  unit: so-ke-hoach-va-dau-tu\n"),
        Expect("receipt-appraisal", 17, 3, "the unit so-ke-hoach-va-dau-tu did not exist on 2025-03-06"),
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    edit, expected = INVALID[case]
    problems = check_rule(project_registry, "receipt-appraisal", recorded(edit))
    assert_problems(problems, [expected])
    assert problems[0].hint is not None


def test_an_appraisal_without_a_receipt(project_registry: Registry) -> None:
    proposal = front(APPRAISAL + DECISION.replace("date: 2025-03-10", "date: 2025-03-10"), status="approved")
    expected = Expect("receipt-appraisal", 14, 1, "an appraisal without the receipt before it")
    assert_problems(check_rule(project_registry, "receipt-appraisal", proposal), [expected])
