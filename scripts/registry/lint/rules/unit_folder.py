"""The file lies in ``proposals/<unit>/``, the folder of the unit that decides it.

The folder decides who reviews the proposal (CODEOWNERS), so it must agree with ``unit``. A referral
moves the file to the superior unit's folder and changes ``unit`` with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.layout import PROPOSALS_DIR, unit_from_path
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "unit-folder"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    folder = unit_from_path(proposal.path)
    if folder is None:
        yield at_key(proposal, ("unit",), "problems.unit-folder.outside", folder=PROPOSALS_DIR, path=proposal.path)
    elif proposal.unit is not None and folder != proposal.unit:
        yield at_key(
            proposal,
            ("unit",),
            "problems.unit-folder.other",
            unit=proposal.unit,
            folder=folder,
        )
