"""The history of every proposal, read from git in one pass over the log: who changed what, when,
through which pull request, and how the status and the unit moved.

A proposal is followed by its id (the start of its file name), so a referral that moves the file to
another unit's folder continues the same history even where git's rename detection would not see it.
The status at each event is read from the file as it was then; every version is read in one batch.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, NamedTuple

from registry.fast_status import declared_status
from registry.github import claimed_pull_request
from registry.gitrepo import Commit, FileChange, Repository
from registry.layout import PROPOSALS_DIR, id_from_path, unit_from_path
from registry.load import parse_proposal
from registry.parallel import collect_again, freeze_at_exit
from registry.provenance import Prover


class Event(NamedTuple):
    """One change to one proposal, as it landed on the branch. (A named tuple: as immutable as a frozen
    dataclass, and made in a fifth of the time, tens of thousands of times per history.)"""

    proposal_id: str  # the id
    commit: str
    date: str
    pull_request: int | None  # proven (see registry.provenance), for events that change status or unit
    claimed_pull_request: int | None  # what the commit's subject says: a claim, not a proof
    author: str
    committer: str
    subject: str
    kind: str  # added, changed, moved, deleted
    path: str | None  # None when deleted
    previous_path: str | None
    status_before: str | None
    status_after: str | None
    unit_before: str | None
    unit_after: str | None
    merge: bool  # a merge commit (two parents or more)

    @property
    def status_changed(self) -> bool:
        return self.status_before != self.status_after

    def as_dict(self) -> dict[str, Any]:
        """The event as `registry history --format json` writes it."""
        return {_JSON_NAMES.get(name, name): value for name, value in zip(self._fields, self, strict=True)}


_JSON_NAMES = {"proposal_id": "proposal"}  # the JSON's key, which tools reading the output rely on


def status_of(blob: bytes, path: str) -> str | None:
    """The status a version of a proposal file declares, as the loader reads it; None if it declares
    none readably. The fast path answers only where it is proven to agree (fast_status.py)."""
    declared = declared_status(blob)
    if declared is not None:
        return declared
    proposal, _ = parse_proposal(path, blob)
    return proposal.status if proposal is not None else None


def read_history(
    repository: Repository, head: str = "HEAD", since: str | None = None, prove: Prover | None = None
) -> dict[str, list[Event]]:
    """Every proposal's events on the first-parent line of ``head`` (after ``since``), oldest first.

    ``prove`` is asked which pull request each commit that changes a status or a unit came through;
    without it, no event names a proven pull request."""
    with HistoryReading(repository, head, since) as reading:
        return reading.finish(prove)


class HistoryReading:
    """The history of ``head`` (after ``since``) being read: started at once, so that git reads the
    log and the versions while the caller does its own work (loading registry.yml, importing the
    signers' keys), and ``finish``ed when the events are wanted.

    The log is read as git writes it (newest first, git's fastest) on a thread, and each new version
    of a proposal is asked of ``git cat-file`` at once; a forked process reads the statuses while the
    log goes on. Use it as a context manager: leaving it without finishing ends git and the reader.
    """

    def __init__(self, repository: Repository, head: str = "HEAD", since: str | None = None) -> None:
        self.repository = repository
        # The collector paused until ``close``: what is read here holds no cycles, and its passes over the
        # growing heap of commits and events would cost a fifth of this process's time. The forked
        # readers inherit the pause.
        self._collecting = gc.isenabled()
        gc.disable()
        freeze_at_exit()
        # One ``git cat-file`` for every version (two, each with a share of the proposals, cost git twice the
        # work: the delta chains of a pack cross the shares), and one process that reads each version's
        # status (see BlobReader); it forks before any thread starts.
        try:
            self.reader = repository.blob_reader(_status_digest)
        except BaseException:
            if self._collecting:
                gc.enable()
            raise
        self.commits: list[tuple[Commit, list[ProposalPaths]]] = []  # newest first
        self.asked: set[str] = set()  # a blob's status is read once, however many versions share it
        self.claims: dict[str, int | None] = {}  # the pull request each commit's subject claims
        self.units: dict[str | None, str | None] = {}  # the unit of each path
        # Each event but its statuses and proof: commit, paths, kind, previous path, units, claim, merge.
        self.drafts: list[tuple[Commit, ProposalPaths, str, str | None, str | None, str | None, int | None, bool]] = []
        self._failure: BaseException | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._read_log, args=(head, since), daemon=True)
        self._thread.start()

    def _read_log(self, head: str, since: str | None) -> None:
        names: dict[str, tuple[str, str | None] | None] = {}
        reader, asked, commits, claims, units = self.reader, self.asked, self.commits, self.claims, self.units
        try:
            with contextlib.closing(self.repository.log(head=head, since=since, oldest_first=False)) as log:
                for commit in log:
                    if self._stopped:
                        return
                    touched = [
                        paths for paths in pair_by_proposal(self.repository, commit.changes, names) if paths.proposal_id
                    ]
                    if touched:
                        commits.append((commit, touched))
                        claims[commit.sha] = claimed_pull_request(commit)
                        for paths in touched:
                            for path in (paths.old_path, paths.new_path):
                                if path not in units:
                                    units[path] = unit_from_path(path)
                            if paths.new_blob and paths.new_blob not in asked:
                                asked.add(paths.new_blob)
                                reader.request(paths.new_blob)
            self._draft()
        except BaseException as error:  # told by ``finish``, in the caller's thread
            self._failure = error

    def _draft(self) -> None:
        """Each event as far as the log tells it (all but its statuses and its proven pull request),
        oldest first: made on the log's thread while the last statuses are read."""
        reader, asked, claims, units = self.reader, self.asked, self.claims, self.units
        # The old version is needed only where the log does not show the file arriving (a shallow
        # clone, or ``since``): otherwise it is the previous event's new version.
        arrived: set[str | None] = set()
        drafts = self.drafts
        for commit, touched in reversed(self.commits):
            claimed, merge = claims[commit.sha], len(commit.parents) > 1
            for paths in touched:
                if paths.old_blob and paths.proposal_id not in arrived and paths.old_blob not in asked:
                    asked.add(paths.old_blob)
                    reader.request(paths.old_blob)
                arrived.add(paths.proposal_id)
                old_path, new_path = paths.old_path, paths.new_path
                if old_path is None:
                    kind = "added"
                elif new_path is None:
                    kind = "deleted"
                else:
                    kind = "moved" if old_path != new_path else "changed"
                previous = old_path if kind != "changed" else None
                drafts.append((commit, paths, kind, previous, units[old_path], units[new_path], claimed, merge))

    def finish(self, prove: Prover | None = None) -> dict[str, list[Event]]:
        """Every proposal's events, oldest first; ``prove`` as for ``read_history``."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        drafts = self.drafts
        statuses = self.reader.results()
        decisive = {
            commit.sha: commit
            for commit, paths, _, _, unit_before, unit_after, _, _ in drafts
            if statuses.get(paths.old_blob or "") != statuses.get(paths.new_blob or "") or unit_before != unit_after
        }
        proofs = prove(list(decisive.values())) if prove and decisive else {}

        history: dict[str, list[Event]] = {}
        for commit, paths, kind, previous, unit_before, unit_after, claimed, merge in drafts:
            proof = proofs.get(commit.sha)
            old_blob, new_blob = paths.old_blob, paths.new_blob
            event = Event(
                paths.proposal_id or "",
                commit.sha,
                commit.date,
                proof.pull_request if proof else None,
                claimed,
                commit.author,
                commit.committer,
                commit.subject,
                kind,
                paths.new_path,
                previous,
                statuses.get(old_blob) if old_blob else None,
                statuses.get(new_blob) if new_blob else None,
                unit_before,
                unit_after,
                merge,
            )
            history.setdefault(event.proposal_id, []).append(event)
        return history

    def close(self) -> None:
        """End git, the reader and the thread, if they still run (the caller failed, say)."""
        self._stopped = True
        self.reader.close()
        self._thread.join()
        if self._collecting:  # a caller that paused it keeps it paused (the history and audit commands)
            collect_again()

    def __enter__(self) -> HistoryReading:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _status_digest(blob: bytes) -> str | None:
    return status_of(blob, "")


_FOLDER = PROPOSALS_DIR + "/"


@dataclass(frozen=True, slots=True)
class ProposalPaths:
    """One proposal's file in a diff: paths in the registry, blob ids; a side is None when absent."""

    proposal_id: str | None  # the id from the file name; None when the name carries none
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None
    old_mode: str | None = None
    new_mode: str | None = None


def pair_by_proposal(
    repository: Repository, changes: Iterable[FileChange], names: dict[str, tuple[str, str | None] | None] | None = None
) -> list[ProposalPaths]:
    """The files under proposals/ that a diff touches, one entry per proposal. A referral that git saw
    as a deletion and an addition of the same id is one move. Where an id stands on more than one old
    or one new path (two files claiming one id), or a name carries no id, each path stands alone:
    nothing is paired by guess, so no version escapes being compared with its own past.

    ``names``: what each git path was found to be (its registry path and id, or None outside the
    proposals), kept by the caller across many diffs, where the same paths come back."""
    if names is None:
        names = {}
    if isinstance(changes, tuple) and len(changes) == 1:  # the commonest diff: one file
        one = _one_proposal(repository, changes[0], names)
        if one is not None:
            return [one]
    return _pair_all(repository, changes, names)


def _pair_all(
    repository: Repository, changes: Iterable[FileChange], names: dict[str, tuple[str, str | None] | None]
) -> list[ProposalPaths]:
    sides: dict[str | None, list[tuple[int, str, str | None, str | None]]] = {}
    for change in changes:
        for side, git_path, blob, mode in (
            (0, change.old_path, change.old_blob, change.old_mode),
            (1, change.new_path, change.new_blob, change.new_mode),
        ):
            if git_path is None:
                continue
            known = _name(repository, git_path, names)
            if known is not None:
                sides.setdefault(known[1], []).append((side, known[0], blob, mode))
    paired: list[ProposalPaths] = []
    for name, found in sides.items():
        olds = [entry for entry in found if entry[0] == 0]
        news = [entry for entry in found if entry[0] == 1]
        if name is not None and len(olds) <= 1 and len(news) <= 1:
            paired.append(_paths(name, olds[0] if olds else None, news[0] if news else None))
            continue
        by_path: dict[str, list[tuple[int, str, str | None, str | None] | None]] = {}
        for entry in found:
            by_path.setdefault(entry[1], [None, None])[entry[0]] = entry
        paired.extend(_paths(name, old, new) for old, new in by_path.values())
    return paired


_UNKNOWN = ("", None)  # a path not yet seen, in ``names``


def _name(
    repository: Repository, git_path: str, names: dict[str, tuple[str, str | None] | None]
) -> tuple[str, str | None] | None:
    """A git path's registry path and id, or None outside the proposals; kept in ``names``."""
    known = names.get(git_path, _UNKNOWN)
    if known is _UNKNOWN:
        path = repository.to_registry(git_path)
        known = names[git_path] = (path, id_from_path(path)) if path and path.startswith(_FOLDER) else None
    return known


def _one_proposal(
    repository: Repository, change: FileChange, names: dict[str, tuple[str, str | None] | None]
) -> ProposalPaths | None:
    """A one-file diff's entry, as ``pair_by_proposal`` pairs it, where its sides in the proposals name
    one id; None where it would do more (two ids, none, or no side in the proposals)."""
    old = _name(repository, change.old_path, names) if change.old_path is not None else None
    new = _name(repository, change.new_path, names) if change.new_path is not None else None
    name = (old or new or _UNKNOWN)[1]
    if name is None or (old is not None and new is not None and old[1] != new[1]):
        return None
    return ProposalPaths(
        name,
        old[0] if old else None,
        new[0] if new else None,
        change.old_blob if old else None,
        change.new_blob if new else None,
        change.old_mode if old else None,
        change.new_mode if new else None,
    )


def _paths(
    name: str | None,
    old: tuple[int, str, str | None, str | None] | None,
    new: tuple[int, str, str | None, str | None] | None,
) -> ProposalPaths:
    return ProposalPaths(
        name,
        old[1] if old else None,
        new[1] if new else None,
        old[2] if old else None,
        new[2] if new else None,
        old[3] if old else None,
        new[3] if new else None,
    )
