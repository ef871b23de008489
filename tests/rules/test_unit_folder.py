"""unit-folder: the file lies in ``proposals/<unit>/``, the folder of the unit that decides it."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import Expect, assert_problems, check_rule, front


def test_the_folder_of_the_deciding_unit(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "unit-folder"), [])


def test_a_file_in_another_units_folder(project_registry: Registry) -> None:
    path = "proposals/so-noi-vu/2025-901-de-xuat.md"
    expected = Expect("unit-folder", 5, 1, "unit is so-tu-phap but the file lies in the folder so-noi-vu", path=path)
    assert_problems(check_rule(project_registry, "unit-folder", path=path), [expected])


@pytest.mark.parametrize(
    "path", ["proposals/2025-901-de-xuat.md", "2025-901-de-xuat.md", "proposals/a/b/2025-901-x.md"]
)
def test_a_file_outside_a_unit_folder(project_registry: Registry, path: str) -> None:
    expected = Expect("unit-folder", 5, 1, f"the file must lie in proposals/<unit>/, not {path}", path=path)
    assert_problems(check_rule(project_registry, "unit-folder", front(), path=path), [expected])
