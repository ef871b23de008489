"""A decision signed from registry.yml's ``decision.complete_from`` records what format 2 asks for.

Format 2 records the advisory unit's receipt and appraisal of the proposal (the plan, II.3: the
advisory unit receives, compiles and appraises each proposal before the collective decides), the
collective's vote with its number of members (Decree 73/2023/NĐ-CP, Art. 8: the majority is of all
members), and the signer's position and capacity (an override needs the head's own signature).
Records of format 1 lack all of these, and ``registry migrate`` does not invent them; so they are
required, by this rule rather than by the schema, for decisions signed on or after
``decision.complete_from`` (the day the province starts recording them), and not before. Without
that setting nothing is required. A decision by an external authority (``external_referral``) is
taken outside the units of the registry: it records no vote, receipt or appraisal of theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.lint.rules._decision import complete
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath

ID = "decision-record"
SEVERITY = "error"
# What a complete record may lack; each is its hint's key (``hints.decision-record.<key>``).
HINT_KEYS = ("position", "capacity", "vote", "members", "receipt", "appraisal")


def _missing(proposal: Proposal) -> Iterator[tuple[KeyPath, str]]:
    """The key paths a complete record lacks, each with the key of its hint."""
    decision = proposal.block("decision")
    signer = decision.get("signed_by")
    if isinstance(signer, dict):
        yield from ((("decision", "signed_by", key), key) for key in ("position", "capacity") if key not in signer)
    if "external_referral" in proposal.meta:
        return
    vote = decision.get("vote")
    if not isinstance(vote, dict):
        yield ("decision", "vote"), "vote"
    elif "members" not in vote:
        yield ("decision", "vote", "members"), "members"
    yield from (((block,), block) for block in ("receipt", "appraisal") if block not in proposal.meta)


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    if not complete(proposal, context.registry):
        return
    since = context.registry.complete_from
    for at, key in _missing(proposal):
        yield at_key(
            proposal,
            at[:-1] if len(at) > 1 else ("decision",),
            "problems.decision-record",
            hint_key=key,
            since=since,
            key=".".join(map(str, at)),
        )
