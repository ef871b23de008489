"""id-unique: each id belongs to one proposal in the whole registry, validated files or not."""

from __future__ import annotations

from registry.config import Registry
from tests.helpers.rules import PATH, Expect, assert_problems, check_rule, front


def test_an_id_of_one_file(project_registry: Registry) -> None:
    index = {"2025-901": [PATH], "2024-001": ["proposals/so-noi-vu/2024-001-x.md"]}
    assert_problems(check_rule(project_registry, "id-unique", index=index), [])


def test_an_id_that_another_file_carries(project_registry: Registry) -> None:
    index = {"2025-901": [PATH, "proposals/so-noi-vu/2025-901-khac.md"]}
    expected = Expect("id-unique", 2, 1, "the id 2025-901 is also used by proposals/so-noi-vu/2025-901-khac.md")
    assert_problems(check_rule(project_registry, "id-unique", index=index), [expected])


def test_the_id_of_the_file_name_counts_not_the_front_matter(project_registry: Registry) -> None:
    """Two files named 2025-901 clash even when one's front matter says another id (id-file-name's)."""
    index = {"2025-901": [PATH, "proposals/so-noi-vu/2025-901-khac.md"]}
    expected = Expect("id-unique", 2, 1, "also used by proposals/so-noi-vu/2025-901-khac.md")
    problems = check_rule(project_registry, "id-unique", front(id='"2025-902"'), index=index)
    assert_problems(problems, [expected])
