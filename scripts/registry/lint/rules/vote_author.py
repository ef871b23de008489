"""No proposer voted: an author who is a member of the deciding collective is listed in ``not_voting``.

Decree 73/2023/NĐ-CP, Art. 8: a member of the collective leadership who is one of the proposers does
not vote. How the registry knows that an author is a member of the collective that decides: the
author says so with ``leadership: true`` (the author sits in the collective leadership of the unit
that decides), or the author is the head (``head_of_unit: true``) of the deciding unit itself, since
the head chairs its collective. The author's own unit is not enough: a collective leadership is a
handful of people, most proposers are not in it, and a proposal referred up is decided by another
unit's collective, in which an author may sit (a director in the provincial committee), so the flag
is the proposer's statement, checked by the reviewers, rather than a guess from the unit. Names are
compared in NFC, ignoring case and spacing. A decision without a vote (one by an external authority)
is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._decision import person, vote_of
from registry.model import Proposal
from registry.problem import Finding

ID = "vote-author"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    vote = vote_of(proposal)
    if vote is None:
        return
    not_voting = {person(name) for name in vote.not_voting}
    for index, author in proposal.entries("authors"):
        name = author.get("name")
        member = author.get("leadership") is True or (
            author.get("head_of_unit") is True and author.get("unit") == proposal.unit
        )
        if member and isinstance(name, str) and person(name) not in not_voting:
            yield at_key(
                proposal,
                ("decision", "vote"),
                "problems.vote-author",
                name=name,
                author=index + 1,
            )
