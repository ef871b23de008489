"""A proposal made by the head of a unit is decided above it; the top unit's head goes outside.

Which rule applies: Decree 73/2023/NĐ-CP, Art. 7, has the head's proposal decided by the superior
unit; the province's plan (II.3.2) has it reported to the collective of the head's own unit. The
registry follows the decree, which the plan applies and cannot narrow: the deciding unit (the unit
that held the proposal on the day of the decision, after any referrals and handovers, or ``unit``
before it is decided) must be an ancestor of the head's unit in registry.yml, or, where the head's unit
has ended, an ancestor of one of its successors (a commune's superior was its district until 30/6/2025
and is the city since); never the unit itself nor its successor.

The head of the top unit (the chair of the city People's Committee) has no unit above in the
registry: the proposal stays in that unit's folder and is reported to an authority outside it,
recorded as ``external_referral`` (date, ``authority``, document), whose ``authority`` is one of
registry.yml's ``external_authorities``. A draft is not judged for that (it has not been reported to
anyone yet), a proposal submitted or decided is; ``external_referral`` is only for that case, and its
date lies between ``submitted`` and the decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.custody import handoffs, holder_on
from registry.lifecycle import Block, Status
from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Author, Proposal
from registry.problem import Finding

ID = "head-decided-above"
SEVERITY = "error"


def _top_head(proposal: Proposal, context: Context, author: Author) -> Iterator[Finding]:
    """The head of a unit with no unit above it in registry.yml."""
    authorities = context.registry.external_authorities
    authority = proposal.string("external_referral", "authority")
    if proposal.unit != author.unit:
        yield at_key(
            proposal,
            ("authors", author.index, "head_of_unit"),
            "problems.head-decided-above.top-folder",
            hint_key="top-folder",
            name=author.name,
            folder=proposal.unit,
            unit=author.unit,
        )
    elif authority is not None and authority not in authorities:
        yield at_key(
            proposal,
            ("external_referral", "authority"),
            "problems.head-decided-above.unknown-authority",
            hint_key="unknown-authority",
            authority=authority,
            authorities=", ".join(authorities) or "(chưa có)",
        )
    elif authority is None and proposal.status not in (Status.DRAFT, Status.WITHDRAWN):
        yield at_key(
            proposal,
            ("authors", author.index, "head_of_unit"),
            "problems.head-decided-above.top",
            hint_key="top",
            name=author.name,
            unit=author.unit,
            authorities=", ".join(authorities) or "(chưa có)",
        )


def _referral_dates(proposal: Proposal) -> Iterator[Finding]:
    day = proposal.string("external_referral", "date")
    if day is None:
        return
    submitted, decided = proposal.string(Block.SUBMITTED), proposal.string(Block.DECISION, "date")
    if submitted is not None and day < submitted:
        yield at_key(
            proposal,
            ("external_referral", "date"),
            "problems.head-decided-above.referred-early",
            hint_key="dates",
            day=day,
            submitted=submitted,
        )
    if decided is not None and decided < day:
        yield at_key(
            proposal,
            ("decision", "date"),
            "problems.head-decided-above.decided-early",
            hint_key="dates",
            day=day,
            decided=decided,
        )


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if proposal.unit is None:
        return
    registry = context.registry
    decided = proposal.string(Block.DECISION, "date")
    decider = holder_on(proposal, handoffs(proposal), decided) if decided is not None else proposal.unit
    top_head = False
    for author in proposal.authors:
        if not author.head_of_unit or author.unit not in registry.units:
            continue
        above = registry.ancestors(author.unit)
        superiors = {*above, *(u for s in registry.units[author.unit].successors for u in registry.ancestors(s))}
        if not superiors:
            top_head = True
            yield from _top_head(proposal, context, author)
        elif decider not in superiors:
            yield at_key(
                proposal,
                ("authors", author.index, "head_of_unit"),
                "problems.head-decided-above.default",
                name=author.name,
                unit=author.unit,
                decider=decider,
                parent=above[0] if above else "",
            )
    if "external_referral" in proposal.meta and not top_head:
        yield at_key(
            proposal,
            ("external_referral",),
            "problems.head-decided-above.not-top",
            hint_key="not-top",
        )
    yield from _referral_dates(proposal)
