"""The field (lĩnh vực) is one of those in registry.yml."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import Proposal
from registry.problem import Problem
from registry.rules.base import Context, at_key

ID = "field-exists"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Problem]:
    fields = context.registry.fields
    if proposal.field is not None and proposal.field not in fields:
        yield at_key(proposal, ID, ("field",), f"unknown field {proposal.field!r}", fields=", ".join(fields))
