"""What was decided is frozen: once a proposal is approved or rejected, its body and its decision do
not change. Later pull requests add progress, the completion report, the evaluation and recognition.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.problem import Problem
from registry.rules.base import Context
from registry.transitions.base import DECIDED, ProposalChange, at_key, at_line

ID = "frozen-content"
SEVERITY = "error"


def check(change: ProposalChange, context: Context) -> Iterator[Problem]:
    before, after = change.before, change.after
    if before is None or after is None or before.status not in DECIDED:
        return
    if before.meta.get("decision") != after.meta.get("decision"):
        yield at_key(
            change, ID, ("decision",), f"the decision of a {before.status} proposal was changed", hint_key="decision"
        )
    if before.body.strip() != after.body.strip():
        old_lines, new_lines = before.body.split("\n"), after.body.split("\n")
        first = next(
            (number for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=False)) if old != new),
            min(len(old_lines), len(new_lines)) - 1,
        )
        message = f"the text of a {before.status} proposal was changed"
        yield at_line(change, ID, after.body_line + first, message, hint_key="body")
