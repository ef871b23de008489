"""signer-not-author: whoever signed the decision is not one of the proposal's authors."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import DECISION, Expect, assert_problems, check_rule, front


def signed_by(name: str) -> str:
    """An approved proposal of Nguyễn Văn An, its decision signed by ``name`` (line 18)."""
    return front(DECISION.replace('"Lê Văn Bình"', f'"{name}"'), status="approved")


def test_a_decision_signed_by_someone_else(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "signer-not-author", signed_by("Lê Văn Bình")), [])


def test_no_decision_yet(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "signer-not-author"), [])


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "nguyễn văn  AN"])
def test_an_author_signed_their_own_proposal(project_registry: Registry, name: str) -> None:
    expected = Expect("signer-not-author", 18, 15, f"{name} signed the decision on their own proposal")
    assert_problems(check_rule(project_registry, "signer-not-author", signed_by(name)), [expected])
