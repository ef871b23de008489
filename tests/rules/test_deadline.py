"""deadline: the decision, the completion report and the evaluation came within their working days
(a warning). Working days skip weekends and Vietnam's holidays, Tết among them."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import (
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    MOVED,
    PROGRESS,
    REPORT,
    Expect,
    assert_problems,
    check_rule,
    front,
)


def decided_on(day: str, submitted: str = "2025-03-03", extra: str = "") -> str:
    """A proposal submitted on ``submitted`` and decided on ``day`` (decision.date on line 16)."""
    return front(DECISION.replace("2025-03-10", day) + extra, status="approved", submitted=submitted)


VALID = {
    # Submitted Monday 3/3/2025: 7 working days later is Wednesday 12/3.
    "decided on the last day": decided_on("2025-03-12"),
    # Submitted Friday 24/1/2025; 7 working days after, skipping Tết (27/1-1/2), is Tuesday 11/2.
    "decided on the last day after Tết": decided_on("2025-02-11", submitted="2025-01-24"),
    "not decided yet": front(),
    "reported and evaluated in time": decided_on("2025-03-10", extra=IMPLEMENTATION + PROGRESS + REPORT + EVALUATION),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "deadline", VALID[case]), [])


def test_the_deadline_runs_from_the_last_referral(project_registry: Registry) -> None:
    referral = 'referrals:\n  - {date: 2025-03-20, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'
    late_from_submission = front(referral + DECISION.replace("2025-03-10", "2025-03-28"), unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "deadline", late_from_submission, path=MOVED), [])


INVALID = {
    "decided a day late": (
        decided_on("2025-03-13"),
        [
            Expect(
                "deadline",
                16,
                3,
                "decision on 2025-03-13, after the deadline of 7 working days (2025-03-12)",
                "warning",
            )
        ],
    ),
    "decided a day late after Tết": (
        decided_on("2025-02-12", submitted="2025-01-24"),
        [Expect("deadline", 16, 3, "after the deadline of 7 working days (2025-02-11)", "warning")],
    ),
    # The planned end is Tuesday 30/9: the report is due 5 working days later, Tuesday 7/10.
    "reported late": (
        decided_on("2025-03-10", extra=IMPLEMENTATION + REPORT.replace("2025-10-06", "2025-10-08")),
        [
            Expect(
                "deadline", 22, 21, "completion_report on 2025-10-08, after the deadline of 5 working days", "warning"
            )
        ],
    ),
    # Reported Monday 6/10: the evaluation is due 7 working days later, Wednesday 15/10.
    "evaluated late": (
        decided_on("2025-03-10", extra=IMPLEMENTATION + REPORT + EVALUATION.replace("2025-10-14", "2025-10-16")),
        [
            Expect(
                "deadline",
                24,
                3,
                "evaluation on 2025-10-16, after the deadline of 7 working days (2025-10-15)",
                "warning",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "deadline", proposal), expected)
