"""registry check on real pull requests: what the lifecycle allows between the base and the head."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from registry.check import check_changes
from registry.cli import main
from registry.config import load_registry
from registry.gitrepo import Repository
from tests.helpers.git import ENV, GitRegistry
from tests.helpers.proposals import DECISION, PATH, text

IMPLEMENTATION = "implementation:\n  start: 2025-04-01\n  end: 2025-09-30\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRegistry:
    """Main holds one submitted proposal, 2025-901 of so-tu-phap."""
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình đề xuất (#1)")
    repo.branch("pr")
    return repo


def check(repo: GitRegistry, base: str = "main", head: str = "HEAD") -> list[tuple[str, str, int]]:
    report = check_changes(load_registry(repo.root), Repository(repo.root), base, head)
    return [(p.rule, p.path, p.line) for p in report.problems]


def test_a_decision_with_its_block_passes(repo: GitRegistry) -> None:
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt")
    assert check(repo) == []


def test_a_skipped_step(repo: GitRegistry) -> None:
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    repo.commit("Triển khai luôn")
    assert check(repo) == [("status-transition", PATH, 11)]


def test_a_new_status_without_its_block(repo: GitRegistry) -> None:
    repo.write(PATH, text("approved"))
    repo.commit("Phê duyệt thiếu quyết định")
    assert check(repo) == [("schema", PATH, 11)]


def test_a_new_proposal_must_start_as_draft_or_submitted(repo: GitRegistry) -> None:
    other = "proposals/so-tu-phap/2025-902-khac.md"
    repo.write(other, text("approved", extra=DECISION).replace('"2025-901"', '"2025-902"'))
    repo.commit("Thêm đề xuất đã duyệt")
    assert check(repo) == [("new-proposal", other, 11)]


def test_a_changed_id(repo: GitRegistry) -> None:
    repo.write(PATH, text("submitted").replace('"2025-901"', '"2025-903"'))
    repo.commit("Đổi mã")
    assert check(repo) == [("id-changed", PATH, 2), ("id-file-name", PATH, 2)]


def test_what_was_approved_is_frozen(repo: GitRegistry) -> None:
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt (#2)")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--ff-only", "pr")
    repo.branch("sua")
    edited = text("approved", extra=DECISION.replace("45/QĐ-STP", "46/QĐ-STP")).replace(
        "Nội dung phần này.", "Nội dung đã sửa.", 1
    )
    repo.write(PATH, edited)
    repo.commit("Sửa nội dung")
    assert check(repo) == [("frozen-content", PATH, 14), ("frozen-content", PATH, 23)]
    # Adding the implementation is what a later pull request may do.
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    repo.commit("Triển khai")
    assert check(repo) == []


def test_a_referral_up_with_its_entry(repo: GitRegistry) -> None:
    moved = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    repo.move(PATH, moved)
    referral = 'referrals:\n  - {date: 2025-03-05, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'
    repo.write(moved, text("submitted", unit="ubnd-tinh", extra=referral))
    repo.commit("Chuyển lên UBND")
    assert check(repo) == []


def test_a_move_without_a_referral_entry(repo: GitRegistry) -> None:
    moved = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    repo.move(PATH, moved)
    repo.write(moved, text("submitted", unit="ubnd-tinh"))
    repo.commit("Chuyển thư mục")
    assert check(repo) == [("referral-move", moved, 5)]


def test_a_move_down_the_tree(tmp_path: Path) -> None:
    repo = GitRegistry(tmp_path / "registry")
    top = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    repo.write(top, text("submitted", unit="ubnd-tinh"))
    repo.commit("Trình (#1)")
    repo.branch("pr")
    repo.move(top, PATH)
    referral = 'referrals:\n  - {date: 2025-03-05, from: ubnd-tinh, to: so-tu-phap, document: "3/UBND-VP"}\n'
    repo.write(PATH, text("submitted", extra=referral))
    repo.commit("Chuyển xuống")
    assert [rule for rule, _, _ in check(repo)] == ["referral-move", "referral-up"]


def test_a_deleted_proposal(repo: GitRegistry) -> None:
    repo.git("rm", "-q", PATH)
    repo.commit("Xóa")
    assert check(repo) == [("proposal-deleted", PATH, 1)]


def test_several_decisions_in_one_pull_request_warn(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    other = "proposals/so-tu-phap/2025-902-khac.md"
    repo.git("checkout", "-q", "main")
    repo.write(other, text("submitted").replace('"2025-901"', '"2025-902"'))
    repo.commit("Trình thêm (#2)")
    repo.git("checkout", "-q", "pr")
    repo.git("merge", "-q", "main")
    repo.write(PATH, text("approved", extra=DECISION))
    repo.write(
        other,
        text("rejected", extra=DECISION.replace("outcome: approved", "outcome: rejected")).replace(
            '"2025-901"', '"2025-902"'
        ),
    )
    repo.commit("Quyết định hai đề xuất")
    assert main(["--root", str(repo.root), "check", "--base", "main", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["checked"] == 2
    assert [(p["rule"], p["severity"]) for p in report["problems"]] == [("one-decision", "warning")] * 2


def test_only_the_pull_request_is_judged_when_main_moved_on(repo: GitRegistry) -> None:
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt")
    repo.git("checkout", "-q", "main")
    other = "proposals/so-tu-phap/2025-902-khac.md"
    repo.write(other, text("approved", extra=DECISION).replace('"2025-901"', '"2025-902"'))
    repo.commit("Đẩy thẳng lên main")  # not part of the pull request: not its problem
    repo.git("checkout", "-q", "pr")
    assert check(repo) == []
    # The merge GitHub checks out for a pull request: main with the pull request merged in.
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #9")
    assert check(repo, base="HEAD~1") == []


def test_a_shallow_clone_that_has_the_base(repo: GitRegistry, tmp_path: Path) -> None:
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    repo.commit("Bỏ bước")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "pr", f"file://{repo.root}", str(clone)], env=ENV, check=True
    )
    subprocess.run(["git", "fetch", "-q", "--depth", "1", "origin", "main:main"], cwd=clone, env=ENV, check=True)
    for name in ("registry.yml", "schema"):
        assert (clone / name).exists()
    report = check_changes(load_registry(clone), Repository(clone), "main")
    assert report.checked == 1
    assert [p.rule for p in report.problems] == ["status-transition"]


def test_a_base_the_clone_lacks_is_a_usage_error(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "check", "--base", "origin/main"]) == 2
    assert "unknown revision 'origin/main'" in capsys.readouterr().err
