"""The catalogue of transition rules: what may change between the base and the head of a pull request.

Each module has ``ID``, ``SEVERITY``, a docstring that documents it, and either ``check(change,
context)`` for one proposal or ``check_all(changes, context)`` for the whole pull request.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from types import ModuleType

from registry.problem import Problem
from registry.rules import guarded
from registry.rules.base import Context
from registry.transitions import (
    frozen_content,
    id_changed,
    new_proposal,
    one_decision,
    proposal_deleted,
    referral_move,
    status_transition,
)
from registry.transitions.base import ProposalChange

TRANSITION_RULES: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        status_transition,
        new_proposal,
        id_changed,
        frozen_content,
        referral_move,
        proposal_deleted,
        one_decision,
    )
}


def run_transition_rules(changes: Sequence[ProposalChange], context: Context) -> list[Problem]:
    problems: list[Problem] = []
    for rule, module in TRANSITION_RULES.items():
        if hasattr(module, "check_all"):
            where = (changes[0].new_path or changes[0].old_path or "?") if changes else "?"
            problems.extend(guarded(rule, where, partial(module.check_all, changes, context)))
        else:
            for change in changes:
                where = change.new_path or change.old_path or "?"
                problems.extend(guarded(rule, where, partial(module.check, change, context)))
    return problems
