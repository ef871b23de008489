"""The field (lĩnh vực) is one of those in registry.yml."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "field-exists"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    fields = context.registry.fields
    if proposal.field is not None and proposal.field not in fields:
        yield at_key(proposal, ("field",), "problems.field-exists", field=proposal.field, fields=", ".join(fields))
