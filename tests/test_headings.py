"""Headings of a body carry their level: the rules, the site and the pre-rendering read it, not a ``#``."""

from __future__ import annotations

import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from registry.config import Registry
from registry.load import HEADING_LIKE_LENGTH, MAX_HEADING_LIKE, heading_like_lines, scan_sections, split_sections
from registry.model import Heading
from registry.prerender import Prerendered
from registry.site import safe_headings
from tests.helpers.rules import check_rule

BODY = "Mở đầu.\n\n# Tiêu đề lớn #\n\nVăn bản.\n\n   ## Thụt vào ##  \r\n\n## a ## b #x\n\n##\n\n### Tiểu mục\n"


def test_headings_have_a_level_and_words_without_hashes() -> None:
    sections = scan_sections(BODY, 10)
    assert not isinstance(sections, int)
    assert [(s.level, s.title, s.line, s.has_text) for s in sections] == [
        (1, "Tiêu đề lớn", 12, True),
        (2, "Thụt vào", 16, False),
        (2, "a ## b #x", 18, False),
        (2, "", 20, False),  # a sub-heading alone is not text
    ]
    assert [heading for heading, _ in split_sections(BODY)] == [
        None,
        Heading(1, "Tiêu đề lớn"),
        Heading(2, "Thụt vào"),
        Heading(2, "a ## b #x"),
        Heading(2, ""),
    ]


def test_a_level_one_heading_is_not_a_section(project_registry: Registry) -> None:
    s = project_registry.sections
    body = "".join(f"\n{'#' if index == 2 else '##'} {heading}\n\nNội dung.\n" for index, heading in enumerate(s))
    # It is reported once, on its own line, as a near miss of the third part (not as a missing part).
    assert check_rule(project_registry, "section-missing", body=body) == []
    assert [(p.rule, p.line) for p in check_rule(project_registry, "section-heading", body=body)] == [
        ("section-heading", 24)
    ]


def test_near_miss_headings_are_the_lines_that_start_with_a_hash_outside_code() -> None:
    body = "#Một\n\n```\n## Mã\n```\n\n    # thụt vào\n  ###### Sáu ##\n####### Bảy\n#\n"
    assert heading_like_lines(body, 10) == [
        (10, "#Một"),
        (17, "###### Sáu ##"),
        (18, "####### Bảy"),
        (19, "#"),
    ]
    many = "".join(f"### Tiểu mục {number}\n" for number in range(MAX_HEADING_LIKE + 5))
    assert len(heading_like_lines(many, 1)) == MAX_HEADING_LIKE
    assert heading_like_lines("# " + "x" * 1000, 1) == [(1, "# " + "x" * (HEADING_LIKE_LENGTH - 2))]


def test_the_site_writes_each_heading_at_its_level() -> None:
    safe = safe_headings(BODY)
    assert "\n# Tiêu đề lớn {: #muc-tieu-de-lon }\n" in safe
    assert "\n## Thụt vào {: #muc-thut-vao }" in safe
    assert "\n## a \\#\\# b \\#x {: #muc-a-b-x }\n" in safe
    # The pre-rendered page keeps the safe headings as they were written, each on its own line.
    page = Prerendered([], {})(["x.md"], [safe])[0]
    assert [line for line in page.splitlines() if line.startswith("#")] == [
        "# Tiêu đề lớn {: #muc-tieu-de-lon }",
        "## Thụt vào {: #muc-thut-vao }",
        "## a \\#\\# b \\#x {: #muc-a-b-x }",
        "## {: #muc }",
    ]


_RENDERED_HEADING = re.compile(r"<h([12])>(.*?)</h\1>")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["## a", "# b", "x", "", "<!--", "-->", "<!-- c -->", "  <!-- d", "e -->", "--> f"]),
        max_size=14,
    )
)
def test_a_heading_inside_a_comment_counts_as_python_markdown_shows_it(lines: list[str]) -> None:
    """A comment that opens a line hides its headings up to ``-->`` (closed) or hides nothing (never
    closed), as the site's renderer does (with fenced_code, which MkDocs adds): a part of the report
    inside a comment is missing from the page, so it is missing for the rules too. The one case not
    followed: a comment opened inside a line of text, before one that opens a line (Python-Markdown
    then shows the second one's lines)."""
    body = "\n".join(lines) + "\n"
    sections = scan_sections(body, 1)
    assert not isinstance(sections, int)
    rendered = markdown.markdown(body, extensions=["fenced_code", "attr_list", "md_in_html", "tables", "admonition"])
    assert [(s.level, s.title) for s in sections] == [
        (int(level), t) for level, t in _RENDERED_HEADING.findall(rendered)
    ]
    assert [heading for heading, _ in split_sections(body) if heading] == [Heading(s.level, s.title) for s in sections]
