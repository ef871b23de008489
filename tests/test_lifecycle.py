"""The lifecycle is defined once (scripts/registry/lifecycle.py): the schema's status conditions are
generated from it, the schemas' lists agree with it, and no other module spells a status or an outcome."""

from __future__ import annotations

import ast
import json
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from registry.cli import main
from registry.lifecycle import (
    AMENDMENTS,
    COURSE,
    FINAL,
    FINDINGS,
    FROZEN,
    INITIAL,
    LIFECYCLE,
    PUBLISHABLE,
    STAGES,
    TRANSITIONS,
    Liability,
    Outcome,
    Result,
    Status,
    statuses_allowing,
)
from registry.lifecycle_schema import with_conditions
from tests.helpers.proposals import PROJECT

PACKAGE = PROJECT / "scripts" / "registry"
# The one definition; the schemas and the catalogue are data keyed by the names, checked below and by
# tests/test_catalogue.py.
DEFINITION = PACKAGE / "lifecycle.py"
# Generated from the registry schema, whose enums are the lifecycle's (checked below): data, not code.
GENERATED = PACKAGE / "registry_schema_check.py"
NAMES = {str(name) for name in (*Status, *Outcome, *Result)}


def _modules() -> list[Path]:
    return sorted([*PACKAGE.rglob("*.py"), *(PROJECT / "bench").rglob("*.py")])


def spelled_names(source: str) -> list[tuple[int, str]]:
    """The string literals of ``source`` that are a status, an outcome or a result, with their lines."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES
    ]


def test_no_module_but_the_lifecycle_spells_a_status_or_an_outcome() -> None:
    found = [
        f"{path.relative_to(PROJECT)}:{line}: {value!r}"
        for path in _modules()
        if path not in (DEFINITION, GENERATED)
        for line, value in spelled_names(path.read_text(encoding="utf-8"))
    ]
    assert not found, "use the names of registry.lifecycle instead:\n" + "\n".join(found)


def test_the_scan_finds_a_status_written_out() -> None:
    source = (
        'ONGOING = ("approved", "implementing")\nif outcome == "approved-pilot":\n    pass\nx = f"a {y} evaluated"\n'
    )
    assert spelled_names(source) == [(1, "approved"), (1, "implementing"), (2, "approved-pilot")]
    assert spelled_names((DEFINITION).read_text(encoding="utf-8")), "the definition itself spells them"


def test_the_committed_schema_has_the_generated_conditions() -> None:
    committed = (PROJECT / "schema" / "proposal.schema.json").read_text(encoding="utf-8")
    assert with_conditions(committed) == committed, "run: make docs (registry schema)"


def test_registry_schema_rewrites_stale_conditions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(PROJECT / "registry.yml", tmp_path / "registry.yml")
    shutil.copytree(PROJECT / "schema", tmp_path / "schema")
    path = tmp_path / "schema" / "proposal.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    original = path.read_text(encoding="utf-8")
    schema["allOf"] = schema["allOf"][1:]  # a hand edit drops the condition on `submitted`
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert "registry schema" in capsys.readouterr().err
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(original)
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 0


def _schema(name: str) -> dict[str, object]:
    value = json.loads((PROJECT / "schema" / name).read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


def test_the_schemas_lists_are_the_lifecycles() -> None:
    properties = _schema("proposal.schema.json")["properties"]
    assert isinstance(properties, dict)
    assert properties["status"]["enum"] == list(LIFECYCLE)
    assert properties["decision"]["properties"]["outcome"]["enum"] == list(Outcome)
    assert properties["evaluation"]["properties"]["result"]["enum"] == list(Result)
    liability = properties["evaluation"]["properties"]["liability"]["properties"]
    assert liability["outcome"]["enum"] == list(Liability)
    assert list(liability["findings"]["properties"]) == list(FINDINGS)
    publication = _schema("registry.schema.json")["properties"]
    assert isinstance(publication, dict)
    assert publication["publication"]["properties"]["statuses"]["items"]["enum"] == list(PUBLISHABLE)


def test_every_status_is_reached_from_a_new_proposal_and_the_course_is_steps() -> None:
    reached, frontier = set(INITIAL), list(INITIAL)
    while frontier:
        for status in TRANSITIONS[frontier.pop()]:
            if status not in reached:
                reached.add(status)
                frontier.append(status)
    assert reached == set(LIFECYCLE)
    assert all(new in TRANSITIONS[old] for old, new in pairwise(COURSE))
    assert {Status.REJECTED, Status.WITHDRAWN, Status.EVALUATED} == FINAL


def test_a_decided_proposal_keeps_the_blocks_that_proved_its_earlier_statuses() -> None:
    """What a status requires, every status after it requires too, except along a suspension (the
    suspension ends when the work resumes) and the completion report (a suspended pilot is evaluated
    without one); withdrawn requires nothing, since a draft may be withdrawn too."""
    for old, news in TRANSITIONS.items():
        for new in (new for new in news if new != Status.WITHDRAWN):
            kept = set(STAGES[old].requires) - set(STAGES[new].requires)
            assert kept <= {("implementation", "suspension"), ("completion_report",)}, (old, new)


def test_each_outcome_allows_its_statuses() -> None:
    assert statuses_allowing(Outcome.REJECTED) == {Status.REJECTED}
    assert statuses_allowing(Outcome.PILOT) == statuses_allowing(Outcome.APPROVED)
    assert Status.DRAFT not in statuses_allowing(Outcome.APPROVED)
    assert all(amendment.statuses <= FROZEN for amendment in AMENDMENTS)


def test_registry_schema_without_the_arrays_place_says_how_to_restore_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A schema rewritten on one line (an editor's "minify"): the conditions have no place to go."""
    shutil.copy(PROJECT / "registry.yml", tmp_path / "registry.yml")
    shutil.copytree(PROJECT / "schema", tmp_path / "schema")
    path = tmp_path / "schema" / "proposal.schema.json"
    compact = json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
    path.write_text(compact, encoding="utf-8")
    assert main(["--root", str(tmp_path), "schema"]) == 2
    assert capsys.readouterr().err == (
        'registry: schema/proposal.schema.json: không có mảng "allOf" ở cấp ngoài cùng (thụt lề hai dấu cách) để '
        "thay bằng các điều kiện trạng thái; hãy lấy lại tệp này từ bản đã commit (git checkout) rồi chạy lại "
        "registry schema.\n"
    )
    assert path.read_text(encoding="utf-8") == compact
