"""The file lies in ``proposals/<unit>/``, the folder of the unit that decides it.

The folder decides who reviews the proposal (CODEOWNERS), so it must agree with ``unit``. A referral
moves the file to the superior unit's folder and changes ``unit`` with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.config import PROPOSALS_DIR
from registry.model import Proposal
from registry.problem import Problem
from registry.rules.base import Context, at_key

ID = "unit-folder"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Problem]:
    parts = proposal.path.split("/")
    if len(parts) != 3 or parts[0] != PROPOSALS_DIR:
        yield at_key(proposal, ID, ("unit",), f"the file must lie in {PROPOSALS_DIR}/<unit>/, not {proposal.path}")
    elif proposal.unit is not None and proposal.folder != proposal.unit:
        yield at_key(
            proposal,
            ID,
            ("unit",),
            f"unit is {proposal.unit} but the file lies in the folder {proposal.folder}",
            unit=proposal.unit,
        )
