"""The person who signed the decision is not one of the proposal's authors."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "signer-not-author"
SEVERITY = "error"


def _person(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    signer = proposal.string("decision", "signed_by", "name")
    if signer is None:
        return
    if _person(signer) in {_person(author.name) for author in proposal.authors}:
        yield at_key(proposal, ("decision", "signed_by", "name"), "problems.signer-not-author", signer=signer)
