"""The report's five parts come in the order of registry.yml."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_line
from registry.lint.rules._sections import find_sections
from registry.model import Proposal
from registry.problem import Finding

ID = "section-order"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    expected = context.registry.sections
    previous = None
    for index, section in enumerate(find_sections(proposal, expected)):
        if section is None:
            continue
        if previous is not None and section.line < previous.line:
            yield at_line(
                proposal,
                section.line,
                "problems.section-order",
                number=index + 1,
                previous_number=index,
                previous=previous.title,
                heading=expected[index],
            )
        previous = section
