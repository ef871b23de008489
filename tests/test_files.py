"""What a file system can do to a proposal: symlinks, size, paths outside the registry, line endings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registry.cli import main
from registry.config import load_registry
from registry.load import MAX_BYTES
from registry.validate import validate
from tests.helpers.proposals import WriteProposal, proposal_text


def rules_of(root: Path, *paths: str) -> list[tuple[str, str, int]]:
    report = validate(load_registry(root), list(paths), jobs=1)
    return [(p.path, p.rule, p.line) for p in report.problems]


def test_a_symlink_is_reported_and_not_followed(registry_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(proposal_text(load_registry(registry_root)), encoding="utf-8")
    link = registry_root / "proposals" / "so-tu-phap" / "2025-901-lien-ket.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    assert rules_of(registry_root) == [("proposals/so-tu-phap/2025-901-lien-ket.md", "file-symlink", 1)]


def test_a_symlinked_folder_is_reported_and_not_walked(registry_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2025-901-x.md").write_text("broken", encoding="utf-8")
    (registry_root / "proposals" / "so-tu-phap").symlink_to(outside, target_is_directory=True)
    assert rules_of(registry_root) == [("proposals/so-tu-phap", "file-symlink", 1)]


def test_a_path_reaching_outside_the_registry_is_a_usage_error(
    registry_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "2025-901-x.md"
    outside.write_text("---\n---\n", encoding="utf-8")
    status = main(
        ["--root", str(registry_root), "validate", str(registry_root / "proposals" / ".." / ".." / outside.name)]
    )
    assert status == 2
    assert "outside the registry" in capsys.readouterr().err


def test_a_file_over_one_mebibyte_is_refused(write_proposal: WriteProposal, registry_root: Path) -> None:
    registry = load_registry(registry_root)
    text = proposal_text(registry) + "x" * MAX_BYTES
    write_proposal(text)
    assert rules_of(registry_root) == [("proposals/so-tu-phap/2025-901-de-xuat.md", "file-too-large", 1)]


def test_a_fifo_is_not_read(registry_root: Path) -> None:
    folder = registry_root / "proposals" / "so-tu-phap"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "2025-901-ong.md")
    assert [rule for _, rule, _ in rules_of(registry_root)] == ["file-unreadable"]


def test_windows_line_endings_are_accepted(write_proposal: WriteProposal, registry_root: Path) -> None:
    text = proposal_text(load_registry(registry_root)).replace("\n", "\r\n")
    write_proposal(text)
    assert rules_of(registry_root) == []


def test_a_valid_file_gives_no_problem_and_its_neighbours_are_not_read(
    write_proposal: WriteProposal, registry_root: Path
) -> None:
    good = write_proposal(proposal_text(load_registry(registry_root)))
    write_proposal(b"\xff\xfe broken", name="2025-902-hong.md")
    assert rules_of(registry_root, str(good)) == []
    assert [rule for _, rule, _ in rules_of(registry_root)] == ["file-encoding"]
