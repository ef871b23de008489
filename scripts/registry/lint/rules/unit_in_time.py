"""A unit acts only on days when it existed: it receives, refers, decides, suspends, evaluates and
recognises a proposal between its ``from`` and ``until`` dates in registry.yml.

Units are merged, split and abolished (the departments on 01/3/2025 under Nghị định số 45/2025/NĐ-CP;
the province and its districts on 01/7/2025 under Nghị quyết số 202/2025/QH15 and Luật Tổ chức chính
quyền địa phương số 72/2025/QH15); an abolished unit stays in registry.yml with its last day and its
successors, so that its old records stay valid. The acts checked, each on its date:

- the authors' units and the unit the proposal was submitted to (where the first referral or
  transfer starts, or ``unit``), on ``submitted``;
- each referral's two units, on the referral's date;
- the unit that held the proposal (after the referrals and transfers made by then) on the dates of
  the decision, of the suspension, of the evaluation and of each recognition.

A proposal still pending or ongoing when its unit ends is handed over to a successor with a
``transfers`` entry (`transfer-successor`), after which the successor acts.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.config import Unit
from registry.custody import first_holder, handoffs, holder_on
from registry.lifecycle import Block
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "unit-in-time"
SEVERITY = "error"

# The acts of the unit holding the proposal: the key path of each act's date, and the message that
# says what it did.
HOLDER_ACTS: tuple[tuple[KeyPath, str], ...] = (
    (("decision", "date"), "problems.unit-in-time.decided"),
    (("implementation", "suspension", "date"), "problems.unit-in-time.suspended"),
    (("evaluation", "date"), "problems.unit-in-time.evaluated"),
)


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    units = context.registry.units
    moves = handoffs(proposal)
    acts: list[tuple[KeyPath, str | None, str | None, str]] = []  # where, unit, day, what it did
    submitted = proposal.string(Block.SUBMITTED)
    received_at: KeyPath = (moves[0].kind, moves[0].index, "from") if moves else ("unit",)
    acts.append((received_at, first_holder(proposal, moves), submitted, "problems.unit-in-time.received"))
    acts += [
        (("authors", a.index, "unit"), a.unit, submitted, "problems.unit-in-time.author") for a in proposal.authors
    ]
    for move in moves:
        if move.kind == "referrals":
            acts.append(((move.kind, move.index, "from"), move.source, move.date, "problems.unit-in-time.referred"))
            acts.append(
                ((move.kind, move.index, "to"), move.target, move.date, "problems.unit-in-time.referral-received")
            )
    dated = [(at, verb, proposal.string(*at)) for at, verb in HOLDER_ACTS]
    dated += [
        (
            ("recognition", index, "date"),
            "problems.unit-in-time.recognised",
            proposal.string("recognition", index, "date"),
        )
        for index, _ in proposal.entries("recognition")
    ]
    for at, verb, day in dated:
        if day is not None:
            acts.append((at, holder_on(proposal, moves, day), day, verb))
    for at, unit_id, day, what in acts:
        unit = units.get(unit_id or "")
        if unit is not None and day is not None and not unit.existed_on(day):
            yield _finding(proposal, at, unit, day, what)


def _finding(proposal: Proposal, at: KeyPath, unit: Unit, day: str, what: str) -> Finding:
    start, end = unit.start or "", unit.end or ""
    if unit.end is not None and day > unit.end:
        successors = ", ".join(unit.successors)
        return at_key(
            proposal, at, what, hint_key="ended", unit=unit.id, day=day, start=start, end=end, successors=successors
        )
    return at_key(proposal, at, what, hint_key="not_yet", unit=unit.id, day=day, start=start, end=end)
