"""The one problem type every stage reports, and its ordering."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice
from typing import Literal

Severity = Literal["error", "warning"]

# A file that breaks one rule thousands of times (a list of a hundred thousand wrong items) gets the
# first problems and a note; the rest would say nothing new, and finding them costs time.
MAX_PROBLEMS_PER_RULE = 100


def note_more(problem: Problem, rule: str) -> Problem:
    """``problem``, saying that further problems of ``rule`` in its file are not shown."""
    return replace(problem, message=f"{problem.message}; further {rule} problems in this file are not shown")


def first_problems(rule: str, found: Iterable[Problem]) -> list[Problem]:
    """At most ``MAX_PROBLEMS_PER_RULE`` of ``found``, and one more with a note if there are more; the
    rest are never computed."""
    problems = list(islice(found, MAX_PROBLEMS_PER_RULE + 1))
    if len(problems) > MAX_PROBLEMS_PER_RULE:
        problems[-1] = note_more(problems[-1], rule)
    return problems


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

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.sort_key)
