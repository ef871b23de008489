"""registry check on real pull requests: what it compares, and against which base. (What each
transition rule allows is in tests/transitions/, one module per rule.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from registry.check import check_changes
from registry.cli import main
from registry.config import load_registry
from registry.gitrepo import Repository
from tests.helpers.git import ENV, GitRegistry
from tests.helpers.rules import DECISION, IMPLEMENTATION, PATH, text


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


def test_the_new_version_is_validated_too(repo: GitRegistry) -> None:
    """A new status without its block is the schema's problem, found by check as by validate."""
    repo.write(PATH, text("approved"))
    repo.commit("Phê duyệt thiếu quyết định")
    assert check(repo) == [("schema", PATH, 11)]


def test_only_the_pull_request_is_judged_when_main_moved_on(repo: GitRegistry) -> None:
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt")
    repo.git("checkout", "-q", "main")
    other = "proposals/so-tu-phap/2025-902-khac.md"
    repo.write(other, text("approved", extra=DECISION, proposal_id="2025-902"))
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
    assert [(p.rule, p.path, p.line) for p in report.problems] == [("status-transition", PATH, 11)]


def test_a_base_the_clone_lacks_is_a_usage_error(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "check", "--base", "origin/main"]) == 2
    assert "không có nhánh hay commit nào tên 'origin/main'" in capsys.readouterr().err


def test_uncommitted_proposals_are_named_as_not_checked(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    """check compares commits: an edit not yet committed, or a new file, is named as not checked."""
    repo.write(PATH, text("submitted").replace("status: submitted", "status: approved"))  # no decision
    untracked = "proposals/so-tu-phap/2025-902-moi\n$(touch x).md"
    repo.write(untracked, "không phải đề xuất")
    assert main(["--root", str(repo.root), "check", "--base", "main"]) == 0  # nothing committed changed
    out, err = capsys.readouterr()
    assert "approved" not in out and "2025-902" not in out
    assert err.splitlines() == [
        f"{PATH}: có thay đổi chưa commit nên KHÔNG được kiểm tra "
        "(registry check chỉ so sánh các commit); hãy commit rồi chạy lại.",
        "proposals/so-tu-phap/2025-902-moi\\n$(touch x).md: có thay đổi chưa commit nên KHÔNG được kiểm tra "
        "(registry check chỉ so sánh các commit); hãy commit rồi chạy lại.",
    ]
    assert not (repo.root / "x").exists()
    # Once committed, the edit is checked; another head than the checkout says nothing of the tree.
    repo.commit("Phê duyệt")
    assert main(["--root", str(repo.root), "check", "--base", "main"]) == 1
    out, err = capsys.readouterr()
    assert "decision" in out and err == ""
    assert main(["--root", str(repo.root), "check", "--base", "main", "--head", "main"]) == 0


def test_an_uncommitted_configuration_is_named_as_the_one_in_effect(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    with (repo.root / "registry.yml").open("a", encoding="utf-8") as stream:
        stream.write("\n# ghi chú\n")
    assert main(["--root", str(repo.root), "check", "--base", "main"]) == 0
    assert capsys.readouterr().err.startswith("registry.yml: có thay đổi chưa commit; cấu hình dùng để kiểm tra")
