"""Real git repositories in temporary folders, with the merges GitHub makes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import copy_configuration

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Lâm Thị Hân",
    "GIT_AUTHOR_EMAIL": "han@example.invalid",
    "GIT_COMMITTER_NAME": "Lâm Thị Hân",
    "GIT_COMMITTER_EMAIL": "han@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GitRegistry:
    """A registry in a git repository, changed through pull requests the way GitHub records them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        copy_configuration(root)
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.commit("Thiết lập sổ đăng ký")
        self.pulls = 0

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env=ENV, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def merge_pull_request(self, branch: str) -> int:
        """GitHub's "Create a merge commit"."""
        self.pulls += 1
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--no-ff", branch, "-m", f"Merge pull request #{self.pulls} from so-noi-vu/{branch}")
        return self.pulls

    def squash_pull_request(self, branch: str, title: str) -> int:
        """GitHub's "Squash and merge": one commit on main whose subject ends with (#N)."""
        self.pulls += 1
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--squash", branch)
        self.commit(f"{title} (#{self.pulls})")
        return self.pulls

    def rebase_pull_request(self, branch: str) -> None:
        """GitHub's "Rebase and merge": the branch's commits replayed on main, no pull request named."""
        self.git("checkout", "-q", branch)
        self.git("rebase", "-q", "main")
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--ff-only", branch)
