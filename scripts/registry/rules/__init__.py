"""The rule catalogue: one module per rule, registered here by hand.

Each module has ``ID``, ``SEVERITY``, a docstring that documents the rule (``registry rules`` and the
docs page of rules are made from it) and ``check(proposal, context)``, a generator of problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from types import ModuleType

from registry.catalogue import hint
from registry.model import Proposal
from registry.problem import Problem, first_problems
from registry.rules import (
    author_shares,
    date_order,
    deadline,
    decision_vote,
    field_exists,
    head_decided_above,
    id_file_name,
    id_unique,
    markdown_slow,
    referral_up,
    related_exists,
    schema,
    section_empty,
    section_missing,
    section_order,
    sensitive_field,
    signer_not_author,
    unit_exists,
    unit_folder,
)
from registry.rules.base import Context

Check = Callable[[Proposal, Context], Iterator[Problem]]

RULES: dict[str, ModuleType] = {
    module.ID: module
    for module in (
        schema,
        id_file_name,
        id_unique,
        unit_folder,
        unit_exists,
        field_exists,
        related_exists,
        section_missing,
        section_order,
        section_empty,
        markdown_slow,
        author_shares,
        date_order,
        head_decided_above,
        signer_not_author,
        sensitive_field,
        decision_vote,
        referral_up,
        deadline,
    )
}


def guarded(rule: str, path: str, found: Callable[[], Iterable[Problem]]) -> list[Problem]:
    """The problems a rule finds; a bug in the rule becomes a problem that names the file, and the
    other rules and files are still checked."""
    try:
        return list(found())
    except Exception as error:
        message = f"the rule {rule} failed on this file ({type(error).__name__}: {error}); please report it"
        return [Problem(path, 1, 1, "internal-error", "error", message, hint("internal-error"))]


def run_rules(proposal: Proposal, context: Context) -> list[Problem]:
    problems: list[Problem] = []
    for rule, module in RULES.items():
        check: Check = module.check
        problems.extend(guarded(rule, proposal.path, partial(_first_problems, rule, check, proposal, context)))
    return problems


def _first_problems(rule: str, check: Check, proposal: Proposal, context: Context) -> list[Problem]:
    # The first problems of each rule only: the rest of a file that breaks a rule a hundred thousand
    # times would say nothing new, and finding them would cost more than the whole registry.
    return first_problems(rule, check(proposal, context))
