"""Rules of the process: votes, heads, referrals, dates, deadlines, sensitive fields, units over time."""

from __future__ import annotations

from registry.config import Registry
from tests.helpers.rules import check_rule

DECIDED = {
    "status": "approved",
    "decision": {"outcome": "approved", "date": "2025-03-10", "document": "4/QĐ-STP", "signed_by": "Lê Văn Bình"},
}


def decided(vote: dict[str, int] | None = None, **decision: object) -> dict[str, object]:
    block = {**DECIDED["decision"], **decision}  # type: ignore[dict-item]
    if vote is not None:
        block["vote"] = vote
    return {"status": "approved", "decision": block}


def test_a_vote_passes_only_with_more_than_half(project_registry: Registry) -> None:
    assert check_rule(project_registry, "decision-vote", decided({"for": 3, "against": 2})) == []
    assert check_rule(project_registry, "decision-vote", decided({"for": 2, "against": 1, "abstain": 1})) != []
    assert (
        check_rule(project_registry, "decision-vote", decided({"for": 2, "against": 1, "abstain": 1}, override=True))
        == []
    )
    assert check_rule(project_registry, "decision-vote", decided({"for": 0, "against": 0})) != []


def test_a_rejection_needs_no_majority(project_registry: Registry) -> None:
    changes = decided({"for": 1, "against": 4}, outcome="rejected")
    changes["status"] = "rejected"
    assert check_rule(project_registry, "decision-vote", changes) == []


def test_a_heads_proposal_decided_above_is_right(project_registry: Registry) -> None:
    head = [{"name": "Trần Minh Khôi", "position": "Giám đốc", "unit": "so-noi-vu", "head_of_unit": True}]
    path = "proposals/ubnd-tinh/2025-901-de-xuat.md"
    assert check_rule(project_registry, "head-decided-above", {"authors": head, "unit": "ubnd-tinh"}, path=path) == []
    assert check_rule(project_registry, "head-decided-above", {"authors": head, "unit": "so-noi-vu"}) != []


def test_a_referral_up_to_the_deciding_unit(project_registry: Registry) -> None:
    referral = {"date": "2025-03-05", "from": "so-tu-phap", "to": "ubnd-tinh", "document": "3/STP-VP"}
    changes = {"unit": "ubnd-tinh", "referrals": [referral]}
    assert check_rule(project_registry, "referral-up", changes, path="proposals/ubnd-tinh/2025-901-x.md") == []
    # Referred up, but the file still says the old unit.
    assert check_rule(project_registry, "referral-up", {"referrals": [referral]}) == [("referral-up", 5)]


def test_progress_dates_in_order(project_registry: Registry) -> None:
    implementation = {
        "start": "2025-04-01",
        "end": "2025-09-30",
        "progress": [{"date": "2025-06-01", "percent": 50}, {"date": "2025-05-01", "percent": 60}],
    }
    changes = {**decided(), "status": "implementing", "implementation": implementation}
    assert [rule for rule, _ in check_rule(project_registry, "date-order", changes)] == ["date-order"]


def test_a_decision_across_tet_is_on_time(project_registry: Registry) -> None:
    # Submitted Friday 24/1/2025; 7 working days after, skipping Tết (27/1-1/2), is Tuesday 11/2.
    changes = {**decided(date="2025-02-11"), "submitted": "2025-01-24"}
    assert check_rule(project_registry, "deadline", changes) == []
    changes = {**decided(date="2025-02-12"), "submitted": "2025-01-24"}
    assert [rule for rule, _ in check_rule(project_registry, "deadline", changes)] == ["deadline"]


def test_the_deadline_runs_from_the_last_referral(project_registry: Registry) -> None:
    referral = {"date": "2025-03-20", "from": "so-tu-phap", "to": "ubnd-tinh", "document": "3/STP-VP"}
    changes = {**decided(date="2025-03-28"), "unit": "ubnd-tinh", "referrals": [referral]}
    assert check_rule(project_registry, "deadline", changes, path="proposals/ubnd-tinh/2025-901-x.md") == []


def test_a_sensitive_field_may_be_public_with_a_reason(project_registry: Registry) -> None:
    field = {"field": "quoc-phong-an-ninh"}
    assert check_rule(project_registry, "sensitive-field", {**field, "confidential": True}) == []
    reason = {"public_reason": "Nội dung tuyên truyền công khai."}
    assert check_rule(project_registry, "sensitive-field", {**field, **reason}) == []
    assert check_rule(project_registry, "sensitive-field", field) == [("sensitive-field", 12)]


def test_an_old_record_of_a_dissolved_unit_stays_valid(project_registry: Registry) -> None:
    changes = {"unit": "ubnd-huyen-my-tu", "submitted": "2024-05-06"}
    path = "proposals/ubnd-huyen-my-tu/2025-901-x.md"
    assert check_rule(project_registry, "unit-exists", changes, path=path) == []
    changes["submitted"] = "2025-07-01"
    assert check_rule(project_registry, "unit-exists", changes, path=path) == [("unit-exists", 5)]


def test_ids_are_checked_against_the_whole_index(project_registry: Registry) -> None:
    index = {"2025-901": ["proposals/so-tu-phap/2025-901-de-xuat.md"], "2024-001": ["proposals/a/2024-001-x.md"]}
    assert check_rule(project_registry, "related-exists", {"related": ["2024-001"]}, index=index) == []
    assert check_rule(project_registry, "id-unique", index=index) == []
    index["2025-901"].append("proposals/so-noi-vu/2025-901-khac.md")
    assert check_rule(project_registry, "id-unique", index=index) == [("id-unique", 2)]
