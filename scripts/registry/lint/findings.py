"""How a rule says what it found: at a key of the front matter, or at a line of the file.

Both kinds of rule use the same two helpers. A per-file rule points into its proposal; a transition
rule points into the new version of its proposal, or at the first line of the old path when there is
no new version (the proposal was deleted). Neither names the rule or its severity: the engine stamps
them from the rule's module.
"""

from __future__ import annotations

from registry.lint.context import ProposalChange
from registry.model import Proposal
from registry.problem import Finding
from registry.yamlread import KeyPath


def at_key(
    subject: Proposal | ProposalChange,
    at: KeyPath,
    key: str,
    /,
    hint_key: str | None = None,
    *,
    rule: str | None = None,
    **values: object,
) -> Finding:
    """A finding at the key ``at`` (or its nearest ancestor that has a place). Its message is the
    catalogue's ``key`` (``problems.<rule>[.<case>]``), its hint ``hints.<rule>`` or
    ``hints.<rule>.<hint_key>``, both filled with ``values``. ``rule`` is for a module that reports
    under several ids (its ``IDS``)."""
    proposal = subject.after if isinstance(subject, ProposalChange) else subject
    if proposal is None:
        assert isinstance(subject, ProposalChange)
        path = subject.old_path or subject.new_path or "?"
        return Finding(path, 1, 1, key, rule, hint_key, values)
    line, column = proposal.where(*at)
    return Finding(proposal.path, line, column, key, rule, hint_key, values)


def at_line(
    subject: Proposal | ProposalChange, line: int, key: str, /, hint_key: str | None = None, **values: object
) -> Finding:
    """A finding at a line of the proposal's file (of the new version's, for a change)."""
    path = (subject.new_path or subject.old_path or "?") if isinstance(subject, ProposalChange) else subject.path
    return Finding(path, line, 1, key, None, hint_key, values)
