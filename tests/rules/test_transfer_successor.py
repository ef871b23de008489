"""transfer-successor: a proposal is handed over only to a successor of its unit, once that unit has
ended, from the unit that held it, and not once it was closed."""

from __future__ import annotations

import dataclasses

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front

# In registry.yml: ubnd-tp-soc-trang (the city of Sóc Trăng, a district) existed until 30/6/2025 and was
# split between ubnd-phuong-phu-loi and ubnd-phuong-soc-trang; ubnd-thi-xa-vinh-chau likewise among
# three wards; so-tai-nguyen-va-moi-truong ended on 28/2/2025 (successor so-nong-nghiep-va-moi-truong).


def transfers(*entries: str) -> str:
    return "transfers:\n" + "".join(f"  - {{{entry}}}\n" for entry in entries)


def path_of(unit: str) -> str:
    return f"proposals/{unit}/2025-901-de-xuat.md"


TO_SOC_TRANG = 'date: 2025-07-01, from: ubnd-tp-soc-trang, to: ubnd-phuong-soc-trang, document: "202/2025/QH15"'
TO_PHU_LOI = 'date: 2025-07-01, from: ubnd-tp-soc-trang, to: ubnd-phuong-phu-loi, document: "202/2025/QH15"'

VALID = {
    "a split district hands over to one of its successors": ("ubnd-phuong-soc-trang", transfers(TO_SOC_TRANG)),
    "to another of them": ("ubnd-phuong-phu-loi", transfers(TO_PHU_LOI)),
    "a department merged on 1/3/2025, on its successor's first day": (
        "so-nong-nghiep-va-moi-truong",
        transfers(
            "date: 2025-03-01, from: so-tai-nguyen-va-moi-truong, to: so-nong-nghiep-va-moi-truong, "
            'document: "45/2025/NĐ-CP"'
        ),
    ),
    "no transfer": ("so-tu-phap", ""),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    unit, extra = VALID[case]
    proposal = front(extra, unit=unit, submitted="2025-02-24")
    assert_problems(check_rule(project_registry, "transfer-successor", proposal, path=path_of(unit)), [])


INVALID = {
    "to a unit that is not a successor": (
        "ubnd-xa-my-tu",
        transfers('date: 2025-07-01, from: ubnd-tp-soc-trang, to: ubnd-xa-my-tu, document: "202/2025/QH15"'),
        [
            Expect(
                "transfer-successor",
                15,
                49,
                "ubnd-xa-my-tu is not a successor of ubnd-tp-soc-trang "
                "(its successors: ubnd-phuong-phu-loi, ubnd-phuong-soc-trang)",
            )
        ],
    ),
    "on the last day of the old unit": (
        "ubnd-phuong-phu-loi",
        transfers(TO_PHU_LOI.replace("2025-07-01", "2025-06-30")),
        [
            Expect(
                "transfer-successor",
                15,
                6,
                "ubnd-tp-soc-trang still existed on 2025-06-30 (until 2025-06-30): "
                "a proposal is handed over once its unit has ended",
            )
        ],
    ),
    "from a unit that has not ended": (
        "so-noi-vu",
        transfers('date: 2025-07-01, from: so-tu-phap, to: so-noi-vu, document: "202/2025/QH15"'),
        [
            Expect("transfer-successor", 15, 6, "so-tu-phap still existed on 2025-07-01 (with no end date)"),
            Expect("transfer-successor", 15, 42, "so-noi-vu is not a successor of so-tu-phap (its successors: —)"),
        ],
    ),
    "a second handover that does not start where the first ended": (
        "ubnd-phuong-vinh-chau",
        transfers(
            TO_PHU_LOI,
            'date: 2025-07-02, from: ubnd-thi-xa-vinh-chau, to: ubnd-phuong-vinh-chau, document: "202/2025/QH15"',
        ),
        [
            Expect(
                "transfer-successor",
                16,
                24,
                "transfer 2 starts at ubnd-thi-xa-vinh-chau, but ubnd-phuong-phu-loi held the proposal on 2025-07-02",
            )
        ],
    ),
    "a proposal rejected before the handover": (
        "ubnd-phuong-phu-loi",
        transfers(TO_PHU_LOI) + "decision:\n  outcome: rejected\n  date: 2025-06-20\n",
        [
            Expect(
                "transfer-successor",
                15,
                6,
                "the proposal was closed on 2025-06-20, before it was handed over on 2025-07-01",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    unit, extra, expected = INVALID[case]
    proposal = front(extra, unit=unit, submitted="2025-06-16")
    path = path_of(unit)
    expected = [Expect(e.rule, e.line, e.column, e.says, path=path) for e in expected]
    assert_problems(check_rule(project_registry, "transfer-successor", proposal, path=path), expected)


def test_to_a_successor_that_no_longer_existed(project_registry: Registry) -> None:
    """A successor that itself ended (here: so-nong-nghiep-va-moi-truong, made to end on 30/6/2025)
    cannot take a proposal after its own end."""
    units = dict(project_registry.units)
    units["so-nong-nghiep-va-moi-truong"] = dataclasses.replace(units["so-nong-nghiep-va-moi-truong"], end="2025-06-30")
    registry = dataclasses.replace(project_registry, units=units)
    late = (
        "date: 2025-07-01, from: so-tai-nguyen-va-moi-truong, to: so-nong-nghiep-va-moi-truong, "
        'document: "45/2025/NĐ-CP"'
    )
    path = path_of("so-nong-nghiep-va-moi-truong")
    proposal = front(transfers(late), unit="so-nong-nghiep-va-moi-truong", submitted="2025-02-24")
    expected = Expect(
        "transfer-successor",
        15,
        6,
        "so-nong-nghiep-va-moi-truong did not exist on 2025-07-01 (it existed 2025-03-01..2025-06-30)",
        path=path,
    )
    assert_problems(check_rule(registry, "transfer-successor", proposal, path=path), [expected])
