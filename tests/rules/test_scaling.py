"""scaling: a pilot is scaled up (nhân rộng) only once evaluated as completed, on or after its evaluation."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import SCALING, STAGES, Expect, assert_problems, check_rule, front

PILOT = STAGES["evaluated"].replace("outcome: approved", "outcome: approved-pilot")
SECOND = '  - {date: 2025-12-01, document: "41/QĐ-UBND", units: [so-tai-chinh], note: "Mở rộng thêm."}\n'


def scaled(blocks: str = PILOT, scaling: str = SCALING, status: str = "evaluated") -> str:
    """A proposal with ``scaling`` appended: the key on line 35, its first entry on line 36."""
    return front(blocks + scaling, status=status)


VALID = {
    "a completed pilot scaled up": scaled(),
    "scaled up twice": scaled(scaling=SCALING + SECOND.replace("2025-12-01", "2026-01-05")),
    "scaled up on the day of the evaluation": scaled(scaling=SCALING.replace("2025-12-15", "2025-10-14")),
    "no scaling": front(PILOT, status="evaluated"),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "scaling", VALID[case]), [])


INVALID = {
    "a full approval is not a pilot": (
        scaled(blocks=STAGES["evaluated"]),
        [Expect("scaling", 35, 1, "not a pilot evaluated as completed (status evaluated, decision approved,")],
    ),
    "a pilot only partly completed": (
        scaled(blocks=PILOT.replace("result: completed", "result: partial")),
        [Expect("scaling", 35, 1, "result partial)")],
    ),
    "a pilot not yet evaluated": (
        scaled(blocks=STAGES["reported"].replace("outcome: approved", "outcome: approved-pilot"), status="reported"),
        [Expect("scaling", 26, 1, "status reported")],
    ),
    "scaled up before the evaluation": (
        scaled(scaling=SCALING.replace("2025-12-15", "2025-10-13")),
        [Expect("scaling", 36, 6, "scaling.0.date (2025-10-13) is before evaluation.date (2025-10-14)")],
    ),
    "scaling decisions out of order": (
        scaled(scaling=SCALING + SECOND),
        [Expect("scaling", 37, 6, "scaling.1.date (2025-12-01) is before scaling.0.date (2025-12-15)")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, expected = INVALID[case]
    assert_problems(check_rule(project_registry, "scaling", proposal), expected)
