"""The corpus of broken files: each one gives exactly the problems its manifest names."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.lint.rules import RULES
from registry.load import FILE_RULES
from registry.rules import documented_rules
from tests.helpers.corpus import CASES, validate_case
from tests.helpers.proposals import CORPUS

# Ids that a committed file cannot show: a state of the file system or a file over 1 MiB
# (tests/rules/test_layout.py), a front matter too large to commit (tests/test_slow_inputs.py), a rule
# that fails (tests/test_lint.py).
NOT_IN_CORPUS = {"file-symlink", "file-too-large", "file-unreadable", "internal-error", "front-matter-too-large"}


def test_the_corpus_is_large_and_complete() -> None:
    files = {path.stem for path in CORPUS.glob("*.md")}
    assert len(files) >= 40
    assert files == set(CASES), "every corpus file has a manifest entry, and every entry a file"


def test_every_rule_has_a_broken_example() -> None:
    covered = {expected.split(":")[0] for case in CASES.values() for expected in case["expect"]}  # type: ignore[attr-defined]
    validated = set(FILE_RULES) | {rule for module in RULES.values() for rule in getattr(module, "IDS", (module.ID,))}
    assert validated - covered == NOT_IN_CORPUS
    assert validated <= {rule for rule, _, _ in documented_rules()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file(case: str, tmp_path: Path) -> None:
    spec = CASES[case]
    report, relative = validate_case(case, tmp_path)
    problems = report.problems

    assert report.checked == 1
    found = [f"{p.rule}:{p.line}:{p.column}" for p in problems]
    assert found == spec["expect"]
    assert all(p.path == relative and p.message for p in problems)
    # Every error tells the proposer what to do, in Vietnamese.
    assert all(p.hint for p in problems), [p for p in problems if not p.hint]
