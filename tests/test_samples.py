"""The bundled sample proposals: valid, and covering what a new province needs to see."""

from __future__ import annotations

import re
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


def test_samples_show_the_records_of_format_2(samples: list[Proposal]) -> None:
    """The cases of issue 8: receipt and appraisal, a handover to a successor, an extension, a scaled-up
    pilot, a failed vote with a proposer not voting and the head's own signature, a reduced liability
    with its findings, and a commune head's proposal decided by the district above it."""

    def any_sample(test: Callable[[Proposal], object]) -> bool:
        return any(test(p) for p in samples)

    assert any_sample(lambda p: p.status == "submitted" and p.block("receipt") and p.block("appraisal"))
    assert any_sample(lambda p: p.entries("transfers") and p.entries("transfers")[-1][1].get("to") == p.unit)
    assert any_sample(lambda p: p.entries("implementation", "adjustments") and p.status == "implementing")
    assert any_sample(lambda p: p.entries("scaling") and len(p.entries("scaling")[0][1].get("units", [])) >= 2)

    def failed_vote_overridden_in_person(p: Proposal) -> bool:
        decision = p.block("decision")
        vote = decision.get("vote", {})
        not_voting = {member["name"] for member in vote.get("not_voting", [])}
        eligible = vote.get("members", 0) - len(not_voting)
        return (
            bool(not_voting & {a.name for a in p.authors})
            and vote.get("for", 0) * 2 <= eligible
            and decision.get("override") is True
            and decision.get("signed_by", {}).get("capacity") == "truc-tiep"
        )

    assert any_sample(failed_vote_overridden_in_person)
    assert any_sample(
        lambda p: (
            p.block("evaluation").get("result") in ("partial", "not-completed")
            and p.block("evaluation").get("liability", {}).get("outcome") == "reduced"
            and all(p.block("evaluation")["liability"].get("findings", {}).values())
            and p.block("evaluation")["liability"].get("body")
            and p.block("evaluation")["liability"].get("document")
        )
    )
    assert any_sample(lambda p: any(a.head_of_unit and a.unit != p.unit for a in p.authors) and p.unit != "ubnd-tinh")


def test_a_peoples_committee_votes_as_a_leadership_of_four(samples: list[Proposal], project_registry: Registry) -> None:
    """A People's Committee's collective leadership, in the samples: the chair and three vice-chairs."""
    committees = {unit.id for unit in project_registry.units.values() if unit.name.startswith("Ủy ban nhân dân")}
    votes = [p.block("decision")["vote"] for p in samples if p.unit in committees and "vote" in p.block("decision")]
    assert len(votes) >= 5
    assert all(vote.get("members") == 4 for vote in votes), votes


def test_ward_samples_use_the_wards_own_structure(samples: list[Proposal], project_registry: Registry) -> None:
    """A ward (phường) since 01/7/2025 has khóm, not ấp, and a Trung tâm Phục vụ hành chính công, not the
    district's "bộ phận một cửa"."""
    wards = [p for p in samples if project_registry.units[p.unit or ""].name.startswith("Ủy ban nhân dân phường")]
    assert len(wards) >= 3
    for proposal in wards:
        text = proposal.body + " ".join(str(value) for value in proposal.meta.values())
        assert not re.search(r"(?<!\w)ấp(?!\w)", text, re.IGNORECASE), proposal.id
        assert "một cửa" not in text.lower(), proposal.id
    assert any("Trung tâm Phục vụ hành chính công phường" in p.body for p in wards)
    assert any("khóm" in p.body for p in wards)
