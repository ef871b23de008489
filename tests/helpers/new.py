"""What the tests of `registry new` share: its options, answers and environment, and a way to run it
with piped answers in this process (the ``pipe`` fixture of tests/conftest.py)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from registry.cli import main

FLAGS = [
    "--title", "Số hóa hồ sơ đất đai của Đồng bằng",
    "--summary", "Chuyển hồ sơ đất đai sang dạng số để tra cứu nhanh hơn cho người dân.",
    "--unit", "so-nong-nghiep-va-moi-truong",
    "--field", "kinh-te-xa-hoi",
    "--author", "Nguyễn Thị Hoa",
    "--position", "Chuyên viên",
]  # fmt: skip
TITLE = "Liên thông hồ sơ khai sinh"
SUMMARY = "Người dân làm thủ tục khai sinh một lần cho ba giấy tờ."
LAST_WEEK = date.today() - timedelta(days=7)
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
# One author, no share, submitted last week: every question answered once, in order.
ANSWERS = [
    TITLE, SUMMARY, "so-tu-phap", "linh-vuc-khac",
    "Trần Văn Bảy", "Chuyên viên", "", "", "", "", "", "k",
    LAST_WEEK.strftime("%d/%m/%Y"),
]  # fmt: skip


def proposals(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "proposals").rglob("*.md")}


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


Pipe = Callable[..., Run]


def run_piped(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Pipe:
    """`registry new` in this process, its answers piped in (standard input is not a terminal)."""

    def run(root: Path, answers: list[str], *args: str) -> Run:
        monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{answer}\n" for answer in answers)))
        status = main(["--root", str(root), "new", *args])
        captured = capsys.readouterr()
        return Run(status, captured.out, captured.err)

    return run
