"""Each of the report's five parts has text under its heading.

HTML comments (the template's guidance) and sub-headings alone do not count as text.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_line
from registry.lint.rules._sections import find_sections
from registry.model import Proposal
from registry.problem import Finding

ID = "section-empty"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    for index, section in enumerate(find_sections(proposal, context.registry.sections)):
        if section is not None and not section.has_text:
            yield at_line(proposal, section.line, "problems.section-empty", number=index + 1, heading=section.title)
