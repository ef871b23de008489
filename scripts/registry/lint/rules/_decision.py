"""What the rules about the decision share: a person's name as compared, and the vote as recorded."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from registry.config import MAJORITY_OF_ALL, Registry
from registry.model import Proposal


def person(name: str) -> str:
    """A name as compared: NFC, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def count(value: object) -> int | None:
    """A whole number of the front matter, or None (the schema reports the rest)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class Vote:
    """The collective's vote: ``members`` is None in a record of format 1, which did not count them."""

    members: int | None
    not_voting: tuple[str, ...]  # the names of the members who did not vote
    ayes: int
    against: int
    abstain: int
    absent: int

    def eligible(self, majority_of: str) -> int:
        """How many members the majority is counted on (registry.yml's ``decision.majority_of``)."""
        assert self.members is not None
        return self.members if majority_of == MAJORITY_OF_ALL else self.members - len(self.not_voting)

    def passed(self, majority_of: str) -> bool:
        """More than half of the members who may vote (Decree 73/2023, Art. 8); without ``members``
        (format 1), more than half of the votes recorded, as format 1 read it."""
        if self.members is None:
            total = self.ayes + self.against + self.abstain
            return total > 0 and 2 * self.ayes > total
        return 2 * self.ayes > self.eligible(majority_of)


def vote_of(proposal: Proposal) -> Vote | None:
    """The decision's vote, or None when none is recorded or its counts are not whole numbers."""
    vote: Any = proposal.block("decision").get("vote")
    if not isinstance(vote, Mapping):
        return None
    numbers = [count(vote.get(key, 0)) for key in ("for", "against", "abstain", "absent")]
    members = vote.get("members")
    if any(number is None for number in numbers) or (members is not None and count(members) is None):
        return None
    listed = vote.get("not_voting")
    names = tuple(
        str(item.get("name", "")) for item in (listed if isinstance(listed, list) else []) if isinstance(item, Mapping)
    )
    ayes, against, abstain, absent = (number or 0 for number in numbers)
    return Vote(count(members), names, ayes, against, abstain, absent)


def complete(proposal: Proposal, registry: Registry) -> bool:
    """Whether the decision was signed on or after registry.yml's ``decision.complete_from``, from
    which a record carries everything format 2 asks for."""
    day = proposal.string("decision", "date")
    return registry.complete_from is not None and day is not None and day >= registry.complete_from
