"""``registry audit``: every status change on a branch that is not proven to come from a pull request.

The first-parent line of the branch is the record of what landed. A commit's subject proves
nothing ("(#4242)" can be typed by anyone who can push), so a status change counts as reviewed only
when ``registry.provenance`` proves it: a signature by a key of ``pull_request_signers`` in
registry.yml (GitHub's web-flow key by default) on a commit whose signed subject names the pull
request, or, with ``--github-repository`` in a workflow, GitHub's API naming the pull request that
merged it. Anything else that changed a proposal's status (a direct push, whatever its subject; a
rebase merge; a local merge; a commit signed by a key that is not configured) is reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from registry.catalogue import hint, problem_message, text
from registry.config import SigningKey
from registry.github import GitHub
from registry.gitrepo import Commit, Repository
from registry.history import HistoryReading
from registry.problem import Problem, sorted_problems
from registry.provenance import Keyring, Proof, prover

ID = "unreviewed-change"


def audit(
    repository: Repository,
    branch: str,
    since: str | None = None,
    signers: Sequence[SigningKey] = (),
    github: GitHub | None = None,
) -> tuple[list[Problem], int]:
    """The unproven status changes of ``branch`` after ``since``, and how many events were read."""
    proofs: dict[str, Proof] = {}
    # Git reads the history while the keys are imported.
    with (
        HistoryReading(repository, head=repository.resolve(branch), since=since) as reading,
        Keyring(signers) as keyring,
    ):
        prove = prover(repository, keyring, github)

        def remember(commits: Sequence[Commit]) -> dict[str, Proof]:
            proofs.update(prove(commits))
            return proofs

        history = reading.finish(remember)
    problems = []
    count = 0
    for events in history.values():
        for event in events:
            count += 1
            if not event.status_changed or event.pull_request is not None:
                continue
            how = text("problems.audit.how.merge" if event.merge else "problems.audit.how.direct")
            if event.claimed_pull_request is not None:
                how = text("problems.audit.how.claimed", number=event.claimed_pull_request)
            # The proof's reason is git's or GitHub's account of the signature, left as they give it.
            reason = proofs[event.commit].reason if event.commit in proofs else text("problems.audit.unchecked")
            values = {
                "before": event.status_before or text("problems.audit.none"),
                "after": event.status_after or text("problems.audit.deleted"),
                "commit": event.commit[:10],
                "date": event.date[:10],
                "author": event.author,
                "how": how,
                "reason": reason,
            }
            message = problem_message("problems.audit.message", **values)
            path = event.path or event.previous_path or "?"
            problems.append(Problem(path, 1, 1, ID, "error", message, hint(ID), "problems.audit.message", values))
    return sorted_problems(problems), count
