"""id-changed: a proposal keeps its id for ever, in its front matter and in its file name."""

from __future__ import annotations

from pathlib import Path

from registry.config import Registry
from tests.helpers.rules import (
    PATH,
    Expect,
    assert_problems,
    change,
    check_pull_request,
    check_transitions,
    pull_request,
    text,
)


def test_an_id_changed_in_a_pull_request(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.write(PATH, text("submitted", proposal_id="2025-903"))
    assert_problems(
        check_pull_request(repo, "Đổi mã"),
        [
            Expect("id-changed", 2, 1, "the id was 2025-901; an id never changes"),
            Expect("id-file-name", 2, 1, "the id 2025-903 does not match the file name"),
        ],
    )


def test_other_changes_keep_the_id(project_registry: Registry) -> None:
    edited = text("submitted").replace('title: "Rút ngắn', 'title: "Rút gọn')
    assert_problems(check_transitions(project_registry, change(text("submitted"), edited)), [])


def test_a_file_renamed_to_another_id(project_registry: Registry) -> None:
    renamed = "proposals/so-tu-phap/2025-902-de-xuat.md"
    moved = change(text("submitted"), text("submitted", proposal_id="2025-902"), PATH, renamed)
    expected = Expect("id-changed", 2, 1, "the id was 2025-901; an id never changes", path=renamed)
    assert_problems(check_transitions(project_registry, moved), [expected])
