"""referral-move: a move to another unit's folder is a referral up the tree, of a submitted proposal,
recorded by a new ``referrals`` entry from the old unit to the new one."""

from __future__ import annotations

from pathlib import Path

from registry.config import Registry
from tests.helpers.rules import (
    DECISION,
    MOVED,
    PATH,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    pull_request,
    staged,
    text,
)

UP = 'referrals:\n  - {date: 2025-03-05, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'
DOWN = 'referrals:\n  - {date: 2025-03-05, from: ubnd-tinh, to: so-tu-phap, document: "3/UBND-VP"}\n'


def test_a_referral_up_with_its_entry(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.move(PATH, MOVED)
    repo.write(MOVED, text("submitted", unit="ubnd-tinh", extra=UP))
    assert_problems(check_pull_request(repo, "Chuyển lên UBND"), [])


def test_a_move_without_a_referral_entry(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.move(PATH, MOVED)
    repo.write(MOVED, text("submitted", unit="ubnd-tinh"))
    expected = Expect(
        "referral-move", 5, 1, "the move from so-tu-phap to ubnd-tinh has no new referrals entry", path=MOVED
    )
    assert_problems(check_pull_request(repo, "Chuyển thư mục"), [expected])


def test_a_move_down_the_tree(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {MOVED: text("submitted", unit="ubnd-tinh")})
    repo.move(MOVED, PATH)
    repo.write(PATH, text("submitted", extra=DOWN))
    assert_problems(
        check_pull_request(repo, "Chuyển xuống"),
        [
            Expect("referral-move", 5, 1, "moved from ubnd-tinh to so-tu-phap, which is not above it"),
            Expect("referral-up", 15, 41, "so-tu-phap is not a unit above ubnd-tinh"),
        ],
    )


def test_an_entry_that_names_another_referral(project_registry: Registry) -> None:
    other = UP.replace("from: so-tu-phap", "from: so-noi-vu")
    moved = change(text("submitted"), text("submitted", unit="ubnd-tinh", extra=other), PATH, MOVED)
    says = "the move from so-tu-phap to ubnd-tinh has no new referrals entry"
    assert_problems(check_transitions(project_registry, moved), [Expect("referral-move", 5, 1, says, path=MOVED)])


def test_a_unit_changed_in_place_is_a_move_too(project_registry: Registry) -> None:
    """The folder is unit-folder's; the move is judged on ``unit`` alone."""
    in_place = change(text("submitted"), text("submitted", unit="ubnd-tinh", extra=UP))
    assert_problems(check_transitions(project_registry, in_place), [])


def test_an_approved_proposal_is_not_referred(project_registry: Registry) -> None:
    """Once decided, the unit is frozen as well (frozen-content's)."""
    moved = change(staged("approved"), text("approved", unit="ubnd-tinh", extra=DECISION + UP), PATH, MOVED)
    assert_problems(
        check_transitions(project_registry, moved),
        [
            Expect("frozen-content", 5, 1, "unit of a approved proposal was changed", path=MOVED),
            Expect("referral-move", 5, 1, "only a submitted proposal is referred, not a approved one", path=MOVED),
            Expect("frozen-content", 19, 1, "referrals of a approved proposal was changed", path=MOVED),
        ],
    )
