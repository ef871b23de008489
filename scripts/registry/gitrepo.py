"""Git, asked once per question: the log of a whole branch in one pass, file contents in one batch.

GitPython finds the repository and runs git; the log and the blob reads are streamed with fixed,
NUL-separated formats, never one git command per file.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import multiprocessing
import os
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

import git

from registry.errors import RegistryError

# Each commit starts with a marker token, then its header fields, each ended by a NUL; its raw diff
# follows. The output is read token by token (a token ends at a NUL, which no path, name or subject can
# hold), and paths are taken by position, never searched for the marker: a file may be named anything.
_MARKER = "\x1eC"
_FORMAT = "%x1eC%x00%H%x00%P%x00%an%x00%ae%x00%cn%x00%cI%x00%s"
_HEADER_FIELDS = _FORMAT.count("%x00")
_RAW_ENTRY = re.compile(r":([0-7]{6}) ([0-7]{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([ACDMRTUX])[0-9]*")
_MERGED_PULL_REQUEST = re.compile(r"^Merge pull request #(\d+)\b")
_SQUASHED_PULL_REQUEST = re.compile(r"\(#(\d+)\)\s*$")
ABSENT_MODE = "000000"
REGULAR_FILE = "100644"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileChange:
    """One entry of a diff (``A``dded, ``M``odified, ``D``eleted, ``R``enamed, ``T``ype changed, …), with
    the git modes of both sides: ``100644`` is a regular file; ``100755`` executable, ``120000`` a
    symbolic link, ``160000`` a submodule (gitlink). A side that is absent has neither path nor blob."""

    status: str
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    old_mode: str | None = None
    new_mode: str | None = None


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author: str
    author_email: str
    committer: str
    date: str  # ISO 8601, the committer's date: when the change landed
    subject: str
    changes: tuple[FileChange, ...]

    @property
    def claimed_pull_request(self) -> int | None:
        """The pull request that the subject names, as GitHub writes it in merge and squash commits.

        A claim only: anyone can write such a subject. ``registry.provenance`` decides whether it
        is proven (a signature by a configured key, or GitHub's API)."""
        match = _MERGED_PULL_REQUEST.match(self.subject) if len(self.parents) > 1 else None
        match = match or _SQUASHED_PULL_REQUEST.search(self.subject)
        return int(match.group(1)) if match else None


@dataclass(frozen=True, slots=True)
class Signature:
    """What git says of a commit's signature: ``code`` is ``%G?`` (G good, U good but of unknown
    validity, N none, E cannot be checked, B bad, X/Y/R expired or revoked), ``key`` the
    fingerprint of the key that signed (``%GF``), ``primary`` its primary key's (``%GP``), and
    ``key_id`` what the signature says of its key (``%GK``), known even when the key is not."""

    code: str
    key: str
    primary: str
    key_id: str


class Repository:
    """The git repository that holds the registry."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise RegistryError(f"{root}: not inside a git repository") from None
        if self.repo.working_tree_dir is None:
            raise RegistryError(f"{root}: a bare repository has no proposals to check")
        self.top = Path(self.repo.working_tree_dir)
        # The registry may live below the top of the repository; git reports paths from the top.
        self.prefix = Path(root).resolve().relative_to(self.top.resolve()).as_posix()
        self.prefix = "" if self.prefix == "." else self.prefix + "/"

    def _run(self, *args: str) -> str:
        try:
            return str(self.repo.git.execute(["git", *args], stdout_as_string=True))
        except git.GitCommandError as error:
            raise RegistryError(f"git {' '.join(args[:2])}: {str(error.stderr).strip() or error}") from None

    def resolve(self, ref: str) -> str:
        """The commit a ref names; an unknown ref (or one a shallow clone lacks) is a usage error. A ref
        that starts with a dash would be read by git as an option: it is refused as unknown."""
        if ref.startswith("-"):
            raise RegistryError(f"unknown revision {ref!r}")
        try:
            return str(self.repo.git.rev_parse("--verify", "--quiet", f"{ref}^{{commit}}"))
        except git.GitCommandError:
            hint = " (the clone may be too shallow: fetch it, or fetch with more depth)" if self.is_shallow() else ""
            raise RegistryError(f"unknown revision {ref!r}{hint}") from None

    def is_shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def merge_base(self, one: str, other: str) -> str | None:
        try:
            return str(self.repo.git.merge_base(one, other)) or None
        except git.GitCommandError:
            return None  # unrelated, or history cut off by a shallow clone

    def to_registry(self, path: str | None) -> str | None:
        """A path from git (relative to the top) as a path in the registry, or None outside it."""
        if path is None or not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def diff(self, base: str, head: str, folder: str) -> list[FileChange]:
        """What changed in ``folder`` from ``base`` to ``head``, renames detected."""
        output = self._run("diff", "--raw", "-z", "-M", "--no-abbrev", base, head, "--", self.prefix + folder)
        tokens = iter(output.split("\x00"))
        changes: list[FileChange] = []
        token = next(tokens, None)
        while token:
            change, token = _read_change(token, tokens, "git diff")
            changes.append(change)
        return changes

    def list_files(self, ref: str, folder: str) -> list[str]:
        output = self._run("ls-tree", "-r", "-z", "--name-only", ref, "--", self.prefix + folder)
        return [path for path in (self.to_registry(p) for p in output.split("\x00") if p) if path is not None]

    def log(self, head: str = "HEAD", since: str | None = None, first_parent: bool = True) -> Iterator[Commit]:
        """The commits of ``head`` (after ``since``), oldest first, each with its raw diff to its first
        parent, streamed as git writes them.

        No pathspec: limiting git to a folder makes it test every commit's trees for simplification,
        which costs more than reading the few commits outside the folder and dropping them.
        """
        args = ["log", "--reverse", "-M", "--raw", "--no-abbrev", "-z", f"--format={_FORMAT}"]
        if first_parent:
            args += ["--first-parent", "--diff-merges=first-parent"]
        args.append(f"{since}..{head}" if since else head)
        process: Any = self.repo.git.execute(["git", *args], as_process=True)
        stdout: IO[bytes] = process.stdout
        _widen(stdout)
        yield from _parse_log(_tokens(stdout))
        try:
            process.wait()
        except git.GitCommandError as error:
            raise RegistryError(f"git log: {str(error.stderr).strip() or error}") from None

    def signatures(self, shas: Sequence[str], env: dict[str, str], config: Sequence[str]) -> dict[str, Signature]:
        """The signatures of some commits, checked by git: ``git log --no-walk``, one per core, each
        over a share of the commits (git runs gpg once per signed commit).

        ``env`` and ``config`` (``name=value`` settings) choose the keyring and the allowed signers:
        the caller's own, never the user's, so that a key someone has locally proves nothing."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        settings = [item for setting in config for item in ("-c", setting)]
        command = [
            "git",
            *settings,
            "log",
            "--no-walk=unsorted",
            "--stdin",
            "--format=%H%x00%G?%x00%GF%x00%GP%x00%GK%x1e",
        ]
        shares = max(1, min(os.cpu_count() or 1, len(wanted) // 200))
        processes = [
            subprocess.Popen(
                command, cwd=self.top, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(shares)
        ]
        inputs = ["".join(f"{sha}\n" for sha in wanted[index::shares]).encode() for index in range(shares)]
        with ThreadPoolExecutor(shares) as pool:  # each process fed and drained at once, so all run
            answers = list(pool.map(lambda process, data: process.communicate(data), processes, inputs))
        found: dict[str, Signature] = {}
        for process, (stdout, stderr) in zip(processes, answers, strict=True):
            if process.returncode != 0:
                raise RegistryError(f"git log: {stderr.decode('utf-8', 'replace').strip()}")
            for record in stdout.decode("utf-8", "replace").split("\x1e"):
                fields = record.strip("\n").split("\x00")
                if len(fields) == 5:
                    found[fields[0]] = Signature(*fields[1:])
        return found

    def blob_reader(self, digest: Callable[[bytes], T]) -> BlobReader[T]:
        """A batch reader of objects that keeps only ``digest`` of each (see ``BlobReader``)."""
        return BlobReader(self.top, digest)

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs, asked by object id through one ``git cat-file --batch``.

        Only object ids are asked, never ``rev:path``: a path may hold a newline, which would shift
        every later answer. Each answer must name the blob that was asked; one that does not exist
        is left out, and the caller treats it as unreadable.
        """
        names = list(dict.fromkeys(ids))
        if not names:
            return {}
        if not all(_OBJECT_ID.fullmatch(name) for name in names):
            raise RegistryError("git cat-file: only object ids may be asked")
        result = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=self.top,
            input="".join(f"{name}\n" for name in names).encode(),
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise RegistryError(f"git cat-file: {result.stderr.decode(errors='replace').strip()}")
        answer = result.stdout
        found: dict[str, bytes] = {}
        offset = 0
        for name in names:  # cat-file answers in the order it was asked
            end = answer.find(b"\n", offset)
            header = answer[offset:end].split() if end >= 0 else []
            if not header or header[0].decode() != name:
                raise RegistryError(f"git cat-file: no answer for {name}")
            offset = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                found[name] = answer[offset : offset + size]
                offset += size + 1
            elif len(header) == 3:
                offset += int(header[2]) + 1  # not a blob: skipped, and so unreadable
        return found


class BlobReader(Generic[T]):
    """One ``git cat-file --batch`` whose answers are read and digested in a forked process, so that
    git and the digest run on one core while the caller (reading the log, say) works on the other.
    Only ``digest`` of each object is kept and sent back, so that reading every version of every file
    costs no memory. Objects that do not exist are left out of the results."""

    def __init__(self, top: Path, digest: Callable[[bytes], T]) -> None:
        self.process = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=top, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.process.stdout is not None
        _widen(self.process.stdout)
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.child = context.Process(
            target=_digest_objects, args=(self.process.stdout, self.process.stdin, digest, send), daemon=True
        )
        self.child.start()
        send.close()
        assert self.process.stdout is not None and self.process.stdin is not None
        self.process.stdout.close()  # the child reads it
        self.stdin = self.process.stdin
        _widen(self.stdin)

    def request(self, name: str) -> None:
        self.stdin.write(f"{name}\n".encode())

    def results(self) -> dict[str, T]:
        self.stdin.close()
        try:
            found: dict[str, T] = self.receive.recv()
        except EOFError:
            raise RegistryError("git cat-file stopped before answering") from None
        self.child.join()
        self.process.wait()
        return found


def _widen(pipe: IO[bytes]) -> None:
    """A 1 MiB pipe instead of 64 KiB: the processes on each side switch far less often."""
    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


def _digest_objects(stdout: IO[bytes], stdin: IO[bytes], digest: Callable[[bytes], T], send: Any) -> None:
    stdin.close()  # the parent's copy is the one that must end git's input
    found: dict[str, T] = {}
    while header := stdout.readline():
        parts = header.split()
        if len(parts) != 3:  # "<name> missing"
            continue
        data = stdout.read(int(parts[2]))
        stdout.read(1)  # the newline after each object
        found[parts[0].decode()] = digest(data)
    send.send(found)
    send.close()


_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    """The NUL-ended tokens of ``stream``, decoded one by one (a NUL never falls inside a character)."""
    pending = b""
    while chunk := stream.read(1 << 20):
        parts = (pending + chunk).split(b"\x00")
        pending = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "surrogateescape")
    if pending:
        yield pending.decode("utf-8", "surrogateescape")


def _parse_log(tokens: Iterator[str]) -> Iterator[Commit]:
    """Commits from the tokens of ``git log -z --raw --format=_FORMAT``: a marker, the header fields,
    then raw entries until the next marker."""
    token = next(tokens, None)
    while token is not None:
        if token != _MARKER and token.lstrip("\n") != _MARKER:
            raise RegistryError("git log: unexpected output (a commit was expected)")
        header = list(itertools.islice(tokens, _HEADER_FIELDS))
        if len(header) != _HEADER_FIELDS:
            raise RegistryError("git log: the output ended inside a commit")
        sha, parents, author, email, committer, date, subject = header
        changes = []
        token = next(tokens, None)
        while token and (token[0] == ":" or token.startswith("\n:")):
            change, token = _read_change(token, tokens, "git log")
            changes.append(change)
        while token == "":  # an empty token may close a commit that changed nothing
            token = next(tokens, None)
        yield Commit(sha, tuple(parents.split()), author, email, committer, date, subject, tuple(changes))


def _read_change(meta: str, tokens: Iterator[str], command: str) -> tuple[FileChange, str | None]:
    """One raw entry, ``:mode mode blob blob STATUS`` then its path (two for renames and copies), and
    the token after it. Paths are taken by position, whatever they hold."""
    match = _RAW_ENTRY.fullmatch(meta.lstrip("\n"))
    if match is None:
        raise RegistryError(f"{command}: unexpected output (a diff entry was expected)")
    old_mode, new_mode, old_blob, new_blob, kind = match.groups()
    paths = [next(tokens, None) for _ in range(2 if kind in "RC" else 1)]
    if None in paths:
        raise RegistryError(f"{command}: the output ended inside a diff entry")
    old_path, new_path = paths[0], paths[-1]
    change = FileChange(
        status=kind,
        old_path=None if kind == "A" else old_path,
        new_path=None if kind == "D" else new_path,
        old_blob=None if old_mode == ABSENT_MODE else old_blob,
        new_blob=None if new_mode == ABSENT_MODE else new_blob,
        old_mode=None if old_mode == ABSENT_MODE else old_mode,
        new_mode=None if new_mode == ABSENT_MODE else new_mode,
    )
    return change, next(tokens, None)
