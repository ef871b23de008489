"""Real git repositories in temporary folders, with the merges GitHub makes."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.helpers.proposals import copy_configuration

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Lâm Thị Hân",
    "GIT_AUTHOR_EMAIL": "han@example.invalid",
    "GIT_COMMITTER_NAME": "Lâm Thị Hân",
    "GIT_COMMITTER_EMAIL": "han@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


class GpgKeys:
    """OpenPGP keys made for a test in their own GnuPG home (the forge's, an intruder's…)."""

    def __init__(self) -> None:
        # gpg-agent puts its socket in the home folder, and a socket's path is at most 108 bytes: a
        # pytest folder named after a long test's parameters is too deep, so the home is short.
        self.home = home = Path(tempfile.mkdtemp(prefix="gpg-", dir="/tmp"))
        home.chmod(0o700)
        self.env = {**ENV, "GNUPGHOME": str(home)}
        self.fingerprints: dict[str, str] = {}

    def make(self, name: str) -> str:
        """A new signing key for ``name``; its fingerprint."""
        self.gpg("--passphrase", "", "--quick-gen-key", f"{name} <{name}@example.invalid>", "ed25519", "sign", "never")
        listing = self.gpg("--with-colons", "--list-keys", f"<{name}@example.invalid>")
        fingerprint = next(line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:"))
        self.fingerprints[name] = fingerprint
        return fingerprint

    def public(self, name: str) -> str:
        return self.gpg("--armor", "--export", self.fingerprints[name])

    def close(self) -> None:
        """Stop the agent that signing started, and remove the keys."""
        subprocess.run(["gpgconf", "--homedir", str(self.home), "--kill", "all"], capture_output=True, check=False)
        shutil.rmtree(self.home, ignore_errors=True)

    def gpg(self, *args: str) -> str:
        done = subprocess.run(["gpg", "--batch", *args], env=self.env, capture_output=True, text=True, check=True)
        return done.stdout


def signers_yaml(keys: dict[str, tuple[str, str]]) -> str:
    """registry.yml's ``pull_request_signers`` for keys given as name -> (kind, public key)."""
    lines = ["pull_request_signers:"]
    for name, (kind, key) in keys.items():
        if kind == "gpg":
            lines += [f'  - name: "{name}"', "    gpg: |", *(f"      {line}" for line in key.strip().splitlines())]
        else:
            lines += [f'  - name: "{name}"', f'    ssh: "{key.strip()}"']
    return "\n".join(lines) + "\n"


class GitRegistry:
    """A registry in a git repository, changed through pull requests the way GitHub records them.

    With ``keys``, commits can be signed (``sign=`` a key's name) as GitHub signs what it merges."""

    def __init__(self, root: Path, keys: GpgKeys | None = None) -> None:
        self.root = root
        self.keys = keys
        self.env = {**ENV, "GNUPGHOME": str(keys.home)} if keys else ENV
        root.mkdir(parents=True, exist_ok=True)
        copy_configuration(root)
        self.git("init", "-q", "-b", "main")
        self.git("add", "-A")
        self.commit("Thiết lập sổ đăng ký")
        self.pulls = 0

    @classmethod
    def at(cls, root: Path) -> GitRegistry:
        """The registry already in the repository at ``root`` (a copy of another, say)."""
        repo = cls.__new__(cls)
        repo.root, repo.keys, repo.env, repo.pulls = root, None, ENV, 0
        return repo

    def copy_to(self, root: Path) -> GitRegistry:
        """This repository copied to ``root``, with its keys and its count of pull requests: a test's own
        copy of a repository built once for several tests, to change at will."""
        shutil.copytree(self.root, root, symlinks=True)
        repo = copy.copy(self)
        repo.root = root
        return repo

    def git(self, *args: str) -> str:
        result = subprocess.run(["git", *args], cwd=self.root, env=self.env, capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def _signing(self, sign: str | None) -> list[str]:
        if sign is None:
            return []
        if sign.startswith("ssh:"):  # an SSH private key file
            return ["-c", "gpg.format=ssh", "-c", f"user.signingkey={sign[4:]}"]
        assert self.keys is not None, "signing needs GpgKeys"
        return ["-c", "gpg.format=openpgp", "-c", f"user.signingkey={self.keys.fingerprints[sign]}"]

    def object_file(self, rev: str) -> Path:
        """The loose file that holds the object ``rev`` names (every object here is loose)."""
        oid = self.git("rev-parse", rev)
        path = self.root / ".git" / "objects" / oid[:2] / oid[2:]
        assert path.is_file(), f"{rev} is not a loose object"
        return path

    def lose(self, rev: str) -> str:
        """Damage the repository: delete the object ``rev`` names; its id."""
        path = self.object_file(rev)
        path.unlink()
        return path.parent.name + path.name

    def write(self, path: str, text: str) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, message: str, sign: str | None = None) -> str:
        self.git("add", "-A")
        self.git(*self._signing(sign), "commit", "-q", "--allow-empty", *(["-S"] if sign else []), "-m", message)
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def merge_pull_request(self, branch: str, sign: str | None = None) -> int:
        """GitHub's "Create a merge commit" (signed with ``sign``, as GitHub signs with its web-flow key)."""
        self.pulls += 1
        self.git("checkout", "-q", "main")
        message = f"Merge pull request #{self.pulls} from so-noi-vu/{branch}"
        self.git(*self._signing(sign), "merge", "-q", "--no-ff", *(["-S"] if sign else []), branch, "-m", message)
        return self.pulls

    def squash_pull_request(self, branch: str, title: str, sign: str | None = None) -> int:
        """GitHub's "Squash and merge": one commit on main whose subject ends with (#N)."""
        self.pulls += 1
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--squash", branch)
        self.commit(f"{title} (#{self.pulls})", sign=sign)
        return self.pulls

    def rebase_pull_request(self, branch: str) -> None:
        """GitHub's "Rebase and merge": the branch's commits replayed on main, no pull request named."""
        self.git("checkout", "-q", branch)
        self.git("rebase", "-q", "main")
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--ff-only", branch)
