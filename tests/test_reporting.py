"""``registry report`` on a registry of hand-made proposals, the figures worked out by hand below.

The calendar of 2026: Tết from Monday 16 to Friday 20 February (the holidays library), and a make-up
working Saturday on 28 February added to registry.yml here. The report is made on Wednesday 4 March
2026 for the six months 15/12/2025 to 14/06/2026 (2026-H1).

- 2026-001 (Sở Tư pháp, công chức): received Tue 10/2, no decision. Seven working days: 11, 12, 13/2,
  (Tết, weekend) 23, 24, 25, 26/2: due 26/2. Late on 4/3: 27/2, Sat 28/2, 2, 3, 4/3 = 5 days.
- 2026-002: referred from Sở Tư pháp to the city's committee (received 13/1), approved 21/1 (due 22/1):
  on time; ongoing.
- 2025-050: a pilot of Trần Đề district (ended 30/6/2025), handed over to xã Trần Đề on 16/12/2025,
  completed Mon 26/1/2026, no report: due 27, 28, 29, 30/1, 2/2 = 2/2. Late: 4 days (3 to 6/2), 5 (9 to 13/2),
  none in Tết, 5 (23 to 27/2), the Saturday, 3 (2 to 4/3) = 18.
- 2025-060: rejected 24/6/2025 by Mỹ Tú district (ended; one successor, xã Mỹ Tú): in 2025, not 2026-H1.
- 2025-070 (confidential): evaluated 15/1/2026, partial, damage, liability reduced.
- 2026-003 (confidential, Sở Y tế): received Mon 23/2; due 24, 25, 26, 27, Sat 28/2, 2, 3/3 = 3/3:
  1 day late, counted and not named.
- 2025-080 (Sở Nội vụ, viên chức, leadership): a pilot evaluated completed 20/12/2025, recognised
  10/1/2026 (Giấy khen), scaled up 2/2/2026.
- 2026-004: received 6/1/2026, withdrawn.
- 2025-095 (Sở Xây dựng): evaluated 8/1/2026, not completed, liability excluded.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from registry.cli import main
from registry.config import load_registry
from registry.reporting import Period, _xlsx_text, build_report, parse_period, to_json
from tests.helpers.proposals import copy_configuration

AS_OF = "2026-03-04"
SECRET_TITLE = "Phương án bảo vệ bí mật"
SECRET_NAME = "Đặng Văn Kín"
FORMULA_TITLE = '=HYPERLINK("http://x.invalid","bấm")'

BODY = "\n## Phần\n\nNội dung.\n"


def _write(root: Path, folder: str, name: str, front: str) -> None:
    path = root / "proposals" / folder / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}---\n{BODY}", encoding="utf-8")


def _author(name: str, unit: str, extra: str = "") -> str:
    return f'authors:\n  - {{name: "{name}", position: "Chuyên viên", unit: {unit}{extra}}}\n'


PROPOSALS: dict[tuple[str, str], str] = {
    ("so-tu-phap", "2026-001-a"): f"""id: "2026-001"
title: '{FORMULA_TITLE}'
unit: so-tu-phap
field: linh-vuc-khac
{_author("Nguyễn Văn An", "so-tu-phap", ", category: cong-chuc")}status: submitted
submitted: 2026-02-10
""",
    ("ubnd-tinh", "2026-002-b"): f"""id: "2026-002"
title: "Đề xuất chuyển cấp trên"
unit: ubnd-tinh
field: kinh-te-xa-hoi
{_author("Phạm Thị Hoa", "so-tu-phap")}status: approved
submitted: 2026-01-05
referrals:
  - {{date: 2026-01-12, received: 2026-01-13, from: so-tu-phap, to: ubnd-tinh, document: "10/STP-VP"}}
decision: {{outcome: approved, date: 2026-01-21, document: "5/QĐ-UBND"}}
""",
    ("ubnd-xa-tran-de", "2025-050-c"): f"""id: "2025-050"
title: "Thí điểm của huyện Trần Đề"
unit: ubnd-xa-tran-de
field: kinh-te-xa-hoi
{_author("Võ Văn Tâm", "ubnd-huyen-tran-de")}status: implementing
submitted: 2025-06-02
transfers:
  - {{date: 2025-12-16, from: ubnd-huyen-tran-de, to: ubnd-xa-tran-de, document: "202/2025/QH15"}}
decision: {{outcome: approved-pilot, date: 2025-06-10, document: "9/QĐ-UBND"}}
implementation: {{start: 2025-06-20, end: 2026-01-30, completed: 2026-01-26}}
""",
    ("ubnd-huyen-my-tu", "2025-060-d"): f"""id: "2025-060"
title: "Đề xuất của huyện Mỹ Tú"
unit: ubnd-huyen-my-tu
field: xay-dung-dang
{_author("Lâm Văn Sơn", "ubnd-huyen-my-tu")}status: rejected
submitted: 2025-06-16
decision: {{outcome: rejected, date: 2025-06-24, document: "4/QĐ-UBND"}}
""",
    ("so-y-te", "2025-070-e"): f"""id: "2025-070"
title: "{SECRET_TITLE}"
unit: so-y-te
field: quoc-phong-an-ninh
confidential: true
{_author(SECRET_NAME, "so-y-te", ", person_id: CC-777")}status: evaluated
submitted: 2025-03-03
decision: {{outcome: approved-pilot, date: 2025-03-10, document: "2/QĐ-SYT"}}
implementation: {{start: 2025-04-01, end: 2025-12-01}}
evaluation:
  date: 2026-01-15
  result: partial
  damage: true
  liability: {{outcome: reduced, document: "5/KL-SYT"}}
  document: "6/QĐ-SYT"
""",
    ("so-y-te", "2026-003-f"): f"""id: "2026-003"
title: "{SECRET_TITLE} thứ hai"
unit: so-y-te
field: quoc-phong-an-ninh
confidential: true
{_author(SECRET_NAME, "so-y-te")}status: submitted
submitted: 2026-02-23
""",
    ("so-noi-vu", "2025-080-g"): f"""id: "2025-080"
title: "Thí điểm được nhân rộng"
unit: so-noi-vu
field: kinh-te-xa-hoi
{_author("Trần Thị Bình", "so-noi-vu", ", category: vien-chuc, leadership: true, person_id: CB-042")}status: evaluated
submitted: 2025-09-22
decision: {{outcome: approved-pilot, date: 2025-10-01, document: "8/QĐ-SNV"}}
implementation: {{start: 2025-10-06, end: 2025-12-01, completed: 2025-12-01}}
completion_report: {{date: 2025-12-05, document: "9/BC-SNV"}}
evaluation: {{date: 2025-12-20, result: completed, damage: false, liability: {{outcome: none}}, document: "10/QĐ-SNV"}}
recognition:
  - {{date: 2026-01-10, form: "Giấy khen", document: "3/QĐ-SNV"}}
scaling:
  - {{date: 2026-02-02, document: "4/QĐ-UBND", units: [so-y-te]}}
""",
    ("so-tu-phap", "2026-004-h"): f"""id: "2026-004"
title: "Đề xuất rút lại"
unit: so-tu-phap
field: linh-vuc-khac
{_author("Hồ Văn Lực", "so-tu-phap")}status: withdrawn
submitted: 2026-01-06
""",
    ("so-xay-dung", "2025-095-j"): f"""id: "2025-095"
title: "Đề xuất không đạt, được loại trừ trách nhiệm"
unit: so-xay-dung
field: kinh-te-xa-hoi
{_author("Lê Văn Cường", "so-xay-dung", ", person_id: CC-100")}status: evaluated
submitted: 2025-05-05
decision: {{outcome: approved-pilot, date: 2025-05-12, document: "3/QĐ-SXD"}}
implementation: {{start: 2025-06-01, end: 2025-12-01}}
evaluation:
  date: 2026-01-08
  result: not-completed
  damage: false
  liability: {{outcome: excluded, document: "7/KL-SXD"}}
  document: "8/QĐ-SXD"
""",
}

TOTALS_2026_H1 = {
    "received": 4,  # 2026-001, 2026-002, 2026-003, 2026-004
    "referred": 1,
    "transferred": 1,
    "withdrawn": 1,
    "approved": 1,
    "pilot": 0,
    "rejected": 0,
    "ongoing": 2,  # 2026-002 approved, 2025-050 implementing
    "reported": 0,
    "completed": 1,
    "partial": 1,
    "not_completed": 1,
    "damage": 1,
    "excluded": 1,
    "exempted": 0,
    "reduced": 1,
    "recognised": 1,
    "scaled": 1,
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy_configuration(tmp_path)
    config = tmp_path / "registry.yml"
    source = config.read_text(encoding="utf-8")
    assert "  working_days: []\n" in source
    config.write_text(
        source.replace("  working_days: []\n", '  working_days:\n    - {date: 2026-02-28, reason: "Làm bù"}\n'),
        encoding="utf-8",
    )
    for (folder, name), front in PROPOSALS.items():
        _write(tmp_path, folder, name, front)
    return tmp_path


def _report(root: Path, period: str = "2026-H1", as_they_were: bool = False) -> bytes:
    registry = load_registry(root)
    as_of = date.fromisoformat(AS_OF)
    report = build_report(
        registry, as_of, parse_period(period, registry.report_year_start, as_of), as_they_were=as_they_were
    )
    return to_json(report)


def _span(period: Period) -> tuple[date, date]:
    return period.start, period.end


def test_periods_follow_decree_09_cut_offs() -> None:
    day = date(2026, 3, 4)
    assert _span(parse_period("2026", "12-15", day)) == (date(2025, 12, 15), date(2026, 12, 14))
    assert _span(parse_period("2026-H1", "12-15", day)) == (date(2025, 12, 15), date(2026, 6, 14))
    assert _span(parse_period("2026-H2", "12-15", day)) == (date(2026, 6, 15), date(2026, 12, 14))
    assert parse_period(None, "12-15", date(2025, 12, 20)).name == "2026"
    assert _span(parse_period("2026", "01-01", day)) == (date(2026, 1, 1), date(2026, 12, 31))
    assert _span(parse_period("2026-01-01..2026-03-31", "12-15", day)) == (date(2026, 1, 1), date(2026, 3, 31))


def test_counts_overdue_and_people_in_json(root: Path) -> None:
    data = json.loads(_report(root))
    assert data["period"] == {"name": "2026-H1", "start": "2025-12-15", "end": "2026-06-14"}
    assert data["totals"] == TOTALS_2026_H1
    assert data["proposals"] == 9
    assert data["confidential"] == 2
    assert [(s["proposal"], s["step"], s["due"], s["working_days_late"]) for s in data["overdue"]] == [
        ("2025-050", "completion_report", "2026-02-02", 18),
        ("2026-001", "decision", "2026-02-26", 5),
    ]
    assert data["overdue"][0]["unit"] == "Ủy ban nhân dân xã Trần Đề"
    assert data["overdue_confidential"] == 1
    assert {row["unit"]: row["count"] for row in data["overdue_by_unit"]} == {
        "Sở Tư pháp thành phố Cần Thơ": 1,
        "Sở Y tế thành phố Cần Thơ": 1,
        "Ủy ban nhân dân xã Trần Đề": 1,
    }
    assert [(p["name"], p["person_id"], p["what"], p["document"]) for p in data["protected"]] == [
        ("Lê Văn Cường", "CC-100", "Loại trừ trách nhiệm", "7/KL-SXD")
    ]
    assert [(p["name"], p["person_id"], p["what"], p["date"]) for p in data["recognised"]] == [
        ("Trần Thị Bình", "CB-042", "Giấy khen", "2026-01-10")
    ]
    assert data["people_confidential"] == 1
    assert data["recognitions_by_form"] == [{"form": "Giấy khen", "count": 1}]
    by_unit = {row["key"]: row["counts"] for row in data["by_unit"]}
    assert by_unit["ubnd-xa-tran-de"]["transferred"] == 1
    assert by_unit["ubnd-tinh"]["referred"] == 1
    assert "ubnd-huyen-tran-de" not in by_unit
    by_level = {row["key"]: row["counts"] for row in data["by_level"]}
    assert by_level["xa"]["ongoing"] == 1 and by_level["tinh"]["ongoing"] == 1
    by_category = {row["key"]: row["counts"] for row in data["by_category"]}
    assert by_category["cong-chuc/khac"]["received"] == 1
    assert by_category["vien-chuc/lanh-dao"]["scaled"] == 1
    by_field = {row["key"]: row["counts"] for row in data["by_field"]}
    assert by_field["quoc-phong-an-ninh"]["reduced"] == 1  # counted, though confidential


def test_json_has_a_line_per_row(root: Path) -> None:
    """Each row of a list on a line of its own (grep and a diff of two reports read it line by line),
    the text as written (not as \\u escapes)."""
    lines = _report(root).decode("utf-8").splitlines()
    overdue = [line for line in lines if line.startswith('    {"unit": ') and '"working_days_late": ' in line]
    assert len(overdue) == 2
    assert overdue[0].startswith('    {"unit": "Ủy ban nhân dân xã Trần Đề", "proposal": "2025-050"')
    assert lines[0] == "{" and lines[-1] == "}"
    assert '  "overdue_confidential": 1,' in lines


def test_units_rolled_into_successors_or_as_they_were(root: Path) -> None:
    now = {row["key"]: row["counts"] for row in json.loads(_report(root, "2025"))["by_unit"]}
    assert now["ubnd-xa-my-tu"]["rejected"] == 1
    assert "ubnd-huyen-my-tu" not in now
    then = {row["key"]: row["counts"] for row in json.loads(_report(root, "2025", as_they_were=True))["by_unit"]}
    assert then["ubnd-huyen-my-tu"]["rejected"] == 1
    assert then["ubnd-huyen-tran-de"]["pilot"] == 1  # 2025-050, before its handover
    # 2025-050 (10/6), 2025-070 (10/3, confidential), 2025-080 (1/10), 2025-095 (12/5): all in 15/12/2024 to 14/12/2025.
    assert sum(row["pilot"] for row in then.values()) == 4


def _no_secret(shown: str) -> None:
    for secret in (SECRET_TITLE, SECRET_NAME, "2025-070", "2026-003", "CC-777"):
        assert secret not in shown


def test_markdown(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(root), "report", "--as-of", AS_OF, "--period", "2026-H1"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("# Báo cáo tình hình thực hiện đề xuất đổi mới, sáng tạo của Ủy ban nhân dân")
    assert "kỳ từ 15/12/2025 đến 14/06/2026, số liệu tính đến ngày 04/03/2026" in shown
    assert "| Tiếp nhận | 4 |" in shown
    assert "| Đang triển khai (tại ngày lập) | 2 |" in shown
    assert "| Ủy ban nhân dân xã Trần Đề | 2025-050 | Thí điểm của huyện Trần Đề |" in shown
    assert "| 02/02/2026 | 18 |" in shown
    assert "1 bước quá hạn của đề xuất mật" in shown
    _no_secret(shown)


def test_csv_opens_as_excel_would(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.csv"
    assert (
        main(
            [
                "--root",
                str(root),
                "report",
                "--as-of",
                AS_OF,
                "--period",
                "2026-H1",
                "--format",
                "csv",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0].startswith("Báo cáo tình hình thực hiện")
    totals = rows.index(["Số đề xuất theo từng bước trong kỳ"])
    assert rows[totals + 1] == ["Chỉ tiêu", "Số lượng"]
    assert rows[totals + 2] == ["Tiếp nhận", "4"]
    overdue = rows.index(["Các bước quá hạn (ngày làm việc)"])
    first, second = rows[overdue + 2], rows[overdue + 3]
    assert first[1:2] + first[4:] == ["2025-050", "02/02/2026", "18"]
    assert second[1] == "2026-001" and second[2] == "'" + FORMULA_TITLE  # shown as text, never run
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    _no_secret(raw.decode("utf-8-sig"))


def test_xlsx_cell_by_cell(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    assert (
        main(
            [
                "--root",
                str(root),
                "report",
                "--as-of",
                AS_OF,
                "--period",
                "2026-H1",
                "--format",
                "xlsx",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    book = load_workbook(out)
    assert book.sheetnames == [
        "totals", "by_unit", "by_level", "by_field", "by_category",
        "recognitions", "overdue", "overdue_by_unit", "protected", "recognised",
    ]  # fmt: skip
    totals = book["totals"]
    assert str(totals["A1"].value).endswith("số liệu tính đến ngày 04/03/2026")
    assert "Ủy ban nhân dân thành phố Cần Thơ" in str(totals["A1"].value)
    assert (totals["A2"].value, totals["B2"].value) == ("Chỉ tiêu", "Số lượng")
    assert [(totals.cell(row, 1).value, totals.cell(row, 2).value) for row in range(3, 6)] == [
        ("Tiếp nhận", 4),
        ("Chuyển cấp trên", 1),
        ("Bàn giao đơn vị kế thừa", 1),
    ]
    overdue = book["overdue"]
    assert overdue.freeze_panes == "A3"
    assert [cell.value for cell in overdue[2]] == [
        "Cơ quan, đơn vị", "Mã đề xuất", "Tên đề xuất", "Bước quá hạn", "Hạn", "Số ngày làm việc quá hạn",
    ]  # fmt: skip
    assert overdue["A3"].value == "Ủy ban nhân dân xã Trần Đề"
    assert overdue["E3"].value == datetime(2026, 2, 2)
    assert overdue["E3"].number_format == "dd/mm/yyyy"
    assert overdue["F3"].value == 18
    assert overdue["C4"].value == "'" + FORMULA_TITLE and overdue["C4"].data_type == "s"
    assert overdue["A5"].value == "Ngoài danh sách trên: 1 bước quá hạn của đề xuất mật (không nêu tên)."
    assert overdue.column_dimensions["A"].width >= len("Ủy ban nhân dân xã Trần Đề")
    protected = book["protected"]
    assert [cell.value for cell in protected[3]] == [
        "Lê Văn Cường", "CC-100", "Chuyên viên", "Sở Xây dựng thành phố Cần Thơ", "2025-095",
        "Loại trừ trách nhiệm", "7/KL-SXD", datetime(2026, 1, 8),
    ]  # fmt: skip
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            _no_secret(" ".join(str(value) for value in row if value is not None))


def test_validate_as_of_warns_of_overdue_steps(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = ["--root", str(root), "validate", "--format", "json", str(root / "proposals/so-tu-phap/2026-001-a.md")]
    main(target)
    plain = capsys.readouterr().out
    assert "overdue" not in plain
    main([*target[:-1], "--as-of", AS_OF, target[-1]])
    found = [p for p in json.loads(capsys.readouterr().out)["problems"] if p["rule"] == "deadline"]
    assert [(p["severity"], p["message"]) for p in found] == [
        ("warning", "Quyết định quá hạn tính đến ngày 04/03/2026: hạn 26/02/2026, chậm 5 ngày làm việc")
    ]


def test_bad_period_and_date_are_usage_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(root), "report", "--period", "2026-H3"]) == 2
    assert "2026-H3" in capsys.readouterr().err
    assert main(["--root", str(root), "report", "--as-of", "2026-02-30"]) == 2
    assert main(["--root", str(root), "report", "--format", "xlsx"]) == 2


def test_a_cell_longer_than_excel_holds_is_cut_visibly() -> None:
    """Excel's cell holds 32,767 characters (XlsxWriter would cut a longer text without a word): a
    longer title is cut with an ellipsis that shows it, and stays formula-safe."""
    cell = _xlsx_text("=" + "đ" * 40_000)
    assert len(cell) == 32_767
    assert cell.startswith("'=đ") and cell.endswith("đ…")
    assert _xlsx_text("Số hóa") == "Số hóa"
