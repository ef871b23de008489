"""related-exists: each related id names another proposal of the registry (the whole index)."""

from __future__ import annotations

from registry.config import Registry
from tests.helpers.rules import PATH, Expect, assert_problems, check_rule, front

INDEX = {"2025-901": [PATH], "2024-001": ["proposals/so-noi-vu/2024-001-so-hoa-ho-so.md"]}


def test_a_proposal_of_another_unit(project_registry: Registry) -> None:
    related = front('related:\n  - "2024-001"\n')
    assert_problems(check_rule(project_registry, "related-exists", related, index=INDEX), [])


def test_no_related_proposal(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "related-exists", index=INDEX), [])


def test_an_id_that_no_proposal_has(project_registry: Registry) -> None:
    related = front('related:\n  - "2024-001"\n  - "2024-002"\n')
    expected = Expect("related-exists", 16, 5, "no proposal has the id 2024-002")
    assert_problems(check_rule(project_registry, "related-exists", related, index=INDEX), [expected])


def test_a_proposal_related_to_itself(project_registry: Registry) -> None:
    related = front('related: ["2025-901"]\n')
    expected = Expect("related-exists", 14, 11, "a proposal cannot be related to itself")
    assert_problems(check_rule(project_registry, "related-exists", related, index=INDEX), [expected])
