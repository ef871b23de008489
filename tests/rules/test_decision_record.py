"""decision-record: a decision signed from decision.complete_from records receipt, appraisal, the
vote's members and the signer's position and capacity; older records are not judged."""

from __future__ import annotations

import dataclasses

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front

# receipt on line 14, appraisal on line 15, the decision on lines 16-21 (signed_by 20, vote 21).
COMPLETE = (
    "receipt: {date: 2026-03-04, unit: so-tu-phap}\n"
    'appraisal: {date: 2026-03-06, unit: so-tu-phap, opinion: "Khả thi."}\n'
    + DECISION.replace("2025-03-10", "2026-03-10").replace(
        '{name: "Lê Văn Bình"}', '{name: "Lê Văn Bình", position: "Giám đốc", capacity: truc-tiep}'
    )
    + "  vote: {members: 5, for: 4, against: 1}\n"
)


def decided(blocks: str = COMPLETE, edit: tuple[str, str] = ("", "")) -> str:
    return front(blocks.replace(*edit, 1), status="approved", submitted="2026-03-03")


def test_a_complete_record(project_registry: Registry) -> None:
    assert project_registry.complete_from == "2026-01-01"
    assert_problems(check_rule(project_registry, "decision-record", decided()), [])


def test_a_decision_signed_before_complete_from_is_not_judged(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "decision-record", front(DECISION, status="approved")), [])


def test_without_complete_from_nothing_is_required(project_registry: Registry) -> None:
    unset = dataclasses.replace(project_registry, complete_from=None)
    bare = decided(DECISION.replace("2025-03-10", "2026-03-10"))
    assert_problems(check_rule(unset, "decision-record", bare), [])


def test_a_decision_by_an_external_authority_records_only_its_signer(project_registry: Registry) -> None:
    external = 'external_referral: {date: 2026-03-04, authority: thu-tuong-chinh-phu, document: "1/TTr-UBND"}\n'
    signer = '{name: "Lê Văn Bình", position: "Thủ tướng Chính phủ", capacity: truc-tiep}'
    decision = DECISION.replace("2025-03-10", "2026-03-10").replace('{name: "Lê Văn Bình"}', signer)
    assert_problems(check_rule(project_registry, "decision-record", decided(external + decision)), [])


INVALID = {
    "no receipt": (("receipt: {date: 2026-03-04, unit: so-tu-phap}\n", ""), 15, 1, "records receipt"),
    "no appraisal": (('appraisal: {date: 2026-03-06, unit: so-tu-phap, opinion: "Khả thi."}\n', ""), 15, 1,
                     "records appraisal"),
    "no members": (("vote: {members: 5, ", "vote: {"), 21, 3, "records decision.vote.members"),
    "no vote": (("  vote: {members: 5, for: 4, against: 1}\n", ""), 16, 1, "records decision.vote"),
    "no capacity": ((", capacity: truc-tiep", ""), 20, 3, "records decision.signed_by.capacity"),
    "no position": ((', position: "Giám đốc"', ""), 20, 3, "records decision.signed_by.position"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(INVALID))
def test_an_incomplete_record(project_registry: Registry, case: str) -> None:
    edit, line, column, says = INVALID[case]
    problems = check_rule(project_registry, "decision-record", decided(edit=edit))
    assert_problems(problems, [Expect("decision-record", line, column, f"a decision signed from 2026-01-01 {says}")])
    assert problems[0].hint is not None and "01/01/2026" in problems[0].hint  # the day as Vietnamese write it
