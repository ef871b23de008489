"""The catalogue of transition rules: what may change between the base and the head of a pull request.

Each module has ``ID``, ``SEVERITY``, a docstring that documents it, and either ``check(change,
context)`` for one proposal or ``check_all(changes, context)`` for the whole pull request, generators
of findings that the checking engine (``registry.lint.engine``) runs and stamps.
"""

from __future__ import annotations

from types import ModuleType

from registry.lint.transitions import (
    addition_complete,
    frozen_content,
    id_changed,
    new_proposal,
    one_decision,
    proposal_deleted,
    referral_move,
    status_transition,
)

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
        addition_complete,
    )
}
