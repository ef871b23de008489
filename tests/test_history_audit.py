"""History and audit, read from real repositories with merge commits, squashes, rebases and pushes.

GitHub signs the merges it makes with its web-flow key; here a key made for the test ("forge") plays
that part, and registry.yml names it. An intruder has a key of their own ("intruder")."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from registry.audit import audit
from registry.cli import main
from registry.config import BUILTIN_SIGNERS, SigningKey, load_registry
from registry.errors import RegistryError
from registry.gitrepo import Repository
from registry.history import read_history
from registry.provenance import Keyring, prover
from tests.conftest import VALID_FRONT, proposal_text
from tests.gitrepo_helper import ENV, GitRegistry, GpgKeys, signers_yaml

PATH = "proposals/so-tu-phap/2025-901-de-xuat.md"
DECISION = """decision:
  outcome: approved
  date: 2025-03-10
  document: "45/QĐ-STP"
  signed_by: "Lê Văn Bình"
"""


def text(status: str, unit: str = "so-tu-phap", extra: str = "") -> str:
    registry = load_registry(Path(__file__).resolve().parent.parent)
    front = VALID_FRONT.replace("status: submitted", f"status: {status}").replace(
        "unit: so-tu-phap\nfield", f"unit: {unit}\nfield"
    )
    return proposal_text(registry, front + extra)


MOVED = "proposals/ubnd-tinh/2025-901-de-xuat.md"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GpgKeys]:
    keys = GpgKeys(tmp_path_factory.mktemp("keys") / "gnupg")
    keys.make("forge")
    keys.make("intruder")
    yield keys
    keys.close()


def forge_only(keys: GpgKeys) -> tuple[SigningKey, ...]:
    return (SigningKey("forge", "gpg", keys.public("forge")),)


def trust_the_forge(repo: GitRegistry, keys: GpgKeys) -> None:
    """registry.yml names the forge's key in place of GitHub's."""
    config = repo.root / "registry.yml"
    text_now = config.read_text(encoding="utf-8")
    assert "pull_request_signers:\n  - github-web-flow\n" in text_now
    mine = signers_yaml({"Máy chủ Git": ("gpg", keys.public("forge"))})
    config.write_text(text_now.replace("pull_request_signers:\n  - github-web-flow\n", mine), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, keys: GpgKeys) -> GitRegistry:
    """Submitted through a merge commit (#1), moved up by a referral squashed (#2), both signed by
    the forge; approved by a direct push; then a progress note through a rebase merge."""
    repo = GitRegistry(tmp_path / "registry", keys)
    trust_the_forge(repo, keys)
    repo.commit("Khóa của máy chủ Git")
    repo.branch("de-xuat")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình đề xuất 2025-901")
    repo.merge_pull_request("de-xuat", sign="forge")

    repo.branch("chuyen")
    moved = MOVED
    repo.move(PATH, moved)
    referral = 'referrals:\n  - {date: 2025-03-05, from: so-tu-phap, to: ubnd-tinh, document: "3/STP-VP"}\n'
    repo.write(moved, text("submitted", unit="ubnd-tinh", extra=referral))
    repo.commit("Chuyển lên UBND")
    repo.squash_pull_request("chuyen", "Chuyển đề xuất 2025-901 lên UBND tỉnh", sign="forge")

    repo.git("checkout", "-q", "main")
    repo.write(moved, text("approved", unit="ubnd-tinh", extra=referral + DECISION))
    repo.commit("Phê duyệt")  # pushed straight to main

    repo.branch("ghi-chu")
    repo.write(moved, (repo.root / moved).read_text(encoding="utf-8") + "\nGhi chú thêm.\n")
    repo.commit("Ghi chú")
    repo.rebase_pull_request("ghi-chu")
    return repo


def history_of(repo: GitRegistry, signers: tuple[SigningKey, ...]) -> dict[str, Any]:
    repository = Repository(repo.root)
    with Keyring(signers) as keyring:
        return read_history(repository, prove=prover(repository, keyring))


def test_history_follows_the_proposal_through_every_kind_of_merge(repo: GitRegistry, keys: GpgKeys) -> None:
    history = history_of(repo, forge_only(keys))
    events = history["2025-901"]
    assert [(e.kind, e.status_before, e.status_after, e.pull_request, e.merge) for e in events] == [
        ("added", None, "submitted", 1, True),
        ("moved", "submitted", "submitted", 2, False),
        ("changed", "submitted", "approved", None, False),
        ("changed", "approved", "approved", None, False),
    ]
    assert [e.claimed_pull_request for e in events] == [1, 2, None, None]
    move = events[1]
    assert (move.unit_before, move.unit_after) == ("so-tu-phap", "ubnd-tinh")
    assert move.previous_path == PATH and move.path == "proposals/ubnd-tinh/2025-901-de-xuat.md"
    assert all(e.author == "Lâm Thị Hân" and len(e.commit) == 40 for e in events)
    assert list(history) == ["2025-901"]


def test_history_command_in_both_formats(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "history", "2025-901"]) == 0
    out = capsys.readouterr().out
    assert "so-tu-phap → ubnd-tinh" in out and "submitted → approved" in out and "#2" in out
    assert main(["--root", str(repo.root), "history", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["pull_request"] for e in data["2025-901"]] == [1, 2, None, None]
    assert [e["claimed_pull_request"] for e in data["2025-901"]] == [1, 2, None, None]
    assert main(["--root", str(repo.root), "history", "2099-001"]) == 2


def test_audit_reports_the_direct_push_only(repo: GitRegistry, keys: GpgKeys) -> None:
    problems, events = audit(Repository(repo.root), "main", signers=forge_only(keys))
    assert events == 4
    assert [(p.path, p.rule) for p in problems] == [("proposals/ubnd-tinh/2025-901-de-xuat.md", "unreviewed-change")]
    assert "submitted → approved" in problems[0].message and "pushed directly" in problems[0].message


def test_audit_reports_a_status_change_hidden_by_a_rebase_merge(repo: GitRegistry, keys: GpgKeys) -> None:
    repo.branch("danh-gia")
    moved = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    text_now = (repo.root / moved).read_text(encoding="utf-8")
    repo.write(moved, text_now.replace("status: approved", "status: implementing"))
    repo.commit("Triển khai")
    repo.rebase_pull_request("danh-gia")
    problems, _ = audit(Repository(repo.root), "main", signers=forge_only(keys))
    assert ["approved → implementing" in p.message for p in problems] == [False, True]


def test_audit_since_the_adoption(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    pushed = repo.git("rev-parse", "HEAD~1")  # the direct push
    assert main(["--root", str(repo.root), "audit", "--since", pushed]) == 0
    assert main(["--root", str(repo.root), "audit"]) == 1
    assert "unreviewed-change" in capsys.readouterr().out


def test_a_local_merge_is_not_a_pull_request(tmp_path: Path) -> None:
    repo = GitRegistry(tmp_path / "registry")
    repo.branch("nhanh")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "nhanh", "-m", "Merge branch 'nhanh'")
    problems, _ = audit(Repository(repo.root), "main")
    assert len(problems) == 1 and "names no pull request" in problems[0].message


def test_outside_a_repository_is_a_usage_error(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(samples_root), "history"]) == 2
    assert "not inside a git repository" in capsys.readouterr().err


def test_an_unknown_branch_is_a_usage_error(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "audit", "--branch", "khong-co"]) == 2
    assert "unknown revision 'khong-co'" in capsys.readouterr().err


def test_a_repository_without_commits_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess

    from tests.conftest import copy_configuration
    from tests.gitrepo_helper import ENV

    root = tmp_path / "registry"
    root.mkdir()
    copy_configuration(root)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=ENV, check=True)
    assert main(["--root", str(root), "history"]) == 2
    assert main(["--root", str(root), "audit"]) == 2
    err = capsys.readouterr().err
    assert "unknown revision" in err and "Traceback" not in err
    # A log that git refuses (an unknown range start) is reported, not raised.
    with pytest.raises(RegistryError, match="git log"):
        list(Repository(root).log(head="HEAD", since="0" * 40))
