"""unit-in-time: a unit receives, refers, decides, suspends, evaluates and recognises only on days when
it existed (registry.yml: ``from``, ``until``); after it ended, its successor acts once the proposal
is handed over."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front

# In registry.yml: ubnd-huyen-my-tu and ubnd-huyen-tran-de existed until 30/6/2025 (districts), and
# ubnd-xa-tran-de from 1/7/2025; so-nong-nghiep-va-moi-truong from 1/3/2025; so-ke-hoach-va-dau-tu until
# 28/2/2025; ubnd-xa-thanh-thoi-an (under ubnd-huyen-tran-de) until 30/6/2025.


def authored_by(unit: str) -> str:
    return f'\n  - name: "Nguyễn Văn An"\n    position: "Chuyên viên"\n    unit: {unit}\n'


def path_of(unit: str) -> str:
    return f"proposals/{unit}/2025-901-de-xuat.md"


HANDED_OVER = """transfers:
  - {date: 2025-07-01, from: ubnd-huyen-tran-de, to: ubnd-xa-tran-de, document: "202/2025/QH15"}
decision:
  date: 2025-07-08
evaluation:
  date: 2025-12-10
recognition:
  - {date: 2025-12-20}
"""

VALID = {
    "a unit of today": ("so-tu-phap", front()),
    "an old record of a dissolved unit": (
        "ubnd-huyen-my-tu",
        front(unit="ubnd-huyen-my-tu", submitted="2024-05-06", authors=authored_by("ubnd-huyen-my-tu")),
    ),
    "its last day": ("ubnd-huyen-my-tu", front(unit="ubnd-huyen-my-tu", submitted="2025-06-30")),
    "the first day of a new unit": (
        "so-nong-nghiep-va-moi-truong",
        front(unit="so-nong-nghiep-va-moi-truong", submitted="2025-03-01"),
    ),
    "handed over, then decided and evaluated by the successor": (
        "ubnd-xa-tran-de",
        front(HANDED_OVER, unit="ubnd-xa-tran-de", submitted="2025-06-23"),
    ),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    unit, proposal = VALID[case]
    assert_problems(check_rule(project_registry, "unit-in-time", proposal, path=path_of(unit)), [])


DECIDED_LATE = "decision:\n  date: 2025-07-02\n"
REFERRED_LATE = (
    'referrals:\n  - {date: 2025-07-02, from: ubnd-xa-thanh-thoi-an, to: ubnd-huyen-tran-de, document: "3/UBND-VP"}\n'
)
RECOGNISED_LATE = "evaluation:\n  date: 2025-06-20\nrecognition:\n  - {date: 2025-07-10}\n"
SUSPENDED_EARLY = "implementation:\n  suspension:\n    date: 2025-02-27\n"

INVALID = {
    "submitted to a unit after it ended": (
        "ubnd-huyen-my-tu",
        front(unit="ubnd-huyen-my-tu", submitted="2025-07-01"),
        [
            Expect(
                "unit-in-time",
                5,
                1,
                "ubnd-huyen-my-tu received the proposal on 2025-07-01, when it did not exist (it existed ..2025-06-30)",
            )
        ],
    ),
    "submitted to a unit before it was founded": (
        "so-nong-nghiep-va-moi-truong",
        front(unit="so-nong-nghiep-va-moi-truong", submitted="2025-02-03"),
        [
            Expect(
                "unit-in-time",
                5,
                1,
                "so-nong-nghiep-va-moi-truong received the proposal on 2025-02-03, when it did not exist "
                "(it existed 2025-03-01..)",
            )
        ],
    ),
    "an author's unit that had ended": (
        "so-tai-chinh",
        front(unit="so-tai-chinh", authors=authored_by("so-ke-hoach-va-dau-tu")),
        [
            Expect(
                "unit-in-time",
                10,
                5,
                "so-ke-hoach-va-dau-tu was an author's unit on 2025-03-03, when it did not exist "
                "(it existed ..2025-02-28)",
            )
        ],
    ),
    "decided by a district after it was abolished, without a handover": (
        "ubnd-huyen-my-tu",
        front(DECIDED_LATE, unit="ubnd-huyen-my-tu", submitted="2025-06-23"),
        [
            Expect(
                "unit-in-time",
                15,
                3,
                "ubnd-huyen-my-tu decided on 2025-07-02, when it did not exist (it existed ..2025-06-30)",
            )
        ],
    ),
    "referred by a commune to its district after both ended": (
        "ubnd-huyen-tran-de",
        front(REFERRED_LATE, unit="ubnd-huyen-tran-de", submitted="2025-06-23"),
        [
            Expect(
                "unit-in-time",
                15,
                24,
                "ubnd-xa-thanh-thoi-an referred the proposal on 2025-07-02, when it did not exist "
                "(it existed ..2025-06-30)",
            ),
            Expect(
                "unit-in-time",
                15,
                53,
                "ubnd-huyen-tran-de received the referral on 2025-07-02, when it did not exist "
                "(it existed ..2025-06-30)",
            ),
        ],
    ),
    "recognised by a unit after it ended": (
        "ubnd-huyen-my-tu",
        front(RECOGNISED_LATE, unit="ubnd-huyen-my-tu", submitted="2025-03-03"),
        [
            Expect(
                "unit-in-time",
                17,
                6,
                "ubnd-huyen-my-tu recognised the work on 2025-07-10, when it did not exist (it existed ..2025-06-30)",
            )
        ],
    ),
    "suspended by a unit not yet founded": (
        "so-nong-nghiep-va-moi-truong",
        front(SUSPENDED_EARLY, unit="so-nong-nghiep-va-moi-truong", submitted="2025-03-03"),
        [
            Expect(
                "unit-in-time",
                16,
                5,
                "so-nong-nghiep-va-moi-truong suspended the work on 2025-02-27, when it did not exist "
                "(it existed 2025-03-01..)",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    unit, proposal, expected = INVALID[case]
    path = path_of(unit)
    expected = [Expect(e.rule, e.line, e.column, e.says, path=path) for e in expected]
    assert_problems(check_rule(project_registry, "unit-in-time", proposal, path=path), expected)


def test_the_hint_names_the_successors(project_registry: Registry) -> None:
    proposal = front(unit="ubnd-tp-soc-trang", submitted="2025-07-01")
    (problem,) = check_rule(project_registry, "unit-in-time", proposal, path=path_of("ubnd-tp-soc-trang"))
    assert problem.hint is not None
    assert "ubnd-phuong-phu-loi, ubnd-phuong-soc-trang" in problem.hint and "transfers" in problem.hint
