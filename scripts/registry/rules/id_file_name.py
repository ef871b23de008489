"""The file is named after the proposal's id: ``<id>-<slug>.md``.

The slug is the title in lower case without diacritics, words joined by hyphens (``registry new``
makes it). The id never changes, so neither does the start of the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.model import Proposal
from registry.problem import Problem
from registry.rules.base import Context, at_key

ID = "id-file-name"
SEVERITY = "error"

_NAME = re.compile(r"^[0-9]{4}-[0-9]{3,4}-[a-z0-9]+(-[a-z0-9]+)*\.md$")


def check(proposal: Proposal, context: Context) -> Iterator[Problem]:
    name = proposal.path.rsplit("/", 1)[-1]
    if proposal.id is not None and proposal.file_id != proposal.id:
        yield at_key(proposal, ID, ("id",), f"the id {proposal.id} does not match the file name {name}", id=proposal.id)
    elif not _NAME.match(name):
        yield at_key(proposal, ID, ("id",), f"the file name {name} is not '<id>-<slug>.md'", id=proposal.id or "")
