"""one-decision: one pull request decides one proposal (a warning)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from registry.cli import main
from registry.config import Registry
from tests.helpers.rules import (
    DECISION,
    PATH,
    Expect,
    assert_problems,
    change,
    check_transitions,
    pull_request,
    staged,
    text,
)

OTHER = "proposals/so-tu-phap/2025-902-khac.md"
REJECTED = DECISION.replace("outcome: approved", "outcome: rejected")


def test_two_decisions_in_a_pull_request_warn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = pull_request(
        tmp_path / "registry", {PATH: text("submitted"), OTHER: text("submitted", proposal_id="2025-902")}
    )
    repo.write(PATH, staged("approved"))
    repo.write(OTHER, text("rejected", extra=REJECTED, proposal_id="2025-902"))
    repo.commit("Quyết định hai đề xuất")
    assert main(["--root", str(repo.root), "check", "--base", "main", "--format", "json"]) == 0  # warnings alone
    report = json.loads(capsys.readouterr().out)
    assert report["checked"] == 2
    found = [(p["rule"], p["severity"], p["path"], p["line"]) for p in report["problems"]]
    assert found == [("one-decision", "warning", PATH, 11), ("one-decision", "warning", OTHER, 11)]


def test_one_decision_and_other_changes(project_registry: Registry) -> None:
    decided = change(text("submitted"), staged("approved"))
    added = change(None, text("submitted", proposal_id="2025-902"), new_path=OTHER)
    edited = change(
        text("draft", proposal_id="2025-903"),
        text("draft", proposal_id="2025-903").replace("Nội dung phần này.", "Khác."),
        "proposals/so-tu-phap/2025-903-x.md",
        "proposals/so-tu-phap/2025-903-x.md",
    )
    assert_problems(check_transitions(project_registry, decided, added, edited), [])


def test_two_decisions(project_registry: Registry) -> None:
    approved = change(text("submitted"), staged("approved"))
    withdrawn = change(
        text("submitted", proposal_id="2025-902"), text("withdrawn", proposal_id="2025-902"), OTHER, OTHER
    )
    says = "this pull request changes the status of 2 proposals"
    assert_problems(
        check_transitions(project_registry, approved, withdrawn),
        [Expect("one-decision", 11, 1, says, "warning"), Expect("one-decision", 11, 1, says, "warning", path=OTHER)],
    )
