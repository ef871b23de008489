"""Git, asked once per question: the log of a whole branch in one pass, file contents in one batch.

This is the only module that talks to git, and every git command goes through one runner
(``_Git``): GitPython starts it (``Git.execute(..., as_process=True)``: the git that GitPython is
set to use, C locale, ``GitCommandNotFound`` when there is none), and the runner drains its error
output, checks its exit status and turns a failure into a ``RegistryError`` that quotes git's own
words in short. What a user reads is the catalogue's (``git.*``), git's words (a command, a revision,
its error output) the values it is filled with. GitPython also finds the repository, without running
git, so that a folder outside any repository (``NotARepository``: a registry unpacked from an archive)
is told apart from a git that cannot run or a repository that is damaged.

GitPython's object readers are not used: its ``Commit`` and ``Diff`` objects ask git again or parse
a tree for each commit, and its persistent ``cat-file`` reads one object per round trip, waiting
for each answer. Here the log of 50,000 commits is one streamed ``git log -z --raw``, and every
version of every file one ``git cat-file --batch`` whose answers two forked processes read and
digest while the log goes on.

Nothing that a user, a proposal or a commit wrote reaches git as an option: a ref that starts with
a dash is refused, ``--end-of-options`` comes before the revisions and ``--`` before the paths (read
literally), objects are asked by id on git's input, and replacement refs are ignored, so that what
is read is what the commit holds. Git 2.31 or later (``--diff-merges``).
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Collection, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from subprocess import PIPE
from types import TracebackType
from typing import IO, Generic, TypeVar, cast

# GitPython runs `git version` when it is imported and, by default, refuses to load without git. Told to
# stay quiet, it loads, finds repositories (which needs no git), and a missing git is the first command's
# error: so a folder outside any repository is told apart from a machine without git.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
import git

from registry.catalogue import text
from registry.errors import RegistryError

# Each commit starts with a marker token, then its header fields, each ended by a NUL; its raw diff
# follows. The output is read token by token (a token ends at a NUL, which no path, name or subject can
# hold), and paths are taken by position, never searched for the marker: a file may be named anything.
_MARKER = "\x1eC"
_MARKER_BYTES = _MARKER.encode()
_FORMAT = "%x1eC%x00%H%x00%P%x00%an%x00%ae%x00%cn%x00%cI%x00%s"
_HEADER_FIELDS = _FORMAT.count("%x00")
_RAW_ENTRY = re.compile(r":([0-7]{6}) ([0-7]{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([ACDMRTUX])[0-9]*")
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
# For the commands that write a record per commit (git log): into a pipe, git flushes after each one
# unless told, a system call on each side for every 400 bytes (a history of 50,000 commits: 0.4 s of
# processor time). Only where nothing answers git record by record; not for every command, whose hooks
# and filters would inherit it.
_BUFFERED = {"GIT_FLUSH": "0"}
# Before every command: pathspecs read as plain paths, and objects as stored, never as replaced.
_GLOBAL_OPTIONS = ("--literal-pathspecs", "--no-replace-objects")
_ERROR_BYTES = 1 << 16  # of git's error output, kept for the message
_LOG_CHUNK = 1 << 20  # of the log's output, read and split at once
_SIGNATURE_FIELDS = 5  # a commit's id and the four fields of its Signature, in `signatures`' format
_OBJECT_HEADER = 3  # cat-file's "<id> <type> <size>"; "<name> missing" has two words
ABSENT_MODE = "000000"
REGULAR_FILE = "100644"
T = TypeVar("T")


class NotARepository(RegistryError):
    """The folder lies in no git repository (a registry unpacked from an archive, say): there is no
    history to read, which is not a failure of git."""


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


class GitProcess:
    """A git command that runs while its caller reads its output (or writes its input).

    Its error output is drained on a thread from the start (``drain``), so that git never stops on a
    full pipe, and kept for the message. ``finish`` waits for git and raises if it failed; leaving a
    ``with`` block without finishing ends git."""

    def __init__(self, handle: git.Git.AutoInterrupt, name: str) -> None:
        assert handle.proc is not None
        self._handle = handle  # GitPython's wrapper, which ends git if it is dropped while git runs
        self._process = handle.proc
        self.name = name
        self.stdout = cast(IO[bytes], self._process.stdout)
        self._stdin = cast(IO[bytes] | None, self._process.stdin)
        self._errors = bytearray()
        self._drainer: threading.Thread | None = None

    @property
    def stdin(self) -> IO[bytes]:
        assert self._stdin is not None, f"{self.name} was started without input"
        return self._stdin

    def drain(self) -> GitProcess:
        """Start reading git's error output (after any fork: a forked child takes no thread along)."""
        stream = cast(IO[bytes], self._process.stderr)
        self._drainer = threading.Thread(target=self._keep_errors, args=(stream,), daemon=True)
        self._drainer.start()
        return self

    def _keep_errors(self, stream: IO[bytes]) -> None:
        while chunk := os.read(stream.fileno(), 1 << 16):
            self._errors += chunk[: max(0, _ERROR_BYTES - len(self._errors))]

    def communicate(self, data: bytes, ok: Collection[int] = (0,)) -> tuple[int, bytes]:
        """Give git ``data``, read all it writes, wait for it: its exit status (one of ``ok``, else a
        ``RegistryError`` quoting git) and its output. For a process started without ``drain``."""
        output, errors = self._process.communicate(data)
        status = self._process.returncode
        if status not in ok:
            raise RegistryError(text("git.failed", command=self.name, said=_summary(errors, status)))
        return status, output

    def finish(self) -> None:
        """Wait for git to end; a ``RegistryError`` quoting git if it failed."""
        if self._stdin is not None and not self._stdin.closed:
            with contextlib.suppress(OSError):
                self._stdin.close()
        status = self._process.wait()
        if self._drainer is not None:
            self._drainer.join()
        if status != 0:
            raise RegistryError(text("git.failed", command=self.name, said=_summary(bytes(self._errors), status)))

    def close(self) -> None:
        """End git if it still runs (its caller stopped reading early, or failed)."""
        if self._process.poll() is None:
            with contextlib.suppress(OSError):
                self._process.kill()
            self._process.wait()
        if self._drainer is not None:
            self._drainer.join()

    def __enter__(self) -> GitProcess:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


class _Git:
    """The one way git is run: through GitPython, in ``folder``, every failure a ``RegistryError``."""

    def __init__(self, folder: Path) -> None:
        self.git = git.Git(folder)

    def start(
        self,
        args: Sequence[str],
        *,
        stdin: bool = False,
        env: Mapping[str, str] | None = None,
        config: Sequence[str] = (),
        drain: bool = True,
    ) -> GitProcess:
        """``git args`` started; ``config`` are ``name=value`` settings for this command only."""
        settings = [item for setting in config for item in ("-c", setting)]
        executable = git.Git.GIT_PYTHON_GIT_EXECUTABLE or "git"
        command = [executable, *_GLOBAL_OPTIONS, *settings, *args]
        try:
            handle = self.git.execute(command, istream=PIPE if stdin else None, as_process=True, env=env)
        except (git.GitCommandNotFound, OSError) as error:  # no git, or one that may not be run
            cause = error.__cause__ or error
            raise RegistryError(text("git.cannot_run", cause=cause)) from None
        process = GitProcess(handle, f"git {args[0]}")
        return process.drain() if drain else process

    def run(
        self,
        args: Sequence[str],
        data: bytes = b"",
        *,
        ok: Collection[int] = (0,),
        env: Mapping[str, str] | None = None,
        config: Sequence[str] = (),
    ) -> tuple[int, bytes]:
        """The exit status (one of ``ok``, else a ``RegistryError``) and output of ``git args``, given
        ``data`` as input."""
        return self.start(args, stdin=True, env=env, config=config, drain=False).communicate(data, ok)


def _summary(errors: bytes, status: int) -> str:
    """Git's last words, in short and on one line, or its exit status if it said nothing."""
    lines = [line.strip() for line in errors.decode("utf-8", "replace").splitlines() if line.strip()]
    said = "; ".join(line[:300] for line in lines[-3:])
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "?", said) or text("git.exit_status", status=status)


def _decode(output: bytes) -> str:
    return output.decode("utf-8", "surrogateescape")


class Repository:
    """The git repository that holds the registry."""

    def __init__(self, root: Path) -> None:
        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            folder = Path(root).resolve()
            found = next((top / ".git" for top in (folder, *folder.parents) if (top / ".git").exists()), None)
            if found is not None:  # GitPython says the same of a damaged repository as of none
                raise RegistryError(text("git.damaged", path=found)) from None
            raise NotARepository(text("git.not_a_repository", root=root)) from None
        if self.repo.working_tree_dir is None:
            raise RegistryError(text("git.bare", root=root))
        self.top = Path(self.repo.working_tree_dir)
        self._git = _Git(self.top)
        # The registry may live below the top of the repository; git reports paths from the top.
        self.prefix = Path(root).resolve().relative_to(self.top.resolve()).as_posix()
        self.prefix = "" if self.prefix == "." else self.prefix + "/"

    def resolve(self, ref: str) -> str:
        """The commit a ref names; an unknown ref (or one a shallow clone lacks) is a usage error. A ref
        that starts with a dash would be read by git as an option: it is refused as unknown."""
        if ref.startswith("-"):
            raise RegistryError(text("git.unknown_revision", ref=ref))
        status, output = self._git.run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], ok=(0, 1))
        if status != 0:
            shallow = self.is_shallow()  # the commit may lie below the clone's depth
            raise RegistryError(text("git.unknown_revision_shallow" if shallow else "git.unknown_revision", ref=ref))
        return _decode(output).strip()

    def has_commit(self, ref: str) -> bool:
        """Whether ``ref`` names a commit here (a ref starting with a dash names none)."""
        if ref.startswith("-"):
            return False
        status, _ = self._git.run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], ok=(0, 1))
        return status == 0

    def is_shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor, or None where there is none: unrelated histories, or a history
        cut off by a shallow clone."""
        status, output = self._git.run(["merge-base", "--end-of-options", one, other], ok=(0, 1))
        found = _decode(output).strip()
        return found if status == 0 and found else None

    def to_registry(self, path: str | None) -> str | None:
        """A path from git (relative to the top) as a path in the registry, or None outside it."""
        if path is None or not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def diff(self, base: str, head: str, folder: str) -> list[FileChange]:
        """What changed in ``folder`` from ``base`` to ``head``, renames detected."""
        args = ["diff", "--raw", "-z", "-M", "--no-abbrev", "--end-of-options", base, head, "--", self.prefix + folder]
        tokens = iter(_decode(self._git.run(args)[1]).split("\x00"))
        changes: list[FileChange] = []
        token = next(tokens, None)
        while token:
            change, token = _read_change(token, tokens, "git diff")
            changes.append(change)
        return changes

    def uncommitted(self, paths: Sequence[str]) -> list[str]:
        """The files under ``paths`` (registry paths) that differ from HEAD in the index or the working
        tree, untracked files included and ignored files not; as registry paths, in git's order."""
        args = ["status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=all", "--"]
        output = _decode(self._git.run([*args, *(self.prefix + path for path in paths)])[1])
        # Each entry is "XY path": two status letters and a space; -z leaves the path unquoted.
        changed = (self.to_registry(entry[3:]) for entry in output.split("\x00") if entry[3:])
        return [path for path in changed if path is not None]

    def list_files(self, ref: str, folder: str) -> list[str]:
        args = ["ls-tree", "-r", "-z", "--name-only", "--end-of-options", ref, "--", self.prefix + folder]
        output = _decode(self._git.run(args)[1])
        return [path for path in (self.to_registry(p) for p in output.split("\x00") if p) if path is not None]

    def log(
        self,
        head: str = "HEAD",
        since: str | None = None,
        first_parent: bool = True,
        oldest_first: bool = True,
        paths: Sequence[str] = (),
    ) -> Generator[Commit, None, None]:
        """The commits of ``head`` (after ``since``), oldest first (or newest first), each with its raw
        diff to its first parent, streamed as git writes them; with ``paths``, only those touching them.

        The proposals' history is read without a pathspec: limiting git to a folder makes it test every
        commit's trees for simplification, which costs more than reading the few commits outside the
        folder and dropping them. A folder few commits touch (the hand-written pages) is worth limiting
        to. Newest first, git writes from the start and spends a sixth less (``--reverse`` walks it
        all first).
        """
        args = ["log", *(["--reverse"] if oldest_first else []), "--root", "--no-show-signature", "-M"]
        args += ["--raw", "--no-abbrev", "-z"]
        args.append(f"--format={_FORMAT}")
        if first_parent:
            args += ["--first-parent", "--diff-merges=first-parent"]
        args += ["--end-of-options", f"{since}..{head}" if since else head]
        if paths:
            args += ["--", *paths]  # literal: git runs with --literal-pathspecs
        with self._git.start(args, env=_BUFFERED) as process:
            _widen(process.stdout)
            try:
                yield from _parse_log(process.stdout)
            except RegistryError:
                while process.stdout.read(1 << 20):  # to its end, so that git's own failure is known
                    pass
                process.finish()  # git's failure explains the broken output better than the parser
                raise
            process.finish()

    def signatures(self, shas: Sequence[str], env: dict[str, str], config: Sequence[str]) -> dict[str, Signature]:
        """The signatures of some commits, checked by git: ``git log --no-walk``, one per core, each
        over a share of the commits (git runs gpg once per signed commit).

        ``env`` and ``config`` (``name=value`` settings) choose the keyring and the allowed signers:
        the caller's own, never the user's, so that a key someone has locally proves nothing. A commit
        that carries no signature (``N``) is left out."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        _ids_only(wanted, "git log")
        args = ["log", "--no-walk=unsorted", "--stdin", "--format=%H%x00%G?%x00%GF%x00%GP%x00%GK%x1e"]
        shares = max(1, min(os.cpu_count() or 1, len(wanted) // 200))
        inputs = ["".join(f"{sha}\n" for sha in wanted[index::shares]).encode() for index in range(shares)]
        buffered = {**env, **_BUFFERED}
        with ThreadPoolExecutor(shares) as pool:  # each git fed and drained at once, so that all run
            outputs = list(pool.map(lambda data: self._git.run(args, data, env=buffered, config=config)[1], inputs))
        found: dict[str, Signature] = {}
        for output in outputs:
            for record in output.split(b"\x1e"):
                fields = record.strip(b"\n").split(b"\x00")
                if len(fields) == _SIGNATURE_FIELDS and fields[1] != b"N":
                    found[fields[0].decode("ascii", "replace")] = Signature(
                        *(field.decode("utf-8", "replace") for field in fields[1:])
                    )
        return found

    def blob_reader(self, digest: Callable[[bytes], T]) -> BlobReader[T]:
        """A batch reader of objects that keeps only ``digest`` of each (see ``BlobReader``)."""
        process = self._git.start(["cat-file", "--batch"], stdin=True, drain=False)
        return BlobReader(process, digest)

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs, asked by object id through one ``git cat-file --batch``.

        Only object ids are asked, never ``rev:path``: a path may hold a newline, which would shift
        every later answer. Each answer must name the object that was asked. An object the
        repository lacks is an error (the repository is damaged or incomplete); one that is not a
        blob is left out, and the caller treats it as unreadable.
        """
        names = list(dict.fromkeys(ids))
        if not names:
            return {}
        _ids_only(names, "git cat-file")
        _, answer = self._git.run(["cat-file", "--batch"], "".join(f"{name}\n" for name in names).encode())
        found: dict[str, bytes] = {}
        missing: list[str] = []
        offset = 0
        for name in names:  # cat-file answers in the order it was asked
            end = answer.find(b"\n", offset)
            header = answer[offset:end].split() if end >= 0 else []
            if not header or header[0].decode(errors="replace") != name:
                raise RegistryError(text("git.no_answer", command="git cat-file", name=name))
            offset = end + 1
            if len(header) == _OBJECT_HEADER and header[1] == b"blob":
                size = int(header[2])
                found[name] = answer[offset : offset + size]
                offset += size + 1
            elif len(header) == _OBJECT_HEADER:
                offset += int(header[2]) + 1  # not a blob: skipped, and so unreadable
            else:
                missing.append(name)
        if missing:
            raise _missing(missing)
        return found

    def fast_import(self) -> GitProcess:
        """``git fast-import``, to write ``stdin`` to and ``finish`` (for generated registries)."""
        return self._git.start(["fast-import", "--quiet"], stdin=True)

    def checkout(self, branch: str) -> None:
        """The working tree set to ``branch`` (for generated registries)."""
        if branch.startswith("-"):
            raise RegistryError(text("git.unknown_branch", branch=branch))
        self._git.run(["checkout", "-q", "-f", branch, "--"])  # checkout takes no --end-of-options


def create_repository(target: Path, branch: str = "main") -> Repository:
    """A new repository at ``target`` whose first branch is ``branch`` (for generated registries)."""
    target.mkdir(parents=True, exist_ok=True)
    _Git(target).run(["init", "-q", "-b", branch])
    return Repository(target)


def _ids_only(names: Iterable[str], command: str) -> None:
    """Refuse anything but object ids on git's input, where a line is read as a revision or an object
    name (``HEAD``, ``--batch-all-objects``...)."""
    if (wrong := next((name for name in names if not _OBJECT_ID.fullmatch(name)), None)) is not None:
        raise RegistryError(text("git.not_an_id", command=command, name=wrong))


def _missing(names: Sequence[str]) -> RegistryError:
    """Objects the history names that the repository lacks: the first is named, and how many."""
    key = "git.missing.many" if len(names) > 1 else "git.missing.one"
    return RegistryError(text(key, command="git cat-file", count=len(names), name=names[0]))


class BlobReader(Generic[T]):
    """One ``git cat-file --batch`` whose answers are read and digested in a forked process, so that git
    and the digest run beside the caller (reading the log, say). Only ``digest`` of each object is kept
    and sent back, so that reading every version of every file costs no memory. An object that git
    cannot give, or git failing, is a ``RegistryError``.

    One process digests, on purpose: a second one, handed half the answers by the first, finished the
    backlog sooner once the log had ended, but handing on cost more (a history of 50,000 commits: 1.2 s
    of processor time, 0.5 s of wall time) than it gained on two cores already busy with git."""

    def __init__(self, process: GitProcess, digest: Callable[[bytes], T]) -> None:
        self.process = process
        _widen(process.stdout)
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        # The child closes git's input: a copy of it left open there would keep git waiting for more.
        self.child = context.Process(
            target=_digest_objects, args=(process.stdout.fileno(), process.stdin, digest, send), daemon=True
        )
        self.child.start()
        send.close()
        process.stdout.close()  # the child reads it
        process.drain()  # a thread, started after the fork
        self.stdin = process.stdin
        _widen(self.stdin)
        self.broken = False

    def request(self, name: str) -> None:
        """Ask for object ``name``."""
        _ids_only((name,), "git cat-file")
        if self.broken:
            return
        try:
            self.stdin.write(f"{name}\n".encode())
        except OSError:  # git has stopped (a damaged object): ``results`` tells why
            self.broken = True

    def results(self) -> dict[str, T]:
        with contextlib.suppress(OSError):
            self.stdin.close()
        try:
            found: dict[str, T]
            missing: list[str]
            found, missing = self.receive.recv()
        except EOFError:
            self.close()
            raise RegistryError(text("git.answers_unreadable", command="git cat-file")) from None
        self.child.join()
        self.process.finish()  # git's own failure explains missing answers best
        if missing:
            raise _missing(missing)
        return found

    def close(self) -> None:
        """End git and the reader of its answers, if they still run (the log failed, say)."""
        self.process.close()
        if self.child.is_alive():
            self.child.terminate()
            self.child.join()

    def __del__(self) -> None:  # a reader dropped before its results leaves no process behind
        if hasattr(self, "child"):
            self.close()


def _widen(pipe: IO[bytes]) -> None:
    """A 1 MiB pipe instead of 64 KiB: the processes on each side switch far less often."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


def _digest_objects(source: int, unused: IO[bytes], digest: Callable[[bytes], T], send: Connection) -> None:
    """Read ``git cat-file --batch``'s answers from ``source`` and digest each. The parent's copy of
    git's input (``unused``) is closed first: the parent's is the one that must end it."""
    unused.close()
    # Read through a buffer of a megabyte: a version, 11 KiB on average, then costs one copy and rarely
    # a system call of its own.
    stdout = open(source, "rb", buffering=1 << 20, closefd=False)  # noqa: SIM115
    found: dict[str, T] = {}
    missing: list[str] = []
    while header := stdout.readline():
        parts = header.split()
        if len(parts) < _OBJECT_HEADER:  # "<name> missing"
            missing.append(parts[0].decode(errors="replace") if parts else "?")
            continue
        size = int(parts[2])
        data = stdout.read(size)
        if len(data) != size:
            break  # git stopped within an object: its exit status tells why
        stdout.read(1)  # the newline after each object
        found[parts[0].decode()] = digest(data)
    send.send((found, missing))
    send.close()


def _parse_log(stream: IO[bytes]) -> Iterator[Commit]:
    """Commits from ``git log -z --raw --format=_FORMAT``: a marker, the header fields, then raw
    entries until the next marker. The output is decoded and split at its NULs (which no path, name
    or subject can hold, nor any character) a megabyte at a time, and each commit read from the
    tokens by position; a commit that the megabyte cuts is read again with the next one."""
    tokens: list[str] = []
    start = 0  # the first token of the next commit
    pending = b""
    ended = False
    while not ended:
        chunk = pending + stream.read(_LOG_CHUNK)
        ended = len(chunk) == len(pending)
        cut = len(chunk) if ended else chunk.rfind(b"\x00") + 1
        pending = chunk[cut:]
        parts = chunk[:cut].decode("utf-8", "surrogateescape").split("\x00")
        if not ended:
            parts.pop()  # empty: what follows the last NUL is pending
        tokens = tokens[start:] + parts
        start = 0
        while start < len(tokens):
            if ended and start == len(tokens) - 1 and not tokens[start]:
                break  # the end of the output
            read = _commit_at(tokens, start, ended)
            if read is None:
                break  # the rest of this commit comes with the next megabyte
            commit, start = read
            yield commit


def _commit_at(tokens: list[str], start: int, ended: bool) -> tuple[Commit, int] | None:
    """The commit whose marker is ``tokens[start]``, and the index after it; None where the tokens
    end before the commit can be known whole and the output goes on."""
    count = len(tokens)
    if tokens[start] != _MARKER and tokens[start].lstrip("\n") != _MARKER:
        raise RegistryError(text("git.output.commit_expected", command="git log"))
    at = start + 1 + _HEADER_FIELDS
    if at > count:
        if ended:
            raise RegistryError(text("git.output.ended_in_commit", command="git log"))
        return None
    sha, parents, author, email, committer, date, subject = tokens[start + 1 : at]
    changes = []
    while at < count and (tokens[at][:1] == ":" or tokens[at][:2] == "\n:"):
        entry = _RAW_ENTRY.fullmatch(tokens[at].lstrip("\n"))
        if entry is None:
            raise RegistryError(text("git.output.entry_expected", command="git log"))
        paths = 2 if entry.group(5) in "RC" else 1
        if at + 1 + paths > count:
            if ended:
                raise RegistryError(text("git.output.ended_in_entry", command="git log"))
            return None
        changes.append(_change(entry, tokens[at + 1 : at + 1 + paths]))
        at += 1 + paths
    while at < count and not tokens[at]:  # an empty token may close a commit that changed nothing
        at += 1
    if at == count and not ended:
        return None  # more of this commit may follow
    return Commit(sha, tuple(parents.split()), author, email, committer, date, subject, tuple(changes)), at


def _change(entry: re.Match[str], paths: list[str]) -> FileChange:
    """A raw entry (``:mode mode blob blob STATUS``) and its paths (two for renames and copies),
    taken by position, whatever they hold."""
    old_mode, new_mode, old_blob, new_blob, kind = entry.groups()
    absent_old, absent_new = old_mode == ABSENT_MODE, new_mode == ABSENT_MODE
    return FileChange(
        kind,
        None if kind == "A" else paths[0],
        None if kind == "D" else paths[-1],
        None if absent_old else old_blob,
        None if absent_new else new_blob,
        None if absent_old else old_mode,
        None if absent_new else new_mode,
    )


def _read_change(meta: str, tokens: Iterator[str], command: str) -> tuple[FileChange, str | None]:
    """One raw entry, ``:mode mode blob blob STATUS`` then its path (two for renames and copies), and
    the token after it. Paths are taken by position, whatever they hold."""
    match = _RAW_ENTRY.fullmatch(meta.lstrip("\n"))
    if match is None:
        raise RegistryError(text("git.output.entry_expected", command=command))
    paths = [next(tokens, None) for _ in range(2 if match.group(5) in "RC" else 1)]
    if None in paths:
        raise RegistryError(text("git.output.ended_in_entry", command=command))
    return _change(match, cast(list[str], paths)), next(tokens, None)
