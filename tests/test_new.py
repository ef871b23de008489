"""registry new: the template, in the right folder, with the next free id and a Vietnamese slug; asked one
question at a time in a terminal (driven here through a pseudo-terminal), or from piped answers; each
answer checked at once; nothing written unless the file passes the engine."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest
import yaml

from registry.catalogue import text
from registry.cli import main
from registry.config import load_registry
from registry.layout import slugify
from registry.load import load_file
from registry.new import STOPPED
from registry.validate import validate
from tests.helpers.new import ANSWERS, ENV, FLAGS, LAST_WEEK, SUMMARY, TITLE, Pipe, proposals


def made(root: Path, before: dict[Path, bytes]) -> Path:
    """The one file written since ``before``."""
    (path,) = set(proposals(root)) - set(before)
    return path


def problems_of(root: Path, path: Path) -> set[str]:
    """The rules `registry validate` reports on the file: only the empty sections are left to its author."""
    return {p.rule for p in validate(load_registry(root), [str(path)], jobs=1).problems}


def terminal(root: Path, *args: str) -> pexpect.spawn[str]:
    return pexpect.spawn(
        sys.executable,
        ["-m", "registry", "--root", str(root), "new", *args],
        encoding="utf-8",
        env=ENV,
        timeout=30,
        dimensions=(50, 300),
    )


def answer(child: pexpect.spawn[str], question: str, reply: str, **values: object) -> None:
    child.expect_exact(text(f"new.ask.{question}", **values))
    child.sendline(reply)


def finish(child: pexpect.spawn[str]) -> tuple[str, int]:
    """What the terminal shows until the program ends, and its exit status."""
    rest = str(child.read())
    child.close()
    return rest, int(child.exitstatus if child.exitstatus is not None else -1)


def piped(root: Path, answers: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    """`registry new` in its own process, its answers through a real pipe."""
    return subprocess.run(
        [sys.executable, "-m", "registry", "--root", str(root), "new", *args],
        input="".join(f"{answer}\n" for answer in answers),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=ENV,
        check=False,
    )


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Số hóa hồ sơ", "so-hoa-ho-so"),
        ("Đường điện về ấp Đại Ân", "duong-dien-ve-ap-dai-an"),
        ("  Tiếp nhận — hồ sơ (thí điểm) 2025!  ", "tiep-nhan-ho-so-thi-diem-2025"),
        ("Ư Ơ Ă Â Ê Ô ư ơ ă â ê ô ỹ ỵ", "u-o-a-a-e-o-u-o-a-a-e-o-y-y"),
        ("!!!", "de-xuat"),
    ],
)
def test_slug_from_a_vietnamese_title(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugs_stay_short() -> None:
    assert len(slugify("Số hóa " * 40)) <= 60


# --- In a terminal ----------------------------------------------------------------------------------


def test_a_session_in_a_terminal_asks_again_what_was_wrong_and_keeps_the_rest(samples_root: Path) -> None:
    before = proposals(samples_root)
    child = terminal(samples_root)
    answer(child, "title", "Số hóa " * 30)  # 210 characters; the schema allows 150
    child.expect_exact(text("new.error.too_long", length=len(("Số hóa " * 30).strip()), limit=150))
    answer(child, "title", TITLE)
    answer(child, "summary", SUMMARY)
    answer(child, "unit", "so-tu-phapp")  # a typo: the closest units are offered
    child.expect_exact('Không có đơn vị "so-tu-phapp"')
    child.expect_exact("so-tu-phap (Sở Tư pháp thành phố Cần Thơ)")
    answer(child, "unit", "sở tư pháp")  # the start of its name, typed without capitals
    answer(child, "field", "Lĩnh vực khác")
    child.expect_exact(text("new.say.author", number=1))
    answer(child, "author", "Trần Văn Bảy")
    answer(child, "position", "Chuyên viên")
    answer(child, "head", "")
    answer(child, "author_unit", "", unit="so-tu-phap")
    answer(child, "share", "70%")
    answer(child, "category", "công chức")
    answer(child, "person_id", "")
    child.expect_exact(text("new.say.rest", rest="30"))  # the shares do not add up yet: a second author
    child.expect_exact(text("new.say.author", number=2))
    answer(child, "author", "Nguyễn Thị Hoa")
    answer(child, "position", "Phó Trưởng phòng")
    answer(child, "head", "k")
    answer(child, "author_unit", "so-y-te", unit="so-tu-phap")
    answer(child, "share", "40")
    child.expect_exact(text("new.error.share_over", total="110", rest="30"))
    answer(child, "share", "")
    child.expect_exact(text("new.error.share_needed", rest="30"))
    answer(child, "share", "30")
    answer(child, "category", "")
    answer(child, "person_id", "CB-0042")
    answer(child, "submitted", "31/02/2025")  # no such day
    child.expect_exact(text("new.error.date", value="31/02/2025"))
    answer(child, "submitted", LAST_WEEK.strftime("%d/%m/%Y"))
    shown, status = finish(child)
    assert status == 0, shown
    path = made(samples_root, before)
    assert path.relative_to(samples_root).as_posix() in shown
    assert path.parent.name == "so-tu-phap" and path.name.endswith("-lien-thong-ho-so-khai-sinh.md")
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    assert front["title"] == TITLE and front["field"] == "linh-vuc-khac"
    assert front["authors"] == [
        {"name": "Trần Văn Bảy", "position": "Chuyên viên", "unit": "so-tu-phap", "share": 70, "category": "cong-chuc"},
        {"name": "Nguyễn Thị Hoa", "position": "Phó Trưởng phòng", "unit": "so-y-te", "share": 30,
         "person_id": "CB-0042"},
    ]  # fmt: skip
    assert front["status"] == "submitted" and front["submitted"] == LAST_WEEK.isoformat()
    assert problems_of(samples_root, path) == {"section-empty"}


def test_a_head_whose_unit_decides_is_told_at_that_question(samples_root: Path) -> None:
    """The head of the Department of Justice cannot have the department decide: the question says so
    and names the unit above; the answers typed are shown when the author stops to start again."""
    before = proposals(samples_root)
    child = terminal(samples_root, "--title", TITLE, "--summary", SUMMARY, "--field", "linh-vuc-khac")
    answer(child, "unit", "so-tu-phap")
    answer(child, "author", "Lê Văn Tám")
    answer(child, "position", "Giám đốc")
    answer(child, "head", "c")
    answer(child, "author_unit", "", unit="so-tu-phap")
    child.expect_exact("Người đứng đầu so-tu-phap có đề xuất do cấp trên quyết định (ubnd-tinh)")
    child.expect_exact(text("new.ask.author_unit", unit="so-tu-phap"))  # the same question again
    child.sendintr()
    shown, status = finish(child)
    assert status == STOPPED
    typed = shown[shown.index(text("new.say.typed")) :].split("\n")[1:]
    assert [line.strip() for line in typed if line.strip()] == ["so-tu-phap", "Lê Văn Tám", "Giám đốc", "c"]
    assert proposals(samples_root) == before


def test_a_file_the_engine_refuses_keeps_the_answers_typed(samples_root: Path) -> None:
    """Each answer is right on its own, but the chair's submitted proposal needs the outside authority
    that decides it (head-decided-above), which `new` does not ask: the problem is shown, nothing is
    written, and the answers typed are printed to be piped back in once the registry allows it."""
    before = proposals(samples_root)
    child = terminal(samples_root, "--title", TITLE, "--summary", SUMMARY, "--field", "linh-vuc-khac")
    answer(child, "unit", "ubnd-tinh")
    answer(child, "author", "Lê Văn Tám")
    answer(child, "position", "Chủ tịch")
    answer(child, "head", "c")
    answer(child, "author_unit", "", unit="ubnd-tinh")
    for question in ("share", "category", "person_id", "more"):
        answer(child, question, "")
    answer(child, "submitted", LAST_WEEK.strftime("%d/%m/%Y"))
    shown, status = finish(child)
    assert status == 1
    assert "error[head-decided-above]" in shown and "Chưa ghi proposals/ubnd-tinh/" in shown
    typed = [line.strip() for line in shown[shown.index(text("new.say.typed")) :].split("\n")[1:]]
    assert typed[:5] == ["ubnd-tinh", "Lê Văn Tám", "Chủ tịch", "c", ""]
    assert typed[-2:] == [LAST_WEEK.strftime("%d/%m/%Y"), ""]
    assert proposals(samples_root) == before


def test_ctrl_d_at_a_middle_question_stops_writes_nothing_and_shows_what_was_typed(samples_root: Path) -> None:
    before = proposals(samples_root)
    child = terminal(samples_root)
    answer(child, "title", TITLE)
    answer(child, "summary", SUMMARY)
    answer(child, "unit", "so-tu-phap")
    child.expect_exact(text("new.ask.field"))
    child.sendeof()
    shown, status = finish(child)
    assert status == STOPPED
    assert text("new.say.stopped") in shown and text("new.say.typed") in shown
    assert shown.index(TITLE) < shown.index(SUMMARY) < shown.rindex("so-tu-phap")
    assert "Traceback" not in shown
    assert proposals(samples_root) == before


def test_ctrl_c_stops_writes_nothing(samples_root: Path) -> None:
    before = proposals(samples_root)
    child = terminal(samples_root, *FLAGS[:8])
    child.expect_exact(text("new.ask.author"))
    child.sendintr()
    shown, status = finish(child)
    assert status == STOPPED
    assert text("new.say.stopped") in shown and "Traceback" not in shown and "KeyboardInterrupt" not in shown
    assert proposals(samples_root) == before


# --- Piped answers ----------------------------------------------------------------------------------


def test_piped_answers_make_the_same_file(samples_root: Path) -> None:
    before = proposals(samples_root)
    result = piped(samples_root, ANSWERS)
    assert result.returncode == 0, result.stderr
    path = made(samples_root, before)
    assert result.stdout == path.relative_to(samples_root).as_posix() + "\n"
    assert "git" in result.stderr and "registry validate" in result.stderr  # the next step
    proposal, _ = load_file(samples_root, path)
    assert proposal is not None and proposal.status == "submitted"
    assert proposal.string("submitted") == LAST_WEEK.isoformat()
    assert problems_of(samples_root, path) == {"section-empty"}


@pytest.mark.parametrize(
    ("place", "change", "said"),
    [
        ("1 (title)", "Số hóa " * 30, "Dài 209 ký tự, tối đa 150"),
        ("3 (unit)", "so-tu-phapp", "so-tu-phap (Sở Tư pháp"),
        ("3 (unit)", "so-ke-hoach-va-dau-tu", "đơn vị kế tục: so-tai-chinh"),
        ("4 (field)", "the-thao", "Không có lĩnh vực"),
        ("5 (author)", "Trần Văn 7", "Không đúng dạng"),  # a name has no digits
        ("7 (head)", "có lẽ", "Trả lời c (có) hoặc k (không)"),
        ("9 (share)", "120", '"120" không phải một tỷ lệ'),
        ("13 (submitted)", "03/11/2999", "chưa tới"),
    ],
)
def test_a_bad_piped_answer_stops_there_with_its_number(
    place: str, change: str, said: str, samples_root: Path, pipe: Pipe
) -> None:
    before = proposals(samples_root)
    answers = [*ANSWERS]
    answers[int(place.split(maxsplit=1)[0]) - 1] = change
    result = pipe(samples_root, answers)
    assert result.returncode == 2
    assert result.stderr.startswith(f"registry: câu trả lời thứ {place}: ")
    assert said in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert proposals(samples_root) == before


def test_shares_that_do_not_add_up_stop_piped_answers(samples_root: Path, pipe: Pipe) -> None:
    before = proposals(samples_root)
    answers = [*ANSWERS[:8], "60", "", "", *ANSWERS[4:8], "50"]  # 60 + 50: over 100 at answer 16
    result = pipe(samples_root, answers)
    assert result.returncode == 2
    assert result.stderr.strip() == "registry: " + text(
        "new.error.piped", number=16, question="share", problem=text("new.error.share_over", total="110", rest="40")
    )
    assert proposals(samples_root) == before


def test_options_with_nothing_piped_make_a_draft(samples_root: Path, pipe: Pipe) -> None:
    """A script that gives every required option and no standard input: the optional questions left
    (the day submitted) are blank, so the proposal is a draft."""
    before = proposals(samples_root)
    result = pipe(samples_root, [], *FLAGS)
    assert result.returncode == 0, result.stderr
    proposal, _ = load_file(samples_root, made(samples_root, before))
    assert proposal is not None and proposal.status == "draft"


def test_piped_answers_that_end_early_stop(samples_root: Path, pipe: Pipe) -> None:
    result = pipe(samples_root, ANSWERS[:5])
    assert result.returncode == 2
    assert "câu trả lời thứ 6 (position)" in result.stderr and text("new.error.ended_input") in result.stderr


# --- Options ----------------------------------------------------------------------------------------


def test_new_writes_a_proposal_that_only_lacks_its_sections(
    samples_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["--root", str(samples_root), "new", "--no-input", *FLAGS])
    out = capsys.readouterr().out.strip()
    year = date.today().year
    # The samples of this year (the samples have ids of 2026) are followed by the next number.
    made = samples_root / out
    taken = [int(path.name[5:8]) for path in (samples_root / "proposals").rglob(f"{year}-*.md") if path != made]
    number = max(taken, default=0) + 1
    assert status == 0
    assert out == f"proposals/so-nong-nghiep-va-moi-truong/{year}-{number:03d}-so-hoa-ho-so-dat-dai-cua-dong-bang.md"
    proposal, problems = load_file(samples_root, samples_root / out)
    assert problems == [] and proposal is not None
    assert proposal.status == "draft" and proposal.unit == "so-nong-nghiep-va-moi-truong"
    found = validate(load_registry(samples_root), [str(samples_root / out)], jobs=1).problems
    assert {p.rule for p in found} == {"section-empty"}
    assert len(found) == 5


def test_the_next_id_follows_the_highest_of_the_year(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--root", str(samples_root), "new", "--no-input", "--year", "2025", *FLAGS])
    assert capsys.readouterr().out.strip().split("/")[-1].startswith("2025-016-")
    main(["--root", str(samples_root), "new", "--no-input", "--year", "2025", "--submitted", "3/11/2025", *FLAGS])
    path = capsys.readouterr().out.strip()
    assert path.split("/")[-1].startswith("2025-017-")
    proposal, _ = load_file(samples_root, samples_root / path)
    assert proposal is not None and proposal.status == "submitted" and proposal.string("submitted") == "2025-11-03"


def test_a_defence_proposal_starts_confidential(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [*FLAGS]
    flags[flags.index("kinh-te-xa-hoi")] = "quoc-phong-an-ninh"
    flags[flags.index("so-nong-nghiep-va-moi-truong")] = "ubnd-xa-tran-de"  # a commune's military affairs
    main(["--root", str(samples_root), "new", "--no-input", *flags])
    proposal, _ = load_file(samples_root, samples_root / capsys.readouterr().out.strip())
    assert proposal is not None and proposal.confidential


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--unit", "so-khong-co"), '--unit: Không có đơn vị "so-khong-co"'),
        (("--unit", "so-ke-hoach-va-dau-tu"), "đơn vị kế tục: so-tai-chinh"),
        (("--field", "the-thao"), "--field: Không có lĩnh vực"),
        (("--title", "Số hóa " * 30), "--title: Dài 209 ký tự, tối đa 150"),
        (("--submitted", "31/11/2025"), '"31/11/2025" không phải một ngày'),
        (("--category", "hợp đồng"), "--category:"),
        (("--head", "--author-unit", "so-nong-nghiep-va-moi-truong"), "--author-unit: Người đứng đầu"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    change: tuple[str, ...], message: str, samples_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = proposals(samples_root)
    flags = [*FLAGS, "--no-input"]
    if change[0] in flags:
        flags[flags.index(change[0]) + 1] = change[1]
    else:
        flags += list(change)
    assert main(["--root", str(samples_root), "new", *flags]) == 2
    assert message in capsys.readouterr().err
    assert proposals(samples_root) == before


def test_a_file_the_engine_refuses_is_not_written(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The chair heads the top unit: once submitted, the proposal needs the outside authority that
    decides it (head-decided-above), which `new` cannot record; the problem is shown, nothing written."""
    before = proposals(samples_root)
    flags = [*FLAGS, "--no-input", "--head", "--submitted", LAST_WEEK.isoformat()]
    flags[flags.index("so-nong-nghiep-va-moi-truong")] = "ubnd-tinh"
    assert main(["--root", str(samples_root), "new", *flags]) == 1
    captured = capsys.readouterr()
    assert "error[head-decided-above]" in captured.err and "Chưa ghi proposals/ubnd-tinh/" in captured.err
    assert captured.out == ""
    assert proposals(samples_root) == before


def test_dry_run_prints_the_file_and_writes_nothing(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = proposals(samples_root)
    assert main(["--root", str(samples_root), "new", "--no-input", "--dry-run", *FLAGS]) == 0
    out = capsys.readouterr().out
    assert out.startswith("---\nid: ") and "title: Số hóa hồ sơ đất đai của Đồng bằng\n" in out
    assert proposals(samples_root) == before


def test_missing_flags_without_input_exit_2(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(samples_root), "new", "--no-input", "--title", "Số hóa"]) == 2
    assert "--summary, --unit, --field, --author, --position" in capsys.readouterr().err


def test_new_never_overwrites(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("registry.new.next_id", lambda registry, year: "2025-901")
    assert main(["--root", str(samples_root), "new", "--no-input", *FLAGS]) == 0
    first = samples_root / capsys.readouterr().out.strip()
    before = first.read_bytes()
    assert main(["--root", str(samples_root), "new", "--no-input", *FLAGS]) == 2
    assert f"{first.relative_to(samples_root).as_posix()}: đã có tệp này" in capsys.readouterr().err
    assert first.read_bytes() == before
