"""A decision against a failed vote is signed by the head in person.

Decree 73/2023/NĐ-CP, Art. 8: when the collective's vote fails, only the head, personally and in
writing, may still approve the proposal, and answers for it. Decree 30/2020/NĐ-CP on administrative
documents, Art. 13, names how a document is signed: by the head directly (``truc-tiep``), by a deputy
in the head's stead (``kt``, KT.), on behalf of a collective (``tm``, TM.), by order (``tl``, TL.) or by
authorisation (``tuq``, TUQ.). Only the first is the head's own signature: a deputy signing "KT." cannot
override, TL. and TUQ. are signed by someone else, and TM. speaks for the collective whose vote the
override sets aside. registry.yml ``decision.in_person`` lists the capacities that count as in person
(default ``[truc-tiep]``): a province that reads the law otherwise changes it there.

A record of format 1 names the signer only; its capacity is not guessed, and is asked for by
``decision-record`` from ``decision.complete_from`` on.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "override-in-person"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.block("decision").get("override") is not True:
        return
    capacity = proposal.string("decision", "signed_by", "capacity")
    allowed = context.registry.in_person
    if capacity is not None and capacity not in allowed:
        yield at_key(
            proposal,
            ("decision", "signed_by", "capacity"),
            "problems.override-in-person",
            capacity=capacity,
            allowed=", ".join(allowed),
        )
