"""field-exists: the field (lĩnh vực) is one of those in registry.yml."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front, project


@pytest.mark.parametrize("field", sorted(project().fields))
def test_every_field_of_the_registry(project_registry: Registry, field: str) -> None:
    assert_problems(check_rule(project_registry, "field-exists", front(field=field)), [])


@pytest.mark.parametrize("field", ["nong-nghiep", "Linh-vuc-khac", '"linh-vuc-khac "'])
def test_an_unknown_field(project_registry: Registry, field: str) -> None:
    expected = Expect("field-exists", 6, 1, "unknown field")
    assert_problems(check_rule(project_registry, "field-exists", front(field=field)), [expected])
