"""The rule tests cover the catalogue: every rule module has a test module of its own, with valid
snippets and invalid ones, and every id that ``registry rules`` lists is expected, exactly, by some
invalid snippet.

A test names a problem it expects as ``Expect(<the id, a literal string>, line, column)`` (tests/rules/helpers.py),
and ``assert_problems`` fails unless the checks report exactly those problems; the corpus's manifest
(tests/corpus/cases.yml) does the same for whole files. So an id found in either was produced by a
check in a passing test, not merely mentioned."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from registry.cli import main
from registry.layout import LAYOUT_RULES
from registry.lint.rules import RULES
from registry.lint.transitions import TRANSITION_RULES
from registry.rules import documented_rules
from tests.helpers.proposals import CORPUS, PROJECT

PACKAGE = PROJECT / "scripts" / "registry" / "lint"  # the rule packages lie under the engine
TESTS = PROJECT / "tests"
EXPECTED = re.compile(r'\bExpect\(\s*"([a-z0-9-]+)"')
VALID = re.compile(r",\s*\[\]\s*\)")  # assert_problems(..., []): a snippet without a problem
# The loader's checks of the file itself, tested with the layout's, where a proposal lies.
FILE_SYSTEM = ("file-symlink", "file-unreadable", "file-too-large")
# Ids expected exactly by tests outside the rule tests, and why they are there.
ELSEWHERE = {
    "front-matter-too-large": "tests/test_slow_inputs.py",  # a front matter too large to write in a test
    "internal-error": "tests/test_lint.py",  # a rule that fails: only a fake rule module does
    "unreviewed-change": "tests/test_history_audit.py",  # the audit's, of the git history, not of a file
}


def rule_modules(package: str) -> list[str]:
    """The rule modules of ``registry.lint.<package>``, as files: private helpers (``_sections``) aside."""
    return sorted(path.stem for path in (PACKAGE / package).glob("*.py") if not path.stem.startswith("_"))


def test_the_modules_found_are_those_registered() -> None:
    assert rule_modules("rules") == sorted(short_name(module) for module in RULES.values())
    assert rule_modules("transitions") == sorted(short_name(module) for module in TRANSITION_RULES.values())


def short_name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[1]


def rule_tests() -> list[tuple[Path, tuple[str, ...]]]:
    """Each rule's test module, and the ids it must expect."""
    tests = [
        (TESTS / "rules" / f"test_{short_name(module)}.py", tuple(getattr(module, "IDS", (module.ID,))))
        for module in RULES.values()
    ]
    tests += [
        (TESTS / "transitions" / f"test_{short_name(module)}.py", (module.ID,)) for module in TRANSITION_RULES.values()
    ]
    return [*tests, (TESTS / "rules" / "test_layout.py", (*LAYOUT_RULES, *FILE_SYSTEM))]


def test_every_rule_module_has_a_test_module_of_its_own() -> None:
    modules = [*rule_modules("rules"), *rule_modules("transitions")]
    tests = {path.stem for path, _ in rule_tests()}
    assert {f"test_{module}" for module in modules} <= tests  # the list below leaves no module out
    missing = [path.relative_to(PROJECT).as_posix() for path, _ in rule_tests() if not path.is_file()]
    assert missing == []


@pytest.mark.parametrize(("path", "ids"), rule_tests(), ids=[path.stem for path, _ in rule_tests()])
def test_each_test_module_has_valid_snippets_and_expects_its_ids(path: Path, ids: tuple[str, ...]) -> None:
    source = path.read_text(encoding="utf-8")
    assert VALID.search(source), f"{path.name} has no valid snippet"
    assert set(ids) - set(EXPECTED.findall(source)) == set(), f"{path.name} expects no problem of these ids"


def listed(capsys: pytest.CaptureFixture[str]) -> set[str]:
    """The ids that ``registry rules`` lists, one a line."""
    assert main(["rules"]) == 0
    return {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}


def test_every_listed_id_is_expected_by_an_invalid_snippet(capsys: pytest.CaptureFixture[str]) -> None:
    ids = listed(capsys)
    assert ids == {rule for rule, _, _ in documented_rules()}
    sources = [*(TESTS / "rules").glob("test_*.py"), *(TESTS / "transitions").glob("test_*.py")]
    expected = {rule for path in sources for rule in EXPECTED.findall(path.read_text(encoding="utf-8"))}
    assert expected - ids == set(), "expected ids that registry rules does not list"
    cases = yaml.safe_load((CORPUS / "cases.yml").read_text(encoding="utf-8"))["cases"]
    in_corpus = {problem.split(":")[0] for case in cases.values() for problem in case["expect"]}
    assert ids - expected - in_corpus == set(ELSEWHERE)
    for rule, where in ELSEWHERE.items():
        lines = (PROJECT / where).read_text(encoding="utf-8").splitlines()
        assert [line for line in lines if f'"{rule}"' in line and "==" in line], f"{where} does not expect {rule}"
