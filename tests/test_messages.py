"""The language of what a user reads: Vietnamese by default, English on request.

Over the corpus of broken files (tests/corpus/), one case per rule: the exact Vietnamese text the
proposer is told to act on (the problem's hint), and that the English differs and has no Vietnamese
word of its own (only the values it quotes, which the Vietnamese quotes too: a heading, a name). Then
the real command in a subprocess, as a user runs it: `--lang en`, REGISTRY_LANG and the locale; and a
site built under an English locale is still Vietnamese.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from registry import catalogue
from registry.problem import Problem
from tests.helpers.corpus import CASES, validate_case, vietnamese_words
from tests.helpers.git import ENV
from tests.helpers.proposals import CORPUS
from tests.helpers.site import prepare

# For each rule, a corpus case that breaks it, and what the proposer reads there: the problem's first
# line in Vietnamese and in English, and the Vietnamese hint.
MESSAGES: dict[str, dict[str, str]] = yaml.safe_load((CORPUS / "messages.yml").read_text(encoding="utf-8"))["messages"]
VIETNAMESE: dict[str, tuple[str, str]] = {rule: (entry["case"], entry["vi"]) for rule, entry in MESSAGES.items()}


def problem_of(case: str, rule: str, tmp_path: Path) -> Problem:
    report, _ = validate_case(case, tmp_path)
    return next(problem for problem in report.problems if problem.rule == rule)


def test_every_rule_of_the_corpus_has_its_vietnamese_message() -> None:
    in_corpus = {expected.split(":")[0] for case in CASES.values() for expected in case["expect"]}  # type: ignore[attr-defined]
    assert set(VIETNAMESE) == in_corpus
    for rule, (case, _) in VIETNAMESE.items():
        assert any(expected.startswith(f"{rule}:") for expected in CASES[case]["expect"]), rule  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", sorted(VIETNAMESE))
def test_the_message_of_each_rule_in_both_languages(rule: str, tmp_path: Path) -> None:
    case, expected = VIETNAMESE[rule]
    vietnamese = problem_of(case, rule, tmp_path / "vi")
    assert vietnamese.message == MESSAGES[rule]["message"]
    assert vietnamese.hint == expected
    with catalogue.speaking("en"):  # messages and hints are filled as the problems are made: the CLI's path
        english = problem_of(case, rule, tmp_path / "en")
    assert (english.path, english.line, english.column) == (vietnamese.path, vietnamese.line, vietnamese.column)
    assert english.message == MESSAGES[rule]["en"] != vietnamese.message
    assert vietnamese_words(english.message) <= vietnamese_words(vietnamese.message), english.message
    assert english.hint and english.hint != vietnamese.hint
    assert vietnamese_words(english.hint) <= vietnamese_words(vietnamese.hint), english.hint


def registry_command(*argv: str, cwd: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """`registry …` as a user runs it, with the locale and REGISTRY_LANG given here and no other."""
    env = {key: value for key, value in ENV.items() if key not in (catalogue.ENVIRONMENT, *catalogue.LOCALE)}
    return subprocess.run(
        [sys.executable, "-m", "registry", *argv],
        cwd=cwd,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def broken_root(registry_root: Path) -> Path:
    """A registry with one proposal naming a field that does not exist."""
    folder = registry_root / "proposals" / "so-tu-phap"
    folder.mkdir()
    shutil.copy(CORPUS / "field-unknown.md", folder / "2025-901-field-unknown.md")
    return registry_root


VI_SUMMARY = "Đã kiểm tra 1 tệp: 1 lỗi, 0 cảnh báo."
EN_SUMMARY = "Files checked: 1. Errors: 1, warnings: 0."
VI_HINT = "    gợi ý: Chọn một lĩnh vực có trong registry.yml:"
EN_HINT = "    hint: Choose a field listed in registry.yml:"
VI_FIRST = "error[field-exists]: lĩnh vực 'van-hoa' không có trong registry.yml"  # the problem's first line
EN_FIRST = "error[field-exists]: unknown field 'van-hoa'"


@pytest.mark.parametrize(
    ("argv", "environment", "english"),
    [
        (["validate"], {}, False),
        (["validate"], {"LANG": "C.UTF-8"}, False),
        (["validate"], {"LANG": "vi_VN.UTF-8"}, False),
        (["validate"], {"LANG": "en_US.UTF-8"}, True),
        (["validate"], {"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, False),  # LC_ALL first, as for gettext
        (["validate"], {"LC_MESSAGES": "en_GB.UTF-8"}, True),
        (["validate"], {"REGISTRY_LANG": "en"}, True),
        (["validate"], {"REGISTRY_LANG": "vi", "LANG": "en_US.UTF-8"}, False),
        (["validate"], {"REGISTRY_LANG": "klingon", "LANG": "en_US.UTF-8"}, True),  # ignored: the locale decides
        (["--lang", "en", "validate"], {}, True),
        (["validate", "--lang", "en"], {}, True),
        (["validate", "--lang=en"], {}, True),
        (["--lang", "vi", "validate"], {"REGISTRY_LANG": "en", "LANG": "en_US.UTF-8"}, False),
    ],
)
def test_the_language_is_chosen_by_option_then_variable_then_locale(
    broken_root: Path, argv: list[str], environment: dict[str, str], english: bool
) -> None:
    result = registry_command(*argv, cwd=broken_root, **environment)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == (EN_SUMMARY if english else VI_SUMMARY)
    assert any(line.startswith(EN_HINT if english else VI_HINT) for line in lines)
    assert any(line.endswith(EN_FIRST if english else VI_FIRST) for line in lines)
    assert "error[field-exists]" in result.stdout  # rule ids and severities stay as they are


def test_the_report_speaks_english_when_asked(samples_root: Path) -> None:
    arguments = ("report", "--as-of", "2025-12-31", "--period", "2025")
    vietnamese = registry_command(*arguments, cwd=samples_root)
    english = registry_command("--lang", "en", *arguments, cwd=samples_root)
    assert vietnamese.returncode == english.returncode == 0, vietnamese.stderr + english.stderr
    assert catalogue.entries("vi")["report.table.totals"] in vietnamese.stdout
    assert catalogue.entries("vi")["report.metric.received"] in vietnamese.stdout
    # The module-level labels (reporting.METRICS) are read after the language is chosen.
    assert "Proposals at each step in the period" in english.stdout
    assert "| Received |" in english.stdout
    assert "Tiếp nhận" not in english.stdout


def test_a_usage_error_in_both_languages(registry_root: Path) -> None:
    vietnamese = registry_command("check", cwd=registry_root)
    english = registry_command("check", cwd=registry_root, LANG="en_US.UTF-8")
    assert vietnamese.returncode == english.returncode == 2
    assert vietnamese.stderr.startswith("cách dùng: registry check")
    assert vietnamese.stderr.splitlines()[-1] == "registry check: lỗi: thiếu các tham số bắt buộc: --base"
    assert english.stderr.startswith("usage: registry check")
    assert english.stderr.splitlines()[-1] == "registry check: error: the following arguments are required: --base"
    wrong = registry_command("--lang", "fr", "rules", cwd=registry_root)
    assert wrong.returncode == 2
    assert "lỗi: tham số --lang: giá trị không hợp lệ: 'fr' (chọn một trong: 'vi', 'en')" in wrong.stderr


def test_the_help_in_english(registry_root: Path) -> None:
    result = registry_command("--lang", "en", "validate", "--help", cwd=registry_root)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: registry validate")
    assert "show this help message and exit" in result.stdout
    assert "also warn of the steps overdue" in result.stdout  # the catalogue's English for --as-of
    assert vietnamese_words(result.stdout) == set()


def test_the_site_stays_vietnamese_under_an_english_locale(tmp_path: Path) -> None:
    """The site's language is the registry's, not its builder's: LANG and REGISTRY_LANG do not change it."""
    target = tmp_path / "site-source"
    target.mkdir()
    prepare(target)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=target,
        env={**ENV, "NO_MKDOCS_2_WARNING": "1", "LANG": "en_US.UTF-8", catalogue.ENVIRONMENT: "en"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    home = (target / "site" / "index.html").read_text(encoding="utf-8")
    assert catalogue.entries("vi")["site.title.all"] in home or catalogue.entries("vi")["site.title.home"] in home
    pages = "".join(path.read_text(encoding="utf-8") for path in (target / "site").rglob("*.html"))
    for key in ("site.status.approved", "site.title.units", "site.timeline.milestones"):
        assert catalogue.entries("vi")[key] in pages, key
        assert catalogue.entries("en")[key] not in pages, key


def test_what_is_written_into_the_registry_stays_vietnamese(samples_root: Path) -> None:
    """A reviewer with an English locale writes the same form and template as anyone: the messages are
    theirs, the files are the registry's."""
    form = registry_command("--lang", "en", "form", cwd=samples_root)
    assert form.returncode == 0, form.stderr
    assert form.stdout.startswith("Wrote .github/ISSUE_TEMPLATE/de-xuat.yml")
    written = (samples_root / ".github" / "ISSUE_TEMPLATE" / "de-xuat.yml").read_text(encoding="utf-8")
    assert catalogue.entries("vi")["form.field.title.label"] in written
    assert catalogue.entries("en")["form.field.title.label"] not in written
    assert registry_command("form", "--check", cwd=samples_root).returncode == 0  # what the workflow runs

    flags = ["--title", "Số hóa hồ sơ đất đai", "--summary", "Chuyển hồ sơ đất đai sang dạng số để tra cứu nhanh hơn."]
    flags += [
        "--unit",
        "so-tu-phap",
        "--field",
        "kinh-te-xa-hoi",
        "--author",
        "Nguyễn Thị Hoa",
        "--position",
        "Chuyên viên",
    ]
    new = registry_command("new", "--no-input", *flags, cwd=samples_root, LANG="en_US.UTF-8")
    assert new.returncode == 0, new.stderr
    proposal = (samples_root / new.stdout.strip()).read_text(encoding="utf-8")
    assert catalogue.entries("vi")["new.guidance.1"] in proposal
    assert catalogue.entries("en")["new.guidance.1"] not in proposal
