"""head-decided-above: a proposal made by the head of a unit is decided by a unit above it."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, MOVED, Expect, assert_problems, check_rule, front

# The head of so-noi-vu; head_of_unit is on line 11.
HEAD = """
  - name: "Trần Minh Khôi"
    position: "Giám đốc"
    unit: so-noi-vu
    head_of_unit: true
"""


def test_a_heads_proposal_decided_by_the_unit_above(project_registry: Registry) -> None:
    proposal = front(authors=HEAD, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])


def test_an_author_who_is_not_the_head(project_registry: Registry) -> None:
    proposal = front(authors=HEAD.replace("head_of_unit: true", "head_of_unit: false"), unit="so-noi-vu")
    path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [])


def test_a_heads_proposal_decided_by_their_own_unit(project_registry: Registry) -> None:
    proposal = front(authors=HEAD, unit="so-noi-vu")
    path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    expected = Expect("head-decided-above", 11, 5, "Trần Minh Khôi heads so-noi-vu", path=path)
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [expected])


def test_a_heads_proposal_decided_by_a_unit_beside_theirs(project_registry: Registry) -> None:
    proposal = front(authors=HEAD)  # decided by so-tu-phap, a department like so-noi-vu
    expected = Expect("head-decided-above", 11, 5, "decided above it, not by so-tu-phap")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal), [expected])


CHAIR = HEAD.replace("Giám đốc", "Chủ tịch").replace("unit: so-noi-vu", "unit: ubnd-tinh")
EXTERNAL = 'external_referral: {date: 2025-03-05, authority: thu-tuong-chinh-phu, document: "1494/TTr-UBND"}\n'


def test_the_head_of_the_top_unit_is_told_what_to_do(project_registry: Registry) -> None:
    problems = check_rule(project_registry, "head-decided-above", front(authors=CHAIR, unit="ubnd-tinh"), path=MOVED)
    says = "Trần Minh Khôi heads ubnd-tinh, which has no unit above it"
    assert_problems(problems, [Expect("head-decided-above", 11, 5, says, path=MOVED)])
    hint = problems[0].hint
    assert hint is not None and "()" not in hint
    assert "external_referral" in hint and "thu-tuong-chinh-phu" in hint


def test_the_head_of_the_top_unit_reports_to_an_external_authority(project_registry: Registry) -> None:
    proposal = front(EXTERNAL, authors=CHAIR, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])
    decided = front(EXTERNAL + DECISION.replace("2025-03-10", "2025-04-10"), authors=CHAIR, unit="ubnd-tinh")
    decided = decided.replace("status: submitted", "status: approved")
    assert_problems(check_rule(project_registry, "head-decided-above", decided, path=MOVED), [])


def test_a_draft_of_the_head_of_the_top_unit_is_not_yet_judged(project_registry: Registry) -> None:
    proposal = front(authors=CHAIR, unit="ubnd-tinh", status="draft").replace("submitted: 2025-03-03\n", "")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])


def test_an_authority_registry_yml_does_not_list(project_registry: Registry) -> None:
    proposal = front(EXTERNAL.replace("thu-tuong-chinh-phu", "bo-noi-vu"), authors=CHAIR, unit="ubnd-tinh")
    problems = check_rule(project_registry, "head-decided-above", proposal, path=MOVED)
    says = "bo-noi-vu is not one of registry.yml's external_authorities"
    assert_problems(problems, [Expect("head-decided-above", 15, 39, says, path=MOVED)])
    assert problems[0].hint is not None and "ban-thuong-vu-thanh-uy" in problems[0].hint


def test_the_head_of_the_top_unit_files_in_its_folder(project_registry: Registry) -> None:
    proposal = front(EXTERNAL, authors=CHAIR)  # in so-tu-phap, a unit below
    expected = Expect("head-decided-above", 11, 5, "the top unit, so the proposal stays in its folder")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal), [expected])


def test_an_external_referral_of_a_proposal_that_has_a_superior(project_registry: Registry) -> None:
    proposal = front(EXTERNAL, authors=HEAD, unit="ubnd-tinh")  # the head of so-noi-vu has ubnd-tinh above
    expected = Expect("head-decided-above", 15, 1, "external_referral is only for", path=MOVED)
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [expected])


@pytest.mark.parametrize(
    ("edit", "line", "column", "says"),
    [
        (("date: 2025-03-05", "date: 2025-03-01"), 15, 21, "external_referral.date (2025-03-01) is before submitted"),
        (("2025-03-10", "2025-03-04"), 18, 3, "decision.date (2025-03-04) is before external_referral.date"),
    ],
    ids=["before the submission", "after the decision"],
)
def test_the_external_referral_lies_between_submission_and_decision(
    project_registry: Registry, edit: tuple[str, str], line: int, column: int, says: str
) -> None:
    proposal = front(EXTERNAL + DECISION, authors=CHAIR, unit="ubnd-tinh").replace(
        "status: submitted", "status: approved"
    )
    proposal = proposal.replace(*edit)
    expected = Expect("head-decided-above", line, column, says, path=MOVED)
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [expected])


# The head of the commune of Thạnh Thới An, under the district of Trần Đề until 30/6/2025; the commune
# merged into ubnd-xa-tran-de, under the city, on 1/7/2025.
COMMUNE_HEAD = """
  - name: "Lâm Văn Sơn"
    position: "Chủ tịch Ủy ban nhân dân xã"
    unit: ubnd-xa-thanh-thoi-an
    head_of_unit: true
"""
HANDED_TO_THE_COMMUNE = (
    "transfers:\n"
    '  - {date: 2025-07-01, from: ubnd-huyen-tran-de, to: ubnd-xa-tran-de, document: "202/2025/QH15"}\n'
    "decision:\n  date: 2025-07-08\n"
)


def test_decided_by_the_district_before_it_ended(project_registry: Registry) -> None:
    proposal = front("decision:\n  date: 2025-06-10\n", authors=COMMUNE_HEAD, unit="ubnd-huyen-tran-de")
    path = "proposals/ubnd-huyen-tran-de/2025-901-de-xuat.md"
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [])


def test_decided_by_the_city_the_superior_of_the_merged_commune(project_registry: Registry) -> None:
    proposal = front("decision:\n  date: 2025-07-08\n", authors=COMMUNE_HEAD, unit="ubnd-tinh")
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=MOVED), [])


def test_handed_over_to_the_commune_that_the_heads_own_commune_merged_into(project_registry: Registry) -> None:
    """The district's successor is the head's own commune now: it cannot decide its head's proposal."""
    proposal = front(HANDED_TO_THE_COMMUNE, authors=COMMUNE_HEAD, unit="ubnd-xa-tran-de")
    path = "proposals/ubnd-xa-tran-de/2025-901-de-xuat.md"
    expected = Expect(
        "head-decided-above",
        11,
        5,
        "Lâm Văn Sơn heads ubnd-xa-thanh-thoi-an, so the proposal is decided above it, not by ubnd-xa-tran-de",
        path=path,
    )
    assert_problems(check_rule(project_registry, "head-decided-above", proposal, path=path), [expected])
