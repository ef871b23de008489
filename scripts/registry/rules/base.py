"""What every rule receives, and how a rule reports a problem at a key of the front matter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from registry.catalogue import hint, rule_hint
from registry.config import Registry
from registry.model import Proposal
from registry.problem import Problem, Severity
from registry.workdays import WorkCalendar


@dataclass(frozen=True)
class Context:
    """The registry's configuration and an index of every proposal id, read from the file names."""

    registry: Registry
    index: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.registry.days_off, self.registry.working_days)


def at_key(
    proposal: Proposal,
    rule: str,
    at: tuple[str | int, ...],
    message: str,
    severity: Severity = "error",
    hint_key: str | None = None,
    **hint_values: object,
) -> Problem:
    """A problem at the key ``at``; its hint is ``hints.<rule>`` or ``hints.<rule>.<hint_key>``."""
    line, column = proposal.where(*at)
    return Problem(proposal.path, line, column, rule, severity, message, rule_hint(rule, hint_key, **hint_values))


def at_line(
    proposal: Proposal, rule: str, line: int, message: str, severity: Severity = "error", **hint_values: object
) -> Problem:
    return Problem(proposal.path, line, 1, rule, severity, message, hint(rule, **hint_values))
