"""The body has each of the report's five parts as a level-2 heading (``## …``).

The headings are those of registry.yml (by default the plan's wording, Kế hoạch mục II.3.3); a
leading number such as ``1.`` and differences of case or spacing are ignored. Headings inside code
blocks do not count, and only ATX headings (``## Heading``) are read. A part whose heading was
written a little differently (``### …``, ``## **…**``, ``##…``) is reported by ``section-heading``
at that line instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_line
from registry.lint.rules._sections import find_sections, near_misses
from registry.model import Proposal
from registry.problem import Finding

ID = "section-missing"
SEVERITY = "error"


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    expected = context.registry.sections
    found = find_sections(proposal, expected)
    near = near_misses(proposal, expected, found)
    for index, section in enumerate(found):
        if section is None and index not in near:  # one mistake, one message
            heading = expected[index]
            yield at_line(proposal, proposal.body_line, "problems.section-missing", number=index + 1, heading=heading)
