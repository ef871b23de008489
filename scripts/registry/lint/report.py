"""The result of a run of the checks, which reporters read and commands turn into an exit status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from registry.problem import Problem, sorted_problems


@dataclass(frozen=True)
class Report:
    """The problems found, in order of file, line, column and rule, and how many things were checked
    (files for ``validate``, changed proposals for ``check``, events for ``audit``); ``summary`` is the
    catalogue key of the line that says so."""

    problems: tuple[Problem, ...]
    checked: int
    summary: str = "ui.summary"

    @classmethod
    def of(cls, problems: Iterable[Problem], checked: int, summary: str = "ui.summary") -> Report:
        return cls(tuple(sorted_problems(list(problems))), checked, summary)

    @property
    def errors(self) -> int:
        return sum(1 for problem in self.problems if problem.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors

    @property
    def files(self) -> int:
        """How many files have a problem."""
        return len({problem.path for problem in self.problems})

    @property
    def exit_status(self) -> int:
        """0 when clean or with warnings alone; 1 with an error (cli.py: 2 is a usage or configuration error)."""
        return 1 if self.errors else 0
