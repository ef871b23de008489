"""What the rule tests share: a proposal written as text, one rule run on it, a pull request (in a
real git repository, or as a ``ProposalChange`` made from two versions), and the problems a test
expects, compared exactly.

The valid proposal's front matter (``VALID_FRONT``) lies on these lines of its file:

     1 ---                 7 authors:                 11 status: submitted
     2 id: "2025-901"      8   - name: Nguyễn Văn An  12 confidential: false
     3 title               9     position             13 submitted: 2025-03-03
     4 summary            10     unit: so-tu-phap     14 what ``front(extra=...)`` appends
     5 unit: so-tu-phap                                  then '---' and the body's five sections
     6 field: linh-vuc-khac

A test writes its invalid snippet as YAML or Markdown and names every problem it expects with
``Expect("rule-id", line, column)``: ``tests/rules/test_catalogue.py`` reads those calls to make
sure every rule id is expected somewhere, so write the id as a literal.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from registry import catalogue
from registry.check import check_changes
from registry.config import Registry, load_registry
from registry.gitrepo import Repository
from registry.layout import build_index, id_from_path
from registry.lint.context import Context, ProposalChange
from registry.lint.engine import rule_problems, transition_problems
from registry.lint.rules import RULES
from registry.load import parse_proposal
from registry.model import Proposal
from registry.problem import Problem, Severity, sorted_problems
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import (
    ADJUSTMENT,
    COMPLETED,
    DECISION,
    EVALUATION,
    IMPLEMENTATION,
    MORE_PROGRESS,
    MORE_RECOGNITION,
    PATH,
    PROGRESS,
    PROJECT,
    RECOGNITION,
    REPORT,
    SCALING,
    STAGES,
    SUSPENSION,
    VALID_FRONT,
    proposal_text,
)

# The blocks of the later statuses are the proposals helpers'; the rule tests take them from here too.
__all__ = [
    "ADJUSTMENT", "COMPLETED", "DECISION", "EVALUATION", "IMPLEMENTATION", "MORE_PROGRESS", "MORE_RECOGNITION",
    "PATH", "PROGRESS", "RECOGNITION", "REPORT", "SCALING", "STAGES", "SUSPENSION",
]  # fmt: skip

MOVED = "proposals/ubnd-tinh/2025-901-de-xuat.md"  # the same proposal, referred up to the province


# Short section headings, so that a test's Markdown reads easily (registry.yml has the plan's long
# wording); ``BODY`` has them in order, each with text, its headings on lines 16, 20, 24, 28 and 32.
SECTIONS = ("Sự cần thiết", "Thực trạng", "Mục tiêu", "Tổ chức thực hiện", "Kiến nghị")
BODY = """
## Sự cần thiết

Nội dung.

## Thực trạng

Nội dung.

## Mục tiêu

Nội dung.

## Tổ chức thực hiện

Nội dung.

## Kiến nghị

Nội dung.
"""


def body(*parts: str) -> str:
    """A body of Markdown ``parts`` with a blank line before each, as ``BODY`` is written: the first
    part starts on line 16 (after the front matter of ``VALID_FRONT``)."""
    return "".join(f"\n{part}\n" for part in parts)


def with_short_sections(registry: Registry) -> Registry:
    """``registry`` with the section headings of ``SECTIONS``."""
    return dataclasses.replace(registry, sections=SECTIONS)


@cache
def project() -> Registry:
    """The project's configuration, read once (reading it compiles the schema)."""
    return load_registry(PROJECT)


def front(extra: str = "", **values: str) -> str:
    """``VALID_FRONT`` with top-level keys given new values and ``extra`` appended (from line 14).

    ``front(status="approved")`` rewrites the line ``status: …`` in place, so the lines below do not
    move; a value that starts with a newline is a block and replaces the key's block (``authors``)."""
    result = VALID_FRONT
    for key, given in values.items():
        value = given.rstrip("\n")
        replacement = f"{key}:{value}\n" if value.startswith("\n") else f"{key}: {value}\n"
        escaped = replacement.replace("\\", "\\\\")  # a backslash of the value is not a group reference
        result, count = re.subn(rf"^{key}:.*\n(?:[ -].*\n)*", escaped, result, flags=re.M)
        assert count == 1, f"VALID_FRONT has no top-level key {key}"
    return result + extra


def text(status: str, unit: str = "so-tu-phap", extra: str = "", proposal_id: str = "2025-901") -> str:
    """A whole proposal file with ``status``, the deciding ``unit`` and the blocks in ``extra``."""
    return proposal_text(project(), front(extra, id=f'"{proposal_id}"', status=status, unit=unit))


def staged(status: str, blocks: str | None = None, edit: tuple[str, str] | None = None) -> str:
    """A proposal in ``status`` with the blocks of that stage (or ``blocks``), and ``edit`` made to it."""
    result = text(status, extra=STAGES[status] if blocks is None else blocks)
    if edit is not None:
        assert edit[0] in result, edit[0]
        result = result.replace(edit[0], edit[1], 1)
    return result


@dataclass(frozen=True)
class Expect:
    """A problem a test expects: its rule, line, column and severity, the file, and a phrase that its
    message says in English (what a reviewer of the test reads; the Vietnamese default is the same
    catalogue key, and tests/test_messages.py asserts it over the corpus)."""

    rule: str
    line: int
    column: int = 1
    says: str = ""
    severity: Severity = "error"
    path: str = PATH


def english(problem: Problem) -> str:
    """The problem's message in English (the report's language is Vietnamese in the tests)."""
    assert problem.key, f"{problem.rule} has no catalogue message"
    with catalogue.speaking("en"):
        return catalogue.problem_message(problem.key, None, **problem.values)


def assert_problems(problems: Sequence[Problem], expected: Sequence[Expect]) -> None:
    """The problems are exactly those expected (in the order of place that reports show), and each
    tells what to do."""
    problems = sorted_problems(list(problems))
    expected = sorted(expected, key=lambda e: (e.path, e.line, e.column, e.rule))
    found = [(p.rule, p.path, p.line, p.column, p.severity) for p in problems]
    messages = [p.message for p in problems]
    assert found == [(e.rule, e.path, e.line, e.column, e.severity) for e in expected], f"{found}: {messages}"
    for problem, expectation in zip(problems, expected, strict=True):
        assert expectation.says in english(problem), (expectation.says, english(problem))
        assert problem.hint, f"{problem.rule} gives no hint"


def parsed(content: str, path: str = PATH) -> Proposal:
    """The proposal of a file that loads without a problem."""
    proposal, found = parse_proposal(path, content.encode())
    assert proposal is not None and found == [], found
    return proposal


def check_rule(
    registry: Registry,
    rule: str,
    front_matter: str = VALID_FRONT,
    body: str | None = None,
    *,
    path: str = PATH,
    index: Mapping[str, Sequence[str]] | None = None,
) -> list[Problem]:
    """The problems that the per-file rule ``rule`` (its module: ``schema`` for the YAML traps too)
    finds in a proposal of ``front_matter`` and ``body`` (the five sections, each with text, by
    default) at ``path``. The index of ids holds the file alone unless given."""
    proposal = parsed(proposal_text(registry, front_matter, body), path)
    file_id = id_from_path(path)
    context = Context(registry, index if index is not None else ({file_id: [path]} if file_id else {}))
    return rule_problems(RULES[rule], proposal, context)


def change(
    before: str | None, after: str | None, old_path: str | None = PATH, new_path: str | None = PATH
) -> ProposalChange:
    """A proposal changed from ``before`` to ``after`` (file contents; None: absent on that side)."""
    old_path = old_path if before is not None else None
    new_path = new_path if after is not None else None
    proposal_id = id_from_path(new_path or old_path) or "?"
    old = parsed(before, old_path) if before is not None and old_path is not None else None
    new = parsed(after, new_path) if after is not None and new_path is not None else None
    return ProposalChange(proposal_id, old_path, new_path, old, new)


def check_transitions(registry: Registry, *changes: ProposalChange) -> list[Problem]:
    """What every transition rule finds in a pull request made of ``changes``, in order of place."""
    index = build_index(change.new_path for change in changes if change.new_path)
    return sorted_problems(transition_problems(list(changes), Context(registry, index)))


def pull_request(root: Path, files: Mapping[str, str]) -> GitRegistry:
    """A registry in a git repository whose main holds ``files`` (path to content), merged as pull
    request #1; the branch ``pr`` is checked out for the test's changes."""
    repo = GitRegistry(root)
    for path, content in files.items():
        repo.write(path, content)
    repo.commit("Trình đề xuất (#1)")
    repo.branch("pr")
    return repo


def check_pull_request(repo: GitRegistry, message: str) -> list[Problem]:
    """Commit the working tree as ``message`` and run ``registry check`` from main to it. The
    configuration is the project's, which the repository holds a copy of."""
    repo.commit(message)
    return list(check_changes(project(), Repository(repo.root), "main").problems)
