"""id-file-name: the file is named after the proposal's id, ``<id>-<slug>.md``."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front


def test_the_id_starts_the_file_name(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "id-file-name", path="proposals/so-tu-phap/2025-901-x.md"), [])


@pytest.mark.parametrize("other", ["2025-902", "2025-9010", "2024-901"])
def test_an_id_that_is_not_the_file_names(project_registry: Registry, other: str) -> None:
    expected = Expect("id-file-name", 2, 1, f"the id {other} does not match the file name 2025-901-de-xuat.md")
    assert_problems(check_rule(project_registry, "id-file-name", front(id=f'"{other}"')), [expected])
