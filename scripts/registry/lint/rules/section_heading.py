"""A heading that looks like one of the report's parts is written as registry.yml has it.

When a part's ``## …`` heading is missing, the lines that start with ``#`` are compared with its
heading, without case, diacritics, emphasis (``**…**``), numbering, punctuation or the number of
``#``: ``### Tổ chức thực hiện``, ``## **Tổ chức thực hiện**``, ``##Tổ chức`` (no space after the
``#``, so not a heading at all) and ``## Sự cần thiết`` (the start of the plan's heading) are each
reported on their own line with the heading to write, and the part is not also reported missing
(``section-missing``). A line is taken for at most one part, the closest first; a line that differs
more (difflib's ratio under 0.8, and not the start of a heading or of one of its clauses) is not
taken for a part.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.rules._sections import find_sections, near_misses
from registry.model import Proposal
from registry.problem import Finding, clip

ID = "section-heading"
SEVERITY = "error"
SHOWN = 80  # characters of the line quoted in the message


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    expected = context.registry.sections
    found = find_sections(proposal, expected)
    for index, miss in sorted(near_misses(proposal, expected, found).items()):
        heading = expected[index]
        values = {"line": clip(miss.text, SHOWN), "number": index + 1, "heading": heading}
        yield Finding(proposal.path, miss.line, 1, "problems.section-heading", None, None, values)
