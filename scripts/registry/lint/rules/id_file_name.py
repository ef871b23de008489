"""The file is named after the proposal's id: ``<id>-<slug>.md``.

The slug is the title in lower case without diacritics, words joined by hyphens (``registry new``
makes it). The id never changes, so neither does the start of the file name. (A name of another
shape is `file-name`'s: such a file is not read as a proposal at all.)
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "id-file-name"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    name = proposal.path.rsplit("/", 1)[-1]
    if proposal.id is not None and proposal.file_id != proposal.id:
        yield at_key(proposal, ("id",), "problems.id-file-name", id=proposal.id, name=name)
