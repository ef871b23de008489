"""registry migrate: a registry of an older format version becomes one the current checker accepts,
every file or none, the bodies byte for byte; and an older registry.yml is refused with what to do."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from registry.cli import main
from registry.errors import RegistryError
from registry.format_version import CURRENT
from registry.frontmatter import FrontMatter, sync
from registry.load import parse_proposal
from registry.migrate import STEPS, Step, Unconvertible, migrate, signer_as_block
from registry.yamlread import read_yaml
from tests.helpers.proposals import CORPUS, PROJECT

V1 = CORPUS / "v1"


@pytest.fixture
def v1_root(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(V1, root, ignore=shutil.ignore_patterns("README.md"))
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_a_version_1_registry_is_refused_with_what_to_do(v1_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--root", str(v1_root), "validate")
    assert status == 2 and out == ""
    line = next(
        n for n, text in enumerate((v1_root / "registry.yml").read_text().split("\n"), 1) if text == "version: 1"
    )
    assert f"registry.yml:{line}:" in err
    assert "phiên bản 1" in err and f"phiên bản {CURRENT}" in err and "registry migrate" in err
    assert "Traceback" not in err


def test_migrate_turns_the_v1_samples_into_a_registry_that_validates(
    v1_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(v1_root)
    status, out, err = run(capsys, "--root", str(v1_root), "migrate")
    assert status == 0, err
    assert f"registry.yml: version 1 → {CURRENT}" in out
    assert "schema/proposal.schema.json" in out and "schema/registry.schema.json" in out
    after = snapshot(v1_root)
    assert after["schema/proposal.schema.json"] == (PROJECT / "schema" / "proposal.schema.json").read_bytes()
    assert after["schema/registry.schema.json"] == (PROJECT / "schema" / "registry.schema.json").read_bytes()
    # registry.yml: only its version line and each unit's successor changed, its comments stayed.
    old_lines, new_lines = before["registry.yml"].split(b"\n"), after["registry.yml"].split(b"\n")
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed[0] == (b"version: 1", f"version: {CURRENT}".encode())
    successors = [(a, b) for a, b in changed[1:] if a.strip().startswith(b"successor: ")]
    assert len(successors) == len(changed) - 1 >= 1
    for old, new in successors:
        indent, unit = old.split(b"successor: ")
        assert new == indent + b"successors: [" + unit + b"]"
    assert set(after) == set(before)
    status, out, err = run(capsys, "--root", str(v1_root), "validate")
    assert status == 0, out + err
    # A second run finds nothing to do and touches nothing.
    status, out, _ = run(capsys, "--root", str(v1_root), "migrate")
    assert status == 0 and f"đã ở định dạng phiên bản {CURRENT}" in out
    assert snapshot(v1_root) == after


def test_a_dry_run_writes_nothing(v1_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(v1_root)
    status, out, _ = run(capsys, "--root", str(v1_root), "migrate", "--dry-run")
    assert status == 0 and "Chạy thử" in out and "registry.yml: version 1" in out
    assert snapshot(v1_root) == before


def test_the_help_says_that_comments_in_front_matter_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "migrate", "--help")
    assert status == 0 and "chú thích" in out and "được giữ nguyên" in out


def test_comments_in_a_migrated_front_matter_are_kept(v1_root: Path) -> None:
    """A v1 signer (text) becomes a block; the author's comments and spacing around it stay as written."""
    victim = next(path for path in sorted(v1_root.rglob("*.md")) if b"signed_by: " in path.read_bytes())
    source = victim.read_text(encoding="utf-8")
    lines = source.split("\n")
    at = next(index for index, line in enumerate(lines) if line.lstrip().startswith("signed_by:"))
    lines.insert(at, "  # người ký: ghi đúng họ tên trên văn bản")
    lines[1] = lines[1] + "   # mã không đổi"
    victim.write_text("\n".join(lines), encoding="utf-8")
    migrate(v1_root)
    after = victim.read_text(encoding="utf-8").split("\n")
    assert after[1] == lines[1] and after[at] == lines[at]
    assert [index for index, (old, new) in enumerate(zip(lines, after, strict=True)) if old != new] == [at + 1]
    assert after[at + 1].lstrip().startswith("signed_by: {name: ")


def count_the_members(meta: dict[str, Any], config: Any) -> dict[str, Any]:
    """A change of format for the tests: the vote records how many members the collective has."""
    vote = meta.get("decision", {}).get("vote")
    if isinstance(vote, dict):
        if vote.get("for") == 0:
            raise Unconvertible(("decision", "vote", "for"), "không suy ra được số thành viên")
        vote["members"] = sum(vote.get(key, 0) for key in ("for", "against", "abstain"))
    return meta


def test_a_step_rewrites_the_front_matter_in_order_and_keeps_the_body_byte_for_byte(v1_root: Path) -> None:
    before = snapshot(v1_root)
    changes = migrate(v1_root, steps=(Step(1, count_the_members),))
    after = snapshot(v1_root)
    voted = {path for path in before if path.startswith("proposals/") and b"vote:" in before[path]}
    assert voted, "the samples have votes"
    assert {path for path in changes.files if path.startswith("proposals/")} == voted
    for path in before:
        if not path.startswith("proposals/"):
            continue
        if path not in voted:
            assert after[path] == before[path], path
            continue
        old, _ = parse_proposal(path, before[path])
        new, problems = parse_proposal(path, after[path])
        assert old is not None and new is not None and not problems, path
        assert new.body == old.body and after[path].endswith(before[path][before[path].index(b"\n---", 3) :])
        assert list(new.meta) == list(old.meta)
        vote = new.meta["decision"]["vote"]
        assert vote["members"] == vote["for"] + vote["against"] + vote.get("abstain", 0)
        # (the evaluation's liability is another step's)
        assert {**new.meta, "decision": None, "evaluation": None} == {**old.meta, "decision": None, "evaluation": None}
    assert any(path in line and "decision" in line for line in changes.lines() for path in voted)


def test_a_value_that_cannot_be_converted_stops_everything(v1_root: Path) -> None:
    victim = next(path for path in sorted(v1_root.rglob("*.md")) if b"vote: {for: " in path.read_bytes())
    text = victim.read_text(encoding="utf-8")
    start = text.index("vote: {for: ") + len("vote: {for: ")
    victim.write_text(text[:start] + "0" + text[text.index(",", start) :], encoding="utf-8")
    line = text[:start].count("\n") + 1
    before = snapshot(v1_root)
    with pytest.raises(RegistryError) as raised:
        migrate(v1_root, steps=(Step(1, count_the_members),))
    message = str(raised.value)
    relative = victim.relative_to(v1_root).as_posix()
    assert message.startswith(f"{relative}:{line}:") and "decision.vote.for" in message
    assert "Chưa tệp nào bị thay đổi" in message
    assert snapshot(v1_root) == before


@pytest.mark.parametrize(
    "value",
    [
        "yes",
        "on",
        "null",
        "~",
        "",
        "1.0",
        "2025-014",
        "0123",
        "a: b # c",
        "- x",
        "'quoted'",
        'x\u2028y\n"q"\\',
        "\x85\ufeff\U0001f600 đất đai\x7f\x00\t",
        "  leading and trailing  ",
    ],
)
def test_the_front_matter_reads_back_as_it_was(value: str) -> None:
    meta = {
        "id": "2025-001",
        "text": value,
        "list": [value, 1, 2.5, True, None],
        "nested": {"inner": [{"key": value, "n": 1}], "empty": [], "none": {}},
        "date": "2025-03-03",
    }
    edit = FrontMatter("---\nid: '2025-001'  # mã\n---\n")
    sync(edit.data, {"id": "2025-001"}, meta)
    front = edit.text().split("---\n")[1]
    document = read_yaml(front, "x.md")
    assert not document.problems
    assert document.data == meta and list(document.data) == list(meta)
    assert front.startswith("id: '2025-001'  # mã\n")


def test_every_sample_reads_back_as_it_was() -> None:
    """Every sample's front matter written again from its plain data reads back as the same data."""
    for path in sorted((PROJECT / "proposals").rglob("*.md")):
        proposal, _ = parse_proposal(path.name, path.read_bytes())
        assert proposal is not None
        edit = FrontMatter('---\nid: "0"\n---\n')
        sync(edit.data, {"id": "0"}, proposal.meta)
        document = read_yaml(edit.text().split("---\n")[1], path.name)
        assert not document.problems and document.data == proposal.meta, path


def test_a_successor_written_over_two_lines_stops_the_migration_at_its_line(
    v1_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = v1_root / "registry.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(n for n, line in enumerate(lines) if line.strip().startswith("successor: "))
    indent, unit = lines[at].split("successor: ")
    lines[at : at + 1] = [f"{indent}successor:", f"{indent}  {unit}"]
    config.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(v1_root)
    status, _out, err = run(capsys, "--root", str(v1_root), "migrate")
    assert status != 0 and "Traceback" not in err
    assert f"registry.yml:{at + 1}:" in err and "successors: [" in err
    assert snapshot(v1_root) == before


def test_the_liability_word_of_version_1_becomes_the_outcome_of_a_block(v1_root: Path) -> None:
    """Version 1's `liability: exempted` becomes `liability: {outcome: exempted}`; the findings, the body
    and its document, the day the work was completed and who evaluated are not guessed."""
    migrate(v1_root)
    found = {}
    for path in sorted((v1_root / "proposals").rglob("*.md")):
        proposal, problems = parse_proposal(path.name, path.read_bytes())
        assert proposal is not None and not problems
        evaluation = proposal.meta.get("evaluation")
        if evaluation is not None:
            found[proposal.meta["id"]] = evaluation["liability"]
            assert "evaluated_by" not in evaluation
            assert "completed" not in proposal.meta["implementation"]
    assert found == {
        "2024-001": {"outcome": "none"},
        "2024-002": {"outcome": "exempted"},
        "2024-003": {"outcome": "none"},
    }


def test_the_signer_becomes_a_block_of_its_name_and_nothing_is_invented(v1_root: Path) -> None:
    """Every v1 sample with a decision: signed_by's text becomes {name: ...}; position, capacity,
    the vote's members, receipt and appraisal are not made up; everything else stays as it was."""
    assert signer_as_block in [step.convert for step in STEPS if step.since == 1]
    before = snapshot(v1_root)
    migrate(v1_root)
    after = snapshot(v1_root)
    signed = 0
    for path in sorted(before):
        if not path.startswith("proposals/"):
            continue
        old, _ = parse_proposal(path, before[path])
        new, problems = parse_proposal(path, after[path])
        assert old is not None and new is not None and not problems, path
        if "decision" not in old.meta:
            assert after[path] == before[path], path
            continue
        signed += 1
        assert isinstance(old.meta["decision"]["signed_by"], str)
        assert new.meta["decision"]["signed_by"] == {"name": old.meta["decision"]["signed_by"]}
        assert {**new.meta["decision"], "signed_by": None} == {**old.meta["decision"], "signed_by": None}
        # (the evaluation's liability is another step's)
        assert {**new.meta, "decision": None, "evaluation": None} == {**old.meta, "decision": None, "evaluation": None}
        assert not {"receipt", "appraisal"} & set(new.meta)
    assert signed >= 5, "the v1 samples have decisions"


def test_the_signer_step_leaves_a_block_and_a_proposal_without_decision_alone() -> None:
    block = {"decision": {"signed_by": {"name": "Lê Văn Bình", "capacity": "kt"}}}
    assert signer_as_block(dict(block), {}) == block
    assert signer_as_block({"status": "submitted"}, {}) == {"status": "submitted"}
