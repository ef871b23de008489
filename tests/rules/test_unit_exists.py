"""unit-exists: every unit named (deciding unit, authors', referrals' and transfers' units) is in
registry.yml; on which days each may act is unit-in-time's."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import SCALING, STAGES, Expect, assert_problems, check_rule, front

UNKNOWN_AUTHOR_UNIT = """
  - name: "Nguyễn Văn An"
    position: "Chuyên viên"
    unit: so-khong-co
"""


def test_units_that_exist(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "unit-exists"), [])


# Units that ended stay in registry.yml, so that their old records stay valid (unit-in-time checks the days).
@pytest.mark.parametrize(
    ("unit", "submitted"),
    [("ubnd-huyen-my-tu", "2024-05-06"), ("ubnd-huyen-my-tu", "2025-07-01"), ("so-ke-hoach-va-dau-tu", "2024-10-01")],
    ids=["an old record of a dissolved district", "even after its end", "a department merged in 2025"],
)
def test_a_unit_that_ended_is_still_known(project_registry: Registry, unit: str, submitted: str) -> None:
    proposal = front(unit=unit, submitted=submitted)
    path = f"proposals/{unit}/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "unit-exists", proposal, path=path), [])


INVALID = {
    "an unknown deciding unit": (
        front(unit="so-khong-co"),
        "so-khong-co",
        [Expect("unit-exists", 5, 1, "unknown unit 'so-khong-co'", path="proposals/so-khong-co/2025-901-de-xuat.md")],
    ),
    "an unknown author's unit": (
        front(authors=UNKNOWN_AUTHOR_UNIT),
        "so-tu-phap",
        [Expect("unit-exists", 10, 5, "unknown unit 'so-khong-co'")],
    ),
    "an unknown unit in a referral": (
        front('referrals:\n  - {date: 2025-03-05, from: so-tu-phap, to: so-khong-co, document: "3/STP-VP"}\n'),
        "so-tu-phap",
        [Expect("unit-exists", 15, 42, "unknown unit 'so-khong-co'")],
    ),
    "an unknown unit in a transfer": (
        front(
            'transfers:\n  - {date: 2025-07-01, from: ubnd-huyen-khong-co, to: so-tu-phap, document: "202/2025/QH15"}\n'
        ),
        "so-tu-phap",
        [Expect("unit-exists", 15, 24, "unknown unit 'ubnd-huyen-khong-co'")],
    ),
    # The evaluation block starts on line 26 (evaluated_by on 32); scaling on line 35.
    "an unknown unit that evaluated": (
        front(STAGES["evaluated"].replace("evaluated_by: so-tu-phap", "evaluated_by: so-khong-co"), status="evaluated"),
        "so-tu-phap",
        [Expect("unit-exists", 32, 3, "unknown unit 'so-khong-co'")],
    ),
    "an unknown body competent for liability": (
        front(
            STAGES["evaluated"].replace(
                "liability: {outcome: none}", "liability: {outcome: reduced, body: so-khong-co}"
            ),
            status="evaluated",
        ),
        "so-tu-phap",
        [Expect("unit-exists", 30, 33, "unknown unit 'so-khong-co'")],
    ),
    "an unknown unit a pilot is scaled up to": (
        front(STAGES["evaluated"] + SCALING.replace("so-y-te", "so-khong-co"), status="evaluated"),
        "so-tu-phap",
        [Expect("unit-exists", 36, 67, "unknown unit 'so-khong-co'")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    proposal, folder, expected = INVALID[case]
    path = f"proposals/{folder}/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "unit-exists", proposal, path=path), expected)
