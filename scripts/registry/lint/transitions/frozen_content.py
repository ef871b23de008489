"""What was decided is frozen (the list is in lifecycle.py; docs/rules.md shows it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from registry.lifecycle import FROZEN, describe, forbidden_changes
from registry.lint.context import Context, ProposalChange
from registry.lint.findings import at_key, at_line
from registry.problem import Finding

ID = "frozen-content"
SEVERITY = "error"

__doc__ = f"""Once a proposal is approved, rejected or withdrawn, it is frozen: its front matter and its body
stay as they were, except what a later pull request may add, each in the status it leaves the proposal
in. What was added once is frozen in its turn.

{describe()}

Changing the field, the authors, the title, the unit or a decided block, removing anything, or showing
a confidential proposal again (true to false) is refused: that needs a new written decision, which the
administrators merge past this check.
"""


def check(change: ProposalChange, context: Context) -> Iterator[Finding]:
    before, after = change.before, change.after
    if before is None or after is None or before.status not in FROZEN:
        return
    for item in forbidden_changes(before.meta, after.meta, after.status):
        if item.at == ("unit",) and _handed_over(before.entries("transfers"), after.entries("transfers"), after.unit):
            continue  # a handover to a successor: referral-move judges it
        key = ".".join(item.at)
        if item.kind == "shown":
            yield at_key(
                change, item.at, "problems.frozen-content.confidential", hint_key="confidential", status=before.status
            )
        elif item.at == ("decision",) or item.at[:1] == ("decision",):
            yield at_key(change, item.at, "problems.frozen-content.decision", hint_key="decision", status=before.status)
        else:
            said = "problems.frozen-content.removed" if item.kind == "removed" else "problems.frozen-content.changed"
            yield at_key(change, item.at, said, hint_key="key", key=key, status=before.status)
    if before.body.strip() != after.body.strip():
        old_lines, new_lines = before.body.split("\n"), after.body.split("\n")
        first = next(
            (number for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=False)) if old != new),
            min(len(old_lines), len(new_lines)) - 1,
        )
        yield at_line(
            change, after.body_line + first, "problems.frozen-content.body", hint_key="body", status=before.status
        )


def _handed_over(before: list[tuple[int, Any]], after: list[tuple[int, Any]], unit: str | None) -> bool:
    """Whether a ``transfers`` entry to ``unit`` was appended."""
    return any(isinstance(entry, dict) and entry.get("to") == unit for _, entry in after[len(before) :])
