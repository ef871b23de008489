"""The one problem type every stage reports, and its ordering."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
