"""A synthetic registry large enough for the parallel path gives the same answers as one process."""

from __future__ import annotations

from pathlib import Path

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
