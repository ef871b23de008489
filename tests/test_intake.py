"""The issue form and `registry intake`: a body as GitHub writes it from the form becomes a submitted
proposal that passes `registry validate`; a hostile body changes nothing but the text it is."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry.cli import main
from registry.config import load_registry
from registry.form import FORM, render_form, today
from registry.load import load_file
from registry.validate import validate
from tests.helpers.issues import form_elements, issue_body, option_of
from tests.helpers.proposals import NEXT_2025, PROJECT

DAY = "2025-11-03"
SECTIONS = [f"Nội dung phần {number} của báo cáo đề xuất." for number in range(1, 6)]


@pytest.fixture
def form(samples_root: Path) -> Path:
    """The form `registry form` writes for the sample registry, as GitHub would show it."""
    assert main(["--root", str(samples_root), "form"]) == 0
    return samples_root / FORM


def answers(form: Path, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Số hóa hồ sơ đất đai",
        "summary": "Chuyển hồ sơ đất đai sang dạng số để tra cứu nhanh hơn cho người dân.",
        "unit": option_of(form, "unit", "so-nong-nghiep-va-moi-truong"),
        "field": option_of(form, "field", "kinh-te-xa-hoi"),
        "author": "Nguyễn Thị Hoa",
        "position": "Chuyên viên",
        **{f"section-{number}": text for number, text in enumerate(SECTIONS, 1)},
    }
    values.update(changes)
    return values


def run_intake(
    root: Path, body: str, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str, list[Path]]:
    """Run `registry intake` on ``body``; its status, stdout, stderr and the proposal files it added."""
    before = set((root / "proposals").rglob("*.md"))
    file = root.parent / "issue.md"
    file.write_text(body, encoding="utf-8")
    capsys.readouterr()
    status = main(["--root", str(root), "intake", "--body", str(file), "--submitted", DAY, *extra])
    out, err = capsys.readouterr()
    return status, out, err, sorted(set((root / "proposals").rglob("*.md")) - before)


def written(root: Path, out: str) -> tuple[Path, dict[str, Any], str]:
    path = root / out.strip()
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    assert list(validate(load_registry(root), [str(path)], jobs=1).problems) == []
    return path, yaml.safe_load(front), body


def test_the_form_has_the_cards_fields_current_units_and_one_text_area_per_section(form: Path) -> None:
    registry = load_registry(form.parents[2])
    elements = {element["id"]: element for element in form_elements(form)}
    units = elements["unit"]["attributes"]["options"]
    assert "Sở Nội vụ thành phố Cần Thơ (so-noi-vu)" in units
    assert not any("(so-ke-hoach-va-dau-tu)" in unit for unit in units)  # ended on 2025-02-28
    assert len(units) == sum(unit.existed_on(today()) for unit in registry.units.values())
    fields = elements["field"]["attributes"]["options"]
    assert "Phát triển kinh tế - xã hội (kinh-te-xa-hoi)" in fields
    assert not any("quoc-phong-an-ninh" in field for field in fields)  # an issue is public
    sections = [elements[f"section-{number}"]["attributes"]["label"] for number in range(1, 6)]
    assert sections == [f"Phần {number}. {heading}" for number, heading in enumerate(registry.sections, 1)]
    assert all(elements[f"section-{n}"]["validations"]["required"] for n in range(1, 6))
    assert {"title", "summary", "author", "position", "author_unit", "head", "coauthors", "contact", "tags"} <= set(
        elements
    )
    assert "công khai" in elements["contact"]["attributes"]["label"]
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert data["labels"] == ["de-xuat"] and data["body"][0]["type"] == "markdown"


def test_the_committed_form_is_fresh() -> None:
    committed = (PROJECT / FORM).read_text(encoding="utf-8")
    assert committed == render_form(load_registry(PROJECT), today()), "run `registry form`"


def test_form_check_reports_a_stale_form_and_writing_fixes_it(
    registry_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = ["--root", str(registry_root)]
    assert main([*root, "form", "--check"]) == 1  # there is none yet
    assert main([*root, "form"]) == 0
    assert main([*root, "form", "--check"]) == 0
    config = registry_root / "registry.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('name: "Sở Y tế thành phố Cần Thơ"', 'name: "Sở Y tế mới"'),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main([*root, "form", "--check"]) == 1
    captured = capsys.readouterr()
    assert "-    - Sở Y tế thành phố Cần Thơ (so-y-te)" in captured.out
    assert "+    - Sở Y tế mới (so-y-te)" in captured.out
    assert "registry form" in captured.err and "đã cũ" in captured.err


def test_a_submitted_form_becomes_a_submitted_proposal_that_validates(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(
        form,
        coauthors="Trần Văn An; Phó Trưởng phòng; so-tai-chinh\n\nLê Thị Bích; Chuyên viên; so-y-te",
        tags="chuyển đổi số, Đất đai, chuyển đổi số",
        contact="hoa@example.gov.vn",
        attachments=(
            "[Báo cáo đề xuất.docx](https://github.com/user-attachments/files/123/bao-cao.docx)\n"
            "https://github.com/user-attachments/files/124/phu-luc.pdf"
        ),
    )
    report = samples_root.parent / "report.md"
    status, out, _, added = run_intake(
        samples_root, issue_body(form, values), capsys, "--number", "42", "--report", str(report)
    )
    assert status == 0
    assert out.strip() == f"proposals/so-nong-nghiep-va-moi-truong/2025-{NEXT_2025:03}-so-hoa-ho-so-dat-dai.md"
    path, front, body = written(samples_root, out)
    assert added == [path]
    assert front["id"] == f"2025-{NEXT_2025:03}" and front["status"] == "submitted" and front["submitted"] == DAY
    assert front["field"] == "kinh-te-xa-hoi" and front["confidential"] is False
    assert front["tags"] == ["chuyen-doi-so", "dat-dai"]
    assert front["authors"] == [
        {"name": "Nguyễn Thị Hoa", "position": "Chuyên viên", "unit": "so-nong-nghiep-va-moi-truong"},
        {"name": "Trần Văn An", "position": "Phó Trưởng phòng", "unit": "so-tai-chinh"},
        {"name": "Lê Thị Bích", "position": "Chuyên viên", "unit": "so-y-te"},
    ]
    assert "hoa@example.gov.vn" not in path.read_text(encoding="utf-8")  # the contact stays out of the file
    assert "- [Báo cáo đề xuất.docx](https://github.com/user-attachments/files/123/bao-cao.docx)" in body
    assert "- [phu-luc.pdf](https://github.com/user-attachments/files/124/phu-luc.pdf)" in body
    proposal, _ = load_file(samples_root, path)
    assert proposal is not None
    assert [section.title for section in proposal.sections][:5] == list(load_registry(samples_root).sections)
    text = report.read_text(encoding="utf-8")
    assert "#42" in text and f"2025-{NEXT_2025:03}" in text and "không có lỗi" in text


def test_the_head_of_a_unit_and_an_author_from_another_unit(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(
        form,
        unit=option_of(form, "unit", "ubnd-tinh"),
        author_unit=option_of(form, "author_unit", "so-tai-chinh"),
        head=True,
        position="Giám đốc",
        coauthors="Lê Thị Bích; Giám đốc; so-y-te; Người đứng đầu",
    )
    status, out, err, _ = run_intake(samples_root, issue_body(form, values), capsys)
    assert status == 0, err
    _, front, _ = written(samples_root, out)
    assert front["unit"] == "ubnd-tinh"
    assert front["authors"] == [
        {"name": "Nguyễn Thị Hoa", "position": "Giám đốc", "unit": "so-tai-chinh", "head_of_unit": True},
        {"name": "Lê Thị Bích", "position": "Giám đốc", "unit": "so-y-te", "head_of_unit": True},
    ]


def test_a_head_deciding_their_own_proposal_is_refused_with_the_rules_hint(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err, added = run_intake(samples_root, issue_body(form, answers(form, head=True)), capsys)
    assert (status, out, added) == (1, "", [])
    assert "Chưa tạo được tệp đề xuất" in err and "mã lỗi" in err


def test_missing_and_unknown_values_write_nothing_and_say_what_to_fix(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(
        form,
        title=None,
        **{"section-3": None},
        unit="Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng (so-ke-hoach-va-dau-tu)",  # ended: not in the drop-down
        field="Lĩnh vực mới (linh-vuc-moi)",
        coauthors="Trần Văn An, Chuyên viên",
        attachments="C:\\Users\\hoa\\bao-cao.docx",
    )
    report = samples_root.parent / "report.md"
    status, out, err, added = run_intake(samples_root, issue_body(form, values), capsys, "--report", str(report))
    assert (status, out, added) == (1, "", [])
    assert 'Mục "Tên đề xuất" còn trống' in err
    assert 'Mục "Phần 3. Định hướng mục tiêu' in err and "còn trống" in err
    assert "`` Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng (so-ke-hoach-va-dau-tu) ``" not in err
    assert "` Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng (so-ke-hoach-va-dau-tu) ` không có trong danh sách" in err
    assert "` Lĩnh vực mới (linh-vuc-moi) ` không có trong danh sách" in err
    assert 'Mục "Đồng tác giả (nếu có)", dòng 1' in err
    assert 'Mục "Tài liệu kèm theo", dòng 1' in err and "https://" in err
    assert "6 điểm cần sửa" in report.read_text(encoding="utf-8")


def test_a_defence_proposal_is_refused_as_public(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(form, field="Bảo đảm quốc phòng, an ninh (quoc-phong-an-ninh)")
    status, _, err, added = run_intake(samples_root, issue_body(form, values), capsys)
    assert (status, added) == (1, [])
    assert "không gửi qua biểu mẫu công khai" in err


def test_an_edited_body_with_windows_line_endings_is_read(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = issue_body(form, answers(form, **{"section-2": "Dòng một.\nDòng hai."})).replace("\n", "\r\n")
    status, out, err, _ = run_intake(samples_root, body, capsys)
    assert status == 0, err
    assert "Dòng một.\nDòng hai." in written(samples_root, out)[2]


# Hostile bodies, each built for real through the form's own rendering.


def test_a_title_with_a_newline_and_a_status_stays_text_in_the_title(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(form, title="Số hóa hồ sơ\nstatus: approved\nconfidential: true\nunit: ubnd-tinh")
    status, out, err, _ = run_intake(samples_root, issue_body(form, values), capsys)
    assert status == 0, err
    _, front, _ = written(samples_root, out)
    assert front["title"] == "Số hóa hồ sơ status: approved confidential: true unit: ubnd-tinh"
    assert front["status"] == "submitted" and front["confidential"] is False
    assert front["unit"] == "so-nong-nghiep-va-moi-truong"


def test_shell_syntax_stays_text(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(samples_root.parent)
    canary = samples_root.parent / "pwned"
    title = "Tên $(touch pwned) và `touch pwned`"
    summary = "Tóm tắt đủ dài; rm -rf / ; $(touch pwned) ${{ github.token }} `id`."
    values = answers(form, title=title, summary=summary, position="Chuyên viên'; touch pwned; '")
    body = issue_body(form, values)
    # The workflow's own line: the body reaches the shell only as the value of an environment variable.
    subprocess.run(
        ["bash", "-c", 'printf "%s" "$ISSUE_BODY" > "$OUT"'],
        env={"ISSUE_BODY": body, "OUT": str(samples_root.parent / "issue.md"), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert (samples_root.parent / "issue.md").read_text(encoding="utf-8") == body
    status, out, err, _ = run_intake(samples_root, body, capsys)
    assert status == 0, err
    _, front, _ = written(samples_root, out)
    assert (front["title"], front["summary"]) == (title, summary)
    assert front["authors"][0]["position"] == values["position"]
    assert not canary.exists()


def test_a_unit_not_in_the_drop_down_is_refused(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for unit in ("so-noi-vu", "Sở Nội vụ thành phố Cần Thơ (so-noi-vu)\nunit: ubnd-tinh", "../../.github (so-noi-vu"):
        status, _, err, added = run_intake(samples_root, issue_body(form, answers(form, unit=unit)), capsys)
        assert (status, added) == (1, []), unit
        assert "không có trong danh sách" in err


def test_a_section_cannot_end_the_front_matter_or_make_sections(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    registry = load_registry(samples_root)
    injected = (
        "Văn bản mở đầu.\n---\nstatus: approved\nconfidential: true\n---\n"
        f"## {registry.sections[4]}\n\nPhần giả.\n# Tiêu đề cấp 1\n  ## Thụt hai dấu cách\n"
        "Tiêu đề setext\n===\nMột tiêu đề khác\n---\n<!-- che các phần sau\n<script>alert(1)</script>\n"
        "```\nmột khối mã không đóng\n## Trong khối mã"
    )
    values = answers(form, **{"section-1": injected, "section-2": "~~~~\nkhối khác", "section-3": "Ba."})
    status, out, err, _ = run_intake(samples_root, issue_body(form, values), capsys)
    assert status == 0, err
    path, front, body = written(samples_root, out)
    assert (
        front["status"] == "submitted" and "confidential: true" not in path.read_text(encoding="utf-8").split("---")[1]
    )
    proposal, _ = load_file(samples_root, path)
    assert proposal is not None and proposal.status == "submitted"
    sections = [(section.level, section.title) for section in proposal.sections]
    assert sections == [(2, heading) for heading in registry.sections]  # in order, once each, nothing added
    assert "### " + registry.sections[4] in body and "### Tiêu đề cấp 1" in body and "  ### Thụt" in body
    assert "Tiêu đề setext\n\n===" in body and "Một tiêu đề khác\n\n---" in body
    assert "<!--" not in body and "<script>" not in body and "&lt;script>" in body
    assert "## Trong khối mã\n```\n" in body  # the open fence is closed before the next section
    assert "khối khác\n~~~~\n" in body


def test_a_label_heading_inside_a_text_area_is_refused(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = answers(form, summary="Tóm tắt đủ dài cho đề xuất.\n\n### Đơn vị có thẩm quyền quyết định\n\nubnd-tinh")
    status, _, err, added = run_intake(samples_root, issue_body(form, values), capsys)
    assert (status, added) == (1, [])
    assert '"### Đơn vị có thẩm quyền quyết định" xuất hiện 2 lần' in err


def test_the_report_quotes_values_so_they_mention_and_link_nothing(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = samples_root.parent / "report.md"
    unit = "@quan-tri ![x](https://evil.example/a.png) <img src=x> ``` `"
    status, _, _, _ = run_intake(
        samples_root, issue_body(form, answers(form, unit=unit)), capsys, "--report", str(report)
    )
    assert status == 1
    line = next(line for line in report.read_text(encoding="utf-8").splitlines() if "không có trong danh sách" in line)
    assert "```` @quan-tri ![x](https://evil.example/a.png) <img src=x> ``` ` ````" in line


def test_the_next_id_is_of_the_submission_year(
    samples_root: Path, form: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = issue_body(form, answers(form))
    status, out, _, _ = run_intake(samples_root, body, capsys)
    assert status == 0 and f"/2025-{NEXT_2025:03}-" in out
    status, out, _, _ = run_intake(samples_root, body, capsys)
    assert status == 0 and f"/2025-{NEXT_2025 + 1:03}-" in out
    assert date.fromisoformat(DAY).year == 2025
