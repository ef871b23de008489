"""section-heading: a line that looks like a missing part's heading is reported there, with the
heading to write, and the part is not also reported missing. The registry has the short headings of
``SECTIONS``; in ``BODY`` they lie on lines 16, 20, 24, 28 and 32."""

from __future__ import annotations

import pytest

from registry.config import Registry
from registry.lint.rules._sections import CLOSE, closeness
from tests.helpers.rules import BODY, Expect, assert_problems, check_rule, english, with_short_sections

VALID = {
    "the five sections": BODY,
    "a sub-heading like a part that is there": BODY.replace("Nội dung.", "### Sự cần thiết\n\nNội dung.", 1),
    "a heading far from any part": BODY.replace("## Mục tiêu", "## Mục tiêu\n\n### Phụ lục số liệu"),
    "a near miss in a code block": BODY + "\n```\n### Tổ chức thực hiện\n```\n",
}


@pytest.mark.parametrize("case", sorted(VALID))
def test_valid(project_registry: Registry, case: str) -> None:
    assert_problems(check_rule(with_short_sections(project_registry), "section-heading", body=VALID[case]), [])


def near(line: int, number: int, written: str, heading: str) -> Expect:
    return Expect("section-heading", line, 1, f"'{written}' looks like section {number}; write it '## {heading}'")


INVALID = {
    "a level-3 heading": (
        BODY.replace("## Tổ chức thực hiện", "### Tổ chức thực hiện"),
        [near(28, 4, "### Tổ chức thực hiện", "Tổ chức thực hiện")],
    ),
    "a level-1 heading": (BODY.replace("## Mục tiêu", "# Mục tiêu"), [near(24, 3, "# Mục tiêu", "Mục tiêu")]),
    "bold": (
        BODY.replace("## Tổ chức thực hiện", "## **Tổ chức thực hiện**"),
        [near(28, 4, "## **Tổ chức thực hiện**", "Tổ chức thực hiện")],
    ),
    "no space after the hashes, and cut short": (
        BODY.replace("## Tổ chức thực hiện", "##Tổ chức"),
        [near(28, 4, "##Tổ chức", "Tổ chức thực hiện")],
    ),
    "without diacritics, numbered, with a colon": (
        BODY.replace("## Kiến nghị", "### 5. KIEN NGHI:"),
        [near(32, 5, "### 5. KIEN NGHI:", "Kiến nghị")],
    ),
    "a typing slip": (BODY.replace("## Thực trạng", "## Thựctrạng"), [near(20, 2, "## Thựctrạng", "Thực trạng")]),
    "two parts, each from its own line": (
        BODY.replace("## Sự cần thiết", "### Sự cần thiết").replace("## Mục tiêu", "#### Mục tiêu"),
        [near(16, 1, "### Sự cần thiết", "Sự cần thiết"), near(24, 3, "#### Mục tiêu", "Mục tiêu")],
    ),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid(project_registry: Registry, case: str) -> None:
    text, expected = INVALID[case]
    registry = with_short_sections(project_registry)
    assert_problems(check_rule(registry, "section-heading", body=text), expected)
    assert check_rule(registry, "section-missing", body=text) == []  # one mistake, one message
    assert check_rule(registry, "section-order", body=text) == []


PLAN = "Sự cần thiết; căn cứ và cơ sở lý luận, thực tiễn; dự báo phạm vi tác động, tính khả thi"


def test_the_start_of_the_plans_heading(project_registry: Registry) -> None:
    first = project_registry.sections[0]
    assert first == PLAN
    body = "\n## Sự cần thiết\n\nNội dung.\n" + "".join(
        f"\n## {h}\n\nNội dung.\n" for h in project_registry.sections[1:]
    )
    assert_problems(check_rule(project_registry, "section-heading", body=body), [near(16, 1, "## Sự cần thiết", PLAN)])
    assert check_rule(project_registry, "section-missing", body=body) == []


def test_a_line_is_taken_for_the_closest_part_only(project_registry: Registry) -> None:
    registry = with_short_sections(project_registry)
    body = BODY.replace("## Thực trạng", "### Thực trạng\n\n### Thực trạngg")
    problems = check_rule(registry, "section-heading", body=body)
    assert [(p.line, english(p).split("'")[1]) for p in problems] == [(20, "### Thực trạng")]


@pytest.mark.parametrize(
    ("line", "heading", "close"),
    [
        ("## Mục tiêu", "Mục tiêu", True),
        ("## Mục tiêu và chỉ tiêu", "Mục tiêu", True),  # begins with the whole heading
        ("## Tổ", "Tổ chức thực hiện", False),  # one word is not enough to be the start of a heading
        ("## Phụ lục", "Tổ chức thực hiện", False),
        ("## Kiến nghị", "Đề xuất, kiến nghị với cấp có thẩm quyền", True),  # the start of a clause
        ("## Đề xuất khác", "Đề xuất, kiến nghị với cấp có thẩm quyền", False),  # a clause's start is not enough
        ("#", "Mục tiêu", False),
    ],
)
def test_closeness(line: str, heading: str, close: bool) -> None:
    assert (closeness(line, heading) >= CLOSE) is close
