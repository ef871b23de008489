"""deadline: the decision, the completion report and the evaluation came within their working days
(a warning). Working days skip weekends and Vietnam's holidays, Tết among them. The decision is counted
from the day the deciding unit received the file, the report from the day the work was completed."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import (
    ADJUSTMENT,
    COMPLETED,
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


def completed_on(day: str, report: str = "2025-10-06", plan: str = IMPLEMENTATION) -> str:
    """Decided in time, the work completed on ``day`` (line 22 after ``IMPLEMENTATION``) and reported on
    ``report`` (the line after)."""
    completed = COMPLETED.replace("2025-09-30", day)
    return decided_on("2025-03-10", extra=plan + completed + REPORT.replace("2025-10-06", report))


REFERRAL = 'referrals:\n  - {date: 2025-03-20, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'
RECEIVED = REFERRAL.replace("date: 2025-03-20,", "date: 2025-03-20, received: 2025-03-24,")
RECEIPT = "receipt: {date: 2025-03-05, unit: so-tu-phap}\n"  # the advisory unit's receipt (line 14)

VALID = {
    # Submitted Monday 3/3/2025: 7 working days later is Wednesday 12/3.
    "decided on the last day": decided_on("2025-03-12"),
    # Submitted Friday 24/1/2025; 7 working days after, skipping Tết (27/1-1/2), is Tuesday 11/2.
    "decided on the last day after Tết": decided_on("2025-02-11", submitted="2025-01-24"),
    "not decided yet": front(),
    "reported and evaluated in time": decided_on(
        "2025-03-10", extra=IMPLEMENTATION + PROGRESS + COMPLETED + REPORT + EVALUATION
    ),
    # The plan was extended to 31/10 (Friday): the report is due 5 working days after the work was
    # completed (7/11), not after the first planned end (7/10).
    "reported in time after an extension": completed_on(
        "2025-10-31", report="2025-11-07", plan=IMPLEMENTATION + ADJUSTMENT
    ),
    # The advisory unit received the plan on Wednesday 5/3: the decision is due on Friday 14/3.
    "decided in time from the advisory unit's receipt": front(
        RECEIPT + DECISION.replace("2025-03-10", "2025-03-14"), status="approved"
    ),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "deadline", VALID[case]), [])


def test_the_deadline_runs_from_the_last_referral(project_registry: Registry) -> None:
    late_from_submission = front(REFERRAL + DECISION.replace("2025-03-10", "2025-03-28"), unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "deadline", late_from_submission, path=MOVED), [])


def test_the_deadline_runs_from_the_day_the_superior_received_the_file(project_registry: Registry) -> None:
    """Sent Thursday 20/3, received Monday 24/3: the decision is due Wednesday 2/4, not Monday 31/3."""
    in_time = front(RECEIVED + DECISION.replace("2025-03-10", "2025-04-02"), unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "deadline", in_time, path=MOVED), [])
    late = front(RECEIVED + DECISION.replace("2025-03-10", "2025-04-03"), unit="ubnd-tinh")
    expected = [Expect("deadline", 18, 3, "after the deadline of 7 working days (2025-04-02)", "warning", MOVED)]
    assert_problems(check_rule(project_registry, "deadline", late, path=MOVED), expected)


INVALID = {
    "decided a day late": (
        decided_on("2025-03-13"),
        [
            Expect(
                "deadline",
                16,
                3,
                "The decision on 2025-03-13, after the deadline of 7 working days (2025-03-12)",
                "warning",
            )
        ],
    ),
    "decided a day late after Tết": (
        decided_on("2025-02-12", submitted="2025-01-24"),
        [Expect("deadline", 16, 3, "after the deadline of 7 working days (2025-02-11)", "warning")],
    ),
    "decided late from the advisory unit's receipt": (
        front(RECEIPT + DECISION.replace("2025-03-10", "2025-03-17"), status="approved"),
        [Expect("deadline", 17, 3, "after the deadline of 7 working days (2025-03-14)", "warning")],
    ),
    # Completed on Tuesday 30/9: the report is due 5 working days later, Tuesday 7/10.
    "reported late": (
        completed_on("2025-09-30", report="2025-10-08"),
        [
            Expect(
                "deadline",
                23,
                21,
                "The completion report on 2025-10-08, after the deadline of 5 working days",
                "warning",
            )
        ],
    ),
    # Completed on Monday 1/9, before the planned end (30/9): the report was due on Tuesday 9/9 (1/9
    # and 2/9 are the National Day holiday), though it came within 5 working days of the planned end.
    "reported late after completing early": (
        completed_on("2025-09-01"),
        [Expect("deadline", 23, 21, "after the deadline of 5 working days (2025-09-09)", "warning")],
    ),
    "reported without the day the work was completed": (
        decided_on("2025-03-10", extra=IMPLEMENTATION + REPORT),
        [Expect("deadline", 22, 1, "completion_report without implementation.completed", "warning")],
    ),
    # Reported Monday 6/10: the evaluation is due 7 working days later, Wednesday 15/10.
    "evaluated late": (
        decided_on(
            "2025-03-10", extra=IMPLEMENTATION + COMPLETED + REPORT + EVALUATION.replace("2025-10-14", "2025-10-16")
        ),
        [
            Expect(
                "deadline",
                25,
                3,
                "The evaluation on 2025-10-16, after the deadline of 7 working days (2025-10-15)",
                "warning",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "deadline", proposal), expected)
