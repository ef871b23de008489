"""A synthetic registry large enough for the parallel paths gives the same answers as one process."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry import public, reporting
from registry.config import Registry, load_registry
from registry.synthetic import generate
from registry.validate import PARALLEL_FROM, validate


def test_parallel_and_serial_validation_agree(project_registry: Registry, tmp_path: Path) -> None:
    generate(project_registry, tmp_path, PARALLEL_FROM + 50, body_bytes=2000)
    registry = load_registry(tmp_path)
    report = validate(registry, jobs=2)
    assert report.checked == PARALLEL_FROM + 50
    assert report.problems == ()

    victims = sorted((tmp_path / "proposals").rglob("*.md"))[::97]
    for victim in victims:
        victim.write_text(victim.read_text(encoding="utf-8").replace("sample: true", "sample: true\nsample: true", 1))
    parallel = validate(registry, jobs=2).problems
    serial = validate(registry, jobs=1).problems
    assert parallel == serial
    assert len(parallel) == len(victims) and {p.rule for p in parallel} == {"yaml-duplicate-key"}


def test_the_site_publishes_the_same_proposals_in_parallel_and_in_one_process(
    project_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site loads and checks the files on every core from public.PARALLEL_FROM files; each worker
    keeps only the public view. Files with an error are named and left out either way."""
    generate(project_registry, tmp_path, public.PARALLEL_FROM + 50, body_bytes=2000, published=True)
    registry = load_registry(tmp_path)
    files = sorted((tmp_path / "proposals").rglob("*.md"))
    victims = files[::97]
    for victim in victims:
        victim.write_text(victim.read_text(encoding="utf-8").replace("sample: true", "sample: true\nsample: true", 1))
    shown, left_out = public.published_files(registry)
    monkeypatch.setattr(public, "PARALLEL_FROM", len(files) + 1)
    assert public.published_files(registry) == (shown, left_out)
    assert sorted(left_out) == [victim.relative_to(tmp_path).as_posix() for victim in victims]
    assert len(shown) == len(files) - len(victims)
    assert {p.source for p in shown}.isdisjoint(left_out)
    assert [p.approved_on or "" for p in shown] == sorted((p.approved_on or "" for p in shown), reverse=True)


def test_the_report_counts_the_same_in_parallel_and_in_one_process(
    project_registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's workers read the first folders' files while the others are walked; what they count
    is what one process counts, broken and unreadable files included."""
    generate(project_registry, tmp_path, reporting.PARALLEL_FROM + 80, body_bytes=1500)
    files = sorted((tmp_path / "proposals").rglob("*.md"))
    for victim in files[::89]:
        victim.write_bytes(victim.read_bytes().replace(b"status:", b"status: [", 1))  # the loader refuses it
    registry = load_registry(tmp_path)
    as_of = date(2026, 3, 4)
    period = reporting.parse_period(None, registry.report_year_start, as_of)
    parallel = reporting.build_report(registry, as_of, period)
    monkeypatch.setattr(reporting, "PARALLEL_FROM", len(files) + 1)
    serial = reporting.build_report(registry, as_of, period)
    assert parallel == serial
    assert parallel.proposals + parallel.unreadable == len(files)
    assert parallel.unreadable == len(files[::89])
    assert reporting.to_json(parallel) == reporting.to_json(serial)
