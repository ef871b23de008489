"""The pre-commit hook of .pre-commit-hooks.yaml, run by pre-commit itself (`try-repo`) in a registry
that is a real git repository: it checks the proposals a commit changes, and only those."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers.git import ENV
from tests.helpers.proposals import PROJECT, copy_configuration

APPROVED = "proposals/so-tai-chinh/2025-002-cong-khai-tien-do-giai-ngan-von-dau-tu-cong-theo-du-an.md"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=ENV, check=True, capture_output=True)


def test_the_hook_validates_the_changed_proposals(tmp_path: Path) -> None:
    checker = tmp_path / "checker"  # the checker as a registry's hook would fetch it: a git repository
    checker.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(PROJECT / name, checker / name)
    shutil.copytree(PROJECT / "scripts", checker / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    _git(checker, "init", "-q", "-b", "main")
    _git(checker, "add", "-A")
    _git(checker, "commit", "-q", "-m", "checker")

    registry = tmp_path / "registry"
    registry.mkdir()
    copy_configuration(registry)
    shutil.copytree(PROJECT / "proposals", registry / "proposals")
    _git(registry, "init", "-q", "-b", "main")
    _git(registry, "add", "-A")
    _git(registry, "commit", "-q", "-m", "registry")
    approved = registry / APPROVED
    approved.write_text(approved.read_text(encoding="utf-8").replace("status: ", "status: bogus-", 1), encoding="utf-8")
    (registry / "README.md").write_text("status: bogus\n", encoding="utf-8")  # not a proposal: not checked
    _git(registry, "add", "-A")

    # pip compiles every module it installs (MkDocs, its theme...) to bytecode, about 8 s of CPU; the hook
    # runs once here, and Python compiles what it imports when it imports it. (PIP_COMPILE=0 is pip's
    # --no-compile: PIP_NO_COMPILE=1 would be read as --compile.)
    environment = {**os.environ, **ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_COMPILE": "0"}
    pre_commit = [sys.executable, "-m", "pre_commit"]
    done = subprocess.run(
        [*pre_commit, "try-repo", str(checker), "registry-validate"],
        cwd=registry,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{APPROVED}:" in done.stdout and "error[schema]" in done.stdout
    assert "Đã kiểm tra 1 tệp: 1 lỗi" in done.stdout  # the changed proposal only
    assert "README.md" not in done.stdout


def test_this_repository_uses_the_hook_it_offers() -> None:
    (offered,) = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    config = yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (used,) = [hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == offered["id"]]
    assert used["files"] == offered["files"] and used["entry"].endswith(offered["entry"])
