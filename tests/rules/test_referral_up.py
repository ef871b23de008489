"""referral-up: referrals go up the unit tree, one after another, and end at the deciding unit."""

from __future__ import annotations

from registry.config import Registry
from tests.helpers.rules import MOVED, Expect, assert_problems, check_rule, front

UP = 'referrals:\n  - {date: 2025-03-05, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'


def test_a_referral_up_to_the_deciding_unit(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "referral-up", front(UP, unit="ubnd-tinh"), path=MOVED), [])


def test_no_referral(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "referral-up"), [])


def test_referred_up_but_the_file_still_names_the_old_unit(project_registry: Registry) -> None:
    expected = Expect("referral-up", 5, 1, "the last referral goes to ubnd-tinh, but unit is so-tu-phap")
    assert_problems(check_rule(project_registry, "referral-up", front(UP)), [expected])


def test_a_referral_down_the_tree(project_registry: Registry) -> None:
    down = 'referrals:\n  - {date: 2025-03-05, from: ubnd-tinh, to: so-tu-phap, document: "3/UBND-VP"}\n'
    expected = Expect("referral-up", 15, 41, "so-tu-phap is not a unit above ubnd-tinh")
    assert_problems(check_rule(project_registry, "referral-up", front(down)), [expected])


def test_a_referral_that_does_not_start_where_the_last_one_ended(project_registry: Registry) -> None:
    chain = UP + '  - {date: 2025-03-06, from: so-noi-vu, to: ubnd-tinh, document: "4/SNV-VP"}\n'
    expected = Expect("referral-up", 16, 24, "referral 2 starts at so-noi-vu, not at ubnd-tinh", path=MOVED)
    assert_problems(check_rule(project_registry, "referral-up", front(chain, unit="ubnd-tinh"), path=MOVED), [expected])


# The commune of Thạnh Thới An referred a proposal to its district, which ended on 30/6/2025 and handed
# it over to ubnd-xa-tran-de; that commune then referred it to the city. Lines 14 to 18.
THEN_HANDED_OVER = """referrals:
  - {date: 2025-06-20, from: ubnd-xa-thanh-thoi-an, to: ubnd-huyen-tran-de, document: "3/UBND-VP"}
  - {date: 2025-07-03, from: ubnd-xa-tran-de, to: ubnd-tinh, document: "5/UBND-VP"}
transfers:
  - {date: 2025-07-01, from: ubnd-huyen-tran-de, to: ubnd-xa-tran-de, document: "202/2025/QH15"}
"""


def test_a_referral_after_a_handover_starts_at_the_successor(project_registry: Registry) -> None:
    proposal = front(THEN_HANDED_OVER, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "referral-up", proposal, path=MOVED), [])


def test_a_handover_that_is_last_ends_at_the_deciding_unit(project_registry: Registry) -> None:
    proposal = front(THEN_HANDED_OVER.replace("2025-07-03", "2025-06-30"), unit="ubnd-tinh")
    problems = check_rule(project_registry, "referral-up", proposal, path=MOVED)
    assert_problems(
        problems,
        [
            Expect("referral-up", 5, 1, "the last handover goes to ubnd-xa-tran-de, but unit is ubnd-tinh", path=MOVED),
            Expect(
                "referral-up", 16, 24, "referral 2 starts at ubnd-xa-tran-de, not at ubnd-huyen-tran-de", path=MOVED
            ),
        ],
    )
