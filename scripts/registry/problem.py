"""The one problem type every stage reports, its ordering, and the finding a check makes before the
checking engine (registry.lint) turns it into a problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from registry.catalogue import problem_message

Severity = Literal["error", "warning"]

# A file that breaks one rule thousands of times (a list of a hundred thousand wrong items) gets the
# first problems and a note; the rest would say nothing new, and finding them costs time.
MAX_PROBLEMS_PER_RULE = 100
# A value quoted in a message is cut to this many characters, so that one long value does not bury it.
QUOTED_VALUE = 60


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found, and where: no rule id and no severity, which the engine stamps from the
    check's module. ``rule`` names one of the ids of a check that reports under several (the loader,
    the layout, the schema's YAML traps); the engine refuses any other. The message is the catalogue's
    ``key`` (``problems.<rule>`` or ``problems.<rule>.<case>``) and the hint its ``hints.<rule>``, or
    ``hints.<rule>.<hint_key>``, both filled with ``values`` in the language of the report when the
    engine makes the problem. ``more`` names the rule whose further problems in the file are not shown."""

    path: str
    line: int
    column: int
    key: str
    rule: str | None = None
    hint_key: str | None = None
    values: Mapping[str, object] = field(default_factory=dict)
    more: str | None = None

    @property
    def message(self) -> str:
        """The message, in the language text is given in now."""
        return problem_message(self.key, self.more, **self.values)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file, at a place a person can go to."""

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    hint: str | None = None
    key: str | None = None  # the catalogue key of the message, and the values that filled it
    values: Mapping[str, object] = field(default_factory=dict, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)


def clip(text: str, limit: int) -> str:
    """``text``, cut to ``limit`` characters with an ellipsis if it is longer."""
    return text if len(text) <= limit else text[: limit - 3] + "…"


def quoted(value: Any) -> str:
    """``value`` as a message quotes it: its ``repr``, clipped."""
    return clip(repr(value), QUOTED_VALUE)


def note_more(finding: Finding, rule: str) -> Finding:
    """``finding``, saying that further problems of ``rule`` in its file are not shown."""
    return replace(finding, more=rule)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.sort_key)
