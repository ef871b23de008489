"""proposal-deleted: proposals are never deleted; one that will not go ahead is withdrawn."""

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


def test_a_proposal_deleted_in_a_pull_request(tmp_path: Path) -> None:
    repo = pull_request(tmp_path / "registry", {PATH: text("submitted")})
    repo.git("rm", "-q", PATH)
    expected = Expect("proposal-deleted", 1, 1, "the proposal 2025-901 was deleted")
    assert_problems(check_pull_request(repo, "Xóa"), [expected])


def test_a_proposal_withdrawn_stays(project_registry: Registry) -> None:
    assert_problems(check_transitions(project_registry, change(text("submitted"), text("withdrawn"))), [])


@pytest.mark.parametrize("before", [text("draft"), staged("approved")], ids=["a draft", "an approved proposal"])
def test_a_proposal_deleted(project_registry: Registry, before: str) -> None:
    expected = Expect("proposal-deleted", 1, 1, "the proposal 2025-901 was deleted")
    assert_problems(check_transitions(project_registry, change(before, None)), [expected])
