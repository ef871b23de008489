"""``registry check``: a pull request's proposals compared with their state at the base.

What changed is read from git between the merge base of the two refs and the head (between the base
and the head where a shallow clone has no merge base), renames detected, and a deletion and an
addition of the same id paired into one move. The new versions are validated as ``registry validate``
would, against the whole registry at the head; then the transition rules compare each proposal with
its old version. The configuration is the working tree's: in CI it is the head's.
"""

from __future__ import annotations

from registry.config import PROPOSALS_DIR, Registry
from registry.gitrepo import Repository
from registry.history import pair_by_proposal
from registry.load import parse_proposal
from registry.problem import Problem, sorted_problems
from registry.rules import run_rules
from registry.rules.base import Context
from registry.transitions import run_transition_rules
from registry.transitions.base import ProposalChange
from registry.validate import build_index


def check_changes(
    registry: Registry, repository: Repository, base: str, head: str = "HEAD"
) -> tuple[list[Problem], int]:
    """The problems of the proposals changed from ``base`` to ``head``, and how many changed."""
    base_commit, head_commit = repository.resolve(base), repository.resolve(head)
    start = repository.merge_base(base_commit, head_commit) or base_commit
    pairs = {
        paths.proposal or paths.new_path or paths.old_path or "?": (paths.old_path, paths.new_path)
        for paths in pair_by_proposal(repository, repository.diff(start, head_commit, PROPOSALS_DIR))
    }
    wanted = [f"{start}:{repository.prefix}{old}" for old, _ in pairs.values() if old]
    wanted += [f"{head_commit}:{repository.prefix}{new}" for _, new in pairs.values() if new]
    contents = repository.read_blobs(wanted)

    context = Context(registry, build_index(repository.list_files(head_commit, PROPOSALS_DIR)))
    problems: list[Problem] = []
    changes: list[ProposalChange] = []
    for name, (old, new) in sorted(pairs.items()):
        before = after = None
        if old is not None and (data := contents.get(f"{start}:{repository.prefix}{old}")) is not None:
            before, _ = parse_proposal(old, data)
        if new is not None and (data := contents.get(f"{head_commit}:{repository.prefix}{new}")) is not None:
            after, found = parse_proposal(new, data)
            told = {problem.line for problem in found}
            problems.extend(found)
            if after is not None:
                problems.extend(p for p in run_rules(after, context) if p.rule != "schema" or p.line not in told)
        changes.append(ProposalChange(name, old, new, before, after))
    problems.extend(run_transition_rules(changes, context))
    return sorted_problems(problems), len(changes)
