"""Each id belongs to one proposal in the whole registry.

Checked against the file names of every proposal, also when only some files are validated.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "id-unique"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.file_id is None:
        return
    others = [path for path in context.files_by_id.get(proposal.file_id, ()) if path != proposal.path]
    if others:
        yield at_key(proposal, ("id",), "problems.id-unique", id=proposal.file_id, others=", ".join(others))
