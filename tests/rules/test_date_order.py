"""date-order: the dates follow the process, from the submission to the recognition."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import (
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    PROGRESS,
    REPORT,
    STAGES,
    Expect,
    assert_problems,
    check_rule,
    front,
)


def test_a_proposal_evaluated_in_order(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "date-order", front(STAGES["evaluated"], status="evaluated")), [])


def test_the_same_day_is_in_order(project_registry: Registry) -> None:
    decision = DECISION.replace("date: 2025-03-10", "date: 2025-03-03")
    assert_problems(check_rule(project_registry, "date-order", front(decision, status="approved")), [])


# Each snippet is appended to the front matter from line 14.
INVALID = {
    "a decision before the submission": (
        DECISION.replace("date: 2025-03-10", "date: 2025-03-01"),
        [Expect("date-order", 16, 3, "decision.date (2025-03-01) is before submitted (2025-03-03)")],
    ),
    "a referral before the submission": (
        'referrals:\n  - {date: 2025-03-01, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n',
        [Expect("date-order", 15, 6, "referrals.0.date (2025-03-01) is before submitted (2025-03-03)")],
    ),
    "a decision before the referral": (
        'referrals:\n  - {date: 2025-03-12, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n' + DECISION,
        [Expect("date-order", 18, 3, "decision.date (2025-03-10) is before referrals.0.date (2025-03-12)")],
    ),
    "a planned end before the start": (
        DECISION + "implementation:\n  start: 2025-04-01\n  end: 2025-03-30\n",
        [Expect("date-order", 21, 3, "implementation.end (2025-03-30) is before implementation.start (2025-04-01)")],
    ),
    "progress out of order": (
        DECISION
        + IMPLEMENTATION
        + "  progress:\n    - {date: 2025-06-01, percent: 50}\n    - {date: 2025-05-01, percent: 60}\n",
        [Expect("date-order", 24, 8, "implementation.progress.1.date (2025-05-01) is before")],
    ),
    "an evaluation before the report": (
        DECISION + IMPLEMENTATION + PROGRESS + REPORT + EVALUATION.replace("2025-10-14", "2025-10-01"),
        [Expect("date-order", 26, 3, "evaluation.date (2025-10-01) is before completion_report.date (2025-10-06)")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    snippet, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "date-order", front(snippet)), expected)


def test_a_date_that_is_not_a_day_is_left_to_the_schema(project_registry: Registry) -> None:
    decision = DECISION.replace("date: 2025-03-10", 'date: "10/03/2025"')
    assert_problems(check_rule(project_registry, "date-order", front(decision, status="approved")), [])
