"""The project's folders, and proposals' text: a valid proposal, and the blocks each status adds to it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from registry.config import Registry, load_registry

PROJECT = Path(__file__).resolve().parent.parent.parent
CORPUS = PROJECT / "tests" / "corpus"
# The sample proposals: how many, and the next free number of 2025 (tests that add files count on them).
SAMPLE_FILES = len(list((PROJECT / "proposals").rglob("*.md")))
NEXT_2025 = 1 + max(int(path.name[5:8]) for path in (PROJECT / "proposals").rglob("2025-*.md"))

# The fixture write_proposal (tests/conftest.py): text or bytes, file name, unit folder -> the file.
WriteProposal = Callable[..., Path]


def copy_configuration(root: Path) -> None:
    """The project's registry.yml and schema, copied into the registry at ``root``. Its adoption point
    (``adopted_at``) is a commit of this project's history, not of the copy's: it is left out."""
    configuration = (PROJECT / "registry.yml").read_text(encoding="utf-8")
    configuration = re.sub(r"(?m)^adopted_at:.*\n", "", configuration)
    (root / "registry.yml").write_text(configuration, encoding="utf-8")
    shutil.copytree(PROJECT / "schema", root / "schema")


VALID_FRONT = """id: "2025-901"
title: "Rút ngắn thời gian cấp phiếu lý lịch tư pháp"
summary: "Cấp phiếu lý lịch tư pháp trực tuyến trong 3 ngày làm việc thay cho 10 ngày."
unit: so-tu-phap
field: linh-vuc-khac
authors:
  - name: "Nguyễn Văn An"
    position: "Chuyên viên"
    unit: so-tu-phap
status: submitted
confidential: false
submitted: 2025-03-03
"""


def sections_body(registry: Registry, texts: list[str] | None = None) -> str:
    texts = texts or ["Nội dung phần này."] * len(registry.sections)
    return "".join(f"\n## {heading}\n\n{text}\n" for heading, text in zip(registry.sections, texts, strict=False))


def proposal_text(registry: Registry, front: str = VALID_FRONT, body: str | None = None) -> str:
    return f"---\n{front}---\n{sections_body(registry) if body is None else body}"


# The valid proposal's path in a registry, and the blocks that the later statuses add to its front matter.
PATH = "proposals/so-tu-phap/2025-901-de-xuat.md"
DECISION = """decision:
  outcome: approved
  date: 2025-03-10
  document: "45/QĐ-STP"
  signed_by: {name: "Lê Văn Bình"}
"""
IMPLEMENTATION = "implementation:\n  start: 2025-04-01\n  end: 2025-09-30\n"
PROGRESS = '  progress:\n    - {date: 2025-06-02, percent: 50, note: "Đã làm được một nửa."}\n'
SUSPENSION = '  suspension: {date: 2025-08-05, document: "15/QĐ-STP", reason: "Chờ kinh phí bổ sung."}\n'
ADJUSTMENT = (
    "  adjustments:\n"
    '    - {date: 2025-07-01, document: "20/QĐ-STP", change: "Gia hạn để hoàn thiện phần mềm.", end: 2025-10-31}\n'
)  # inside implementation, after PROGRESS
MORE_PROGRESS = '    - {date: 2025-08-01, percent: 80, note: "Gần xong."}\n'
COMPLETED = "  completed: 2025-09-30\n"  # inside implementation, after PROGRESS
REPORT = 'completion_report: {date: 2025-10-06, document: "12/BC-STP"}\n'
EVALUATION = """evaluation:
  date: 2025-10-14
  result: completed
  damage: false
  liability: {outcome: none}
  document: "20/QĐ-STP"
  evaluated_by: so-tu-phap
"""
RECOGNITION = 'recognition:\n  - {date: 2025-11-20, form: "Giấy khen", document: "30/QĐ-STP"}\n'
SCALING = 'scaling:\n  - {date: 2025-12-15, document: "40/QĐ-UBND", units: [so-noi-vu, so-y-te]}\n'
MORE_RECOGNITION = '  - {date: 2025-12-01, form: "Bằng khen", document: "31/QĐ-UBND"}\n'

STAGES = {
    "approved": DECISION,
    "implementing": DECISION + IMPLEMENTATION + PROGRESS,
    "reported": DECISION + IMPLEMENTATION + PROGRESS + COMPLETED + REPORT,
    "evaluated": DECISION + IMPLEMENTATION + PROGRESS + COMPLETED + REPORT + EVALUATION + RECOGNITION,
}


def text(status: str, unit: str = "so-tu-phap", extra: str = "") -> str:
    """The valid proposal with ``status``, in ``unit``, with the front matter ``extra`` appended."""
    registry = load_registry(PROJECT)
    front = VALID_FRONT.replace("status: submitted", f"status: {status}").replace(
        "unit: so-tu-phap\nfield", f"unit: {unit}\nfield"
    )
    return proposal_text(registry, front + extra)
