"""The command line through main([...]): exit statuses, formats, and no traceback for any input."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from registry.cli import build_parser, main
from registry.lint.rules import RULES
from tests.helpers.proposals import CORPUS, PROJECT, SAMPLE_FILES

TEXT_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)\[(?P<rule>[a-z-]+)\]: .+$"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def broken_registry(samples_root: Path, *cases: str) -> Path:
    """The samples plus corpus cases, each under an id of its own (2025-901, 2025-902, …)."""
    for number, case in enumerate(cases, 901):
        text = (CORPUS / f"{case}.md").read_bytes().replace(b'"2025-901"', f'"2025-{number}"'.encode())
        (samples_root / "proposals" / "so-tu-phap" / f"2025-{number}-{case}.md").write_bytes(text)
    return samples_root


def test_clean_registry_exits_0(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--root", str(samples_root), "validate")
    assert status == 0
    assert out.strip().splitlines()[-1].startswith(f"Đã kiểm tra {SAMPLE_FILES} tệp: 0 lỗi")


def test_the_registry_is_found_from_a_subfolder(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(samples_root / "proposals" / "so-y-te")
    status, out, _ = run(capsys, "validate", ".")
    assert status == 0
    assert "Đã kiểm tra 1 tệp" in out


def test_problems_exit_1_in_the_text_format(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken_registry(samples_root, "duplicate-key", "field-unknown")
    status, out, _ = run(capsys, "--root", str(root), "validate")
    assert status == 1
    lines = out.splitlines()
    problems = [m for line in lines if not line.startswith(" ") and ":" in line if (m := TEXT_LINE.match(line))]
    assert [(m["path"], m["line"], m["rule"]) for m in problems] == [
        ("proposals/so-tu-phap/2025-901-duplicate-key.md", "16", "yaml-duplicate-key"),
        ("proposals/so-tu-phap/2025-902-field-unknown.md", "7", "field-exists"),
    ]
    hints = [line for line in lines if line.startswith("    gợi ý: ")]
    assert len(hints) == 2
    assert lines[-1] == f"Đã kiểm tra {SAMPLE_FILES + 2} tệp: 2 lỗi, 0 cảnh báo."


def test_warnings_alone_exit_0(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken_registry(samples_root, "decision-late")
    status, out, _ = run(capsys, "--root", str(root), "validate")
    assert status == 0
    assert "warning[deadline]" in out


def test_json_format(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken_registry(samples_root, "boolean-yes")
    status, out, _ = run(capsys, "--root", str(root), "validate", "--format", "json")
    assert status == 1
    report = json.loads(out)
    assert report["checked"] == SAMPLE_FILES + 1
    assert report["problems"] == [
        {
            "path": "proposals/so-tu-phap/2025-901-boolean-yes.md",
            "line": 7,
            "column": 1,
            "severity": "error",
            "rule": "yaml-boolean",
            "message": "field: yes được YAML hiểu là đúng/sai (true/false), không phải văn bản",
            "hint": 'Đặt giá trị trong dấu ngoặc kép, ví dụ "yes", để được hiểu là chữ chứ không phải đúng/sai.',
        }
    ]


def test_github_format_escapes_what_workflow_commands_need(
    samples_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = broken_registry(samples_root, "decision-late", "unit-not-folder")
    status, out, _ = run(capsys, "--root", str(root), "validate", "--format", "github")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        "::warning file=proposals/so-tu-phap/2025-901-decision-late.md,line=18,col=3,title=deadline::"
    )
    assert lines[1].startswith(
        "::error file=proposals/so-tu-phap/2025-902-unit-not-folder.md,line=6,col=1,title=unit-folder::"
    )
    assert "%0Agợi ý: " in lines[1] and "\n" not in lines[1]


def test_every_corpus_file_at_once_gives_no_traceback(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = samples_root / "proposals" / "so-tu-phap"
    for number, case in enumerate(sorted(CORPUS.glob("*.md")), 100):
        shutil.copy(case, folder / f"2025-{number}-{case.stem}.md")
    for form in ("text", "json", "github"):
        status, out, err = run(capsys, "--root", str(samples_root), "validate", "--format", form, "--jobs", "2")
        assert status == 1
        assert err == ""
        assert "Traceback" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "xml"],
        ["validate", "--no-such-flag"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "--root", str(samples_root), *argv)
    assert status == 2
    assert "cách dùng:" in err


def test_a_missing_path_exits_2(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(samples_root)
    status, _, err = run(capsys, "validate", "proposals/khong-co.md")
    assert status == 2
    assert "registry: proposals/khong-co.md: không có tệp hay thư mục này; hãy kiểm tra lại đường dẫn.\n" in err


def test_no_registry_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, "validate")
    assert status == 2
    assert "Không tìm thấy registry.yml" in err


def test_a_broken_configuration_exits_2_and_names_the_line(
    samples_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = samples_root / "registry.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("    parent: ubnd-tinh\n", "    parent: ubnd-khong-co\n", 1)
    )
    status, _, err = run(capsys, "--root", str(samples_root), "validate")
    assert status == 2
    assert re.search(
        r"registry\.yml:\d+:\d+: config: đơn vị cấp trên 'ubnd-khong-co' không có trong danh sách đơn vị", err
    )
    assert "Traceback" not in err


def test_rules_lists_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules")
    assert status == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert len(ids) == len(set(ids)) >= 35
    assert {"schema", "yaml-duplicate-key", "id-unique", "section-order", "deadline"} <= set(ids)


def test_the_rules_page_is_generated_from_the_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--lang", "en", "rules", "--format", "markdown")
    assert status == 0
    assert (PROJECT / "docs" / "rules.md").read_text(encoding="utf-8") == out, "run: make docs"


def test_the_rules_are_described_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--lang", "vi", "rules")
    assert status == 0
    english = {line.split()[0] for line in run(capsys, "--lang", "en", "rules")[1].splitlines()}
    described = {line.split()[0]: line.split(None, 2)[2] for line in out.splitlines()}
    assert set(described) == english
    # Vietnamese has letters English has not: đ, and the tones and marks (decomposed, combining characters).
    untranslated = sorted(
        rule
        for rule, words in described.items()
        if "đ" not in words.lower() and not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", words))
    )
    assert untranslated == []


def test_a_failing_rule_names_the_file_and_the_others_are_still_checked(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(proposal: object, context: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(RULES["signer-not-author"], "check", broken)
    status, out, err = run(capsys, "--root", str(samples_root), "validate", "--jobs", "1")
    assert status == 1 and err == ""
    assert out.count("error[internal-error]: quy tắc signer-not-author gặp sự cố") == SAMPLE_FILES
    assert "Traceback" not in out


# What argparse writes in English unless the catalogue gives it its words (cli.ARGPARSE_WORDS).
ARGPARSE_ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help message",
    "show program's version",
    "the following arguments are required",
    "invalid choice",
    "expected one argument",
    "unrecognized arguments",
    ": error:",
)


def commands() -> list[str]:
    parser = build_parser()
    found = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    return sorted(found.choices)


@pytest.mark.parametrize("command", ["", *commands()])
def test_the_help_of_every_command_has_no_english_frame(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, *([command] if command else []), "--help")
    assert status == 0 and err == ""
    assert out.startswith(f"cách dùng: registry {command}".rstrip())
    assert "tùy chọn:" in out and "hiện hướng dẫn này rồi thoát" in out
    assert "--lang {vi,en}" in out  # before or after the command
    assert [word for word in ARGPARSE_ENGLISH if word in out] == []


@pytest.mark.parametrize(
    ("argv", "last_line"),
    [
        (["check"], "registry check: lỗi: thiếu các tham số bắt buộc: --base"),
        (["validat"], "registry: lỗi: tham số COMMAND: giá trị không hợp lệ: 'validat' (chọn một trong: "),
        (["validate", "--format", "xml"], "registry validate: lỗi: tham số --format: giá trị không hợp lệ: 'xml'"),
        (["validate", "--jobs"], "registry validate: lỗi: tham số --jobs: cần một giá trị"),
        (["validate", "--jobs", "two"], "registry validate: lỗi: tham số --jobs: giá trị int không hợp lệ: 'two'"),
        (["rules", "--bogus"], "registry: lỗi: không hiểu các tham số: --bogus"),
        (
            ["--lang", "fr", "rules"],
            "registry: lỗi: tham số --lang: giá trị không hợp lệ: 'fr' (chọn một trong: 'vi', 'en')",
        ),
    ],
)
def test_usage_errors_in_vietnamese(argv: list[str], last_line: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.startswith("cách dùng: registry")
    assert err.splitlines()[-1].startswith(last_line)
    assert [word for word in ARGPARSE_ENGLISH if word in err] == []


def test_argparse_is_given_back_its_own_words(capsys: pytest.CaptureFixture[str]) -> None:
    """The catalogue's words are argparse's only while `registry` runs: other parsers in the process keep theirs."""
    words = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    run(capsys, "check")
    assert (argparse._, argparse.ngettext) == words  # type: ignore[attr-defined]
    other = argparse.ArgumentParser(prog="other")
    assert other.format_help().startswith("usage: other")
