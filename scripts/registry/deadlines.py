"""The three deadlines of Decree 73/2023/NĐ-CP for one proposal, in working days, and the step that is
overdue on a day: what the rule ``deadline`` (lint/rules/deadline.py) warns about and ``registry
report`` lists, in one place (the report need not load the rules to count them).

- The decision is counted from the day the deciding unit received the file: the last referral's
  ``received`` (its ``date`` when not recorded), or else the advisory unit's ``receipt.date``, or else
  ``submitted``.
- The completion report from the day the work was actually completed (``implementation.completed``).
- The evaluation from the day of the report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from registry.lifecycle import COMPLETED, Block, Status
from registry.model import Proposal, parse_day
from registry.workdays import WorkCalendar


def received(proposal: Proposal) -> date | None:
    """The day the deciding unit received the file, from which its decision is counted."""
    referrals = proposal.entries("referrals")
    if referrals:
        last = referrals[-1][1]
        return parse_day(last.get("received")) or parse_day(last.get("date"))
    return parse_day(proposal.block(Block.RECEIPT).get("date")) or proposal.day(Block.SUBMITTED)


@dataclass(frozen=True, slots=True)
class Step:
    """One deadline of a proposal: ``what`` (decision, completion_report, evaluation) is due ``days``
    working days after ``since``; ``done`` is the day it was done, if it was (key path ``at``)."""

    what: str
    since: date | None
    at: tuple[str, ...]
    done: date | None
    days: int


@dataclass(frozen=True, slots=True)
class Overdue:
    """A step not done by the as-of day although its deadline has passed."""

    what: str
    due: date
    late: int  # working days after the due day, up to the as-of day


def steps(proposal: Proposal, deadlines: Mapping[str, int]) -> tuple[Step, ...]:
    """The three deadlines of Decree 73, each with the day it runs from and the day it was kept."""
    completed = parse_day(proposal.block(COMPLETED[0]).get(COMPLETED[1]))
    reported = parse_day(proposal.block(Block.COMPLETION_REPORT).get("date"))
    decided = parse_day(proposal.block(Block.DECISION).get("date"))
    evaluated = parse_day(proposal.block(Block.EVALUATION).get("date"))
    return (
        Step("decision", received(proposal), _DECISION_AT, decided, deadlines["decision"]),
        Step("completion_report", completed, _REPORT_AT, reported, deadlines["completion_report"]),
        Step("evaluation", reported, _EVALUATION_AT, evaluated, deadlines["evaluation"]),
    )


_DECISION_AT = (Block.DECISION, "date")
_REPORT_AT = (Block.COMPLETION_REPORT, "date")
_EVALUATION_AT = (Block.EVALUATION, "date")


# A draft has not been received and a withdrawn proposal waits for nothing.
_WAITING_FOR_NOTHING = frozenset({Status.DRAFT, Status.WITHDRAWN})


def overdue(proposal: Proposal, deadlines: Mapping[str, int], calendar: WorkCalendar, as_of: date) -> Overdue | None:
    """The proposal's next step, if its deadline passed before ``as_of`` with nothing done: the
    decision, the completion report (once the work is completed) or the evaluation (once reported)."""
    status = proposal.status
    if status is None or status in _WAITING_FOR_NOTHING:
        return None
    for step in steps(proposal, deadlines):
        if step.since is None or step.done is not None or step.since > as_of:
            continue
        due = calendar.add_working_days(step.since, step.days)
        if due < as_of:
            return Overdue(step.what, due, calendar.working_days_between(due, as_of))
    return None
