"""What a transition rule receives: one proposal before and after a pull request."""

from __future__ import annotations

from dataclasses import dataclass

from registry.catalogue import rule_hint
from registry.model import Proposal
from registry.problem import Problem, Severity
from registry.rules.base import at_key as rules_at_key


@dataclass(frozen=True, slots=True)
class ProposalChange:
    """One proposal added, changed, moved or deleted between the base and the head."""

    proposal: str  # the id, from the file name
    old_path: str | None
    new_path: str | None
    before: Proposal | None  # None when added, or when the old version could not be read
    after: Proposal | None  # None when deleted, or when the new version does not load

    @property
    def status_changed(self) -> bool:
        return self.before is not None and self.after is not None and self.before.status != self.after.status


def at_key(
    change: ProposalChange,
    rule: str,
    at: tuple[str | int, ...],
    message: str,
    severity: Severity = "error",
    hint_key: str | None = None,
    **values: object,
) -> Problem:
    """A problem at a key of the new version (or at line 1 of the old path when there is none)."""
    if change.after is not None:
        return rules_at_key(change.after, rule, at, message, severity, hint_key, **values)
    path = change.old_path or change.new_path or "?"
    return Problem(path, 1, 1, rule, severity, message, rule_hint(rule, hint_key, **values))


def at_line(change: ProposalChange, rule: str, line: int, message: str, hint_key: str | None = None) -> Problem:
    """A problem at a line of the new version's file."""
    path = change.new_path or change.old_path or "?"
    return Problem(path, line, 1, rule, "error", message, rule_hint(rule, hint_key))
