"""The deadlines of Decree 73/2023/NĐ-CP, in working days, were kept (a warning when not).

The decision within ``deadlines.decision`` working days of receiving the proposal (the submission
or the last referral); the completion report within ``deadlines.completion_report`` working days of
the planned end; the evaluation within ``deadlines.evaluation`` working days of the report. Working
days leave out weekends, Vietnam's public holidays and Tết (with the days the government moves), and
the extra days off of registry.yml, and count its make-up working days.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from registry.lifecycle import Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "deadline"
SEVERITY = "warning"

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    def day(*at: str | int) -> date | None:
        value = proposal.string(*at)
        if value is None or not _DATE.match(value):
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None

    referrals = proposal.entries("referrals")
    received = day("referrals", referrals[-1][0], "date") if referrals else day(Block.SUBMITTED)
    deadlines = context.registry.deadlines
    steps = (
        (received, ("decision", "date"), deadlines["decision"], "decision"),
        (
            day("implementation", "end"),
            ("completion_report", "date"),
            deadlines["completion_report"],
            "completion_report",
        ),
        (day("completion_report", "date"), ("evaluation", "date"), deadlines["evaluation"], "evaluation"),
    )
    for since, at, days, what in steps:
        done = day(*at)
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
