from __future__ import annotations

from registry.config import Registry
from tests.helpers.rules import check_rule


def body_with(headings: list[str], text: str = "Nội dung.") -> str:
    return "".join(f"\n{heading}\n\n{text}\n" for heading in headings)


def test_numbering_case_spacing_and_closing_hashes_are_ignored(project_registry: Registry) -> None:
    s = project_registry.sections
    headings = [f"## 1. {s[0].upper()}", f"##   II) {s[1]}:", f"## {s[2]} ##", f"## c. {s[3]}", f"## {s[4]}."]
    body = body_with(headings)
    for rule in ("section-missing", "section-order", "section-empty"):
        assert check_rule(project_registry, rule, body=body) == []


def test_subheadings_and_extra_sections_are_content(project_registry: Registry) -> None:
    s = project_registry.sections
    body = body_with([f"## {h}" for h in s]) + "\n## Phụ lục\n\nBảng số liệu.\n"
    body = body.replace("Nội dung.", "### Tiểu mục\n\nNội dung.", 1)
    assert check_rule(project_registry, "section-missing", body=body) == []
    assert check_rule(project_registry, "section-empty", body=body) == []


def test_a_section_with_only_a_subheading_is_empty(project_registry: Registry) -> None:
    s = project_registry.sections
    body = body_with([f"## {h}" for h in s]).replace("Nội dung.", "### Tiểu mục", 1)
    assert check_rule(project_registry, "section-empty", body=body) == [("section-empty", 16)]


def test_a_tilde_fence_hides_headings_until_it_closes(project_registry: Registry) -> None:
    s = project_registry.sections
    body = body_with([f"## {h}" for h in s[:4]]) + f"\n~~~~\n## {s[4]}\n~~~\n~~~~\n"
    assert check_rule(project_registry, "section-missing", body=body) == [("section-missing", 15)]
    body = body_with([f"## {h}" for h in s[:4]]) + f"\n~~~\ncode\n~~~\n\n## {s[4]}\n\nNội dung.\n"
    assert check_rule(project_registry, "section-missing", body=body) == []
