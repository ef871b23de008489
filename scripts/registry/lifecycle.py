"""What a decided proposal may still gain: the one list that the transition rules, the rule docs and
the reviewers' page follow.

Once a proposal is decided (approved or rejected) or withdrawn, everything in it is frozen (front
matter and body) except what is named here, and each of these only in the status the pull request
leaves it in. What was added once is frozen in its turn: an entry appended stays as it was, and a
block added with one status cannot be edited by a later pull request. Hiding is always allowed
(``confidential`` from false to true); showing again (true to false) is not: it needs a new written
decision, which the administrators merge by hand, past this check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The statuses from which a proposal is frozen but for the amendments below.
FROZEN = frozenset({"approved", "rejected", "withdrawn", "implementing", "suspended", "reported", "evaluated"})


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change a later pull request may make to a frozen proposal: ``add`` a block that was absent,
    or ``append`` entries to a list (the entries before stay as they were), at the key path ``at``,
    when the status it leaves is one of ``statuses``."""

    at: tuple[str, ...]
    how: Literal["add", "append"]
    statuses: frozenset[str]
    what: str  # for the docs


AMENDMENTS: tuple[Amendment, ...] = (
    Amendment(("implementation",), "add", frozenset({"implementing"}), "the implementation plan, when work starts"),
    Amendment(
        ("implementation", "progress"),
        "append",
        frozenset({"implementing", "suspended"}),
        "progress entries, while the work goes on or when it is suspended",
    ),
    Amendment(("implementation", "suspension"), "add", frozenset({"suspended"}), "the decision to suspend the work"),
    Amendment(("completion_report",), "add", frozenset({"reported"}), "the completion report"),
    Amendment(("evaluation",), "add", frozenset({"evaluated"}), "the evaluation"),
    Amendment(("recognition",), "append", frozenset({"evaluated"}), "recognition entries, once evaluated"),
    Amendment(
        ("transfers",),
        "append",
        frozenset({"approved", "implementing", "suspended", "reported"}),
        "handovers to a successor when the unit ends, with `unit` changed to the successor (referral-move)",
    ),
    Amendment(("related",), "append", FROZEN, "ids of related proposals"),
)
_BY_PATH = {amendment.at: amendment for amendment in AMENDMENTS}
_PARENTS = {amendment.at[:depth] for amendment in AMENDMENTS for depth in range(1, len(amendment.at))}


@dataclass(frozen=True, slots=True)
class Forbidden:
    """A change the rule refuses: where, and what kind (``changed``, ``removed``, ``shown``)."""

    at: tuple[str, ...]
    kind: Literal["changed", "removed", "shown"]


def forbidden_changes(before: object, after: object, status: str | None) -> list[Forbidden]:
    """The changes from the front matter ``before`` to ``after`` (plain data) that a frozen proposal
    may not make when the pull request leaves it in ``status``; ``status`` itself is the transition
    rules' business, not this list's."""
    found: list[Forbidden] = []
    _compare(before, after, (), status, found)
    return [item for item in found if item.at != ("status",)]


def _compare(before: object, after: object, at: tuple[str, ...], status: str | None, found: list[Forbidden]) -> None:
    if before == after:
        return
    if at == ("confidential",):
        if after is not True:
            found.append(Forbidden(at, "shown"))
        return
    amendment = _BY_PATH.get(at)
    if amendment is not None and status in amendment.statuses:
        if amendment.how == "add" and before is None:
            return
        if amendment.how == "append" and isinstance(after, list) and (before is None or isinstance(before, list)):
            kept = before or []
            if after[: len(kept)] == kept:
                return
    if (not at or at in _PARENTS) and isinstance(before, dict) and isinstance(after, dict):
        for key in dict.fromkeys([*before, *after]):
            _compare(before.get(key), after.get(key), (*at, key), status, found)
        return
    found.append(Forbidden(at, "removed" if after is None else "changed"))


def describe() -> str:
    """The list in Markdown, for docs/rules.md (through the rule's documentation)."""
    lines = [
        f"- `{'.'.join(item.at)}`: {item.how}, {item.what} (status after the change: "
        f"{', '.join(sorted(item.statuses)) if item.statuses != FROZEN else 'any'})"
        for item in AMENDMENTS
    ]
    lines.append("- `confidential`: from false to true, at any time")
    return "\n".join(lines)
