"""GitHub's conventions (registry.github): the pull request a commit's subject claims, as GitHub writes
it in merge and squash commits. A claim only: tests/test_history_audit.py shows what proves one."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.github import claimed_pull_request
from registry.gitrepo import Commit, Repository
from registry.history import read_history
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import PATH, text


def commit(subject: str, parents: int = 1) -> Commit:
    return Commit("a" * 40, tuple(str(n) * 40 for n in range(parents)), "", "", "", "", subject, ())


@pytest.mark.parametrize(
    ("subject", "parents", "claimed"),
    [
        ("Merge pull request #12 from so-noi-vu/de-xuat", 2, 12),
        ("Merge pull request #12 from so-noi-vu/de-xuat", 1, None),  # not a merge: no merge's claim
        ("Merge pull request #12abc from x", 2, None),
        ("Merge branch 'de-xuat'", 2, None),
        ("Trình đề xuất 2025-901 (#7)", 1, 7),
        ("Trình đề xuất 2025-901 (#7)  ", 1, 7),
        ("Trình đề xuất 2025-901 (#7) và sửa", 1, None),  # GitHub puts the number last
        ("(#7) Trình đề xuất", 1, None),
        ("Trình (#) đề xuất", 1, None),
        ("Trình (#123456789)", 1, 123456789),
        ("Trình (#1234567890)", 1, None),  # ten digits: no pull request has such a number
        ("Trình (#" + "9" * 5000 + ")", 1, None),  # Python refuses int() of a number this long
        ("Merge pull request #" + "9" * 5000 + " from x", 2, None),
    ],
)
def test_the_claimed_pull_request(subject: str, parents: int, claimed: int | None) -> None:
    assert claimed_pull_request(commit(subject, parents)) == claimed


def test_a_subject_with_a_huge_number_is_no_claim_and_no_traceback(tmp_path: Path) -> None:
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình (#" + "9" * 5000 + ")")
    [event] = read_history(Repository(repo.root))["2025-901"]
    assert event.claimed_pull_request is None and event.status_after == "submitted"
