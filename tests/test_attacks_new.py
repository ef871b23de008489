"""Attacks on `registry new` and on the loader's checks of curly quotes and ' #' comments: hostile answers
are refused at their question (not after every question, by a problem in a file that was never
written), a valid title is not taken for a mistake, and one mistake gives one message."""

from __future__ import annotations

import subprocess
import sys
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from registry import new
from registry.catalogue import text
from registry.cli import main
from registry.config import Registry
from registry.lint.rules._sections import CLOSE, closeness, loose
from registry.load import parse_proposal
from registry.new import checked
from tests.helpers.new import ANSWERS, ENV, FLAGS, Pipe, proposals
from tests.helpers.proposals import VALID_FRONT, proposal_text

TITLE_LINE = 'title: "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"'
PATH = "proposals/so-tu-phap/2025-901-de-xuat.md"


@pytest.mark.parametrize(
    ("name", "character"),
    [
        ("NUL", "\x00"),
        ("escape (terminal colours)", "\x1b[31m"),
        ("carriage return", "\r"),
        ("bell", "\x07"),
        ("line separator U+2028", "\u2028"),
        ("right-to-left override U+202E", "\u202e"),
        ("byte-order mark U+FEFF", "\ufeff"),
    ],
)
def test_a_control_character_in_an_answer_is_refused_at_its_question(
    name: str, character: str, samples_root: Path, pipe: Pipe
) -> None:
    """Before, each was written into the title (in YAML escapes: "Liên\\0 thông", "\\e[31m…"), and the
    file passed `registry validate`: a title that rings, colours a terminal or reads backwards."""
    before = proposals(samples_root)
    answers = [*ANSWERS]
    answers[0] = f"Liên thông{character} hồ sơ khai sinh"
    result = pipe(samples_root, answers)
    assert result.returncode == 2, name
    assert result.stderr.strip() == "registry: " + text(
        "new.error.piped", number=1, question="title", problem=text("new.error.control")
    )
    assert proposals(samples_root) == before


def test_bytes_that_are_not_utf8_are_refused_at_their_question(samples_root: Path) -> None:
    """A file of answers saved in another encoding (Windows-1252, as an old editor saves it): before, the
    title was taken, and the engine refused the file after every question with a YAML syntax error at
    a line of a file never written ("invalid Unicode character escape code")."""
    before = proposals(samples_root)
    answers = "".join(f"{answer}\n" for answer in ANSWERS).encode("utf-8")
    answers = "Liên thông hồ sơ".encode("cp1252", "replace") + answers[answers.index(b"\n") :]
    result = subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(samples_root), "new"],
        input=answers,
        capture_output=True,
        env=ENV,
        check=False,
    )
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert stderr.strip() == "registry: " + text(
        "new.error.piped", number=1, question="title", problem=text("new.error.encoding")
    )
    assert proposals(samples_root) == before


def test_a_terminal_whose_locale_is_not_utf8_is_told_so(samples_root: Path) -> None:
    """LANG=C without Python's UTF-8 mode: standard input is read as ASCII, and every Vietnamese letter
    is a byte that cannot be read. The answer is refused at once; no traceback, nothing written."""
    before = proposals(samples_root)
    environment = {key: value for key, value in ENV.items() if key not in ("PYTHONIOENCODING", "LANG", "LC_ALL")}
    environment |= {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(samples_root), "new"],
        input="".join(f"{answer}\n" for answer in ANSWERS).encode("utf-8"),
        capture_output=True,
        env=environment,
        check=False,
    )
    stderr = result.stderr.decode("ascii", "replace")
    assert result.returncode == 2, stderr
    assert "(title)" in stderr and "Traceback" not in stderr
    assert proposals(samples_root) == before


@pytest.mark.parametrize("title", ["“Liên thông hồ sơ khai sinh”", "\u2018Liên thông hồ sơ khai sinh\u2019"])
def test_a_title_in_curly_quotes_is_refused_at_its_question(title: str, samples_root: Path, pipe: Pipe) -> None:
    """Before, the question took it and the engine refused the file after every question
    (yaml-curly-quotes at 3:8 of a file never written)."""
    before = proposals(samples_root)
    result = pipe(samples_root, [title, *ANSWERS[1:]])
    assert result.returncode == 2
    assert result.stderr.strip() == "registry: " + text(
        "new.error.piped", number=1, question="title", problem=text("new.error.curly")
    )
    flags = [*FLAGS, "--no-input"]
    flags[flags.index("--title") + 1] = title
    result = pipe(samples_root, [], *flags)
    assert result.returncode == 2
    assert result.stderr.strip() == f"registry: --title: {text('new.error.curly')}"
    assert proposals(samples_root) == before


def test_a_title_with_two_quoted_phrases_is_written_as_typed(samples_root: Path, pipe: Pipe) -> None:
    before = proposals(samples_root)
    title = "“Một cửa” và “liên thông” hồ sơ khai sinh"
    result = pipe(samples_root, [title, *ANSWERS[1:]])
    assert result.returncode == 0, result.stderr
    (path,) = set(proposals(samples_root)) - set(before)
    assert f"title: {title}\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("year", ["0", "1", "-5", "99999"])
def test_a_year_without_four_digits_is_refused(year: str, samples_root: Path, pipe: Pipe) -> None:
    """Before, --year 0 was this year, and --year 1 was refused after every question by two English
    problems (schema, id-file-name) whose hint contradicted the file name."""
    before = proposals(samples_root)
    result = pipe(samples_root, [], *FLAGS, "--no-input", f"--year={year}")
    assert result.returncode == 2
    assert result.stderr.strip() == f"registry: {text('new.error.year', year=int(year))}"
    assert proposals(samples_root) == before


def test_two_runs_at_once_do_not_write_two_files_of_one_id(
    samples_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The race made certain: while this run checks its file, another run writes its own, of the same id."""
    real_checked = new.checked

    def other_run_meanwhile(registry: Registry, path: str, content: str) -> object:
        report = real_checked(registry, path, content)
        if not hasattr(other_run_meanwhile, "done"):
            other_run_meanwhile.done = True  # type: ignore[attr-defined]
            flags = [*FLAGS, "--no-input"]
            flags[flags.index("--title") + 1] = "Một đề xuất khác cùng lúc"
            assert main(["--root", str(samples_root), "new", *flags]) == 0
        return report

    monkeypatch.setattr(new, "checked", other_run_meanwhile)
    assert main(["--root", str(samples_root), "new", "--no-input", *FLAGS]) == 0
    capsys.readouterr()
    assert getattr(other_run_meanwhile, "done", False), "the other run wrote its file meanwhile"
    ids = [path.name[:8] for path in proposals(samples_root)]
    assert len(ids) == len(set(ids)), sorted(ids)


# --- The loader -------------------------------------------------------------------------------------


def engine(registry: Registry, front: str) -> list[tuple[str, int, int]]:
    """The problems of a proposal of ``front``, as `registry validate` finds them, by (rule, line, column)."""
    report = checked(registry, PATH, proposal_text(registry, front))
    return [(p.rule, p.line, p.column) for p in report.problems]


def test_a_title_with_two_quoted_phrases_is_not_in_curly_quotes(project_registry: Registry) -> None:
    """``“Một cửa” và “liên thông”`` starts and ends with a curly quote, but is not wrapped in them: before,
    it was reported and read as ``Một cửa” và “liên thông`` (its first and last quotes cut off)."""
    front = VALID_FRONT.replace(TITLE_LINE, "title: “Một cửa” và “liên thông”")
    assert engine(project_registry, front) == []
    proposal, _ = parse_proposal(PATH, proposal_text(project_registry, front).encode())
    assert proposal is not None and proposal.string("title") == "“Một cửa” và “liên thông”"


def test_a_comment_after_a_value_in_curly_quotes_is_one_mistake(project_registry: Registry) -> None:
    """``title: “Rút ngắn thời gian” # ghi chú``: with straight quotes the comment is a comment, as meant. Before,
    yaml-comment also said the title was cut at ' #', a second message for the one mistake of the quotes."""
    front = VALID_FRONT.replace(TITLE_LINE, "title: “Rút ngắn thời gian cấp phiếu” # ghi chú")
    assert engine(project_registry, front) == [("yaml-curly-quotes", 3, 8)]


def test_a_value_wrapped_in_curly_quotes_with_quotes_inside_is_still_found(project_registry: Registry) -> None:
    front = VALID_FRONT.replace(TITLE_LINE, "title: “Rút ngắn thời gian cấp phiếu \u2018lý lịch\u2019”")
    assert engine(project_registry, front) == [("yaml-curly-quotes", 3, 8)]


# --- Near-miss headings ---------------------------------------------------------------------------


def test_a_matcher_reused_across_lines_scores_as_a_new_one(project_registry: Registry) -> None:
    """near_misses builds difflib's index of each missing section's heading once, for all the lines (200
    lines of scrambled headings took 0.75 s, three quarters of it rebuilding that index for each pair)."""
    sections = project_registry.sections
    lines = [
        *(f"### {heading}" for heading in sections),
        *(f"## {heading[: len(heading) // 2]}" for heading in sections),
        *(f"#{heading[::-1]}" for heading in sections),
        *(f"## {heading.replace('t', 'r')}" for heading in sections),
        "## Thựctrạng vấn đề, nội dung đề xuất",
        "#",
    ]
    for heading in sections:
        matcher = SequenceMatcher(None, "", loose(heading), autojunk=False)
        scores = [closeness(line, heading, matcher) for line in lines]
        assert scores == [closeness(line, heading) for line in lines]
        assert any(score >= CLOSE for score in scores)


def test_a_section_heading_inside_a_comment_is_missing(project_registry: Registry) -> None:
    sections = project_registry.sections
    body = "".join(f"\n## {heading}\n\nNội dung.\n" for heading in sections)
    body = body.replace(f"## {sections[3]}\n\nNội dung.", f"<!--\n## {sections[3]}\n\nNội dung.\n-->")
    report = checked(project_registry, PATH, proposal_text(project_registry, VALID_FRONT, body))
    assert [p.rule for p in report.problems] == ["section-missing"]
