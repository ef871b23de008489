"""The page "Tình hình thực hiện": a real `mkdocs build` over hand-made proposals, whose counts are worked
out here by hand; the rejected, withdrawn and undecided proposals are counted but named nowhere on the
site, and the confidential one is neither counted nor named."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from registry.config import load_registry
from registry.reporting import METRICS
from tests.helpers.git import ENV
from tests.helpers.proposals import PROJECT, proposal_text
from tests.helpers.site import prepare

AS_OF = "2025-12-01"  # the build day, pinned: the current reporting year is 15/12/2024 to 14/12/2025


def _front(
    pid: str, title: str, unit: str, status: str, submitted: str, *, extra: str = "", secret: bool = False
) -> str:
    return (
        f'id: "{pid}"\ntitle: "{title}"\nsummary: "Tóm tắt của đề xuất {pid}."\nunit: {unit}\nfield: linh-vuc-khac\n'
        f'authors:\n  - name: "Nguyễn Văn An"\n    position: "Chuyên viên"\n    unit: {unit}\n'
        f"status: {status}\nconfidential: {'true' if secret else 'false'}\nsubmitted: {submitted}\n{extra}"
    )


def _decision(outcome: str, day: str) -> str:
    signed = 'document: "45/QĐ-STP"\n  signed_by: {name: "Lê Văn Bình"}\n'
    return f"decision:\n  outcome: {outcome}\n  date: {day}\n  {signed}"


PUBLISHED = {  # id: (unit, title, status, submitted, front matter added)
    "2025-901": ("so-tu-phap", "Rút ngắn thời gian cấp phiếu lý lịch tư pháp", "approved", "2025-03-03",
                 _decision("approved", "2025-03-10")),
    "2024-901": ("so-tu-phap", "Số hóa sổ hộ tịch lưu trữ", "approved", "2024-06-03",
                 _decision("approved", "2024-06-10")),
}  # fmt: skip
UNPUBLISHED = {
    "2025-902": ("so-tu-phap", "Bỏ khâu đóng dấu giáp lai hồ sơ", "rejected", "2025-04-01",
                 _decision("rejected", "2025-04-08")),
    "2025-903": ("so-tu-phap", "Gộp hai quầy tiếp dân thành một", "withdrawn", "2025-05-05", ""),
    # No decision, 20 working days after the receipt: overdue on the build day, one for each unit.
    "2025-905": ("so-tu-phap", "Hẹn giờ trả kết quả qua tin nhắn", "submitted", "2025-11-03", ""),
    "2025-906": ("so-y-te", "Đặt lịch khám bệnh qua tổng đài", "submitted", "2025-11-03", ""),
}  # fmt: skip
SECRET = ("2025-904", "so-y-te", "Phương án bảo vệ kho thuốc dự trữ quốc gia", "submitted", "2025-10-01")


def _build(target: Path) -> Path:
    registry = load_registry(PROJECT)
    written = {
        f"{unit}/{pid}-de-xuat.md": proposal_text(registry, _front(pid, title, unit, status, day, extra=extra))
        for pid, (unit, title, status, day, extra) in (PUBLISHED | UNPUBLISHED).items()
    }
    pid, unit, title, status, day = SECRET
    written[f"{unit}/{pid}-de-xuat.md"] = proposal_text(registry, _front(pid, title, unit, status, day, secret=True))
    target.mkdir()
    prepare(target, written)
    # Only the hand-made proposals: the samples (and the hostile one) would change every count.
    ours = {f"proposals/{path}" for path in written}
    others = [p.relative_to(target).as_posix() for p in (target / "proposals").rglob("*.md")]
    others = [path for path in others if path not in ours]
    subprocess.run(["git", "rm", "-q", "--", *others], cwd=target, env=ENV, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Chỉ các đề xuất của phép thử"], cwd=target, env=ENV, check=True)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=target, capture_output=True, text=True,
        env={**ENV, "NO_MKDOCS_2_WARNING": "1", "REGISTRY_AS_OF": AS_OF}, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    return target / "site"


def _rows(html: str) -> list[list[str]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in rows
    ]


def test_the_status_page_counts_every_proposal_but_names_only_the_published(tmp_path: Path) -> None:
    site = _build(tmp_path / "registry")
    page = (site / "tinh-hinh-thuc-hien" / "index.html").read_text(encoding="utf-8")
    assert 'href="tinh-hinh-thuc-hien/"' in (site / "index.html").read_text(encoding="utf-8")  # in the navigation
    assert "01/12/2025" in page  # the as-of day, said on the page
    rows = _rows(page)
    dash = "\N{EN DASH}"
    assert rows[0][1:] == [  # whole reporting years (Decree 09/2019), 2024 a leap year
        f"15/12/2024 {dash} 14/12/2025 (kỳ hiện tại, đến ngày dựng trang)",
        f"15/12/2023 {dash} 14/12/2024",
        f"15/12/2022 {dash} 14/12/2023",
    ]
    counts = {row[0]: [int(cell) for cell in row[1:]] for row in rows[1 : 1 + len(METRICS)]}
    # By hand. This year: received 2025-901, -902, -903, -905, -906 (not the confidential 2025-904);
    # approved 2025-901; rejected 2025-902; withdrawn 2025-903; ongoing 2025-901 and 2024-901 (approved,
    # still under way on the day). The year before: 2024-901 received, approved, ongoing.
    expected = {name: [0, 0, 0] for name in METRICS.values()}
    expected |= {
        METRICS["received"]: [5, 1, 0],
        METRICS["withdrawn"]: [1, 0, 0],
        METRICS["approved"]: [1, 1, 0],
        METRICS["rejected"]: [1, 0, 0],
        METRICS["ongoing"]: [2, 1, 0],
    }
    assert counts == expected
    assert re.search(r"Số đề xuất được tính:\s*6\b", page)
    # Overdue decisions: one for each unit; the confidential proposal's (Sở Y tế) is not counted.
    overdue = rows[1 + len(METRICS) :]
    assert overdue[1:] == [["Sở Tư pháp thành phố Cần Thơ", "1"], ["Sở Y tế thành phố Cần Thơ", "1"]]
    # Neither the title nor the id of an unpublished proposal anywhere in the built site.
    hidden = [*(title for _, title, *_ in UNPUBLISHED.values()), *UNPUBLISHED, SECRET[0], SECRET[2]]
    for path in site.rglob("*"):
        if path.is_file():
            content = path.read_bytes().decode("utf-8", errors="replace")
            assert not [word for word in hidden if word in content], path
    shown = (site / "de-xuat" / "2025-901" / "index.html").read_text(encoding="utf-8")
    assert PUBLISHED["2025-901"][1] in shown  # the published are published: the check above can see titles
