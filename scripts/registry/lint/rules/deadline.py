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

from collections.abc import Iterator

from registry.catalogue import Words
from registry.deadlines import overdue, steps
from registry.lifecycle import COMPLETED, Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "deadline"
SEVERITY = "warning"


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
