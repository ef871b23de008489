"""section-order: the report's five parts come in the order of registry.yml (here the short headings
of ``SECTIONS``: Sự cần thiết, Thực trạng, Mục tiêu, Tổ chức thực hiện, Kiến nghị)."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import BODY, Expect, assert_problems, body, check_rule, with_short_sections

TEXT = "\n\nNội dung."


def in_order(*headings: str) -> str:
    return body(*(f"## {heading}{TEXT}" for heading in headings))


VALID = {
    "in order": BODY,
    "a section missing (section-missing's)": in_order("Sự cần thiết", "Thực trạng", "Tổ chức thực hiện", "Kiến nghị"),
    "an extra section between them": in_order(
        "Sự cần thiết", "Phụ lục", "Thực trạng", "Mục tiêu", "Tổ chức thực hiện", "Kiến nghị"
    ),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(with_short_sections(project_registry), "section-order", body=VALID[case]), [])


INVALID = {
    # Headings on lines 16, 20, 24, 28 and 32.
    "two sections swapped": (
        in_order("Sự cần thiết", "Mục tiêu", "Thực trạng", "Tổ chức thực hiện", "Kiến nghị"),
        [Expect("section-order", 20, 1, "section 3 comes before section 2 ('Thực trạng')")],
    ),
    "the last section first": (
        in_order("Kiến nghị", "Sự cần thiết", "Thực trạng", "Mục tiêu", "Tổ chức thực hiện"),
        [Expect("section-order", 16, 1, "section 5 comes before section 4 ('Tổ chức thực hiện')")],
    ),
    "in reverse": (
        in_order("Kiến nghị", "Tổ chức thực hiện", "Mục tiêu", "Thực trạng", "Sự cần thiết"),
        [
            Expect("section-order", 16, 1, "section 5 comes before section 4"),
            Expect("section-order", 20, 1, "section 4 comes before section 3"),
            Expect("section-order", 24, 1, "section 3 comes before section 2"),
            Expect("section-order", 28, 1, "section 2 comes before section 1"),
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    text, expected = INVALID[case]
    assert_problems(check_rule(with_short_sections(project_registry), "section-order", body=text), expected)
