"""History and audit, read from real repositories with merge commits, squashes, rebases and pushes.

GitHub signs the merges it makes with its web-flow key; here a key made for the test ("forge") plays
that part, and registry.yml names it. An intruder has a key of their own ("intruder")."""

from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from registry.audit import audit
from registry.catalogue import text as say
from registry.cli import main
from registry.config import BUILTIN_SIGNERS, SigningKey, load_registry
from registry.errors import RegistryError
from registry.gitrepo import Repository
from registry.history import HistoryReading, read_history
from registry.provenance import Keyring, prover
from tests.helpers.git import ENV, GitRegistry, GpgKeys, signers_yaml
from tests.helpers.proposals import DECISION, PATH, PROJECT, copy_configuration, text

MOVED = "proposals/ubnd-tinh/2025-901-de-xuat.md"


@pytest.fixture(scope="module")
def keys() -> Iterator[GpgKeys]:
    keys = GpgKeys()
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
def repo(tmp_path: Path, merged_four_ways: GitRegistry) -> GitRegistry:
    """The test's own copy of merged_four_ways."""
    return merged_four_ways.copy_to(tmp_path / "registry")


@pytest.fixture(scope="module")
def merged_four_ways(tmp_path_factory: pytest.TempPathFactory, keys: GpgKeys) -> GitRegistry:
    """Submitted through a merge commit (#1), moved up by a referral squashed (#2), both signed by
    the forge; approved by a direct push; then a progress note through a rebase merge. Built once per
    module; each test changes its own copy (repo)."""
    repo = GitRegistry(tmp_path_factory.mktemp("merged") / "registry", keys)
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
    assert {e["proposal"] for e in data["2025-901"]} == {"2025-901"}  # the key tools read, whatever the field's name
    assert main(["--root", str(repo.root), "history", "2099-001"]) == 2


def test_audit_reports_the_direct_push_only(repo: GitRegistry, keys: GpgKeys) -> None:
    problems, events = audit(Repository(repo.root), "main", signers=forge_only(keys))
    assert events == 4
    assert [(p.path, p.rule) for p in problems] == [("proposals/ubnd-tinh/2025-901-de-xuat.md", "unreviewed-change")]
    assert "submitted → approved" in problems[0].message and say("problems.audit.how.direct") in problems[0].message


def test_the_audit_summary_counts_changes_not_files(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    """It said "Đã kiểm tra 4 tệp" of the four changes to one proposal file."""
    assert main(["--root", str(repo.root), "audit"]) == 1
    summary = capsys.readouterr().out.strip().splitlines()[-1]
    assert summary == "Đã kiểm tra 4 lượt thay đổi đề xuất: 1 lỗi, 0 cảnh báo."


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
    assert len(problems) == 1 and say("problems.audit.how.merge") in problems[0].message


def test_a_version_that_returns_to_an_earlier_text_keeps_its_status(tmp_path: Path) -> None:
    """A status taken back (the file as it was two commits before: the same blob) and a file moved
    back to its first path: each blob's status is read once, every event still shows it."""
    repo = GitRegistry(tmp_path / "registry")
    moved = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    for path, status in ((PATH, "submitted"), (PATH, "withdrawn"), (PATH, "submitted"), (moved, "submitted")):
        if path != PATH:
            repo.move(PATH, path)
        repo.write(path, text(status))
        repo.commit(f"{status} {path}")
    repo.move(moved, PATH)
    repo.write(PATH, text("submitted"))
    repo.commit("back")
    events = read_history(Repository(repo.root))["2025-901"]
    assert [(e.kind, e.status_before, e.status_after) for e in events] == [
        ("added", None, "submitted"),
        ("changed", "submitted", "withdrawn"),
        ("changed", "withdrawn", "submitted"),
        ("moved", "submitted", "submitted"),
        ("moved", "submitted", "submitted"),
    ]
    assert events[0].commit != events[2].commit and events[-1].path == PATH


def test_outside_a_repository_is_a_usage_error(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(samples_root), "history"]) == 2
    assert "không nằm trong kho git nào" in capsys.readouterr().err


def test_an_unknown_branch_is_a_usage_error(repo: GitRegistry, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(repo.root), "audit", "--branch", "khong-co"]) == 2
    assert "không có nhánh hay commit nào tên 'khong-co'" in capsys.readouterr().err


def test_a_repository_without_commits_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    copy_configuration(root)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, env=ENV, check=True)
    assert main(["--root", str(root), "history"]) == 2
    assert main(["--root", str(root), "audit"]) == 2
    err = capsys.readouterr().err
    assert "không có nhánh hay commit nào tên 'HEAD'" in err and "Traceback" not in err
    # A log that git refuses (an unknown range start) is reported, not raised.
    with pytest.raises(RegistryError, match="git log"):
        list(Repository(root).log(head="HEAD", since="0" * 40))


# A subject proves nothing: the attacks on `registry audit`, built for real.


def approve_directly(repo: GitRegistry, subject: str, sign: str | None = None) -> str:
    """The attack: approve the proposal by pushing straight to main, with a subject of one's choosing."""
    repo.git("checkout", "-q", "main")
    repo.write(MOVED, text("approved", unit="ubnd-tinh", extra=DECISION))
    return repo.commit(subject, sign=sign)


def approve_through_a_pull_request(repo: GitRegistry) -> None:
    """The approval on a branch, merged by the forge, which signs the merge."""
    repo.branch("phe-duyet")
    repo.write(MOVED, text("approved", unit="ubnd-tinh", extra=DECISION))
    repo.commit("Phê duyệt")
    repo.merge_pull_request("phe-duyet", sign="forge")


@pytest.fixture
def submitted(tmp_path: Path, submitted_once: GitRegistry) -> GitRegistry:
    """The test's own copy of submitted_once."""
    return submitted_once.copy_to(tmp_path / "registry")


@pytest.fixture(scope="module")
def submitted_once(tmp_path_factory: pytest.TempPathFactory, keys: GpgKeys) -> GitRegistry:
    """Submitted and referred through pull requests that the forge merged and signed; built once per
    module, each test changes its own copy (submitted)."""
    repo = GitRegistry(tmp_path_factory.mktemp("submitted") / "registry", keys)
    trust_the_forge(repo, keys)
    repo.commit("Khóa của máy chủ Git")
    repo.branch("de-xuat")
    repo.write(MOVED, text("submitted", unit="ubnd-tinh"))
    repo.commit("Trình đề xuất 2025-901")
    repo.merge_pull_request("de-xuat", sign="forge")
    return repo


def test_a_direct_push_whose_subject_names_a_pull_request_is_reported(
    submitted: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = approve_directly(submitted, "Phê duyệt đề xuất 2025-901 (#4242)")
    assert main(["--root", str(submitted.root), "audit"]) == 1
    out = capsys.readouterr().out
    assert f"submitted → approved ở commit {sha[:10]}" in out
    assert say("problems.audit.how.claimed", number=4242) + "; " + say("provenance.unsigned") in out
    history = history_of(submitted, forge_only(submitted.keys))  # type: ignore[arg-type]
    approval = history["2025-901"][-1]
    assert (approval.claimed_pull_request, approval.pull_request) == (4242, None)


def test_merges_and_squashes_signed_by_the_configured_key_count(
    submitted: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_through_a_pull_request(submitted)
    submitted.branch("trien-khai")
    submitted.write(MOVED, (submitted.root / MOVED).read_text(encoding="utf-8").replace("approved", "implementing"))
    submitted.commit("Triển khai")
    submitted.squash_pull_request("trien-khai", "Triển khai đề xuất 2025-901", sign="forge")
    assert main(["--root", str(submitted.root), "audit"]) == 0, capsys.readouterr().out
    history = history_of(submitted, forge_only(submitted.keys))  # type: ignore[arg-type]
    assert [(e.status_after, e.pull_request) for e in history["2025-901"]] == [
        ("submitted", 1),
        ("approved", 2),
        ("implementing", 3),
    ]


def test_the_pull_request_proven_for_a_commit_is_named_by_each_of_its_events(submitted: GitRegistry) -> None:
    """A squash that approves one proposal and adds a note to another: the commit is proven once (for the
    approval), and both of its events name the pull request it came through."""
    other = "proposals/ubnd-tinh/2025-902-de-xuat-khac.md"
    submitted.branch("de-xuat-khac")
    submitted.write(other, text("submitted", unit="ubnd-tinh").replace("2025-901", "2025-902"))
    submitted.commit("Trình đề xuất 2025-902")
    submitted.merge_pull_request("de-xuat-khac", sign="forge")
    submitted.branch("phe-duyet")
    submitted.write(MOVED, text("approved", unit="ubnd-tinh", extra=DECISION))
    submitted.write(other, (submitted.root / other).read_text(encoding="utf-8") + "\nGhi chú thêm.\n")
    submitted.commit("Phê duyệt")
    submitted.squash_pull_request("phe-duyet", "Phê duyệt đề xuất 2025-901", sign="forge")
    history = history_of(submitted, forge_only(submitted.keys))  # type: ignore[arg-type]
    approval, note = history["2025-901"][-1], history["2025-902"][-1]
    assert approval.commit == note.commit
    assert (approval.status_before, approval.status_after) == ("submitted", "approved")
    assert (note.status_before, note.status_after) == ("submitted", "submitted")
    assert approval.pull_request is not None
    assert note.pull_request == approval.pull_request == approval.claimed_pull_request


def test_a_commit_signed_by_a_key_not_in_the_configuration_is_reported(
    submitted: GitRegistry, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = submitted.keys
    assert keys is not None
    approve_directly(submitted, "Merge pull request #4242 from so-noi-vu/phe-duyet", sign="intruder")
    # The intruder's key is in the keyring of whoever runs the audit: it still proves nothing.
    monkeypatch.setenv("GNUPGHOME", str(keys.home))
    assert main(["--root", str(submitted.root), "audit"]) == 1
    out = capsys.readouterr().out
    assert say("provenance.unknown_key", file="registry.yml", key=keys.fingerprints["intruder"][-16:]) in out


def test_a_forge_signature_on_a_commit_that_names_no_pull_request_is_reported(
    submitted: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    """GitHub also signs edits made in its web interface and rebase merges: they name no pull request."""
    approve_directly(submitted, "Update 2025-901-de-xuat.md", sign="forge")
    assert main(["--root", str(submitted.root), "audit"]) == 1
    assert say("provenance.signed_no_pull_request", signer="Máy chủ Git") in capsys.readouterr().out


def test_the_default_is_githubs_key_so_a_test_key_proves_nothing(
    submitted: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    approve_through_a_pull_request(submitted)
    shipped = (PROJECT / "registry.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    # The shipped configuration, less its adoption point (a commit of this project, not of this history).
    kept = "".join(line for line in shipped if not line.startswith("adopted_at:"))
    (submitted.root / "registry.yml").write_text(kept, encoding="utf-8")
    assert "  - github-web-flow\n" in (submitted.root / "registry.yml").read_text(encoding="utf-8")
    assert main(["--root", str(submitted.root), "audit"]) == 1
    assert say("provenance.unknown_key", file="registry.yml", key="").partition(" (")[0] in capsys.readouterr().out


def test_an_ssh_signature_by_a_configured_key_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "forge_ssh"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "forge", "-f", str(key)], check=True)
    other = tmp_path / "other_ssh"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "other", "-f", str(other)], check=True)
    repo = GitRegistry(tmp_path / "registry")
    config = repo.root / "registry.yml"
    mine = signers_yaml({"Forgejo của tỉnh": ("ssh", key.with_suffix(".pub").read_text(encoding="ascii"))})
    config.write_text(
        config.read_text(encoding="utf-8").replace("pull_request_signers:\n  - github-web-flow\n", mine),
        encoding="utf-8",
    )
    repo.commit("Khóa SSH")
    repo.branch("de-xuat")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình")
    repo.merge_pull_request("de-xuat", sign=f"ssh:{key}")
    assert main(["--root", str(repo.root), "audit"]) == 0, capsys.readouterr().out
    repo.write(PATH, text("approved", extra=DECISION))
    repo.commit("Phê duyệt (#7)", sign=f"ssh:{other}")
    assert main(["--root", str(repo.root), "audit"]) == 1
    claimed = say("problems.audit.how.claimed", number=7)
    assert (
        claimed + "; " + say("provenance.unknown_key", file="registry.yml", key="").partition(" (")[0]
        in capsys.readouterr().out
    )


class FakeGitHub(BaseHTTPRequestHandler):
    """GitHub's `GET /repos/{owner}/{repo}/commits/{sha}/pulls`, answering from ``pulls``."""

    pulls: ClassVar[dict[str, Any]] = {}
    seen: ClassVar[list[tuple[str, str | None]]] = []
    status = 200

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("Authorization")))
        sha = self.path.split("/commits/")[-1].split("/")[0]
        body = json.dumps(type(self).pulls.get(sha, [])).encode()
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeGitHub]]:
    handler = type("Handler", (FakeGitHub,), {"pulls": {}, "seen": [], "status": 200})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("GITHUB_API_URL", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.setenv("GITHUB_TOKEN", "token-for-the-test")
    yield handler
    server.shutdown()
    server.server_close()


def merged(number: int, sha: str, base: str = "main") -> dict[str, Any]:
    return {"number": number, "merged_at": "2025-03-10T08:00:00Z", "merge_commit_sha": sha, "base": {"ref": base}}


def test_the_github_api_confirms_an_unsigned_merge(
    submitted: GitRegistry, github: type[FakeGitHub], capsys: pytest.CaptureFixture[str]
) -> None:
    sha = approve_directly(submitted, "Phê duyệt (#12)")
    github.pulls[sha] = [merged(12, sha)]
    assert main(["--root", str(submitted.root), "audit", "--github-repository", "so/registry"]) == 0
    assert github.seen == [(f"/repos/so/registry/commits/{sha}/pulls?per_page=100", "Bearer token-for-the-test")]
    capsys.readouterr()


@pytest.mark.parametrize(
    "answer",
    [
        [],  # no pull request
        [{"number": 12, "merged_at": None, "merge_commit_sha": None, "base": {"ref": "main"}}],  # open
        "other-sha",  # merged, but by another commit (the pushed commit only sits on its branch)
        "other-base",  # merged into another branch
    ],
    ids=["none", "open", "other-commit", "other-base"],
)
def test_the_github_api_denying_is_reported(
    submitted: GitRegistry, github: type[FakeGitHub], answer: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    sha = approve_directly(submitted, "Phê duyệt (#12)")
    if answer == "other-sha":
        answer = [merged(12, "0" * 40)]
    elif answer == "other-base":
        answer = [merged(12, sha, base="nhap")]
    github.pulls[sha] = answer
    assert main(["--root", str(submitted.root), "audit", "--github-repository", "so/registry"]) == 1
    assert say("provenance.github_none", reason="").removeprefix("; ") in capsys.readouterr().out
    assert len(github.seen) == 1  # the merge that the forge signed needed no question


def test_the_github_api_failing_is_a_usage_error(
    submitted: GitRegistry,
    github: type[FakeGitHub],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    approve_directly(submitted, "Phê duyệt (#12)")
    github.status = 500
    assert main(["--root", str(submitted.root), "audit", "--github-repository", "so/registry"]) == 2
    err = capsys.readouterr().err
    assert "API của GitHub: " in err and ": lỗi HTTP 500 " in err and "Traceback" not in err
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["--root", str(submitted.root), "audit", "--github-repository", "so/registry"]) == 2
    assert "--github-repository cần biến môi trường GITHUB_TOKEN" in capsys.readouterr().err
    assert main(["--root", str(submitted.root), "audit", "--github-repository", "not a repository"]) == 2
    assert "--github-repository 'not a repository': hãy ghi dạng TỔ-CHỨC/KHO" in capsys.readouterr().err


def test_a_broken_key_in_the_configuration_is_a_configuration_error(
    registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=registry_root, env=ENV, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "một"], cwd=registry_root, env=ENV, check=True)
    config = registry_root / "registry.yml"
    original = config.read_text(encoding="utf-8")
    broken = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nkhông phải khóa\n-----END PGP PUBLIC KEY BLOCK-----"
    config.write_text(original.replace("  - github-web-flow\n", signers_yaml({"Hỏng": ("gpg", broken)})[22:]))
    assert main(["--root", str(registry_root), "audit"]) == 2
    err = capsys.readouterr().err
    assert "registry.yml: pull_request_signers: 'Hỏng': gpg không nhận khóa này: " in err and "Traceback" not in err
    config.write_text(original.replace("  - github-web-flow\n", '  - {name: "SSH", ssh: "ssh-ed25519 ???"}\n'))
    assert main(["--root", str(registry_root), "audit"]) == 2
    line = original[: original.index("  - github-web-flow\n")].count("\n") + 1
    assert f"registry.yml:{line}:5: config:" in capsys.readouterr().err  # the schema names the line
    config.write_text(original.replace("  - github-web-flow\n", '  - {name: "SSH", ssh: "ssh-ed25519 AAAAC3Nz"}\n'))
    assert main(["--root", str(registry_root), "audit"]) == 2
    err = capsys.readouterr().err
    assert "registry.yml: pull_request_signers: 'SSH': ssh-keygen" in err and "Traceback" not in err


def test_the_shipped_key_is_githubs_web_flow_key(tmp_path: Path) -> None:
    """The default key is GitHub's (fingerprint as GitHub publishes it), does not expire, and carries
    no certification by anyone else."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    env = {**ENV, "GNUPGHOME": str(home)}
    key = BUILTIN_SIGNERS["github-web-flow"][1]
    subprocess.run(["gpg", "--batch", "--import", str(key)], env=env, check=True, capture_output=True)
    listing = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--check-sigs"], env=env, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], check=False, capture_output=True)
    rows = [line.split(":") for line in listing]
    assert [row[9] for row in rows if row[0] == "fpr"] == ["968479A1AFF927E37D1A566BB5690EEEBB952194"]
    public = next(row for row in rows if row[0] == "pub")
    assert public[6] == ""  # no expiry date
    assert [row[9] for row in rows if row[0] == "uid"] == ["GitHub <noreply@github.com>"]
    assert {row[4] for row in rows if row[0] == "sig"} == {"B5690EEEBB952194"}
    assert load_registry(Path(__file__).resolve().parent.parent).pull_request_signers[0].name == "GitHub web-flow"


def test_a_forge_signed_merge_altered_after_signing_is_reported(
    submitted: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    """The forge's signature copied onto a commit that says something else: the signature is bad."""
    approve_through_a_pull_request(submitted)
    signed = submitted.git("cat-file", "commit", "HEAD")
    forged = signed.replace("Merge pull request #2 from", "Merge pull request #4242 from")
    assert forged != signed and "gpgsig" in forged
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=submitted.root, input=forged + "\n", env=ENV, capture_output=True, text=True, check=True,
    )  # fmt: skip
    submitted.git("update-ref", "refs/heads/main", done.stdout.strip())
    assert main(["--root", str(submitted.root), "audit"]) == 1
    out = capsys.readouterr().out
    claimed = say("problems.audit.how.claimed", number=4242)
    assert claimed + "; " + say("provenance.failed.B") in out


def test_without_gpg_the_audit_is_a_usage_error(
    repo: GitRegistry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No silent "unproven" for every commit: a machine without gpg cannot audit, and says so."""
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    monkeypatch.setenv("PATH", str(only_git))
    assert main(["--root", str(repo.root), "audit"]) == 2
    err = capsys.readouterr().err
    assert "cần có gpg để kiểm tra chữ ký của các commit (registry.yml: pull_request_signers" in err
    assert err.endswith("): hãy cài đặt gpg\n")
    assert "Traceback" not in err


def test_a_signature_by_a_configured_key_that_has_expired_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key that has expired (as GitHub's first web-flow key did) proves nothing any more: whoever
    held it could date a signature back to when it was valid."""
    keys = GpgKeys()
    then = ["--faked-system-time", "20240101T000000!"]
    keys.gpg(*then, "--passphrase", "", "--quick-gen-key", "old <old@example.invalid>", "ed25519", "sign", "1d")
    listing = keys.gpg("--with-colons", "--list-keys", "<old@example.invalid>")
    keys.fingerprints["old"] = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
    wrapper = tmp_path / "gpg-in-2024"
    wrapper.write_text(f'#!/bin/sh\nexec gpg {" ".join(then)} "$@"\n', encoding="ascii")
    wrapper.chmod(0o755)
    try:
        repo = GitRegistry(tmp_path / "registry", keys)
        config = repo.root / "registry.yml"
        old = signers_yaml({"Khóa cũ": ("gpg", keys.public("old"))})
        config.write_text(
            config.read_text(encoding="utf-8").replace("pull_request_signers:\n  - github-web-flow\n", old)
        )
        repo.commit("Khóa cũ")
        repo.branch("de-xuat")
        repo.write(PATH, text("submitted"))
        repo.commit("Trình")
        repo.git("checkout", "-q", "main")
        message = "Merge pull request #1 from so-noi-vu/de-xuat"
        signing = ["-c", f"gpg.program={wrapper}", "-c", f"user.signingkey={keys.fingerprints['old']}"]
        repo.git(*signing, "merge", "-q", "--no-ff", "-S", "de-xuat", "-m", message)
        assert main(["--root", str(repo.root), "audit"]) == 1
        expired = say("provenance.failed.named", what=say("provenance.failed.Y"), name="Khóa cũ")
        assert expired in capsys.readouterr().out
    finally:
        keys.close()


def test_audit_reads_the_adoption_point_from_registry_yml(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    pushed = repo.git("rev-parse", "HEAD~1")  # the direct push
    assert main(["--root", str(repo.root), "audit"]) == 1
    with (repo.root / "registry.yml").open("a", encoding="utf-8") as stream:
        stream.write(f"adopted_at: {pushed}\n")
    capsys.readouterr()
    assert main(["--root", str(repo.root), "audit"]) == 0, capsys.readouterr().out
    # --since overrides it: from the first commit, the push is audited again.
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    assert main(["--root", str(repo.root), "audit", "--since", first]) == 1


def test_an_adoption_point_that_is_not_a_commit_id_is_refused(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    with (repo.root / "registry.yml").open("a", encoding="utf-8") as stream:
        stream.write("adopted_at: HEAD~1\n")
    assert main(["--root", str(repo.root), "audit"]) == 2
    err = capsys.readouterr().err
    refused = say("problems.config.schema.pattern", path="adopted_at", value="'HEAD~1'", expected="").partition(" (")[0]
    assert "registry.yml:" in err and refused in err and "Traceback" not in err


def test_a_fresh_clone_without_a_local_main_audits_origin_main(repo: GitRegistry, tmp_path: Path) -> None:
    """A clone whose checked-out branch is another has main only as origin/main."""
    pushed = repo.git("rev-parse", "HEAD~1")
    repo.git("branch", "-q", "khac")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "khac", str(repo.root), str(clone)], env=ENV, check=True)
    assert (
        subprocess.run(["git", "rev-parse", "--verify", "-q", "main"], check=False, cwd=clone, env=ENV).returncode != 0
    )
    assert main(["--root", str(clone), "audit"]) == 1  # the push on origin/main is found
    with (clone / "registry.yml").open("a", encoding="utf-8") as stream:
        stream.write(f"adopted_at: {pushed}\n")
    assert main(["--root", str(clone), "audit"]) == 0


def _git_children() -> list[str]:
    """The git processes this test's process started that still run (zombies aside)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
            mine = fields.get("PPid", "").strip() == str(os.getpid()) and fields.get("State", "")[:1] != "Z"
            if mine and fields.get("Name", "").strip().startswith("git"):
                found.append(fields["Name"].strip())
    return found


def test_history_while_registry_yml_is_broken_is_a_configuration_error_that_ends_git(
    repo: GitRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    """git starts reading the history before registry.yml is checked: a broken registry.yml (or key)
    is still the command's one clear error, and no git nor forked reader is left running."""
    config = repo.root / "registry.yml"
    original = config.read_text(encoding="utf-8")
    for broken in ("version: [\n", original + "\nkhông_có_trường_này: 1\n"):
        config.write_text(broken, encoding="utf-8")
        assert main(["--root", str(repo.root), "history"]) == 2
        err = capsys.readouterr().err
        assert "registry.yml" in err and "Traceback" not in err
        assert _git_children() == [] and multiprocessing.active_children() == []
        assert gc.isenabled()  # the collector's pause ends with the reading
    config.write_text(original, encoding="utf-8")
    assert main(["--root", str(repo.root), "history", "--format", "json"]) == 0
    assert [e["status_after"] for e in json.loads(capsys.readouterr().out)["2025-901"]][-2:] == ["approved"] * 2
    assert gc.isenabled()


def test_a_history_reading_left_unfinished_ends_git(repo: GitRegistry) -> None:
    with HistoryReading(Repository(repo.root)) as reading:
        assert reading.reader.child.is_alive()
    assert _git_children() == [] and multiprocessing.active_children() == [] and gc.isenabled()
    with HistoryReading(Repository(repo.root)) as reading:
        assert [e.status_after for e in reading.finish()["2025-901"]] == [
            "submitted",
            "submitted",
            "approved",
            "approved",
        ]
    assert _git_children() == [] and gc.isenabled()


def test_a_reading_in_a_long_lived_process_gives_the_collector_back(repo: GitRegistry) -> None:
    """The site's build and server read the history again and again: nothing read is frozen out of the
    collector's reach (its cycles would never be freed); only a command that ends once it has reported
    keeps the collector paused, and its main() gives it back when called again in one process."""
    frozen = gc.get_freeze_count()
    for _ in range(2):
        with HistoryReading(Repository(repo.root)) as reading:
            reading.finish()
        assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()  # a caller's pause (the history and audit commands) is kept
    with HistoryReading(Repository(repo.root)) as reading:
        reading.finish()
    assert not gc.isenabled()
    gc.enable()
    assert main(["--root", str(repo.root), "history"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    assert main(["--root", str(repo.root), "audit"]) in (0, 1)
    assert gc.isenabled() and gc.get_freeze_count() == frozen
