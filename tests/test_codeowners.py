"""CODEOWNERS made from registry.yml, and kept in step with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.cli import main
from registry.codeowners import render_codeowners
from registry.config import load_registry
from tests.helpers.proposals import PROJECT


def test_each_unit_folder_belongs_to_its_reviewers(registry_root: Path) -> None:
    registry = load_registry(registry_root)
    lines = render_codeowners(registry).splitlines()
    assert "/proposals/so-noi-vu/ @sang-kien-can-tho/so-noi-vu" in lines
    assert "/registry.yml @sang-kien-can-tho/quan-tri" in lines
    assert "/.github/ @sang-kien-can-tho/quan-tri" in lines
    # GitHub applies the last match: the catch-all must come before the folders.
    assert lines.index("* @sang-kien-can-tho/quan-tri") < lines.index(
        "/proposals/so-noi-vu/ @sang-kien-can-tho/so-noi-vu"
    )
    assert sum(line.startswith("/proposals/") for line in lines) == len(registry.units)


def test_the_committed_codeowners_is_up_to_date() -> None:
    assert (PROJECT / ".github" / "CODEOWNERS").read_text(encoding="utf-8") == render_codeowners(load_registry(PROJECT))


def test_check_reports_a_stale_file_and_writing_fixes_it(
    registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ["--root", str(registry_root)]
    assert main([*root, "codeowners", "--check"]) == 1  # there is none yet
    assert main([*root, "codeowners"]) == 0
    assert main([*root, "codeowners", "--check"]) == 0
    config = registry_root / "registry.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('["@sang-kien-can-tho/so-y-te"]', '["@so-y-te-moi"]'))
    capsys.readouterr()
    assert main([*root, "codeowners", "--check"]) == 1
    captured = capsys.readouterr()
    assert "-/proposals/so-y-te/ @sang-kien-can-tho/so-y-te" in captured.out
    assert "+/proposals/so-y-te/ @so-y-te-moi" in captured.out
    assert "đã cũ so với registry.yml: hãy chạy registry codeowners" in captured.err


def test_a_registry_without_administrators_has_no_codeowners_and_says_what_to_add(
    registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = registry_root / "registry.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('administrators:\n  - "@sang-kien-can-tho/quan-tri"\n', ""), encoding="utf-8")
    assert main(["--root", str(registry_root), "codeowners"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "registry: registry.yml chưa ghi người quản trị nào (administrators) nên không tạo được .github/CODEOWNERS; "
        "hãy ghi ít nhất một người quản trị vào registry.yml.\n"
    )
    assert not (registry_root / ".github" / "CODEOWNERS").exists()
