"""new-proposal: a new proposal starts as a draft or as submitted."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.config import Registry
from tests.helpers.rules import (
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

OTHER = "proposals/so-tu-phap/2025-902-khac.md"


def test_an_approved_proposal_added_in_a_pull_request(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.write(OTHER, staged("approved").replace('"2025-901"', '"2025-902"'))
    expected = Expect("new-proposal", 11, 1, "a new proposal cannot start as approved", path=OTHER)
    assert_problems(check_pull_request(repo, "Thêm đề xuất đã duyệt"), [expected])


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_a_new_proposal_starts_as(project_registry: Registry, status: str) -> None:
    assert_problems(check_transitions(project_registry, change(None, text(status))), [])


@pytest.mark.parametrize("status", ["approved", "rejected", "implementing", "evaluated"])
def test_a_new_proposal_cannot_start_as(project_registry: Registry, status: str) -> None:
    expected = Expect("new-proposal", 11, 1, f"a new proposal cannot start as {status}")
    assert_problems(check_transitions(project_registry, change(None, text(status))), [expected])


def test_withdrawn_is_a_decision_about_it_too(project_registry: Registry) -> None:
    expected = Expect("new-proposal", 11, 1, "a new proposal cannot start as withdrawn")
    assert_problems(check_transitions(project_registry, change(None, text("withdrawn"))), [expected])
