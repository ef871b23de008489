"""The lifecycle of a proposal, defined once: its statuses, the steps between them, the blocks each
status requires and forbids, the decision's outcomes and the statuses each allows, the evaluation's
results, what a decided proposal may still gain, and the groups that the site and the reports use.

Everything else reads it from here: the proposal schema's status conditions are generated from
``schema_conditions`` (``registry schema``; a test fails when schema/proposal.schema.json differs),
the rules and transition rules, the site, ``registry new`` and the synthetic registries. A test fails
when a module other than this one writes a status or an outcome as a literal. The statuses' Vietnamese
labels are the catalogue's (``site.status.<status>``).

This module is low in the layers: it imports nothing of the registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


class Status(StrEnum):
    """Where a proposal stands; the value is what the front matter's ``status`` holds."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    IMPLEMENTING = "implementing"
    SUSPENDED = "suspended"
    REPORTED = "reported"
    EVALUATED = "evaluated"


class Outcome(StrEnum):
    """What the written decision decided (``decision.outcome``)."""

    APPROVED = "approved"  # cho thực hiện
    PILOT = "approved-pilot"  # cho thực hiện thí điểm
    REJECTED = "rejected"  # không chấp thuận


class Result(StrEnum):
    """What the evaluation found (``evaluation.result``)."""

    COMPLETED = "completed"
    PARTIAL = "partial"
    NOT_COMPLETED = "not-completed"


class Liability(StrEnum):
    """What the competent body decided about the implementer's liability (``evaluation.liability.outcome``,
    Decree 73/2023/NĐ-CP, Art. 11)."""

    NONE = "none"  # không xem xét trách nhiệm
    EXCLUDED = "excluded"  # loại trừ trách nhiệm
    EXEMPTED = "exempted"  # miễn trách nhiệm
    REDUCED = "reduced"  # giảm nhẹ trách nhiệm
    HANDLED = "handled"  # xử lý theo quy định: the policy was abused


# The protections of Art. 11: only where the result fell short or caused damage, and only where the
# person followed the policy, with a clean motive, for the common good (the three ``FINDINGS``).
PROTECTIONS = frozenset({Liability.EXCLUDED, Liability.EXEMPTED, Liability.REDUCED})
FINDINGS: tuple[str, ...] = ("followed_policy", "clean_motive", "common_good")


class Block(StrEnum):
    """The front matter's keys that prove a status: the date of submission, then one block per step."""

    SUBMITTED = "submitted"  # the date the plan reached the head of the unit
    RECEIPT = "receipt"  # the advisory unit received the plan (required by no status: see decision-record)
    APPRAISAL = "appraisal"  # and appraised it, before the collective decides
    DECISION = "decision"
    IMPLEMENTATION = "implementation"
    COMPLETION_REPORT = "completion_report"
    EVALUATION = "evaluation"
    RECOGNITION = "recognition"
    SCALING = "scaling"  # nhân rộng: a completed pilot extended to other units


KeyPath = tuple[str, ...]  # a key of the front matter and the keys inside it that lead to a value

# The decision to suspend the work, inside the implementation block.
SUSPENSION: KeyPath = (Block.IMPLEMENTATION, "suspension")
# The plan's adjustments and the day the work was actually completed, inside the implementation block.
ADJUSTMENTS: KeyPath = (Block.IMPLEMENTATION, "adjustments")
COMPLETED: KeyPath = (Block.IMPLEMENTATION, "completed")
# The blocks a status before the decision may not carry.
DECIDED_BLOCKS: tuple[Block, ...] = (
    Block.DECISION,
    Block.IMPLEMENTATION,
    Block.COMPLETION_REPORT,
    Block.EVALUATION,
    Block.RECOGNITION,
    Block.SCALING,
)
# A draft has not reached the unit: nobody has received or appraised it yet.
UNSUBMITTED_BLOCKS: tuple[Block, ...] = (Block.RECEIPT, Block.APPRAISAL, *DECIDED_BLOCKS)
APPROVALS = frozenset({Outcome.APPROVED, Outcome.PILOT})


@dataclass(frozen=True, slots=True)
class Stage:
    """One status: the statuses it may become in one decision (``next``), the key paths it requires,
    the blocks it forbids, and the outcomes its decision may have (none: it carries no decision)."""

    status: Status
    next: tuple[Status, ...]
    requires: tuple[KeyPath, ...] = ()
    forbids: tuple[Block, ...] = ()
    outcomes: frozenset[Outcome] = frozenset()


_SUBMITTED: KeyPath = (Block.SUBMITTED,)
_DECISION: KeyPath = (Block.DECISION,)
_IMPLEMENTATION: KeyPath = (Block.IMPLEMENTATION,)

# In the lifecycle's order (the order of the schema's enum, the site's and the reports' lists).
# ``evaluated`` does not require a completion report: a suspended pilot is evaluated without one.
STAGES: dict[str, Stage] = {
    stage.status: stage
    for stage in (
        Stage(Status.DRAFT, (Status.SUBMITTED, Status.WITHDRAWN), forbids=UNSUBMITTED_BLOCKS),
        Stage(
            Status.SUBMITTED,
            (Status.APPROVED, Status.REJECTED, Status.WITHDRAWN),
            requires=(_SUBMITTED,),
            forbids=DECIDED_BLOCKS,
        ),
        Stage(Status.APPROVED, (Status.IMPLEMENTING,), requires=(_SUBMITTED, _DECISION), outcomes=APPROVALS),
        Stage(Status.REJECTED, (), requires=(_SUBMITTED, _DECISION), outcomes=frozenset({Outcome.REJECTED})),
        Stage(Status.WITHDRAWN, (), forbids=DECIDED_BLOCKS),
        Stage(
            Status.IMPLEMENTING,
            (Status.REPORTED, Status.SUSPENDED),
            requires=(_SUBMITTED, _DECISION, _IMPLEMENTATION),
            outcomes=APPROVALS,
        ),
        Stage(
            Status.SUSPENDED,
            (Status.IMPLEMENTING, Status.EVALUATED),
            requires=(_SUBMITTED, _DECISION, _IMPLEMENTATION, SUSPENSION),
            outcomes=APPROVALS,
        ),
        Stage(
            Status.REPORTED,
            (Status.EVALUATED,),
            requires=(_SUBMITTED, _DECISION, _IMPLEMENTATION, (Block.COMPLETION_REPORT,)),
            outcomes=APPROVALS,
        ),
        Stage(
            Status.EVALUATED,
            (),
            requires=(_SUBMITTED, _DECISION, _IMPLEMENTATION, (Block.EVALUATION,)),
            outcomes=APPROVALS,
        ),
    )
}

LIFECYCLE: tuple[Status, ...] = tuple(stage.status for stage in STAGES.values())
# What each status may become in one decision (one pull request).
TRANSITIONS: dict[str, tuple[Status, ...]] = {status: stage.next for status, stage in STAGES.items()}
FINAL = frozenset(stage.status for stage in STAGES.values() if not stage.next)

# A new proposal starts as a draft or as submitted: every later status is a decision about it.
INITIAL = frozenset({Status.DRAFT, Status.SUBMITTED})
# A proposal is referred to a higher unit only while it waits for a decision.
REFERABLE = frozenset({Status.SUBMITTED})
# The statuses that carry a decision, and those of an approved proposal.
DECIDED = frozenset(stage.status for stage in STAGES.values() if stage.outcomes)
APPROVED = frozenset(stage.status for stage in STAGES.values() if stage.outcomes and stage.outcomes <= APPROVALS)
# Approved and not yet evaluated: the work is ahead or under way (the site's "đang triển khai").
ONGOING: tuple[Status, ...] = (Status.APPROVED, Status.IMPLEMENTING, Status.SUSPENDED, Status.REPORTED)
# The statuses registry.yml's publication policy may list, and the default list (registry init).
PUBLISHABLE: tuple[Status, ...] = tuple(status for status in LIFECYCLE if status in APPROVED)
PUBLISHED_BY_DEFAULT: tuple[Status, ...] = PUBLISHABLE
# The usual course of an approved proposal, one step at a time (the synthetic registries follow it).
COURSE: tuple[Status, ...] = (
    Status.SUBMITTED,
    Status.APPROVED,
    Status.IMPLEMENTING,
    Status.REPORTED,
    Status.EVALUATED,
)
# The statuses from which a proposal is frozen but for the amendments below.
FROZEN = DECIDED | {Status.WITHDRAWN}


def statuses_allowing(outcome: Outcome) -> frozenset[Status]:
    """The statuses whose decision may have ``outcome``."""
    return frozenset(stage.status for stage in STAGES.values() if outcome in stage.outcomes)


def successful(status: str | None, result: object) -> bool:
    """Evaluated and completed: the site's "hoàn thành" and the reports' completed proposals."""
    return status == Status.EVALUATED and result == Result.COMPLETED


def scalable(status: str | None, outcome: object, result: object) -> bool:
    """A pilot evaluated as completed: it may be extended to other units (nhân rộng)."""
    return outcome == Outcome.PILOT and successful(status, result)


def first_requiring(at: KeyPath) -> Status | None:
    """The first status of the usual course that requires the key path ``at``."""
    return next((status for status in COURSE if at in STAGES[status].requires), None)


# --- The schema's status conditions -----------------------------------------------------------------


def _when(statuses: Sequence[str]) -> dict[str, Any]:
    test = {"const": str(statuses[0])} if len(statuses) == 1 else {"enum": [str(status) for status in statuses]}
    return {"properties": {"status": test}, "required": ["status"]}


def _inside(at: KeyPath, then: dict[str, Any]) -> dict[str, Any]:
    for key in reversed(at):
        then = {"properties": {str(key): then}}
    return then


def schema_conditions() -> list[dict[str, Any]]:
    """The proposal schema's top-level ``allOf``: for each key path, the statuses that require it; for
    each set of outcomes, the statuses whose decision must have one of them; for each set of forbidden
    blocks, the statuses that may not carry them."""
    conditions: list[dict[str, Any]] = []
    paths = list(dict.fromkeys(at for stage in STAGES.values() for at in stage.requires))
    for at in paths:
        statuses = [stage.status for stage in STAGES.values() if at in stage.requires]
        conditions.append({"if": _when(statuses), "then": _inside(at[:-1], {"required": [str(at[-1])]})})
    for outcomes in dict.fromkeys(stage.outcomes for stage in STAGES.values() if stage.outcomes):
        statuses = [stage.status for stage in STAGES.values() if stage.outcomes == outcomes]
        listed = [str(outcome) for outcome in Outcome if outcome in outcomes]
        test = {"const": listed[0]} if len(listed) == 1 else {"enum": listed}
        conditions.append({"if": _when(statuses), "then": _inside((Block.DECISION, "outcome"), test)})
    for forbids in dict.fromkeys(stage.forbids for stage in STAGES.values() if stage.forbids):
        statuses = [stage.status for stage in STAGES.values() if stage.forbids == forbids]
        absent = {"not": {"anyOf": [{"required": [str(block)]} for block in forbids]}}
        conditions.append({"if": _when(statuses), "then": absent})
    return conditions


# --- What a decided proposal may still gain ---------------------------------------------------------
#
# Once a proposal is decided (approved or rejected) or withdrawn, everything in it is frozen (front
# matter and body) except what is named here, and each of these only in the status the pull request
# leaves it in. What was added once is frozen in its turn: an entry appended stays as it was, and a
# block added with one status cannot be edited by a later pull request. Hiding is always allowed
# (``confidential`` from false to true); showing again (true to false) is not: it needs a new written
# decision, which the administrators merge by hand, past this check.


@dataclass(frozen=True, slots=True)
class Amendment:
    """A change a later pull request may make to a frozen proposal: ``add`` a block that was absent,
    or ``append`` entries to a list (the entries before stay as they were), at the key path ``at``,
    when the status it leaves is one of ``statuses``."""

    at: tuple[str, ...]
    how: Literal["add", "append"]
    statuses: frozenset[Status]
    what: str  # for the docs


AMENDMENTS: tuple[Amendment, ...] = (
    Amendment(
        (Block.IMPLEMENTATION,), "add", frozenset({Status.IMPLEMENTING}), "the implementation plan, when work starts"
    ),
    Amendment(
        (Block.IMPLEMENTATION, "progress"),
        "append",
        frozenset({Status.IMPLEMENTING, Status.SUSPENDED}),
        "progress entries, while the work goes on or when it is suspended",
    ),
    Amendment(
        ADJUSTMENTS,
        "append",
        frozenset({Status.IMPLEMENTING, Status.SUSPENDED}),
        "adjustments and extensions of the plan, while the work goes on or when it is suspended",
    ),
    Amendment(
        COMPLETED,
        "add",
        frozenset({Status.IMPLEMENTING, Status.REPORTED}),
        "the day the work was actually completed, with the report or before it",
    ),
    Amendment(SUSPENSION, "add", frozenset({Status.SUSPENDED}), "the decision to suspend the work"),
    Amendment((Block.COMPLETION_REPORT,), "add", frozenset({Status.REPORTED}), "the completion report"),
    Amendment((Block.EVALUATION,), "add", frozenset({Status.EVALUATED}), "the evaluation"),
    Amendment((Block.RECOGNITION,), "append", frozenset({Status.EVALUATED}), "recognition entries, once evaluated"),
    Amendment(
        ("transfers",),
        "append",
        frozenset(ONGOING),
        "handovers to a successor when the unit ends, with `unit` changed to the successor (referral-move)",
    ),
    Amendment((Block.SCALING,), "append", frozenset({Status.EVALUATED}), "scaling-up decisions, once evaluated"),
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
