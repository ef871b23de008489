"""sensitive-field: a proposal in a sensitive field is confidential, or says why it need not be."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front

DEFENCE = "quoc-phong-an-ninh"  # sensitive in registry.yml

VALID = {
    "confidential": front(field=DEFENCE, confidential="true"),
    "public with a reason": front('public_reason: "Nội dung tuyên truyền công khai."\n', field=DEFENCE),
    "a field that is not sensitive": front(),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(project_registry, "sensitive-field", VALID[case]), [])


@pytest.mark.parametrize("reason", ["", 'public_reason: ""\n'])
def test_public_without_a_reason(project_registry: Registry, reason: str) -> None:
    expected = Expect(
        "sensitive-field", 12, 1, "the field quoc-phong-an-ninh is sensitive but the proposal is not confidential"
    )
    assert_problems(check_rule(project_registry, "sensitive-field", front(reason, field=DEFENCE)), [expected])
