"""The deadlines of Decree 73/2023/NĐ-CP, in working days, were kept (a warning when not).

- The decision within ``deadlines.decision`` working days of the day the deciding unit received the
  file: the last referral's ``received`` (its ``date`` when not recorded), or else the advisory unit's
  ``receipt.date``, or else ``submitted``.
- The completion report within ``deadlines.completion_report`` working days of the day the work was
  actually completed (``implementation.completed``), not of the planned end: the plan may have been
  adjusted or extended (``implementation.adjustments``). A report without ``implementation.completed``
  is warned about, since its deadline cannot be counted (version 1 records lack the day; ``registry
  check`` requires it of every new report).
- The evaluation within ``deadlines.evaluation`` working days of the report.

With ``registry validate --as-of DATE`` it also warns about the next step that is overdue on that day
(not done, and its deadline passed), with the days late in working days; plain ``validate`` does not
look at the clock, so that its answer depends on the files alone. ``registry report`` lists the
same steps (``overdue``).

Working days leave out weekends, Vietnam's public holidays and Tết (with the days the government
moves), and the extra days off of registry.yml, and count its make-up working days.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from registry.catalogue import Words
from registry.lifecycle import COMPLETED, Block, Status
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.workdays import WorkCalendar

ID = "deadline"
SEVERITY = "warning"


def received(proposal: Proposal) -> date | None:
    """The day the deciding unit received the file, from which its decision is counted."""
    referrals = proposal.entries("referrals")
    if referrals:
        last = referrals[-1][0]
        return proposal.day("referrals", last, "received") or proposal.day("referrals", last, "date")
    return proposal.day("receipt", "date") or proposal.day(Block.SUBMITTED)


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
    report_at = (Block.COMPLETION_REPORT, "date")
    decision_at = (Block.DECISION, "date")
    evaluation_at = (Block.EVALUATION, "date")
    completed = proposal.day(*COMPLETED)
    reported = proposal.day(*report_at)
    return (
        Step("decision", received(proposal), decision_at, proposal.day(*decision_at), deadlines["decision"]),
        Step("completion_report", completed, report_at, reported, deadlines["completion_report"]),
        Step("evaluation", reported, evaluation_at, proposal.day(*evaluation_at), deadlines["evaluation"]),
    )


# A draft has not been received and a withdrawn proposal waits for nothing.
_WAITING_FOR_NOTHING = frozenset({Status.DRAFT, Status.WITHDRAWN})


def overdue(proposal: Proposal, deadlines: Mapping[str, int], calendar: WorkCalendar, as_of: date) -> Overdue | None:
    """The proposal's next step, if its deadline passed before ``as_of`` with nothing done: the
    decision, the completion report (once the work is completed) or the evaluation (once reported)."""
    if proposal.status in _WAITING_FOR_NOTHING or proposal.status is None:
        return None
    for step in steps(proposal, deadlines):
        if step.since is None or step.done is not None or step.since > as_of:
            continue
        due = calendar.add_working_days(step.since, step.days)
        if due < as_of:
            return Overdue(step.what, due, calendar.working_days_between(due, as_of))
    return None


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    deadlines = context.registry.deadlines
    report_at = (Block.COMPLETION_REPORT, "date")
    if proposal.day(*report_at) is not None and proposal.string(*COMPLETED) is None:
        yield at_key(
            proposal,
            (Block.COMPLETION_REPORT,),
            "problems.deadline.no_completed",
            hint_key="no_completed",
            days=deadlines["completion_report"],
        )
    for step in steps(proposal, deadlines):
        if step.since is None or step.done is None or step.done <= step.since:
            continue
        due = context.calendar.add_working_days(step.since, step.days)
        if step.done > due:
            yield at_key(
                proposal,
                step.at,
                "problems.deadline.late",
                hint_key=step.what,
                what=Words((f"problems.deadline.step.{step.what}",)),
                done=step.done,
                due=due,
                days=step.days,
            )
    if context.as_of is not None:
        late = overdue(proposal, deadlines, context.calendar, context.as_of)
        if late is not None:
            yield at_key(
                proposal,
                ("status",),
                "problems.deadline.overdue",
                hint_key="overdue",
                what=Words((f"problems.deadline.step.{late.what}",)),
                day=context.as_of,
                due=late.due,
                late=late.late,
            )
