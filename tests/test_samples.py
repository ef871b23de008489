"""The bundled sample proposals: valid, and covering what a new province needs to see."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from registry.config import Registry
from registry.layout import discover
from registry.load import load_file
from registry.model import LIFECYCLE, Proposal
from registry.validate import validate
from tests.helpers.proposals import PROJECT


@pytest.fixture(scope="module")
def samples(project_registry: Registry) -> list[Proposal]:
    loaded = [load_file(PROJECT, path) for path in discover(project_registry.root)]
    assert all(not problems for _, problems in loaded)
    return [proposal for proposal, _ in loaded if proposal is not None]


def test_every_sample_validates_without_errors_or_warnings(project_registry: Registry) -> None:
    report = validate(project_registry, jobs=1)
    assert report.checked >= 10
    assert report.problems == ()


def test_samples_are_marked_and_spread(samples: list[Proposal], project_registry: Registry) -> None:
    assert len(samples) >= 10
    assert all(p.meta.get("sample") is True for p in samples)
    assert len({p.unit for p in samples}) >= 4
    assert {p.field for p in samples} == set(project_registry.fields)
    assert set(Counter(p.status for p in samples)) == set(LIFECYCLE)


def test_samples_show_the_cases_of_the_process(samples: list[Proposal]) -> None:
    def any_sample(test: Callable[[Proposal], object]) -> bool:
        return any(test(p) for p in samples)

    assert any_sample(lambda p: p.entries("referrals") and p.status == "submitted")
    assert any_sample(lambda p: p.block("decision").get("override") is True)
    assert any_sample(lambda p: p.block("decision").get("outcome") == "approved-pilot")
    assert any_sample(
        lambda p: (
            p.block("evaluation").get("result") == "partial"
            and p.block("evaluation").get("liability", {}).get("findings", {}).get("clean_motive") is True
            and p.block("evaluation")["liability"].get("outcome") == "exempted"
        )
    )
    assert any_sample(lambda p: p.block("evaluation").get("result") == "completed" and p.entries("recognition"))
    assert any_sample(lambda p: p.confidential)
    assert any_sample(lambda p: any(a.head_of_unit for a in p.authors))
