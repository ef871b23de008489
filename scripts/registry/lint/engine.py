"""Running the checks: every problem the registry reports is made here, from a finding.

A rule module has ``ID``, ``SEVERITY`` (and ``IDS`` when it reports under several ids) and yields
findings; the engine stamps each with the module's id and severity and the catalogue's hint. A
finding that names an id its module does not declare is a bug in the rule, reported as
``internal-error`` like any other failure of a rule: the file is named, and the other rules and files
are still checked. The layout's and the loader's findings carry their ids from the documented tables
(``layout.LAYOUT_RULES``, ``load.FILE_RULES``) and are always errors.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from functools import partial
from itertools import islice
from types import ModuleType

from registry.catalogue import problem_message, rule_hint
from registry.layout import LAYOUT_RULES
from registry.lint.context import Context, ProposalChange
from registry.lint.rules import RULES, schema
from registry.lint.transitions import TRANSITION_RULES
from registry.load import FILE_RULES
from registry.model import Proposal
from registry.problem import MAX_PROBLEMS_PER_RULE, Finding, Problem, Severity, note_more

INTERNAL_ERROR = "internal-error"
# The checks that are not rule modules: where a file lies and what the loader makes of it.
_FIXED_IDS = frozenset(LAYOUT_RULES) | frozenset(FILE_RULES)


class ForeignId(Exception):
    """A check named an id that is not one of its own."""


def _stamp(finding: Finding, own: str | None, ids: Collection[str], severity: Severity) -> Problem:
    """The problem of ``finding``: under the id it names, which must be one of ``ids``, or else ``own``."""
    rule = finding.rule or own
    if rule is None or rule not in ids:
        raise ForeignId(f"it reported the id {rule!r}, which is not one of its own")
    hint = rule_hint(rule, finding.hint_key, **finding.values)
    return Problem(
        finding.path, finding.line, finding.column, rule, severity, finding.message, hint, finding.key, finding.values
    )


def fixed_problems(findings: Iterable[Finding]) -> list[Problem]:
    """The problems of the layout's and the loader's findings: errors, under the ids they name."""
    problems = []
    for finding in findings:
        try:
            problems.append(_stamp(finding, None, _FIXED_IDS, "error"))
        except ForeignId as error:
            problems.append(_internal_error(finding.path, "problems.internal-error.loader", error))
    return problems


def _internal_error(path: str, key: str, error: Exception, rule: str = "") -> Problem:
    """The problem of a check that failed: the loader's (``problems.internal-error.loader``) or a rule's."""
    values = {"rule": rule, "error": f"{type(error).__name__}: {error}"}
    message = problem_message(key, None, **values)
    return Problem(path, 1, 1, INTERNAL_ERROR, "error", message, rule_hint(INTERNAL_ERROR), key, values)


def _guarded(module: ModuleType, where: str, found: Callable[[], Iterable[Finding]], capped: bool) -> list[Problem]:
    """The problems of what a rule finds, stamped with its id and severity; at most the first
    ``MAX_PROBLEMS_PER_RULE`` and a note when ``capped`` (the rest are never computed). A rule that
    fails, or names an id not its own, gives one ``internal-error`` at ``where`` instead."""
    own: str = module.ID
    try:
        findings = list(islice(found(), MAX_PROBLEMS_PER_RULE + 1) if capped else found())
        if not findings:  # most rules on most files: nothing to stamp
            return []
        ids: tuple[str, ...] = getattr(module, "IDS", (own,))  # a lookup that fails, for most modules
        if capped and len(findings) > MAX_PROBLEMS_PER_RULE:
            findings[-1] = note_more(findings[-1], own)
        return [_stamp(finding, own, ids, module.SEVERITY) for finding in findings]
    except Exception as error:
        return [_internal_error(where, "problems.internal-error.rule", error, own)]


def rule_problems(module: ModuleType, proposal: Proposal, context: Context) -> list[Problem]:
    """The problems one per-file rule finds in ``proposal``."""
    return _guarded(module, proposal.path, partial(module.check, proposal, context), capped=True)


def run_rules(proposal: Proposal, context: Context, skip: Collection[str] = ()) -> list[Problem]:
    """The problems every per-file rule (but those in ``skip``) finds in ``proposal``."""
    problems: list[Problem] = []
    for rule, module in RULES.items():
        if rule not in skip:
            problems.extend(rule_problems(module, proposal, context))
    return problems


def file_problems(
    proposal: Proposal | None, found: Sequence[Finding], context: Context, skip: Collection[str] = ()
) -> list[Problem]:
    """The problems of one file: what the loader ``found``, and what the per-file rules find in the
    ``proposal`` it made. One mistake, one message: a schema problem on a line the loader already
    reported (a datetime, a tag) is left out."""
    problems = fixed_problems(found)
    if proposal is not None:
        told = {finding.line for finding in found}
        problems.extend(p for p in run_rules(proposal, context, skip) if p.rule != schema.ID or p.line not in told)
    return problems


def transition_problems(changes: Sequence[ProposalChange], context: Context) -> list[Problem]:
    """The problems the transition rules find in a pull request's changes."""
    problems: list[Problem] = []
    for module in TRANSITION_RULES.values():
        if hasattr(module, "check_all"):
            where = (changes[0].new_path or changes[0].old_path or "?") if changes else "?"
            problems.extend(_guarded(module, where, partial(module.check_all, changes, context), capped=False))
        else:
            for change in changes:
                where = change.new_path or change.old_path or "?"
                problems.extend(_guarded(module, where, partial(module.check, change, context), capped=True))
    return problems
