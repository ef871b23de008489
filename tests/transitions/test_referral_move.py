"""referral-move: a move to another unit's folder is a referral up the tree, of a submitted proposal,
recorded by a new ``referrals`` entry from the old unit to the new one."""

from __future__ import annotations

from pathlib import Path

from registry.config import Registry
from tests.helpers.rules import (
    DECISION,
    MOVED,
    PATH,
    STAGES,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    english,
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


# Handovers: ubnd-tp-soc-trang (a district-level city) ended on 30/6/2025, split between
# ubnd-phuong-phu-loi and ubnd-phuong-soc-trang.
OLD_CITY = "proposals/ubnd-tp-soc-trang/2025-901-de-xuat.md"
WARD = "proposals/ubnd-phuong-phu-loi/2025-901-de-xuat.md"
HANDOVER = (
    'transfers:\n  - {date: 2025-07-01, from: ubnd-tp-soc-trang, to: ubnd-phuong-phu-loi, document: "202/2025/QH15"}\n'
)


def in_old_city(status: str, extra: str = "") -> str:
    return text(status, unit="ubnd-tp-soc-trang", extra=extra).replace("submitted: 2025-03-03", "submitted: 2025-06-16")


def in_ward(status: str, extra: str = "", unit: str = "ubnd-phuong-phu-loi") -> str:
    return in_old_city(status, extra).replace("unit: ubnd-tp-soc-trang\nfield", f"unit: {unit}\nfield")


def test_a_pending_proposal_handed_over_to_a_successor(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {OLD_CITY: in_old_city("submitted")})
    repo.move(OLD_CITY, WARD)
    repo.write(WARD, in_ward("submitted", HANDOVER))
    assert_problems(check_pull_request(repo, "Bàn giao cho phường Phú Lợi"), [])


def test_an_ongoing_proposal_handed_over_keeps_what_was_decided(project_registry: Registry) -> None:
    ongoing = STAGES["implementing"]
    moved = change(in_old_city("implementing", ongoing), in_ward("implementing", ongoing + HANDOVER), OLD_CITY, WARD)
    assert_problems(check_transitions(project_registry, moved), [])


def test_a_handover_to_a_unit_that_is_not_a_successor(project_registry: Registry) -> None:
    elsewhere = HANDOVER.replace("ubnd-phuong-phu-loi", "ubnd-xa-my-tu")
    after = in_ward("submitted", elsewhere, unit="ubnd-xa-my-tu")
    moved = change(in_old_city("submitted"), after, OLD_CITY, "proposals/ubnd-xa-my-tu/2025-901-de-xuat.md")
    says = "handed over from ubnd-tp-soc-trang to ubnd-xa-my-tu, which is not one of its successors"
    path = "proposals/ubnd-xa-my-tu/2025-901-de-xuat.md"
    assert_problems(check_transitions(project_registry, moved), [Expect("referral-move", 5, 1, says, path=path)])


def test_a_closed_proposal_is_not_handed_over(project_registry: Registry) -> None:
    closed = STAGES["evaluated"]
    moved = change(in_old_city("evaluated", closed), in_ward("evaluated", closed + HANDOVER), OLD_CITY, WARD)
    says = "only a pending or ongoing proposal is handed over, keeping its status, not a evaluated one"
    problems = check_transitions(project_registry, moved)
    assert [(p.rule, p.line) for p in problems if p.rule == "referral-move"] == [("referral-move", 5)]
    assert says in english(problems[[p.rule for p in problems].index("referral-move")])
    assert any(p.rule == "frozen-content" and "transfers" in english(p) for p in problems)


def test_a_handover_that_also_decides(project_registry: Registry) -> None:
    moved = change(in_old_city("submitted"), in_ward("approved", DECISION + HANDOVER), OLD_CITY, WARD)
    problems = check_transitions(project_registry, moved)
    assert any(p.rule == "referral-move" and "made approved" in english(p) for p in problems)
