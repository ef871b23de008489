"""The history of every proposal, read from git in one pass over the log: who changed what, when,
through which pull request, and how the status and the unit moved.

A proposal is followed by its id (the start of its file name), so a referral that moves the file to
another unit's folder continues the same history even where git's rename detection would not see it.
The status at each event is read from the file as it was then; every version is read in one batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from registry.config import PROPOSALS_DIR
from registry.gitrepo import Commit, FileChange, Repository
from registry.load import parse_proposal
from registry.model import id_from_path
from registry.provenance import Prover

# A fast path for the status of a version that was valid: its front matter has a plain ``status:``
# line. Anything else (flow style, a broken file) is read by the real loader.
_STATUS_LINE = re.compile(rb"^status:[ \t]*[\"']?([a-z-]+)[\"']?[ \t]*(?:#[^\n]*)?\r?$", re.M)
_CLOSING = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True, slots=True)
class Event:
    """One change to one proposal, as it landed on the branch."""

    proposal: str  # the id
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
        return {name: getattr(self, name) for name in _EVENT_FIELDS}


_EVENT_FIELDS = tuple(field.name for field in fields(Event))


def status_of(blob: bytes, path: str) -> str | None:
    """The status a version of a proposal file declares, or None if it declares none readably."""
    if blob.startswith(b"---"):
        closing = _CLOSING.search(blob, 3)
        front = blob[: closing.start()] if closing else blob
        found = _STATUS_LINE.findall(front)
        if len(found) == 1:
            return str(found[0].decode())
    proposal, _ = parse_proposal(path, blob)
    return proposal.status if proposal is not None else None


def _unit_of(path: str | None) -> str | None:
    parts = path.split("/") if path else []
    return parts[1] if len(parts) == 3 and parts[0] == PROPOSALS_DIR else None


def read_history(
    repository: Repository, head: str = "HEAD", since: str | None = None, prove: Prover | None = None
) -> dict[str, list[Event]]:
    """Every proposal's events on the first-parent line of ``head`` (after ``since``), oldest first.

    ``prove`` is asked which pull request each commit that changes a status or a unit came through;
    without it, no event names a proven pull request.

    The log is read as git writes it, and each new version of a proposal is asked of ``git cat-file``
    at once; a forked process reads the statuses while this one goes on with the log.
    """
    reader = repository.blob_reader(_status_digest)
    drafts: list[tuple[Commit, ProposalPaths]] = []
    arrived: set[str] = set()
    for commit in repository.log(head=head, since=since):
        for paths in pair_by_proposal(repository, commit.changes):
            if paths.proposal is None:
                continue
            drafts.append((commit, paths))
            if paths.new_blob:
                reader.request(paths.new_blob)
            # The old version is needed only where the log does not show the file arriving (a
            # shallow clone, or ``since``): otherwise it is the previous event's new version.
            if paths.old_blob and paths.proposal not in arrived:
                reader.request(paths.old_blob)
            arrived.add(paths.proposal)
    statuses = reader.results()
    decisive = {
        commit.sha: commit
        for commit, paths in drafts
        if statuses.get(paths.old_blob or "") != statuses.get(paths.new_blob or "")
        or _unit_of(paths.old_path) != _unit_of(paths.new_path)
    }
    proofs = prove(list(decisive.values())) if prove and decisive else {}

    history: dict[str, list[Event]] = {}
    for commit, paths in drafts:
        old_path, new_path = paths.old_path, paths.new_path
        if old_path is None:
            kind = "added"
        elif new_path is None:
            kind = "deleted"
        else:
            kind = "moved" if old_path != new_path else "changed"
        name = paths.proposal or ""
        event = Event(
            proposal=name,
            commit=commit.sha,
            date=commit.date,
            pull_request=proofs[commit.sha].pull_request if commit.sha in proofs else None,
            claimed_pull_request=commit.claimed_pull_request,
            author=commit.author,
            committer=commit.committer,
            subject=commit.subject,
            kind=kind,
            path=new_path,
            previous_path=old_path if kind != "changed" else None,
            status_before=statuses.get(paths.old_blob) if paths.old_blob else None,
            status_after=statuses.get(paths.new_blob) if paths.new_blob else None,
            unit_before=_unit_of(old_path),
            unit_after=_unit_of(new_path),
            merge=len(commit.parents) > 1,
        )
        history.setdefault(name, []).append(event)
    return history


def _status_digest(blob: bytes) -> str | None:
    return status_of(blob, "")


_FOLDER = PROPOSALS_DIR + "/"


@dataclass(frozen=True, slots=True)
class ProposalPaths:
    """One proposal's file in a diff: paths in the registry, blob ids; a side is None when absent."""

    proposal: str | None  # the id from the file name; None when the name carries none
    old_path: str | None
    new_path: str | None
    old_blob: str | None
    new_blob: str | None


def pair_by_proposal(repository: Repository, changes: Iterable[FileChange]) -> list[ProposalPaths]:
    """The proposals files under proposals/ a diff touches, one entry each. A referral that git saw as
    a deletion and an addition of the same id is one move; a file whose name has no id stands alone."""
    by_key: dict[str, list[str | None]] = {}
    names: dict[str, str | None] = {}
    for change in changes:
        old = repository.to_registry(change.old_path)
        new = repository.to_registry(change.new_path)
        old = old if old and old.startswith(_FOLDER) else None
        new = new if new and new.startswith(_FOLDER) else None
        if old is None and new is None:
            continue
        name = id_from_path(new or old)
        key = name or f"path:{new or old}"
        names[key] = name
        entry = by_key.setdefault(key, [None, None, None, None])
        if old is not None:
            entry[0], entry[2] = old, change.old_blob
        if new is not None:
            entry[1], entry[3] = new, change.new_blob
    return [ProposalPaths(names[key], *entry) for key, entry in by_key.items()]
