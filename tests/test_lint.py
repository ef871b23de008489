"""The checking engine (registry.lint): it stamps each finding with its rule's id and severity, guards
and caps every rule, keeps one message for one mistake in `validate` and in `check` alike, and its
Report gives the exit status the command line returns."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from registry import catalogue
from registry.cli import main
from registry.config import Registry, load_registry
from registry.lint.context import Context, ProposalChange
from registry.lint.engine import file_problems, fixed_problems, rule_problems, run_rules, transition_problems
from registry.lint.findings import at_key, at_line
from registry.lint.report import Report
from registry.lint.rules import deadline
from registry.lint.transitions import TRANSITION_RULES
from registry.load import parse_proposal
from registry.model import Proposal
from registry.problem import MAX_PROBLEMS_PER_RULE, Finding, Problem
from registry.validate import validate
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import CORPUS, PATH, VALID_FRONT, WriteProposal, sections_body, text
from tests.helpers.rules import english

CONTEXT_PATH = "proposals/so-tu-phap/2025-901-de-xuat.md"
SAID = "problems.file-empty"  # a message of the catalogue, for the made-up rules below


def a_proposal(registry: Registry, front: str = VALID_FRONT) -> Proposal:
    proposal, found = parse_proposal(CONTEXT_PATH, f"---\n{front}---\n{sections_body(registry)}".encode())
    assert proposal is not None and found == []
    return proposal


def a_rule(rule_id: str, severity: str, check: object, ids: tuple[str, ...] | None = None) -> ModuleType:
    module = ModuleType(f"fake_{rule_id.replace('-', '_')}")
    vars(module).update(ID=rule_id, SEVERITY=severity, check=check)
    if ids is not None:
        vars(module)["IDS"] = ids
    return module


def problems_of(registry: Registry, module: ModuleType) -> list[Problem]:
    return rule_problems(module, a_proposal(registry), Context(registry))


def test_the_engine_stamps_the_modules_id_and_severity(project_registry: Registry) -> None:
    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        yield at_key(proposal, ("title",), SAID, hint_key="missing")
        yield at_line(proposal, proposal.body_line, SAID)

    proposal = a_proposal(project_registry)
    problems = rule_problems(a_rule("author-shares", "warning", check), proposal, Context(project_registry))
    assert [(p.rule, p.severity, p.path, p.line) for p in problems] == [
        ("author-shares", "warning", CONTEXT_PATH, 3),
        ("author-shares", "warning", CONTEXT_PATH, proposal.body_line),
    ]
    assert problems[0].hint and "100" in problems[0].hint  # hints.author-shares.missing, from the stamped id


@pytest.mark.parametrize("foreign", ["schema", "internal-error", "no-such-rule"])
def test_a_rule_cannot_report_under_an_id_not_its_own(project_registry: Registry, foreign: str) -> None:
    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        yield at_key(proposal, ("title",), SAID)
        yield at_key(proposal, ("title",), SAID, rule=foreign)

    problems = rule_problems(
        a_rule("fake-rule", "warning", check), a_proposal(project_registry), Context(project_registry)
    )
    assert [(p.rule, p.severity, p.path) for p in problems] == [("internal-error", "error", CONTEXT_PATH)]
    assert "fake-rule" in problems[0].message and repr(foreign) in problems[0].message
    assert english(problems[0]).startswith("the rule fake-rule failed on this file")


def test_the_message_is_given_in_the_language_of_the_report(project_registry: Registry) -> None:
    """A finding carries its catalogue key and values; the engine fills them in the language chosen, so
    every reporter (text, JSON, SARIF, GitHub annotations) shows the same words."""

    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        yield at_key(proposal, ("title",), "problems.date-order", later="decision.date", later_day="2025-03-05")

    module = a_rule("date-order", "error", check)
    vietnamese = problems_of(project_registry, module)[0]
    with catalogue.speaking("en"):
        in_english = problems_of(project_registry, module)[0]
    assert vietnamese.key == in_english.key == "problems.date-order"
    assert vietnamese.message.startswith("decision.date (05/03/2025) trước ")  # the day as Vietnamese write it
    assert in_english.message.startswith("decision.date (2025-03-05) is before ")
    assert english(vietnamese) == in_english.message


def test_a_rule_may_report_under_the_ids_it_declares(project_registry: Registry) -> None:
    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        yield at_key(proposal, ("title",), SAID, rule="fake-trap", value="yes")

    module = a_rule("fake-rule", "error", check, ids=("fake-rule", "fake-trap"))
    problems = problems_of(project_registry, module)
    assert [(p.rule, p.severity) for p in problems] == [("fake-trap", "error")]


def test_severity_comes_from_the_module_alone(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """deadline used to say "warning" in each of its calls as well as in SEVERITY; now only SEVERITY counts."""
    late = (CORPUS / "decision-late.md").read_bytes()
    (samples_root / "proposals" / "so-tu-phap" / "2025-901-decision-late.md").write_bytes(late)
    assert main(["--root", str(samples_root), "validate", "--jobs", "1"]) == 0
    assert "warning[deadline]" in capsys.readouterr().out
    monkeypatch.setattr(deadline, "SEVERITY", "error")
    assert main(["--root", str(samples_root), "validate", "--jobs", "1"]) == 1
    assert "error[deadline]" in capsys.readouterr().out


def test_a_rule_that_fails_is_an_internal_error_at_its_file(project_registry: Registry) -> None:
    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        yield at_key(proposal, ("title",), SAID)
        raise KeyError("boom")

    problems = rule_problems(
        a_rule("fake-rule", "error", check), a_proposal(project_registry), Context(project_registry)
    )
    assert [(p.rule, p.path, p.line) for p in problems] == [("internal-error", CONTEXT_PATH, 1)]
    assert problems[0].message.startswith("quy tắc fake-rule gặp sự cố") and "KeyError" in problems[0].message
    assert "the rule fake-rule failed" in english(problems[0])


def test_a_rule_is_stopped_after_its_first_problems(project_registry: Registry) -> None:
    asked = itertools.count()

    def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
        while True:
            next(asked)
            yield at_key(proposal, ("title",), SAID)

    problems = rule_problems(
        a_rule("fake-rule", "error", check), a_proposal(project_registry), Context(project_registry)
    )
    assert len(problems) == MAX_PROBLEMS_PER_RULE + 1
    assert next(asked) == MAX_PROBLEMS_PER_RULE + 1  # the rest were never computed
    assert problems[-1].message.endswith("; các lỗi fake-rule khác trong tệp này không hiển thị")
    assert not problems[0].message.endswith("not shown")


def test_the_layouts_and_the_loaders_findings_are_errors_under_their_documented_ids() -> None:
    problems = fixed_problems(
        [
            Finding(
                "proposals/README.md", 1, 1, "problems.file-name.top", rule="file-name", values={"folder": "proposals"}
            ),
            Finding("proposals/so-tu-phap/2025-901-x.md", 4, 2, "problems.yaml-tab", rule="yaml-tab"),
            Finding("proposals/so-tu-phap/2025-902-x.md", 1, 1, SAID, rule="made-up"),
            Finding("proposals/so-tu-phap/2025-903-x.md", 1, 1, SAID),
        ]
    )
    assert [(p.path.rsplit("/", 1)[1], p.rule, p.severity, p.line) for p in problems] == [
        ("README.md", "file-name", "error", 1),
        ("2025-901-x.md", "yaml-tab", "error", 4),
        ("2025-902-x.md", "internal-error", "error", 1),
        ("2025-903-x.md", "internal-error", "error", 1),
    ]
    assert all(p.hint for p in problems)


def test_a_transition_finding_lies_on_the_new_version_or_else_the_old_path(
    project_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
        yield at_key(change, ("status",), SAID)

    monkeypatch.setattr(TRANSITION_RULES["new-proposal"], "check", check)
    proposal = a_proposal(project_registry)
    old_path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    changed = ProposalChange("2025-901", old_path, CONTEXT_PATH, proposal, proposal)
    deleted = ProposalChange("2025-901", old_path, None, proposal, None)
    problems = [
        p for p in transition_problems([changed, deleted], Context(project_registry)) if p.rule == "new-proposal"
    ]
    status_line = proposal.where("status")[0]
    assert [(p.path, p.line, p.severity) for p in problems] == [
        (CONTEXT_PATH, status_line, "error"),
        (old_path, 1, "error"),
    ]


def test_a_transition_rule_cannot_report_under_an_id_not_its_own(
    project_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
        yield at_key(change, ("status",), SAID, rule="schema")

    monkeypatch.setattr(TRANSITION_RULES["id-changed"], "check", check)
    proposal = a_proposal(project_registry)
    change = ProposalChange("2025-901", CONTEXT_PATH, CONTEXT_PATH, proposal, proposal)
    problems = transition_problems([change], Context(project_registry))
    assert [(p.rule, p.path) for p in problems] == [("internal-error", CONTEXT_PATH)]
    assert "the rule id-changed failed" in english(problems[0])


def test_the_report_counts_and_gives_the_exit_status() -> None:
    def problem(path: str, line: int, severity: str) -> Problem:
        return Problem(path, line, 1, "x", severity, "m")  # type: ignore[arg-type]

    assert Report.of([], 3).exit_status == 0
    warned = Report.of([problem("b", 2, "warning"), problem("a", 9, "warning")], 3)
    assert (warned.errors, warned.warnings, warned.files, warned.exit_status) == (0, 2, 2, 0)
    assert [p.path for p in warned.problems] == ["a", "b"]
    failed = Report.of([problem("a", 2, "warning"), problem("a", 1, "error")], 1)
    assert (failed.errors, failed.warnings, failed.files, failed.exit_status) == (1, 1, 1, 1)
    assert [p.line for p in failed.problems] == [1, 2]


# One mistake, one message: a datetime that the loader reports (yaml-datetime) breaks the schema's
# date format too, on the same line; only the loader's problem is told, in validate and in check.

DATETIME_FRONT = VALID_FRONT.replace("submitted: 2025-03-03\n", "submitted: 2025-03-03 08:30:00\n")


def test_the_schema_alone_would_report_the_datetime(project_registry: Registry) -> None:
    """What the filter below leaves out is there to leave out."""
    data = f"---\n{DATETIME_FRONT}---\n{sections_body(project_registry)}".encode()
    proposal, found = parse_proposal(CONTEXT_PATH, data)
    assert proposal is not None and [(f.rule, f.line) for f in found] == [("yaml-datetime", 13)]
    context = Context(project_registry, {"2025-901": [CONTEXT_PATH]})
    assert ("schema", 13) in [(p.rule, p.line) for p in run_rules(proposal, context)]
    assert [(p.rule, p.line) for p in file_problems(proposal, found, context)] == [("yaml-datetime", 13)]


def test_validate_tells_one_message_for_the_datetime(write_proposal: WriteProposal, registry_root: Path) -> None:
    write_proposal(f"---\n{DATETIME_FRONT}---\n{sections_body(load_registry(registry_root))}")
    report = validate(load_registry(registry_root), jobs=1)
    assert [(p.rule, p.line) for p in report.problems] == [("yaml-datetime", 13)]


def test_check_tells_one_message_for_the_datetime(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình đề xuất (#1)")
    repo.branch("pr")
    repo.write(PATH, text("submitted").replace("submitted: 2025-03-03\n", "submitted: 2025-03-03 08:30:00\n"))
    repo.commit("Ghi cả giờ")
    assert main(["--root", str(repo.root), "check", "--base", "main", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert [(p["rule"], p["path"], p["line"]) for p in problems] == [("yaml-datetime", PATH, 13)]


def test_check_exit_statuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình đề xuất (#1)")
    repo.branch("pr")
    repo.write(PATH, text("submitted").replace("Nội dung phần này.", "Nội dung đã sửa.", 1))
    repo.commit("Sửa nội dung")
    assert main(["--root", str(repo.root), "check", "--base", "main"]) == 0
    assert "0 lỗi" in capsys.readouterr().out
    repo.write(PATH, text("rejected"))
    repo.commit("Từ chối không có quyết định")
    assert main(["--root", str(repo.root), "check", "--base", "main", "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {p["severity"] for p in problems} == {"error"}
