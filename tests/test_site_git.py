"""The site and git: built from a folder that is no repository (an archive of the registry), it goes
without timelines and says so; built from a damaged repository, it warns with the cause, which stops
`mkdocs build --strict` (the publication). Real `mkdocs build` runs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from registry.catalogue import text
from tests.helpers.git import ENV, GitRegistry
from tests.helpers.site import HOSTILE_ID, mkdocs_build, prepare, validate

HOSTILE = f"proposals/so-tu-phap/{HOSTILE_ID}-thi-diem-cong-dich-vu.md"


def lines(log: str, level: str, words: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(level) and words in line]


def unreadable_history() -> str:
    """The warning that the git history cannot be read, up to the cause it quotes."""
    return text("site.build.timelines_left_out", error="{error}").partition("{error}")[0]


def test_a_site_built_outside_git_has_no_timelines_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "tu-ban-nen"
    target.mkdir()
    prepare(target)
    shutil.rmtree(target / ".git")
    result = mkdocs_build(target)
    assert result.returncode == 0, result.stderr
    # The folder, then why it has no history (the catalogue's text after its {root}), then what the site lacks.
    said = lines(result.stderr, "INFO", f"{text('git.not_a_repository')}: {text('site.build.no_timelines')}")
    assert len(said) == 1, result.stderr
    assert not lines(result.stderr, "WARNING", unreadable_history()), result.stderr
    page = (target / "site" / "de-xuat" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    # The administrative dates come from the front matter; only the entries in the registry need git.
    assert "Mã đề xuất" in page and "Quá trình xử lý" in page and "Cập nhật vào sổ" not in page


def test_a_damaged_repository_stops_a_strict_build_and_names_the_cause(tmp_path: Path) -> None:
    target = tmp_path / "kho-hong"
    target.mkdir()
    prepare(target)
    lost = GitRegistry.at(target).lose(f"HEAD:{HOSTILE}")
    strict = mkdocs_build(target)
    assert strict.returncode != 0, strict.stderr
    [warning] = lines(strict.stderr, "WARNING", unreadable_history())
    assert f"git cat-file: không đọc được đối tượng {lost} mà lịch sử nhắc đến: kho bị hỏng hoặc chưa đầy đủ" in warning
    # Without --strict (a preview), the site is built all the same, without the timelines.
    relaxed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict"], cwd=target, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert relaxed.returncode == 0, relaxed.stderr
    assert lines(relaxed.stderr, "WARNING", unreadable_history())
    assert (target / "site" / "de-xuat" / "2025-001" / "index.html").is_file()


# A proposal with every administrative date but the two that exclude the rest (a suspension, a
# referral outside the registry: EXTERNAL below), across the merger of 1/7/2025 (units renamed) and a
# department's end (handed over to its successor).
SECTIONS = "".join(f"\n## {heading}\n\nNội dung phần này.\n" for heading in (
    "Sự cần thiết; căn cứ và cơ sở lý luận, thực tiễn; dự báo phạm vi tác động, tính khả thi",
    "Thực trạng vấn đề, nội dung đề xuất",
    "Định hướng mục tiêu, chỉ tiêu, nhiệm vụ, phương án triển khai và lộ trình thực hiện",
    "Tổ chức thực hiện",
    "Đề xuất, kiến nghị với cấp có thẩm quyền",
))  # fmt: skip
EVERY_DATE = (
    """---
id: "2025-960"
title: "Cảnh báo ngập cho người dân qua tin nhắn"
summary: "Gửi tin nhắn cảnh báo ngập theo từng khu vực khi triều cường lên."
sample: true
unit: ubnd-tinh
field: kinh-te-xa-hoi
authors:
  - {name: "Trần Thị Mốc", position: "Chuyên viên", unit: so-tai-nguyen-va-moi-truong}
status: evaluated
confidential: false
submitted: 2025-02-10
receipt: {date: 2025-02-11, unit: so-tai-nguyen-va-moi-truong}
appraisal: {date: 2025-02-14, unit: so-tai-nguyen-va-moi-truong, document: "15/BC-STNMT", opinion: "OPINION"}
transfers:
  - {date: 2025-03-03, from: so-tai-nguyen-va-moi-truong, to: so-nong-nghiep-va-moi-truong, document: "1/2025/NQ-HĐND"}
referrals:
  - date: 2025-03-10
    received: 2025-03-12
    from: so-nong-nghiep-va-moi-truong
    to: ubnd-tinh
    document: "210/TTr-SNNMT"
    note: "NOTE"
decision:
  outcome: approved-pilot
  date: 2025-03-20
  document: "450/QĐ-UBND"
  signed_by: {name: "Lâm Văn Mẫn", position: "Chủ tịch", capacity: truc-tiep}
  vote: {members: 4, for: 3, against: 1, abstain: 0}
implementation:
  start: 2025-04-01
  end: 2025-08-29
  adjustments:
    - {date: 2025-06-02, document: "2231/SNV-CCHC&PC", change: "CHANGE", end: 2025-09-30}
  progress:
    - {date: 2025-05-15, percent: 40, note: "PROGRESS"}
  completed: 2025-09-26
completion_report: {date: 2025-10-01, document: "88/BC-SNNMT"}
evaluation:
  date: 2025-10-08
  evaluated_by: ubnd-tinh
  result: completed
  damage: false
  liability: {outcome: none}
  document: "1020/QĐ-UBND"
recognition:
  - {date: 2025-11-05, form: "FORM", document: "1300/QĐ-UBND"}
scaling:
  - {date: 2025-11-20, document: "1350/QĐ-UBND", units: [so-xay-dung, so-y-te]}
---
"""
    + SECTIONS
)
EXTERNAL = (
    """---
id: "2025-961"
title: "Thí điểm một cửa liên thông cấp thành phố"
summary: "Một đầu mối nhận hồ sơ đầu tư cho mọi sở, ngành của thành phố."
sample: true
unit: ubnd-tinh
field: kinh-te-xa-hoi
authors:
  - {name: "Lâm Văn Mẫn", position: "Chủ tịch", unit: ubnd-tinh, head_of_unit: true}
status: suspended
confidential: false
submitted: 2025-08-04
external_referral: {date: 2025-08-06, authority: thu-tuong-chinh-phu, document: "1494/TTr-UBND"}
decision:
  outcome: approved-pilot
  date: 2025-08-13
  document: "1100/QĐ-TTg"
  signed_by: {name: "Nguyễn Văn Duyệt", position: "Phó Thủ tướng"}
implementation:
  start: 2025-09-01
  end: 2025-12-31
  suspension: {date: 2025-10-15, document: "1600/QĐ-UBND", reason: "Chờ hướng dẫn của bộ, ngành."}
---
"""
    + SECTIONS
)
# The notes as written: the page must show each as this text, escaped.
NOTES = {
    "OPINION": "Khả thi <img src=x onerror='window.__pwned = 81'> & cần phối hợp",
    "NOTE": "Vượt thẩm quyền</td></tr></tbody></table><script>window.__pwned = 82</script>",
    "CHANGE": "Mở rộng <a href='https://evil.example/'>hai phường</a> ven sông",
    "PROGRESS": "Đã gửi thử *ở* [ba](javascript:x) phường | `x`",
    "FORM": "Bằng khen {: onclick='window.__pwned = 83' }",
}


class Tables(HTMLParser):
    """The text of every cell of a page's tables, by the heading (h2) above each table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[str]] = {}
        self.heading, self.text = "", ""
        self.cell: str | None = None  # the cell being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.heading, self.text = "", ""
        elif tag == "tr":
            self.tables.setdefault(self.heading, []).append([])
        elif tag in ("td", "th"):
            self.cell, self.text = tag, ""
        elif tag == "a" and self.cell:
            self.links.setdefault(self.heading, []).append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self.heading = self.text.replace("¶", "").strip()
        elif tag in ("td", "th") and self.cell:
            self.tables[self.heading][-1].append(" ".join(self.text.split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.text += data


def tables(page: Path) -> Tables:
    parser = Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_a_proposal_page_shows_its_administrative_dates_apart_from_their_entry_in_the_registry(tmp_path: Path) -> None:
    every_date = EVERY_DATE
    for placeholder, note in NOTES.items():
        every_date = every_date.replace(placeholder, note)
    prepare(tmp_path, {"ubnd-tinh/2025-960-canh-bao-ngap.md": every_date, "ubnd-tinh/2025-961-mot-cua.md": EXTERNAL})
    assert validate(tmp_path).returncode == 0, validate(tmp_path).stdout
    # The forge's address, from mkdocs.yml's repo_url: the pull requests are linked there.
    with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nrepo_url: https://github.com/so-noi-vu/so-de-xuat\n")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    found = tables(tmp_path / "site" / "de-xuat" / "2025-960" / "index.html")
    shown = {key: " ".join(note.split()) for key, note in NOTES.items()}
    adjusted = f"Điều chỉnh phương án (thời hạn kết thúc mới 30/09/2025). {shown['CHANGE']}"
    tnmt, nnmt = "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng", "Sở Nông nghiệp và Môi trường tỉnh Sóc Trăng"
    province, city = "Ủy ban nhân dân tỉnh Sóc Trăng", "Ủy ban nhân dân thành phố Cần Thơ"
    assert found.tables["Quá trình xử lý"] == [
        ["Ngày", "Nội dung", "Văn bản", "Cơ quan, đơn vị"],
        ["10/02/2025", "Trình đề xuất", "", tnmt],
        ["11/02/2025", "Bộ phận tham mưu tiếp nhận", "", tnmt],
        ["14/02/2025", f"Thẩm định. {shown['OPINION']}", "15/BC-STNMT", tnmt],
        ["03/03/2025", f"Bàn giao cho đơn vị kế thừa → {nnmt}", "1/2025/NQ-HĐND", tnmt],
        ["10/03/2025", f"Chuyển cấp có thẩm quyền → {province}. {shown['NOTE']}", "210/TTr-SNNMT", nnmt],
        ["12/03/2025", "Cấp có thẩm quyền nhận hồ sơ", "", province],
        ["20/03/2025", "Quyết định: Cho thực hiện thí điểm", "450/QĐ-UBND", province],
        ["15/05/2025", f"Báo cáo tiến độ: 40%. {shown['PROGRESS']}", "", province],
        ["02/06/2025", adjusted, "2231/SNV-CCHC&PC", province],
        ["26/09/2025", "Hoàn thành việc thực hiện", "", city],
        ["01/10/2025", "Báo cáo kết quả thực hiện", "88/BC-SNNMT", city],
        ["08/10/2025", "Đánh giá kết quả: Hoàn thành", "1020/QĐ-UBND", city],
        ["05/11/2025", f"Khen thưởng. {shown['FORM']}", "1300/QĐ-UBND", ""],
        ["20/11/2025", "Nhân rộng → Sở Xây dựng thành phố Cần Thơ, Sở Y tế thành phố Cần Thơ", "1350/QĐ-UBND", ""],
    ]  # fmt: skip
    # Apart: the day the file was entered in the registry, through which pull request, linked.
    [(entered, change, status, pull_request)] = found.tables["Cập nhật vào sổ"][1:]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", entered) and (change, status, pull_request) == (
        "Đưa vào sổ",
        "Đã đánh giá",
        "#1",
    )
    assert found.links["Cập nhật vào sổ"] == ["https://github.com/so-noi-vu/so-de-xuat/pull/1"]
    assert "Quá trình xử lý" not in found.links  # the hostile link of a note is text, not a link
    page = (tmp_path / "site" / "de-xuat" / "2025-960" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page and '<img src="x"' not in page and '<a href="https://evil' not in page
    assert "&lt;script&gt;window.__pwned = 82&lt;/script&gt;" in page and "&lt;img src=x onerror=" in page
    external = tables(tmp_path / "site" / "de-xuat" / "2025-961" / "index.html").tables["Quá trình xử lý"]
    assert external[1:] == [
        ["04/08/2025", "Trình đề xuất", "", city],
        ["06/08/2025", "Báo cáo cơ quan có thẩm quyền → Thủ tướng Chính phủ", "1494/TTr-UBND", city],
        ["13/08/2025", "Quyết định: Cho thực hiện thí điểm", "1100/QĐ-TTg", "Thủ tướng Chính phủ"],
        ["15/10/2025", "Tạm dừng thực hiện. Chờ hướng dẫn của bộ, ngành.", "1600/QĐ-UBND", city],
    ]
