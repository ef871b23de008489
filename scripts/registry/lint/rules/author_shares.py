"""When authors' shares of the contribution are given, every author has one and they add up to 100."""

from __future__ import annotations

from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_key
from registry.model import Proposal
from registry.problem import Finding

ID = "author-shares"
SEVERITY = "error"
WHOLE = 100  # per cent
TOLERANCE = 0.01  # shares such as 33.33 three times are whole


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    authors = proposal.authors
    shares = [author.share for author in authors]
    if all(share is None for share in shares):
        return
    missing = [author.index for author in authors if author.share is None]
    for index in missing:
        yield at_key(
            proposal, ("authors", index), "problems.author-shares.missing", hint_key="missing", number=index + 1
        )
    if not missing:
        total = sum(share for share in shares if share is not None)
        if abs(total - WHOLE) > TOLERANCE:
            shown = round(total, 2)  # 99.5, or 90 when whole (1.000 and 99,5 in Vietnamese)
            yield at_key(
                proposal,
                ("authors",),
                "problems.author-shares.total",
                total=int(shown) if shown.is_integer() else shown,
            )
