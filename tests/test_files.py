"""What a file system can do to a proposal: paths outside the registry, line endings, files named
on the command line. (Symlinks, FIFOs and sizes are the layout's rules: tests/rules/test_layout.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.cli import main
from registry.config import load_registry
from registry.validate import validate
from tests.helpers.proposals import WriteProposal, proposal_text


def rules_of(root: Path, *paths: str) -> list[tuple[str, str, int, int]]:
    report = validate(load_registry(root), list(paths), jobs=1)
    return [(p.path, p.rule, p.line, p.column) for p in report.problems]


def test_a_path_reaching_outside_the_registry_is_a_usage_error(
    registry_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "2025-901-x.md"
    outside.write_text("---\n---\n", encoding="utf-8")
    status = main(
        ["--root", str(registry_root), "validate", str(registry_root / "proposals" / ".." / ".." / outside.name)]
    )
    assert status == 2
    said = f"nằm ngoài sổ đăng ký ({registry_root}); hãy chỉ ghi các tệp trong thư mục sổ đăng ký.\n"
    assert said in capsys.readouterr().err


def test_windows_line_endings_are_accepted(write_proposal: WriteProposal, registry_root: Path) -> None:
    text = proposal_text(load_registry(registry_root)).replace("\n", "\r\n")
    write_proposal(text)
    assert rules_of(registry_root) == []


def test_a_valid_file_gives_no_problem_and_its_neighbours_are_not_read(
    write_proposal: WriteProposal, registry_root: Path
) -> None:
    good = write_proposal(proposal_text(load_registry(registry_root)))
    write_proposal(b"---\n\xff\xfe broken", name="2025-902-hong.md")
    assert rules_of(registry_root, str(good)) == []
    assert rules_of(registry_root) == [("proposals/so-tu-phap/2025-902-hong.md", "file-encoding", 2, 1)]
