"""Text from proposal files and their names never becomes a GitHub workflow command, a terminal escape
or a line of its own in any output format.

GitHub Actions reads every line a step prints; a line starting with ``::warning::`` or ``::error``
(or ``::add-mask::``, ``::stop-commands::``) is a command to the runner. A file name is written by
whoever opens a pull request, and may hold a newline. Each test builds such a file (or a git
repository) for real and runs the real command.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from registry.cli import main
from tests.helpers.git import GitRegistry
from tests.helpers.proposals import PATH, VALID_FRONT, WriteProposal, text

INJECTED = "2025-901-a\n::warning::pwned.md"
# GitHub's annotations as report_github writes them: the only lines that may start with "::".
ANNOTATION = re.compile(r"^::(error|warning) file=[^,\n]*,line=\d+,col=\d+,title=[a-z-]+::[^\n]*$")
# What must never reach the output raw: C0 and C1 controls, DEL, line and paragraph separators,
# bidirectional controls.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out + err


def commands(output: str) -> list[str]:
    """The lines the Actions runner would take as commands (it splits lines at LF and CR)."""
    return [line for line in re.split(r"\r\n|\r|\n", output) if line.lstrip().startswith("::")]


@pytest.fixture
def injected(write_proposal: WriteProposal) -> Path:
    """A broken proposal whose file name holds a workflow command on a line of its own."""
    return write_proposal("no front matter\n", name=INJECTED)


def test_text_output_shows_the_name_escaped_on_one_line(injected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(capsys, "--root", str(injected.parents[2]), "validate")

    assert status == 1
    assert commands(output) == []
    assert "proposals/so-tu-phap/2025-901-a\\n::warning::pwned.md" in output  # recognisable


def test_github_output_writes_only_its_own_annotations(injected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(injected.parents[2])
    status, output = run(capsys, "--root", root, "validate", "--format", "github")
    _, as_json = run(capsys, "--root", root, "validate", "--format", "json")

    assert status == 1
    written = commands(output)
    assert written and all(ANNOTATION.match(line) for line in written), written
    assert len(written) == len(json.loads(as_json)["problems"])
    assert "file=proposals/so-tu-phap/2025-901-a\\n%3A%3Awarning%3A%3Apwned.md," in output


def test_json_output_keeps_the_name_exactly(injected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, output = run(capsys, "--root", str(injected.parents[2]), "validate", "--format", "json")

    assert status == 1
    assert commands(output) == []
    paths = {row["path"] for row in json.loads(output)["problems"]}
    assert f"proposals/so-tu-phap/{INJECTED}" in paths  # JSON escapes, and readers get the real name back


@pytest.mark.parametrize(
    "name",
    [
        "2025-901-\x1b[2J\x1b[31mred.md",  # clears a terminal, then red
        "2025-901-a\x85::warning::nel.md",  # NEXT LINE, a line break for Python's splitlines
        "2025-901-a\u2028::warning::ls.md",  # LINE SEPARATOR
        "2025-901-a\u202egnp.md",  # RIGHT-TO-LEFT OVERRIDE: shown as "2025-901-amd.png"
        "2025-901-a\r::warning::cr.md",
        "2025-901-a\x7f.md",
    ],
)
@pytest.mark.parametrize("form", ["text", "github", "json"])
def test_no_control_character_reaches_any_format(
    name: str, form: str, write_proposal: WriteProposal, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_proposal("no front matter\n", name=name)

    status, output = run(capsys, "--root", str(path.parents[2]), "validate", "--format", form)

    assert status == 1
    assert RAW.search(output) is None, repr(output)
    assert all(ANNOTATION.match(line) for line in commands(output))
    assert output.splitlines() == output.split("\n")[:-1]  # no line break but the reporters' own


def test_a_name_that_is_not_utf8_is_printed_not_a_traceback(
    write_proposal: WriteProposal, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_proposal("no front matter\n").parent
    (folder / "2025-901-de-xuat.md").rename(folder / os.fsdecode(b"2025-901-\xff\xfe.md"))  # bytes, not UTF-8

    for form in ("text", "github", "json"):
        status, output = run(capsys, "--root", str(folder.parents[1]), "validate", "--format", form)
        assert status == 1
        assert "2025-901-\\udcff\\udcfe.md" in output


def test_a_key_holding_a_command_is_escaped_in_the_message(
    write_proposal: WriteProposal, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_proposal(f'---\n{VALID_FRONT}"x\\n::error::from a key": 1\n---\n')

    status, output = run(capsys, "--root", str(path.parents[2]), "validate")

    assert status == 1
    assert commands(output) == []
    assert "x\\n::error::from a key" in output


def test_a_path_on_the_command_line_is_escaped_in_the_error(
    write_proposal: WriteProposal, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_proposal("no front matter\n").parents[2]
    missing = str(root / "proposals" / "so-tu-phap" / "x\n::error::from an argument.md")

    status, output = run(capsys, "--root", str(root), "validate", missing)

    assert status == 2
    assert commands(output) == []
    assert "x\\n::error::from an argument.md" in output


def test_history_escapes_a_status_from_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = GitRegistry(tmp_path / "registry")
    repo.write(PATH, text("submitted"))
    repo.commit("Trình đề xuất")
    repo.write(PATH, text('"submitted\\n::warning::from a status\\u2028"'))
    repo.commit("Sửa")

    status, output = run(capsys, "--root", str(repo.root), "history")
    assert status == 0
    assert commands(output) == [] and RAW.search(output) is None
    assert "submitted → submitted\\n::warning::from a status\\u2028" in output

    status, output = run(capsys, "--root", str(repo.root), "history", "--format", "json")
    assert status == 0
    assert commands(output) == [] and RAW.search(output) is None
    assert json.loads(output)["2025-901"][-1]["status_after"] == "submitted\n::warning::from a status\u2028"
