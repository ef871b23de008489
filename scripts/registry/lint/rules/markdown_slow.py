"""The body can be rendered in reasonable time: no paragraph keeps many ``[`` open over a long text.

Python-Markdown reads each ``[`` as the start of a link and looks for its ``]`` as far as the end of
the paragraph: a paragraph of many ``[`` that never close costs it time in the square of its length
(twenty thousand take it minutes), and the public site gives up on such a body after a few seconds and
shows it as plain text. The rule adds up, in one pass over the body, the distance from each ``[``
(``\\[`` excepted) to its ``]`` or else to the end of its paragraph, and reports the paragraph that
costs most when the body's total passes a limit that ordinary text does not come near. Brackets in
code count too. To show a bracket that is not a link, write ``\\[``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from registry.lint.context import Context
from registry.lint.findings import at_line
from registry.model import Proposal
from registry.problem import Finding

ID = "markdown-slow"
SEVERITY = "error"
LIMIT = 2_000_000  # characters scanned: about a second of Python-Markdown's time
# An innermost pair [...] (the common case: a link's text) costs its length and needs no bookkeeping.
_TOKEN = re.compile(r"\[[^\[\]\\\n]*\]|\\[\[\]\\]|\[+|\]+|\n(?:[ \t]*\n)+")


def bracket_cost(body: str) -> tuple[int, int]:
    """The characters Python-Markdown's link patterns scan over ``body``, and the offset of the
    paragraph that costs most. Runs of ``[`` are kept as one entry, so that the pass is linear."""
    total = worst = worst_at = paragraph = cost = 0
    runs: list[list[int]] = []  # [offset of the first, count] of each run of open brackets

    for match in _TOKEN.finditer(body):
        token = match.group()
        if token[-1] == "]" and token[0] == "[":
            cost += len(token) - 1
        elif token[0] == "[":
            runs.append([match.start(), len(token)])
        elif token[0] == "]":
            cost += _close(runs, len(token), match.start())
        elif token[0] == "\n":  # blank lines: the paragraph ends
            if runs or cost:
                cost += _unclosed(runs, match.start())
                total += cost
                if cost > worst:
                    worst, worst_at = cost, paragraph
                runs, cost = [], 0
            paragraph = match.end()
    cost += _unclosed(runs, len(body))
    if cost > worst:
        worst_at = paragraph
    return total + cost, worst_at


def _close(runs: list[list[int]], count: int, position: int) -> int:
    """Close up to ``count`` open brackets of ``runs``, innermost first, with the ``]`` from ``position``
    on; the distance from each to its ``]``."""
    cost = 0
    for _ in range(min(count, sum(run[1] for run in runs[-count:]))):
        run = runs[-1]
        run[1] -= 1
        cost += position - (run[0] + run[1])
        position += 1
        if not run[1]:
            runs.pop()
    return cost


def _unclosed(runs: list[list[int]], end: int) -> int:
    """The distance from each open bracket to ``end``: a run of k from s costs k*end - (k*s + k(k-1)/2)."""
    return sum(count * (end - start) - count * (count - 1) // 2 for start, count in runs)


def check(proposal: Proposal, context: Context) -> Iterator[Finding]:
    body = proposal.body
    if body.count("[") * len(body) <= LIMIT:  # no bracket can cost more than the body's length
        return
    cost, offset = bracket_cost(body)
    if cost > LIMIT:
        line = proposal.body_line + body.count("\n", 0, offset)
        yield at_line(
            proposal,
            line,
            "problems.markdown-slow",
            cost=cost,
        )
