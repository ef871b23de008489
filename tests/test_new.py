"""registry new: the template, in the right folder, with the next free id and a Vietnamese slug."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from registry.cli import main
from registry.config import load_registry
from registry.layout import slugify
from registry.load import load_file
from registry.validate import validate

FLAGS = [
    "--title", "Số hóa hồ sơ đất đai của Đồng bằng",
    "--summary", "Chuyển hồ sơ đất đai sang dạng số để tra cứu nhanh hơn cho người dân.",
    "--unit", "so-nong-nghiep-va-moi-truong",
    "--field", "kinh-te-xa-hoi",
    "--author", "Nguyễn Thị Hoa",
    "--position", "Chuyên viên",
]  # fmt: skip


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
    main(["--root", str(samples_root), "new", "--no-input", "--year", "2025", "--submitted", "2025-11-03", *FLAGS])
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
        (("--unit", "so-khong-co"), "unknown unit 'so-khong-co'"),
        (("--unit", "so-ke-hoach-va-dau-tu"), "no longer exists; use so-tai-chinh"),
        (("--field", "the-thao"), "unknown field"),
        (("--submitted", "3/11/2025"), "is not a date"),
    ],
)
def test_bad_answers_exit_2(
    change: tuple[str, str], message: str, samples_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flags = [*FLAGS, "--no-input"]
    if change[0] in flags:
        flags[flags.index(change[0]) + 1] = change[1]
    else:
        flags += list(change)
    assert main(["--root", str(samples_root), "new", *flags]) == 2
    assert message in capsys.readouterr().err


def test_missing_flags_without_a_terminal_exit_2(samples_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(samples_root), "new", "--no-input", "--title", "Số hóa"]) == 2
    assert "--summary, --unit, --field, --author, --position" in capsys.readouterr().err


def test_questions_in_a_terminal(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = io.StringIO(
        "Liên thông hồ sơ khai sinh\nNgười dân làm thủ tục khai sinh một lần cho ba giấy tờ.\n"
        "so-tu-phap\nlinh-vuc-khac\nTrần Văn Bảy\nChuyên viên\n"
    )
    answers.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", answers)
    assert main(["--root", str(samples_root), "new"]) == 0
    captured = capsys.readouterr()
    assert "Tên đề xuất:" in captured.err and "so-tu-phap" in captured.err
    assert captured.out.strip().startswith("proposals/so-tu-phap/")
    assert captured.out.strip().endswith("-lien-thong-ho-so-khai-sinh.md")


def test_new_never_overwrites(
    samples_root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("registry.new.next_id", lambda registry, year: "2025-001")
    assert main(["--root", str(samples_root), "new", "--no-input", *FLAGS]) == 0
    first = samples_root / capsys.readouterr().out.strip()
    before = first.read_bytes()
    assert main(["--root", str(samples_root), "new", "--no-input", *FLAGS]) == 2
    assert "already exists" in capsys.readouterr().err
    assert first.read_bytes() == before
