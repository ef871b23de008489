"""Attacks on `check`, `validate`, `history` and `audit` through git itself: odd file names, gitlinks,
symbolic links, executable bits and folders, each built for real in a repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.audit import audit
from registry.check import check_changes
from registry.cli import main
from registry.config import load_registry
from registry.gitrepo import Repository
from registry.history import read_history
from registry.validate import validate
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import DECISION, PATH, text

APPROVED = text("approved", extra=DECISION)
IMPLEMENTATION = "implementation:\n  start: 2025-04-01\n  end: 2025-09-30\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRegistry:
    """Main holds 2025-901 of so-tu-phap, approved; the branch pr starts from it."""
    repo = GitRegistry(tmp_path / "registry")
    repo.branch("de-xuat")
    repo.write(PATH, APPROVED)
    repo.commit("Phê duyệt 2025-901")
    repo.merge_pull_request("de-xuat")
    repo.branch("pr")
    return repo


def check(repo: GitRegistry) -> list[tuple[str, str]]:
    problems = check_changes(load_registry(repo.root), Repository(repo.root), "main").problems
    return sorted({(p.rule, p.path) for p in problems})


def validated(repo: GitRegistry) -> list[tuple[str, str]]:
    problems = validate(load_registry(repo.root), jobs=1).problems
    return sorted({(p.rule, p.path) for p in problems})


def test_a_newline_in_a_file_name_cannot_shift_the_versions_read(repo: GitRegistry) -> None:
    """A name holding a newline and the id of the approved version made `git cat-file` answer the
    approved text for the rewritten file, and `check` saw no change at all."""
    approved_blob = repo.git("rev-parse", f"main:{PATH}")
    rewritten = text("evaluated", extra=DECISION.replace("45/QĐ-STP", "99/QĐ-STP")).replace(
        "Nội dung phần này.", "Nội dung khác hẳn.", 1
    )
    repo.write(PATH, rewritten)
    decoy = f"proposals/so-tu-phap/2025-900-a.md\n{approved_blob}"
    repo.write(decoy, "không phải đề xuất")
    repo.commit("Cập nhật")
    found = check(repo)
    assert ("file-name", decoy) in found
    assert ("status-transition", PATH) in found
    assert ("frozen-content", PATH) in found
    # validate refuses the name on disk too, rather than passing over a file that does not end in .md.
    assert ("file-name", decoy) in validated(repo)


def test_a_newline_and_a_space_in_a_name_are_a_problem_not_a_traceback(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "proposals/so-tu-phap/2025-902-x.md\n :100644 100644"
    repo.write(name, text("submitted").replace('"2025-901"', '"2025-902"'))
    repo.commit("Thêm")
    assert main(["--root", str(repo.root), "check", "--base", "main", "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)["problems"]
    assert [(row["rule"], row["path"]) for row in rows] == [("file-name", name)]


def test_a_gitlink_in_place_of_a_proposal_deletes_it(repo: GitRegistry) -> None:
    repo.git("rm", "-q", "--cached", PATH)
    (repo.root / PATH).unlink()
    commit = repo.git("rev-parse", "HEAD")
    repo.git("update-index", "--add", "--cacheinfo", f"160000,{commit},{PATH}")
    repo.git("commit", "-q", "-m", "Thay bằng submodule")
    assert repo.git("ls-tree", "HEAD", PATH).startswith("160000 commit")
    assert check(repo) == [("file-type", PATH), ("proposal-deleted", PATH)]
    # Checked out, a gitlink is an empty folder where the proposal file was.
    (repo.root / PATH).mkdir(exist_ok=True)
    assert validated(repo) == [("file-type", PATH)]


def test_a_symlink_in_place_of_a_proposal_deletes_it(repo: GitRegistry) -> None:
    (repo.root / PATH).unlink()
    (repo.root / PATH).symlink_to("../../registry.yml")
    repo.commit("Thay bằng liên kết")
    assert check(repo) == [("file-symlink", PATH), ("proposal-deleted", PATH)]
    assert validated(repo) == [("file-symlink", PATH)]


def test_an_executable_bit_is_refused(repo: GitRegistry) -> None:
    (repo.root / PATH).chmod(0o755)
    repo.commit("Đặt quyền thực thi")
    assert check(repo) == [("file-type", PATH)]
    assert validated(repo) == [("file-type", PATH)]


def test_a_folder_in_place_of_a_proposal_deletes_it(repo: GitRegistry) -> None:
    (repo.root / PATH).unlink()
    inner = f"{PATH}/2025-901-de-xuat.md"
    repo.write(inner, APPROVED)
    repo.commit("Đổi thành thư mục")
    assert check(repo) == [("file-name", inner), ("proposal-deleted", PATH)]
    assert validated(repo) == [("file-type", PATH)]


@pytest.mark.parametrize(
    "new_name",
    [
        "proposals/so-tu-phap/2025-901-de-xuat.md.txt",
        "proposals/so-tu-phap/2025-901-de-xuat.MD",
        "proposals/2025-901-de-xuat.md",
        "proposals/so-tu-phap/con/2025-901-de-xuat.md",
        "proposals/So-Tu-Phap/2025-901-de-xuat.md",
        "proposals/so-tu-phap/2025-901-dề-xuat.md",
        "proposals/so-tu-phap/2025-901-de\x1bxuat.md",
    ],
)
def test_a_proposal_renamed_to_what_cannot_hold_one_is_deleted(repo: GitRegistry, new_name: str) -> None:
    (repo.root / new_name).parent.mkdir(parents=True, exist_ok=True)
    (repo.root / PATH).rename(repo.root / new_name)
    repo.commit("Đổi tên")
    assert check(repo) == [("file-name", new_name), ("proposal-deleted", PATH)]
    # On disk the first entry that cannot stand where it is is reported: the file, or its folder.
    reported = [path for rule, path in validated(repo) if rule == "file-name"]
    assert len(reported) == 1 and (new_name + "/").startswith(reported[0] + "/")


def test_a_second_file_claiming_the_id_does_not_hide_an_edit(repo: GitRegistry) -> None:
    """Pairing by id must not let one file stand in for another: the edited approved file is still
    compared with its own past."""
    repo.write(PATH, APPROVED.replace("Nội dung phần này.", "Nội dung đã sửa.", 1))
    repo.write("proposals/so-tu-phap/2025-901-ban-sao.md", APPROVED)
    repo.commit("Sửa và sao")
    found = check(repo)
    assert ("frozen-content", PATH) in found
    assert ("id-unique", "proposals/so-tu-phap/2025-901-ban-sao.md") in found


def test_a_file_name_holding_the_log_marker_cannot_hide_a_direct_push(repo: GitRegistry) -> None:
    """A name ending in the log's record marker split a commit in two: the approval pushed straight to
    main was read as the header of a commit that never was, and audit saw nothing."""
    repo.git("checkout", "-q", "main")
    repo.write(PATH, text("implementing", extra=DECISION + IMPLEMENTATION))
    for name in ("a\x1eC", "x1", "x2", "x3"):
        repo.write(name, "x")
    pushed = repo.commit("Cập nhật")
    history = read_history(Repository(repo.root))
    last = history["2025-901"][-1]
    assert (last.commit, last.status_before, last.status_after) == (pushed, "approved", "implementing")
    problems, _ = audit(Repository(repo.root), "main")
    assert [p.path for p in problems if pushed[:10] in p.message] == [PATH]


def test_a_ref_that_looks_like_an_option_is_refused(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "check", "--base=--output=/tmp/x"]) == 2
    assert "không có nhánh hay commit nào tên '--output=/tmp/x'" in capsys.readouterr().err
