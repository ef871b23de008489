"""section-empty: each of the report's five parts has text under its heading; the template's guidance
(an HTML comment) and sub-headings alone are not text. The headings are the short ones of ``SECTIONS``;
in ``BODY`` they lie on lines 16, 20, 24, 28 and 32, each followed by a blank line and its text."""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.rules import BODY, Expect, assert_problems, check_rule, with_short_sections

VALID = {
    "text under every heading": BODY,
    "text under a sub-heading": BODY.replace("Nội dung.", "### Tiểu mục\n\nNội dung.", 1),
    "an extra section after the five": BODY + "\n## Phụ lục\n\nBảng số liệu.\n",
    "a list": BODY.replace("Nội dung.", "- Một.\n- Hai.", 1),
    "a table": BODY.replace("Nội dung.", "| Cột |\n|---|\n| 1 |", 1),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(with_short_sections(project_registry), "section-empty", body=VALID[case]), [])


INVALID = {
    "nothing under the heading": (
        BODY.replace("## Thực trạng\n\nNội dung.\n", "## Thực trạng\n"),
        [Expect("section-empty", 20, 1, "section 2 is empty")],
    ),
    "only the template's guidance": (
        BODY.replace("Nội dung.", "<!-- Nêu sự cần thiết của đề xuất. -->", 1),
        [Expect("section-empty", 16, 1, "section 1 is empty")],
    ),
    "only a sub-heading": (
        BODY.replace("Nội dung.", "### Tiểu mục", 1),
        [Expect("section-empty", 16, 1, "section 1 is empty")],
    ),
    "only blank lines, the last section": (
        BODY.replace("## Kiến nghị\n\nNội dung.\n", "## Kiến nghị\n\n   \n\n"),
        [Expect("section-empty", 32, 1, "section 5 is empty")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    text, expected = INVALID[case]
    assert_problems(check_rule(with_short_sections(project_registry), "section-empty", body=text), expected)


def test_an_indented_code_block_is_text(project_registry: Registry) -> None:
    code = BODY.replace("Nội dung.", "    # Lệnh: xem phụ lục", 1)  # shown as code on the page
    assert_problems(check_rule(with_short_sections(project_registry), "section-empty", body=code), [])
