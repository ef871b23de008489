"""The site over proposals with errors: a real `mkdocs build` leaves out each proposal that the checking
engine finds an error in, names it, and publishes the rest.

A half-written proposal (`mkdocs serve` while an author edits) used to crash the build with a
traceback from the public view when it loaded but broke the schema or named a unit registry.yml does
not know. Each proposal here is approved and public, so nothing but its errors keeps it off the site.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from registry.catalogue import text
from tests.helpers.attacks import proposal
from tests.helpers.git import ENV
from tests.helpers.site import PUBLISHED, once, prepare

TEXTS = ["Phần một.", "Phần hai.", "Phần ba.", "Phần bốn.", "Phần năm."]


def _variant(proposal_id: str, old: str, new: str) -> str:
    text = proposal(proposal_id, TEXTS, title=f"Đề xuất {proposal_id}")
    assert old in text
    return text.replace(old, new, 1)


# path under proposals/ -> text; each breaks one thing
BROKEN = {
    "so-tu-phap/2025-961-the-la-so.md": _variant("2025-961", "status: approved\n", "status: approved\ntags: 5\n"),
    "so-tu-phap/2025-962-don-vi-la.md": _variant("2025-962", "unit: so-tu-phap\nfield", "unit: so-khong-co\nfield"),
    "so-tu-phap/2025-963-khoa-la.md": _variant("2025-963", "status: approved\n", 'status: approved\nghi_chu: "x"\n'),
    "so-tu-phap/2025-964-thieu-tom-tat.md": _variant("2025-964", 'summary: "Tóm tắt ngắn của đề xuất."\n', ""),
    "so-tu-phap/2025-965-linh-vuc-la.md": _variant("2025-965", "field: linh-vuc-khac", "field: linh-vuc-la"),
    "so-tu-phap/2025-966-khong-doc-duoc.md": _variant("2025-966", 'title: "Đề xuất 2025-966"', 'title: "chưa đóng'),
}
GOOD = {
    "so-tu-phap/2025-967-hop-le.md": proposal("2025-967", TEXTS, title="Đề xuất 2025-967"),
    # A warning alone (the decision came after the deadline) does not keep a proposal off the site.
    "so-tu-phap/2025-968-quyet-dinh-muon.md": _variant("2025-968", "date: 2025-05-12", "date: 2025-07-01"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The registry with the broken and the good proposals, built as `mkdocs serve` builds (not strict):
    the site folder and the build's log. Built once per test run, shared by the workers (the tests only
    read it)."""
    site = once(tmp_path_factory, "errors", _build)
    return site, (site.parent / "build.log").read_text(encoding="utf-8")


def _build(target: Path) -> Path:
    prepare(target, {**BROKEN, **GOOD})
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=target, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    (target / "build.log").write_text(result.stderr, encoding="utf-8")
    return target / "site"


def test_validate_finds_an_error_in_each_broken_proposal(built: tuple[Path, str]) -> None:
    root = built[0].parent
    result = subprocess.run(
        [sys.executable, "-m", "registry", "validate", "--format", "json"],
        cwd=root, env=ENV, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    problems = json.loads(result.stdout)["problems"]
    with_errors = {p["path"] for p in problems if p["severity"] == "error"}
    assert with_errors == {f"proposals/{path}" for path in BROKEN}
    assert {p["rule"] for p in problems if p["path"].endswith("2025-968-quyet-dinh-muon.md")} == {"deadline"}


def test_each_proposal_with_an_error_is_left_out_and_named(built: tuple[Path, str]) -> None:
    site, log = built
    for path in BROKEN:
        proposal_id = path.split("/")[1][:8]
        assert not (site / "de-xuat" / proposal_id).exists(), proposal_id
        warning = next((line for line in log.splitlines() if f"proposals/{path}" in line), "")
        assert warning.startswith("WARNING") and text("site.build.has_errors") in warning, log
    assert log.count("registry validate") >= len(BROKEN)  # the hint says what to run
    records = json.loads((site / "du-lieu" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    published = {record["id"] for record in records}
    assert not published & {path.split("/")[1][:8] for path in BROKEN}


def test_the_other_proposals_are_published(built: tuple[Path, str]) -> None:
    site, log = built
    for proposal_id in [*PUBLISHED, "2025-967", "2025-968"]:
        page = site / "de-xuat" / proposal_id / "index.html"
        assert page.exists(), proposal_id
    assert "2025-967" in (site / "de-xuat" / "index.html").read_text(encoding="utf-8")
    assert not any("2025-967" in line or "2025-968" in line for line in log.splitlines())
