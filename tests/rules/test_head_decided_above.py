"""head-decided-above: a proposal made by the head of a unit is decided by a unit above it."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import MOVED, Expect, assert_problems, check_rule, front

# The head of so-noi-vu; head_of_unit is on line 11.
HEAD = """
  - name: "Trần Minh Khôi"
    position: "Giám đốc"
    unit: so-noi-vu
    head_of_unit: true
"""


def test_a_heads_proposal_decided_by_the_unit_above(project_registry: Registry) -> None:
    proposal = front(authors=HEAD, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])


def test_an_author_who_is_not_the_head(project_registry: Registry) -> None:
    proposal = front(authors=HEAD.replace("head_of_unit: true", "head_of_unit: false"), unit="so-noi-vu")
    path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [])


def test_a_heads_proposal_decided_by_their_own_unit(project_registry: Registry) -> None:
    proposal = front(authors=HEAD, unit="so-noi-vu")
    path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    expected = Expect("head-decided-above", 11, 5, "Trần Minh Khôi heads so-noi-vu", path=path)
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [expected])


def test_a_heads_proposal_decided_by_a_unit_beside_theirs(project_registry: Registry) -> None:
    proposal = front(authors=HEAD)  # decided by so-tu-phap, a department like so-noi-vu
    expected = Expect("head-decided-above", 11, 5, "decided above it, not by so-tu-phap")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal), [expected])


@pytest.mark.xfail(
    strict=True,
    reason="bug: the head of the top unit has no unit above it, and the hint tells them to move the file "
    "to the folder of an empty parent, '()'",
)
def test_the_head_of_the_top_unit_is_told_what_to_do(project_registry: Registry) -> None:
    chairman = HEAD.replace("Giám đốc", "Chủ tịch").replace("unit: so-noi-vu", "unit: ubnd-tinh")
    problems = check_rule(project_registry, "head-decided-above", front(authors=chairman, unit="ubnd-tinh"), path=MOVED)
    assert_problems(problems, [Expect("head-decided-above", 11, 5, "Trần Minh Khôi heads ubnd-tinh", path=MOVED)])
    assert problems[0].hint is not None and "()" not in problems[0].hint


# The head of the commune of Thạnh Thới An, under the district of Trần Đề until 30/6/2025; the commune
# merged into ubnd-xa-tran-de, under the city, on 1/7/2025.
COMMUNE_HEAD = """
  - name: "Lâm Văn Sơn"
    position: "Chủ tịch Ủy ban nhân dân xã"
    unit: ubnd-xa-thanh-thoi-an
    head_of_unit: true
"""
HANDED_TO_THE_COMMUNE = (
    "transfers:\n"
    '  - {date: 2025-07-01, from: ubnd-huyen-tran-de, to: ubnd-xa-tran-de, document: "202/2025/QH15"}\n'
    "decision:\n  date: 2025-07-08\n"
)


def test_decided_by_the_district_before_it_ended(project_registry: Registry) -> None:
    proposal = front("decision:\n  date: 2025-06-10\n", authors=COMMUNE_HEAD, unit="ubnd-huyen-tran-de")
    path = "proposals/ubnd-huyen-tran-de/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [])


def test_decided_by_the_city_the_superior_of_the_merged_commune(project_registry: Registry) -> None:
    proposal = front("decision:\n  date: 2025-07-08\n", authors=COMMUNE_HEAD, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])


def test_handed_over_to_the_commune_that_the_heads_own_commune_merged_into(project_registry: Registry) -> None:
    """The district's successor is the head's own commune now: it cannot decide its head's proposal."""
    proposal = front(HANDED_TO_THE_COMMUNE, authors=COMMUNE_HEAD, unit="ubnd-xa-tran-de")
    path = "proposals/ubnd-xa-tran-de/2025-901-de-xuat.md"
    expected = Expect(
        "head-decided-above",
        11,
        5,
        "Lâm Văn Sơn heads ubnd-xa-thanh-thoi-an, so the proposal is decided above it, not by ubnd-xa-tran-de",
        path=path,
    )
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [expected])
