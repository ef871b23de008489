"""Each related id names another proposal of the registry."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "related-exists"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    related_ids = proposal.meta.get("related")
    for index, related in enumerate(related_ids if isinstance(related_ids, list) else []):
        if not isinstance(related, str):
            continue
        if related == proposal.id:
            yield at_key(proposal, ("related", index), "problems.related-exists.self", hint_key="self")
        elif related not in context.files_by_id:
            yield at_key(proposal, ("related", index), "problems.related-exists.unknown", id=related)
