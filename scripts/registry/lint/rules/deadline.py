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

Working days leave out weekends, Vietnam's public holidays and Tết (with the days the government
moves), and the extra days off of registry.yml, and count its make-up working days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from registry.lifecycle import COMPLETED, Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "deadline"
SEVERITY = "warning"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _day(proposal: Proposal, *at: str | int) -> date | None:
    value = proposal.string(*at)
    if value is None or not _DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def received(proposal: Proposal) -> date | None:
    """The day the deciding unit received the file, from which its decision is counted."""
    referrals = proposal.entries("referrals")
    if referrals:
        last = referrals[-1][0]
        return _day(proposal, "referrals", last, "received") or _day(proposal, "referrals", last, "date")
    return _day(proposal, "receipt", "date") or _day(proposal, Block.SUBMITTED)


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    deadlines = context.registry.deadlines
    report_at = (Block.COMPLETION_REPORT, "date")
    if _day(proposal, *report_at) is not None and proposal.string(*COMPLETED) is None:
        yield at_key(
            proposal,
            (Block.COMPLETION_REPORT,),
            "completion_report without implementation.completed: its deadline cannot be counted",
            hint_key="no_completed",
            days=deadlines["completion_report"],
        )
    steps = (
        (received(proposal), (Block.DECISION, "date"), deadlines["decision"], "decision"),
        (_day(proposal, *COMPLETED), report_at, deadlines["completion_report"], "completion_report"),
        (_day(proposal, *report_at), (Block.EVALUATION, "date"), deadlines["evaluation"], "evaluation"),
    )
    for since, at, days, what in steps:
        done = _day(proposal, *at)
        if since is None or done is None or done <= since:
            continue
        due = context.calendar.add_working_days(since, days)
        if done > due:
            yield at_key(
                proposal,
                at,
                f"{what} on {done.isoformat()}, after the deadline of {days} working days ({due.isoformat()})",
                hint_key=what,
                due=due.strftime("%d/%m/%Y"),
                days=days,
            )
