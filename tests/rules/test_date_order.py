"""date-order: the dates follow the process, from the submission to the recognition."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import (
    ADJUSTMENT,
    COMPLETED,
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


def test_a_proposal_adjusted_and_evaluated_in_order(project_registry: Registry) -> None:
    blocks = STAGES["evaluated"].replace(COMPLETED, ADJUSTMENT + COMPLETED)
    assert_problems(check_rule(project_registry, "date-order", front(blocks, status="evaluated")), [])


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
    "a referral received before it was sent": (
        "referrals:\n"
        '  - {date: 2025-03-05, received: 2025-03-04, from: so-tu-phap, to: ubnd-tinh, document: "3/STP"}\n',
        [Expect("date-order", 15, 24, "referrals.0.received (2025-03-04) is before referrals.0.date (2025-03-05)")],
    ),
    "a decision before the superior received the file": (
        'referrals:\n  - {date: 2025-03-05, received: 2025-03-11, from: so-tu-phap, to: ubnd-tinh, document: "3/STP"}\n'
        + DECISION,
        [Expect("date-order", 18, 3, "decision.date (2025-03-10) is before referrals.0.received (2025-03-11)")],
    ),
    "completed before the start": (
        DECISION + IMPLEMENTATION + COMPLETED.replace("2025-09-30", "2025-03-31"),
        [Expect("date-order", 22, 3, "implementation.completed (2025-03-31) is before implementation.start")],
    ),
    "a report before the work was completed": (
        DECISION + IMPLEMENTATION + COMPLETED.replace("2025-09-30", "2025-10-07") + REPORT,
        [Expect("date-order", 23, 21, "completion_report.date (2025-10-06) is before implementation.completed")],
    ),
    "an adjustment before the start": (
        DECISION + IMPLEMENTATION + ADJUSTMENT.replace("2025-07-01", "2025-03-31"),
        [Expect("date-order", 23, 8, "implementation.adjustments.0.date (2025-03-31) is before implementation.start")],
    ),
    "adjustments out of order": (
        DECISION
        + IMPLEMENTATION
        + ADJUSTMENT
        + '    - {date: 2025-06-01, document: "21/QĐ-STP", change: "Gia hạn lần hai.", end: 2025-11-30}\n',
        [
            Expect(
                "date-order",
                24,
                8,
                "implementation.adjustments.1.date (2025-06-01) is before implementation.adjustments.0.date",
            )
        ],
    ),
    "an adjustment's new end before the adjustment": (
        DECISION + IMPLEMENTATION + ADJUSTMENT.replace("end: 2025-10-31", "end: 2025-06-30"),
        [
            Expect(
                "date-order",
                23,
                92,
                "implementation.adjustments.0.end (2025-06-30) is before implementation.adjustments.0.date",
            )
        ],
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
