"""``registry check``: a pull request's proposals compared with their state at the base.

What changed is read from git between the merge base of the two refs and the head (between the base
and the head where a shallow clone has no merge base), renames detected, and a deletion and an
addition of the same id paired into one move. Every version is read by the object id that the diff
names, never by its path. Anything under proposals/ that is not a regular file with a proposal's name
is a problem, and a proposal whose file stops being one (deleted, moved out, renamed to another kind
of name, replaced by a link or a submodule) is deleted. The new versions are validated as ``registry
validate`` would, against the whole registry at the head; then the transition rules compare each
proposal with its old version. The configuration is the working tree's: in CI it is the head's.
"""

from __future__ import annotations

from registry.catalogue import hint
from registry.config import PROPOSALS_DIR, Registry
from registry.gitrepo import REGULAR_FILE, Repository
from registry.history import pair_by_proposal
from registry.layout import misplaced
from registry.load import parse_proposal
from registry.model import Proposal
from registry.problem import Problem, sorted_problems
from registry.rules import run_rules
from registry.rules.base import Context
from registry.transitions import run_transition_rules
from registry.transitions.base import ProposalChange
from registry.validate import build_index

# What a git mode other than a regular file's makes of the entry. An executable file is still read
# as the proposal it holds; a link or a submodule holds none.
EXECUTABLE = "100755"
_FILE_MODES = (REGULAR_FILE, EXECUTABLE)
_NOT_REGULAR = {
    EXECUTABLE: ("file-type", "the file is executable"),
    "120000": ("file-symlink", "the file is a symbolic link, not a proposal file"),
    "160000": ("file-type", "a git submodule (gitlink), not a proposal file"),
}


def check_changes(
    registry: Registry, repository: Repository, base: str, head: str = "HEAD"
) -> tuple[list[Problem], int]:
    """The problems of the proposals changed from ``base`` to ``head``, and how many changed."""
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
    for paths in sorted(touched, key=lambda p: (p.proposal or "", p.new_path or "", p.old_path or "")):
        old = _proposal_side(paths.old_path, paths.old_mode, [])
        new = _proposal_side(paths.new_path, paths.new_mode, problems)
        if old is None and new is None:
            continue  # never a proposal, and the new side's problems are told
        before = after = None
        if old is not None:
            before = _version(old, paths.old_blob, contents, problems, new=False)
        if new is not None:
            after = _version(new, paths.new_blob, contents, problems, new=True)
            if after is not None:
                told = {problem.line for problem in problems if problem.path == new}
                problems.extend(p for p in run_rules(after, context) if p.rule != "schema" or p.line not in told)
        changes.append(ProposalChange(paths.proposal or new or old or "?", old, new, before, after))
    problems.extend(run_transition_rules(changes, context))
    return sorted_problems(problems), len(changes)


def _proposal_side(path: str | None, mode: str | None, problems: list[Problem]) -> str | None:
    """``path`` if it is a file that holds a proposal where one may lie; otherwise None. What is wrong
    with it is added to ``problems`` (the old side's faults are not the pull request's to answer)."""
    if path is None:
        return None
    if why := misplaced(path):
        problems.append(_problem(path, "file-name", why))
        return None
    if mode != REGULAR_FILE:
        rule, message = _NOT_REGULAR.get(mode or "", ("file-type", f"not a regular file (git mode {mode})"))
        problems.append(_problem(path, rule, message))
        return path if mode == EXECUTABLE else None
    return path


def _version(
    path: str, blob: str | None, contents: dict[str, bytes], problems: list[Problem], new: bool
) -> Proposal | None:
    """One side's proposal; a version git cannot give is a problem, never a silent absence. The
    loader's problems are the new version's only: the base's were the base's to answer."""
    data = contents.get(blob or "")
    if data is None:
        which = "the new version" if new else "the version at the base"
        problems.append(_problem(path, "file-unreadable", f"{which} cannot be read from git"))
        return None
    proposal, found = parse_proposal(path, data)
    if new:
        problems.extend(found)
    return proposal


def _problem(path: str, rule: str, message: str) -> Problem:
    return Problem(path, 1, 1, rule, "error", message, hint(rule))
