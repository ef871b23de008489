"""``registry check``: a pull request's proposals compared with their state at the base.

What changed is read from git between the merge base of the two refs and the head (between the base
and the head where a shallow clone has no merge base), renames detected, and a deletion and an
addition of the same id paired into one move. Every version is read by the object id that the diff
names, never by its path. Anything under proposals/ that is not a regular file with a proposal's name
is a problem, and a proposal whose file stops being one (deleted, moved out, renamed to another kind
of name, replaced by a link or a submodule) is deleted. The new versions are validated as ``registry
validate`` would, against the whole registry at the head; then the transition rules compare each
proposal with its old version. The configuration is the working tree's: in CI it is the head's.

Only commits are checked. Where the head is the commit checked out, ``unchecked`` names the files under
proposals/ that the working tree or the index changes (untracked ones included): the command prints a
warning for each saying that it was not checked, rather than mixing versions git does not hold into the
comparison; an uncommitted registry.yml is named as the configuration in effect.
"""

from __future__ import annotations

from registry.config import CONFIG_FILE, Registry
from registry.gitrepo import REGULAR_FILE, Repository
from registry.history import pair_by_proposal
from registry.layout import PROPOSALS_DIR, build_index, misplaced_file
from registry.lint.context import Context, ProposalChange
from registry.lint.engine import file_problems, fixed_problems, transition_problems
from registry.lint.report import Report
from registry.load import parse_proposal
from registry.model import Proposal
from registry.problem import Finding, Problem

# What a git mode other than a regular file's makes of the entry. An executable file is still read
# as the proposal it holds; a link or a submodule holds none.
EXECUTABLE = "100755"
_FILE_MODES = (REGULAR_FILE, EXECUTABLE)
_NOT_REGULAR = {
    EXECUTABLE: ("file-type", "problems.file-type.executable"),
    "120000": ("file-symlink", "problems.file-symlink.file"),
    "160000": ("file-type", "problems.file-type.submodule"),
}


def check_changes(registry: Registry, repository: Repository, base: str, head: str = "HEAD") -> Report:
    """The problems of the proposals changed from ``base`` to ``head``; what was checked is the changes."""
    base_commit, head_commit = repository.resolve(base), repository.resolve(head)
    start = repository.merge_base(base_commit, head_commit) or base_commit
    touched = pair_by_proposal(repository, repository.diff(start, head_commit, PROPOSALS_DIR))
    contents = repository.read_blobs(
        blob
        for paths in touched
        for blob, mode in ((paths.old_blob, paths.old_mode), (paths.new_blob, paths.new_mode))
        if blob and mode in _FILE_MODES
    )

    context = Context(registry, build_index(repository.list_files(head_commit, PROPOSALS_DIR)))
    problems: list[Problem] = []
    changes: list[ProposalChange] = []
    for paths in sorted(touched, key=lambda p: (p.proposal_id or "", p.new_path or "", p.old_path or "")):
        faults: list[Finding] = []  # where the files lie and whether git gives them
        old = _proposal_side(paths.old_path, paths.old_mode, [])
        new = _proposal_side(paths.new_path, paths.new_mode, faults)
        before = after = None
        found: list[Finding] = []
        if old is not None:
            # The base's loader problems were the base's to answer; a change to it is judged below.
            before, _ = _version(old, paths.old_blob, contents, "problems.file-unreadable.base", faults)
        if new is not None:
            after, found = _version(new, paths.new_blob, contents, "problems.file-unreadable.new", faults)
        problems.extend(fixed_problems(faults))
        if old is None and new is None:
            continue  # never a proposal, and the new side's problems are told
        problems.extend(file_problems(after, found, context))
        changes.append(ProposalChange(paths.proposal_id or new or old or "?", old, new, before, after))
    problems.extend(transition_problems(changes, context))
    return Report.of(problems, len(changes))


def unchecked(repository: Repository, head: str = "HEAD") -> list[str]:
    """The uncommitted files under proposals/ (and registry.yml) that ``check_changes`` did not see,
    when ``head`` is the commit checked out; none when it is another commit."""
    if repository.resolve(head) != repository.resolve("HEAD"):
        return []
    return repository.uncommitted([PROPOSALS_DIR, CONFIG_FILE])


def _proposal_side(path: str | None, mode: str | None, findings: list[Finding]) -> str | None:
    """``path`` if it is a file that holds a proposal where one may lie; otherwise None. What is wrong
    with it is added to ``findings`` (the old side's faults are not the pull request's to answer)."""
    if path is None:
        return None
    if misplaced := misplaced_file(path):
        findings.append(misplaced)
        return None
    if mode != REGULAR_FILE:
        rule, key = _NOT_REGULAR.get(mode or "", ("file-type", "problems.file-type.mode"))
        findings.append(Finding(path, 1, 1, key, rule=rule, values={"mode": mode}))
        return path if mode == EXECUTABLE else None
    return path


def _version(
    path: str, blob: str | None, contents: dict[str, bytes], which: str, faults: list[Finding]
) -> tuple[Proposal | None, list[Finding]]:
    """One side's proposal and what the loader found in it. A version git cannot give is added to
    ``faults`` (its message ``which``, a catalogue key naming the side), never a silent absence."""
    data = contents.get(blob or "")
    if data is None:
        faults.append(Finding(path, 1, 1, which, rule="file-unreadable"))
        return None, []
    return parse_proposal(path, data)
