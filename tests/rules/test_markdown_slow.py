from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from registry.config import Registry
from registry.lint.rules.markdown_slow import LIMIT, bracket_cost
from registry.prerender import render_sections
from tests.helpers.proposals import sections_body
from tests.helpers.rules import Expect, assert_problems, check_rule

EXTENSIONS = ["admonition", "md_in_html", "tables"]


def reference_cost(body: str) -> int:
    """The same sum, the slow obvious way: paragraph by paragraph, each bracket matched with a stack."""
    total = 0
    for text in re.split(r"\n[ \t]*\n", body):
        opened: list[int] = []
        index = 0
        while index < len(text):
            char = text[index]
            if char == "\\" and text[index + 1 : index + 2] in ("[", "]", "\\"):
                index += 2
                continue
            if char == "[":
                opened.append(index)
            elif char == "]" and opened:
                total += index - opened.pop()
            index += 1
        total += sum(len(text) - position for position in opened)
    return total


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="[]\\ \tab\n", max_size=60))
def test_the_linear_count_agrees_with_the_obvious_one(body: str) -> None:
    assert bracket_cost(body)[0] == reference_cost(body)


def test_ordinary_text_and_links_pass(project_registry: Registry) -> None:
    links = "Xem [văn bản](../2024-001/) và [phụ lục][1], mảng `a[0]`. " * 2000
    body = sections_body(project_registry, [links] + ["Nội dung."] * 4)
    assert_problems(check_rule(project_registry, "markdown-slow", body=body), [])


def test_open_brackets_over_a_long_paragraph_are_reported_where_they_are(project_registry: Registry) -> None:
    body = sections_body(project_registry, ["Nội dung.", "Mở đầu.\n\nBảng " + "[" * 3000] + ["Nội dung."] * 3)
    # Section 2's heading is on line 19; its second paragraph, on line 24, holds the brackets.
    expected = Expect("markdown-slow", 24, 1, "'[' that stay open over long text (4,501,500 characters")
    assert_problems(check_rule(project_registry, "markdown-slow", body=body), [expected])
    escaped = body.replace("[", "\\[")
    assert_problems(check_rule(project_registry, "markdown-slow", body=escaped), [])


def test_a_body_at_the_limit_renders_in_about_a_second_and_one_past_it_is_reported(
    project_registry: Registry,
) -> None:
    """The limit stands for time: a paragraph that costs it is rendered in a few seconds at most, well
    inside the site's budget, and the rule reports twice as much."""
    under = "[" * (int((2 * LIMIT) ** 0.5) - 1)  # n open brackets cost n*(n+1)/2
    assert bracket_cost(under)[0] <= LIMIT
    started = time.process_time()  # CPU time: a busy machine does not make the rendering look slow
    render_sections(EXTENSIONS, {}, under)
    assert time.process_time() - started < 4
    over = "[" * int((4 * LIMIT) ** 0.5)
    assert bracket_cost(over)[0] > LIMIT
    body = sections_body(project_registry, [over] + ["Nội dung."] * 4)
    # The paragraph that costs most is the first section's text, on line 18.
    expected = Expect("markdown-slow", 18, 1, "'[' that stay open over long text")
    assert_problems(check_rule(project_registry, "markdown-slow", body=body), [expected])
