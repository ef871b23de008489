"""section-missing: the body has each of the report's five parts as a level-2 heading.

The registry here has short headings (``SECTIONS``: Sự cần thiết, Thực trạng, Mục tiêu, Tổ chức thực
hiện, Kiến nghị) so that the Markdown reads easily; one test uses registry.yml's own wording.
"""

from __future__ import annotations

import pytest

from registry.config import Registry
from tests.helpers.proposals import VALID_FRONT
from tests.helpers.rules import BODY, Expect, assert_problems, body, check_rule, with_short_sections

NUMBERED = body(
    "## 1. SỰ CẦN THIẾT\n\nNội dung.",
    "##   II) Thực trạng:\n\nNội dung.",
    "## Mục tiêu ##\n\nNội dung.",
    "## c. Tổ chức thực hiện\n\nNội dung.",
    "## Kiến nghị.\n\nNội dung.",
)
WITH_MORE = BODY.replace("Nội dung.", "### Tiểu mục\n\nNội dung.", 1) + "\n## Phụ lục\n\nBảng số liệu.\n"

VALID = {
    "the five sections": BODY,
    "numbering, case, spacing and closing hashes are ignored": NUMBERED,
    "sub-headings and extra sections": WITH_MORE,
    "a fence that closes before the heading": BODY.replace("## Kiến nghị", "~~~\ncode\n~~~\n\n## Kiến nghị"),
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    registry = with_short_sections(project_registry)
    assert_problems(check_rule(registry, "section-missing", body=VALID[case]), [])


def test_the_plans_wording_of_registry_yml(project_registry: Registry) -> None:
    assert_problems(check_rule(project_registry, "section-missing"), [])


def missing(number: int, heading: str) -> Expect:
    """section-missing, reported where the body starts (line 15)."""
    return Expect("section-missing", 15, 1, f"missing section {number}: '## {heading}'")


INVALID = {
    "a section left out": (BODY.replace("## Mục tiêu\n\nNội dung.\n", ""), [missing(3, "Mục tiêu")]),
    "two sections left out": (
        BODY.replace("## Thực trạng", "## Hiện trạng").replace("## Kiến nghị", "## Đề nghị"),
        [missing(2, "Thực trạng"), missing(5, "Kiến nghị")],
    ),
    # A heading of another level is a near miss, reported by section-heading at its line.
    "a level-3 heading": (BODY.replace("## Mục tiêu", "### Mục tiêu"), []),
    "a level-1 heading": (BODY.replace("## Mục tiêu", "# Mục tiêu"), []),
    "a heading of another part, not a near miss": (
        BODY.replace("## Mục tiêu", "### Phụ lục"),
        [missing(3, "Mục tiêu")],
    ),
    "a setext heading": (BODY.replace("## Mục tiêu", "Mục tiêu\n--------"), [missing(3, "Mục tiêu")]),
    "a heading in a code block": (BODY.replace("## Kiến nghị", "```\n## Kiến nghị\n```"), [missing(5, "Kiến nghị")]),
    # A fence of four tildes is closed by four or more, not by three.
    "a heading in a tilde fence that a shorter one does not close": (
        BODY.replace("## Kiến nghị", "~~~~\n## Kiến nghị\n~~~\n~~~~"),
        [missing(5, "Kiến nghị")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    text, expected = INVALID[case]
    registry = with_short_sections(project_registry)
    assert_problems(check_rule(registry, "section-missing", VALID_FRONT, text), expected)
