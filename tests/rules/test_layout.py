"""Where a proposal lies and what kind of file it is: ``file-name`` and ``file-type`` (layout.py),
``file-symlink``, ``file-unreadable`` and ``file-too-large`` (the file-system checks of the loader).
On disk through ``registry validate``, and in git through ``registry check``."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from registry.config import load_registry
from registry.load import MAX_BYTES
from registry.problem import Problem
from registry.validate import validate
from tests.helpers.rules import PATH, Expect, assert_problems, check_pull_request, pull_request, text

FOLDER = "proposals/so-tu-phap"


def validated(root: Path) -> list[Problem]:
    """What ``registry validate`` reports on the registry at ``root``."""
    return list(validate(load_registry(root), jobs=1).problems)


def write(root: Path, path: str, content: str | bytes | None = None) -> Path:
    """A file at ``path`` holding ``content`` (a valid proposal by default)."""
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text("submitted") if content is None else content
    target.write_bytes(data if isinstance(data, bytes) else data.encode())
    return target


def test_a_proposal_in_its_units_folder(registry_root: Path) -> None:
    write(registry_root, PATH)
    (registry_root / "proposals" / "so-noi-vu").mkdir()  # a unit without proposals yet
    assert_problems(validated(registry_root), [])


def a_file_under_proposals(root: Path, outside: Path) -> None:
    write(root, "proposals/README.md", "# Đề xuất\n")


def a_name_in_upper_case(root: Path, outside: Path) -> None:
    write(root, f"{FOLDER}/2025-901-De-Xuat.md")


def a_name_that_ends_in_txt(root: Path, outside: Path) -> None:
    write(root, f"{FOLDER}/2025-901-de-xuat.md.txt")


def a_newline_in_a_name(root: Path, outside: Path) -> None:
    write(root, f"{FOLDER}/2025-901-de\nxuat.md")


def a_folder_in_a_units_folder(root: Path, outside: Path) -> None:
    write(root, f"{FOLDER}/cu/2025-901-de-xuat.md")


def a_unit_folder_with_diacritics(root: Path, outside: Path) -> None:
    write(root, "proposals/sở-tư-pháp/2025-901-de-xuat.md")


def an_executable_proposal(root: Path, outside: Path) -> None:
    write(root, PATH).chmod(0o755)


def a_folder_named_like_a_proposal(root: Path, outside: Path) -> None:
    write(root, f"{PATH}/2025-901-de-xuat.md")


def a_symlink_to_a_file_outside(root: Path, outside: Path) -> None:
    """Reported, not followed: the link could show any file of the machine."""
    secret = write(outside, "secret.md")
    (root / FOLDER).mkdir(parents=True)
    (root / PATH).symlink_to(secret)


def a_symlinked_unit_folder(root: Path, outside: Path) -> None:
    write(outside, "elsewhere/2025-901-x.md", "broken")
    (root / FOLDER).symlink_to(outside / "elsewhere", target_is_directory=True)


def a_fifo(root: Path, outside: Path) -> None:
    """A reader would wait for ever on it."""
    (root / FOLDER).mkdir(parents=True)
    os.mkfifo(root / PATH)


def a_file_over_one_mebibyte(root: Path, outside: Path) -> None:
    write(root, PATH, text("submitted") + "x" * MAX_BYTES)


Setup = Callable[[Path, Path], None]
INVALID: list[tuple[Setup, Expect]] = [
    (a_file_under_proposals, Expect("file-name", 1, 1, "a file directly under proposals/", path="proposals/README.md")),
    (a_name_in_upper_case, Expect("file-name", 1, 1, "named '<id>-<slug>.md'", path=f"{FOLDER}/2025-901-De-Xuat.md")),
    (a_name_that_ends_in_txt, Expect("file-name", 1, 1, "named '<id>-<slug>.md'", path=f"{PATH}.txt")),
    (a_newline_in_a_name, Expect("file-name", 1, 1, "named '<id>-<slug>.md'", path=f"{FOLDER}/2025-901-de\nxuat.md")),
    (a_folder_in_a_units_folder, Expect("file-name", 1, 1, "a folder inside a unit's folder", path=f"{FOLDER}/cu")),
    (
        a_unit_folder_with_diacritics,
        Expect("file-name", 1, 1, "a unit folder is named like a unit id", path="proposals/sở-tư-pháp"),
    ),
    (an_executable_proposal, Expect("file-type", 1, 1, "the file is executable")),
    (a_folder_named_like_a_proposal, Expect("file-type", 1, 1, "a folder inside a unit's folder")),
    (a_symlink_to_a_file_outside, Expect("file-symlink", 1, 1, "the file is a symbolic link")),
    (a_symlinked_unit_folder, Expect("file-symlink", 1, 1, "a symbolic link to a folder", path=FOLDER)),
    (a_fifo, Expect("file-unreadable", 1, 1, "not a regular file")),
    (a_file_over_one_mebibyte, Expect("file-too-large", 1, 1, "the file is 1.0 MiB; the limit is 1 MiB")),
]


@pytest.mark.parametrize(("setup", "expected"), INVALID, ids=[setup.__name__ for setup, _ in INVALID])
def test_on_disk(registry_root: Path, tmp_path: Path, setup: Setup, expected: Expect) -> None:
    setup(registry_root, tmp_path / "outside")
    assert_problems(validated(registry_root), [expected])


def test_the_proposals_folder_as_a_symlink(registry_root: Path, tmp_path: Path) -> None:
    (registry_root / "proposals").rmdir()
    write(tmp_path, f"elsewhere/{PATH}")
    (registry_root / "proposals").symlink_to(tmp_path / "elsewhere" / "proposals", target_is_directory=True)
    expected = Expect("file-symlink", 1, 1, "a symbolic link", path="proposals")
    assert_problems(validated(registry_root), [expected])


def test_in_a_pull_request(tmp_path: Path) -> None:
    """The same names judged in git: each entry that cannot hold a proposal is reported once, and a
    well-named new proposal beside them gives nothing."""
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.write(f"{FOLDER}/2025-902-moi.md", text("draft", proposal_id="2025-902"))
    repo.write("proposals/README.md", "# Đề xuất\n")
    repo.write(f"{FOLDER}/cu/2025-903-cu.md", text("draft", proposal_id="2025-903"))
    repo.write(f"{FOLDER}/2025-904-chay-duoc.md", text("draft", proposal_id="2025-904"))
    (repo.root / FOLDER / "2025-904-chay-duoc.md").chmod(0o755)
    (repo.root / FOLDER / "2025-905-lien-ket.md").symlink_to("../../registry.yml")
    assert_problems(
        check_pull_request(repo, "Thêm tệp"),
        [
            Expect("file-name", 1, 1, "a file directly under proposals/", path="proposals/README.md"),
            Expect("file-type", 1, 1, "the file is executable", path=f"{FOLDER}/2025-904-chay-duoc.md"),
            Expect("file-symlink", 1, 1, "a symbolic link", path=f"{FOLDER}/2025-905-lien-ket.md"),
            Expect("file-name", 1, 1, "a folder inside a unit's folder", path=f"{FOLDER}/cu/2025-903-cu.md"),
        ],
    )
