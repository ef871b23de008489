"""``registry audit``: every status change on a branch that did not arrive through a pull request.

The first-parent line of the branch is the record of what landed. A change that came through a
pull request is a merge commit that GitHub wrote ("Merge pull request #N …") or a squashed commit
ending with "(#N)". Anything else that changed a proposal's status (a direct push, a rebase merge
that replays the commits without naming the pull request, a local merge) is reported.
"""

from __future__ import annotations

from registry.catalogue import hint
from registry.gitrepo import Repository
from registry.history import read_history
from registry.problem import Problem, sorted_problems

ID = "unreviewed-change"
DOC = (
    "A status change on the audited branch came through a merged pull request. "
    "Reported by `registry audit` for direct pushes, rebase merges and local merges."
)


def audit(repository: Repository, branch: str, since: str | None = None) -> tuple[list[Problem], int]:
    """The unreviewed status changes of ``branch`` after ``since``, and how many events were read."""
    history = read_history(repository, head=repository.resolve(branch), since=since)
    problems = []
    count = 0
    for events in history.values():
        for event in events:
            count += 1
            if not event.status_changed or event.pull_request is not None:
                continue
            how = "a merge commit that names no pull request" if event.merge else "a commit pushed directly"
            before, after = event.status_before or "(none)", event.status_after or "(deleted)"
            message = f"{before} → {after} in {event.commit[:10]} ({event.date[:10]}, {event.author}): {how}"
            path = event.path or event.previous_path or "?"
            problems.append(Problem(path, 1, 1, ID, "error", message, hint(ID)))
    return sorted_problems(problems), count
