"""A proposal in a sensitive field (defence and security) is confidential, or says why it need not be.

Fields are marked ``sensitive`` in registry.yml. Such a proposal sets ``confidential: true`` or
gives ``public_reason``; even then the site publishes it only if the publication policy allows.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "sensitive-field"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    field = context.registry.fields.get(proposal.field or "")
    if field is None or not field.sensitive or proposal.confidential:
        return
    if not proposal.string("public_reason"):
        yield at_key(proposal, ("confidential",), "problems.sensitive-field", field=field.id)
