"""The body has each of the report's five parts as a level-2 heading (``## …``).

The headings are those of registry.yml (by default the plan's wording, Kế hoạch mục II.3.3); a
leading number such as ``1.`` and differences of case or spacing are ignored. Headings inside code
blocks do not count, and only ATX headings (``## Heading``) are read.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_line
from registry.lint.rules._sections import find_sections
from registry.model import Proposal
from registry.problem import Finding

ID = "section-missing"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    expected = context.registry.sections
    for index, section in enumerate(find_sections(proposal, expected)):
        if section is None:
            heading = expected[index]
            yield at_line(proposal, proposal.body_line, f"missing section {index + 1}: '## {heading}'", heading=heading)
