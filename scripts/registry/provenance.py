"""Proof that a commit on the audited branch came through a merged pull request.

A commit's subject proves nothing: anyone who can push can write "(#4242)". Two things do:

- a signature by a key of ``pull_request_signers`` in registry.yml (GitHub signs the merge and
  squash commits it makes in its web interface with its web-flow key, the default), checked by git
  against a keyring made for the purpose in a temporary folder, never the user's own, so that a key
  someone holds locally proves nothing; the number is then the one in the signed subject;
- in a workflow, GitHub's API (``registry.github.GitHub``, with the workflow's read-only
  ``GITHUB_TOKEN``) naming a pull request merged into the branch whose merge commit is this very
  commit.

Only the commits that need it are asked about (those that change a proposal's status or unit), in
one ``git log`` for the signatures and one request per commit that no signature proves.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from registry.catalogue import text
from registry.config import CONFIG_FILE, SigningKey
from registry.errors import RegistryError
from registry.github import GitHub, claimed_pull_request
from registry.gitrepo import Commit, Repository, Signature

# Git's %G? codes for a good signature: G, or U where the keyring holds the key but does not
# certify it (our keyring certifies nothing; it holds only the configured keys).
_GOOD = {"gpg": ("G", "U"), "ssh": ("G",)}
_PRINCIPAL = "pull-request-signer"
_LONG_KEY_ID = 16  # hexadecimal digits of an OpenPGP long key id, the last 64 bits of a fingerprint


@dataclass(frozen=True, slots=True)
class Proof:
    """Whether a commit is proven to have come through a pull request, and if not, why not."""

    pull_request: int | None  # the number proven; None when unproven
    how: str  # "signature" or "github" when proven, "" when not
    reason: str  # what was found, in a few words, for the audit's message


Prover = Callable[[Sequence[Commit]], Mapping[str, Proof]]


class Keyring:
    """The configured keys in a temporary GnuPG home and an SSH allowed-signers file.

    Use it as a context manager: the folder (and any gpg-agent started in it) is removed after."""

    def __init__(self, keys: Sequence[SigningKey]) -> None:
        self.keys = tuple(keys)
        self.folder: Path | None = None
        self.gpg_names: dict[str, str] = {}  # fingerprint (primary and subkeys) -> the key's name
        self.ssh_names: dict[str, str] = {}  # SHA256 fingerprint -> the key's name

    def __enter__(self) -> Keyring:
        self.folder = Path(tempfile.mkdtemp(prefix="registry-keys-"))
        home = self.folder / "gnupg"
        home.mkdir(mode=0o700)
        # Nothing is signed here, so no agent is needed; every key here is one that the province chose.
        (home / "gpg.conf").write_text("no-autostart\ntrust-model always\n", encoding="ascii")
        (self.folder / "allowed_signers").write_text("", encoding="ascii")
        try:
            for key in self.keys:
                self._import(key)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.folder is None:
            return
        if shutil.which("gpgconf"):
            subprocess.run(
                ["gpgconf", "--homedir", str(self.folder / "gnupg"), "--kill", "all"], capture_output=True, check=False
            )
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    @property
    def env(self) -> dict[str, str]:
        assert self.folder is not None
        return {**os.environ, "GNUPGHOME": str(self.folder / "gnupg")}

    @property
    def git_config(self) -> tuple[str, ...]:
        """Settings that make git check signatures with these keys only, with the usual programs."""
        assert self.folder is not None
        return (
            "gpg.program=gpg",
            "gpg.openpgp.program=gpg",
            "gpg.ssh.program=ssh-keygen",
            f"gpg.ssh.allowedSignersFile={self.folder / 'allowed_signers'}",
            "log.showSignature=false",
        )

    def _import(self, key: SigningKey) -> None:
        assert self.folder is not None
        where = f"{CONFIG_FILE}: pull_request_signers: {key.name!r}"
        if key.kind == "gpg":
            before = set(self._gpg_fingerprints())
            _run_tool(["gpg", "--batch", "--quiet", "--import"], key.key, self.env, where)
            added = [fingerprint for fingerprint in self._gpg_fingerprints() if fingerprint not in before]
            if not added:
                raise RegistryError(text("provenance.error.no_gpg_key", where=where))
            self.gpg_names.update(dict.fromkeys(added, key.name))
        else:
            line = " ".join(key.key.split()[:2])  # type and key, without the comment
            listed = _run_tool(["ssh-keygen", "-l", "-f", "-"], line + "\n", self.env, where)
            fingerprint = listed.split()[1] if len(listed.split()) > 1 else ""
            if not fingerprint.startswith("SHA256:"):
                raise RegistryError(text("provenance.error.no_ssh_key", where=where))
            self.ssh_names[fingerprint] = key.name
            with (self.folder / "allowed_signers").open("a", encoding="ascii") as stream:
                stream.write(f'{_PRINCIPAL} namespaces="git" {line}\n')

    def _gpg_fingerprints(self) -> list[str]:
        where = f"{CONFIG_FILE}: pull_request_signers"
        listing = _run_tool(["gpg", "--batch", "--with-colons", "--list-keys"], "", self.env, where, ok=(0, 2))
        return [line.split(":")[9] for line in listing.splitlines() if line.startswith("fpr:")]

    def name_of(self, signature: Signature) -> str | None:
        """The name of the configured key that a signature says made it, good or not."""
        if signature.key.startswith("SHA256:"):
            return self.ssh_names.get(signature.key)
        found = self.gpg_names.get(signature.primary) or self.gpg_names.get(signature.key)
        if found is None and len(signature.key_id) == _LONG_KEY_ID:  # a bad signature tells only its key's id
            found = next((name for key, name in self.gpg_names.items() if key.endswith(signature.key_id)), None)
        return found

    def signer(self, signature: Signature) -> str | None:
        """The name of the configured key that made this good signature, or None."""
        kind = "ssh" if signature.key.startswith("SHA256:") else "gpg"
        return self.name_of(signature) if signature.code in _GOOD[kind] else None


def _run_tool(command: list[str], data: str, env: dict[str, str], where: str, ok: tuple[int, ...] = (0,)) -> str:
    try:
        done = subprocess.run(command, input=data.encode(), env=env, capture_output=True, check=False)
    except FileNotFoundError:
        raise RegistryError(text("provenance.error.no_program", program=command[0], where=where)) from None
    if done.returncode not in ok:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        said = problem[-1] if problem else done.returncode
        raise RegistryError(text("provenance.error.refused", where=where, program=command[0], said=said))
    return done.stdout.decode("utf-8", "replace")


def signature_proofs(repository: Repository, commits: Sequence[Commit], keyring: Keyring) -> dict[str, Proof]:
    """Each commit's proof by signature: good, by a configured key, and its signed subject names the
    pull request (a forge also signs what it makes otherwise, such as edits in its web interface and
    rebase merges, which name none)."""
    signatures = repository.signatures([commit.sha for commit in commits], keyring.env, keyring.git_config)
    unsigned = Proof(None, "", text("provenance.unsigned"))
    reasons: dict[tuple[str, str], str] = {}  # the catalogue's words, looked up once for each
    proofs = {}
    for commit in commits:
        signature = signatures.get(commit.sha)
        if signature is None or signature.code == "N":
            proofs[commit.sha] = unsigned
            continue
        signer = keyring.signer(signature)
        if signer is not None:
            claimed = claimed_pull_request(commit)
            if claimed is not None:
                proofs[commit.sha] = Proof(claimed, "signature", _reason(reasons, "provenance.signed", signer=signer))
            else:
                reason = _reason(reasons, "provenance.signed_no_pull_request", signer=signer)
                proofs[commit.sha] = Proof(None, "", reason)
        elif (name := keyring.name_of(signature)) is not None:
            reason = _reason(reasons, "provenance.failed.named", what=_failed(signature.code), name=name)
            proofs[commit.sha] = Proof(None, "", reason)
        else:
            key = (signature.primary or signature.key or signature.key_id)[-16:] or "unknown"
            proofs[commit.sha] = Proof(None, "", _reason(reasons, "provenance.unknown_key", file=CONFIG_FILE, key=key))
    return proofs


def _reason(known: dict[tuple[str, str], str], entry: str, /, **values: str) -> str:
    """``text(entry, **values)``, kept in ``known`` for the next commit that needs the same words."""
    found = known.get((entry, repr(values)))
    if found is None:
        found = known[entry, repr(values)] = text(entry, **values)
    return found


# Why a signature that names a configured key proves nothing (git's %G? codes), in the catalogue.
_FAILED = frozenset("BXYR")


def _failed(code: str) -> str:
    return text(f"provenance.failed.{code if code in _FAILED else 'other'}")


def prover(repository: Repository, keyring: Keyring, github: GitHub | None = None) -> Prover:
    """A function that proves commits by signature, then asks GitHub about those still unproven."""

    def prove(commits: Sequence[Commit]) -> dict[str, Proof]:
        proofs = signature_proofs(repository, commits, keyring)
        if github is not None:
            for commit in commits:
                if proofs[commit.sha].pull_request is None:
                    number = github.merged_pull_request(commit.sha)
                    if number is not None:
                        proofs[commit.sha] = Proof(number, "github", text("provenance.github"))
                    else:
                        reason = text("provenance.github_none", reason=proofs[commit.sha].reason)
                        proofs[commit.sha] = Proof(None, "", reason)
        return proofs

    return prove
