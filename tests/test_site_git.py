"""The site and git: built from a folder that is no repository (an archive of the registry), it goes
without timelines and says so; built from a damaged repository, it warns with the cause, which stops
`mkdocs build --strict` (the publication). Real `mkdocs build` runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers.git import ENV, GitRegistry
from tests.helpers.site import HOSTILE_ID, mkdocs_build, prepare

HOSTILE = f"proposals/so-tu-phap/{HOSTILE_ID}-thi-diem-cong-dich-vu.md"


def lines(log: str, level: str, words: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(level) and words in line]


def test_a_site_built_outside_git_has_no_timelines_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "tu-ban-nen"
    target.mkdir()
    prepare(target)
    shutil.rmtree(target / ".git")
    result = mkdocs_build(target)
    assert result.returncode == 0, result.stderr
    said = lines(result.stderr, "INFO", "not inside a git repository: the proposals' timelines are left out")
    assert len(said) == 1, result.stderr
    assert not lines(result.stderr, "WARNING", "timelines"), result.stderr
    page = (target / "site" / "de-xuat" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    assert "Mã đề xuất" in page and "Diễn biến" not in page


def test_a_damaged_repository_stops_a_strict_build_and_names_the_cause(tmp_path: Path) -> None:
    target = tmp_path / "kho-hong"
    target.mkdir()
    prepare(target)
    lost = GitRegistry.at(target).lose(f"HEAD:{HOSTILE}")
    strict = mkdocs_build(target)
    assert strict.returncode != 0, strict.stderr
    [warning] = lines(strict.stderr, "WARNING", "the proposals' timelines cannot be read and are left out")
    assert f"({lost}): the repository is damaged or incomplete" in warning
    # Without --strict (a preview), the site is built all the same, without the timelines.
    relaxed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--no-strict"], cwd=target, env={**ENV, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert relaxed.returncode == 0, relaxed.stderr
    assert lines(relaxed.stderr, "WARNING", "timelines cannot be read")
    assert (target / "site" / "de-xuat" / "2025-001" / "index.html").is_file()
